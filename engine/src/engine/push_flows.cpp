// Okta's To-App push flows as coroutine jobs (docs/okta-behaviour.md §2.2-§2.8): the request sequence per flavour and
// setting, Okta's messages on failure, tasks, app-user states, System Log events, and the §5.4 rate-limit pauses.
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/failure_policy.hpp>
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <utility>

namespace oktasim::engine {

// A job's phase for its whole life: queued when an action starts it (before the coroutine first runs, so the counts
// never miss a job on its way), then whatever the job moves it to, and finished when the job (or its unstarted
// coroutine frame) is destroyed.
class JobTicket {
public:
    JobTicket(ProvisioningEngine& engine, const App& app, const User& user, TaskKind kind) : engine_(&engine) {
        job_.app_key = app.key;
        job_.user_id = user.id;
        job_.kind = std::string(to_string(kind));
        engine_->job_phase(job_, JobPhase::queued, true);
    }
    JobTicket(JobTicket&& other) noexcept : engine_(std::exchange(other.engine_, nullptr)), job_(std::move(other.job_)) {}
    JobTicket& operator=(JobTicket&&) = delete;
    ~JobTicket() {
        if (engine_) engine_->job_phase(job_, JobPhase::finished, false);
    }

    void enter(JobPhase next) { engine_->job_phase(job_, next, false); }

private:
    ProvisioningEngine* engine_;
    JobEvent job_;
};

// The outcome of one attempt at a job.
struct Attempt {
    bool ok = true;
    bool rate_limited = false;
    bool rate_limit_exhausted = false;  // the 10th attempt met a 429 too (§5.4): the task fails for good
    std::string message;      // Okta's message, without the "Automatic ... failed: " prefix
    EventText event;          // the System Log event for the failing step
    std::optional<failure_mode> mode;
    Diagnostics diag;

    static Attempt success() { return {}; }
};

namespace {

LogTarget user_target(const User& u) { return {u.id, "User", u.login(), display_name(u)}; }
LogTarget app_target(const App& a) { return {a.id, "AppInstance", a.name, a.label}; }
LogTarget app_user_target(const User& u, const AppUser& au) { return {u.id, "AppUser", au.user_name, display_name(u)}; }

std::string string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool is_inactive(const json::object& resource) {
    const auto* v = resource.if_contains("active");
    return v && v->is_bool() && !v->as_bool();
}

Attempt failed(const error_code& ec, const Diagnostics& d, std::string step_text, EventText event,
               bool verify_step = false) {
    Attempt a;
    a.ok = false;
    a.rate_limited = retry_rule(ec) == RetryRule::pause_and_retry;
    a.diag = d;
    a.mode = failure_mode_of(ec, d, verify_step);
    a.message = std::move(step_text) + d.provider_message();
    a.event = event;
    return a;
}

Attempt refused(std::string message, failure_mode mode) {
    Attempt a;
    a.ok = false;
    a.mode = mode;
    a.message = std::move(message);
    a.event = okta_event::sync;
    return a;
}

// Built outside the coroutines: g++ 12 rejects braced initialisers with string literals inside them.
json::object active_change(bool active) { return json::object{{"active", active}}; }
json::object password_change(const std::string& password) { return json::object{{"password", password}}; }

// §2.5 legacy text: "Okta falls back to PUT if PATCH is unsupported". These answers to a PATCH say so.
bool patch_unsupported(const Diagnostics& d) { return d.http_status == 501 || d.http_status == 405; }

}  // namespace

// Runs the flows for one job; owns the job's transaction id. Everything is looked up again after each await,
// because admin actions may change the org while a request is in flight.
class JobRunner {
public:
    JobRunner(ProvisioningEngine& engine, App& app, std::string user_id, JobTicket ticket)
        : e_(engine), app_(app), user_id_(std::move(user_id)), transaction_(engine.ids_.next(id_prefix::transaction)),
          ticket_(std::move(ticket)) {}

    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;
    ~JobRunner() {
        if (holds_lane_) e_.release_lane(app_.key);
    }

    // Waits for the app's lane (jobs for one app run one at a time), then counts as running.
    asio::awaitable<void> enter() {
        co_await e_.acquire_lane(app_.key);
        holds_lane_ = true;
        ticket_.enter(JobPhase::running);
    }

    asio::awaitable<void> assignment();
    asio::awaitable<void> deprovision(std::string external_id);
    asio::awaitable<void> profile_push();
    asio::awaitable<void> password_push(std::string password, bool okta_password);
    asio::awaitable<void> activation();

private:
    User& user() { return e_.org_.users.at(user_id_); }
    AppUser* app_user() { return e_.org_.app_user(app_.key, user_id_); }
    Connector* connector() { return app_.connector.get(); }

    template <class AttemptFn>
    asio::awaitable<Attempt> with_rate_limit(AttemptFn attempt, TaskKind kind, std::string prefix);
    asio::awaitable<Attempt> attempt_assignment();
    asio::awaitable<Attempt> link(json::object hit);
    asio::awaitable<Attempt> reactivate(std::string id);
    asio::awaitable<Attempt> push_profile(std::string id, bool linking);
    asio::awaitable<Attempt> push_password(std::string id, std::string password);
    asio::awaitable<Attempt> attempt_deprovision(std::string id);
    asio::awaitable<result<json::object>> send_change(std::string id, json::object change, bool with_profile,
                                                      Diagnostics& d, bool& gone);
    asio::awaitable<result<json::object>> get_then_put(std::string id, json::object change, bool with_profile,
                                                       Diagnostics& d, bool& gone);
    NullValues nulls() const { return app_.push_null_values ? NullValues::push : NullValues::omit; }

    void emit(EventText event, std::string outcome = "SUCCESS", std::optional<std::string> reason = std::nullopt);
    void record_failure(TaskKind kind, const std::string& prefix, const Attempt& a);
    void resolve_tasks(TaskKind kind);
    std::string failure_prefix(TaskKind kind) { return job_failure_prefix(kind, display_name(user()), app_.label); }

    ProvisioningEngine& e_;
    App& app_;
    std::string user_id_;
    std::string transaction_;
    bool holds_lane_ = false;
    JobTicket ticket_;  // last: the job finishes after it gives its lane back
};

void JobRunner::emit(EventText event, std::string outcome, std::optional<std::string> reason) {
    LogEvent ev;
    ev.event_type = event.type;
    ev.display_message = event.message;
    ev.actor = e_.admin_;
    ev.transaction_type = "JOB";
    ev.transaction_id = transaction_;
    ev.outcome = outcome;
    ev.outcome_reason = std::move(reason);
    if (outcome == "FAILURE") {
        ev.severity = "ERROR";
        if (event.type == okta_event::sync.type) ev.legacy_event_type = okta_event::provision_user_failed_legacy;
    } else if (outcome == "RATE_LIMIT") {
        ev.severity = "WARN";
    }
    ev.targets = {app_target(app_), user_target(user())};
    if (const AppUser* au = app_user()) ev.targets.push_back(app_user_target(user(), *au));
    ev.debug_data["appname"] = app_.name;
    e_.log_.emit(std::move(ev));
}

void JobRunner::record_failure(TaskKind kind, const std::string& prefix, const Attempt& a) {
    const std::string now = e_.loop_.timestamp();
    Task* t = e_.org_.open_task(app_.key, user_id_, kind);
    if (!t) {
        Task fresh;
        fresh.id = e_.ids_.next(id_prefix::task);
        fresh.app_key = app_.key;
        fresh.user_id = user_id_;
        fresh.kind = kind;
        fresh.created = now;
        e_.org_.tasks.push_back(std::move(fresh));
        t = &e_.org_.tasks.back();
    }
    t->title = text_of(kind).title;
    t->retryable = kind != TaskKind::deprovision;
    t->message = prefix + a.message;
    t->status = TaskStatus::open;
    t->status_text.clear();
    if (a.rate_limit_exhausted)
        t->status_text = "Failed: the app was still rate limiting API calls (HTTP 429) after " +
                         std::to_string(rate_limit_attempts_max) + " attempts. " +
                         std::string(kind == TaskKind::deprovision ? task_text::deprovision_by_hand : task_text::retry_later);
    t->attempts += 1;
    t->last_updated = now;
    t->failure_mode = a.mode ? std::optional<std::string>(std::string(info(*a.mode).name)) : std::nullopt;
    if (a.mode) e_.probe(*a.mode);
    e_.task_changed(*t);
}

void JobRunner::resolve_tasks(TaskKind kind) {
    if (Task* t = e_.org_.open_task(app_.key, user_id_, kind)) {
        t->status = TaskStatus::resolved;
        t->status_text.clear();
        t->attempts += 1;
        t->last_updated = e_.loop_.timestamp();
        e_.task_changed(*t);
    }
}

// §5.4: on 429, pause the task (it says why and when it resumes), wait Retry-After seconds or 5 minutes, double
// the wait after each further 429, and give up after 10 attempts. The paused job does not count as running.
template <class AttemptFn>
asio::awaitable<Attempt> JobRunner::with_rate_limit(AttemptFn attempt, TaskKind kind, std::string prefix) {
    sim::Duration wait{0};
    for (int n = 1;; ++n) {
        Attempt a = co_await attempt();
        if (!a.rate_limited) co_return a;
        if (n == rate_limit_attempts_max) {
            emit(okta_event::rate_limit_exceeded, "RATE_LIMIT", "Giving up after " + std::to_string(n) + " attempts");
            a.message = task_text::rate_limit_exceeded;
            a.rate_limit_exhausted = true;
            co_return a;
        }
        wait = n == 1 ? a.diag.retry_after.value_or(rate_limit_default_wait) : wait * 2;
        if (a.mode) e_.probe(*a.mode);
        Attempt paused = a;
        paused.message = task_text::rate_limit_exceeded;
        record_failure(kind, prefix, paused);
        Task* t = e_.org_.open_task(app_.key, user_id_, kind);
        t->status = TaskStatus::paused;
        t->status_text = "Paused: this task failed because the app is rate limiting API calls (HTTP 429). It will be retried at " +
                         e_.loop_.wall_clock().timestamp(e_.loop_.now() + wait) + " (attempt " + std::to_string(n + 1) +
                         " of " + std::to_string(rate_limit_attempts_max) + ").";
        e_.task_changed(*t);
        emit(okta_event::rate_limit_exceeded, "RATE_LIMIT", "Retry in " + sim::format_duration(wait));
        // Step aside while paused: other jobs for the app may run (and meet the rate limit themselves).
        ticket_.enter(JobPhase::waiting_retry);
        holds_lane_ = false;
        e_.release_lane(app_.key);
        co_await sim::sleep_for(e_.loop_, wait);
        ticket_.enter(JobPhase::queued);
        co_await e_.acquire_lane(app_.key);
        holds_lane_ = true;
        ticket_.enter(JobPhase::running);
        if (!app_user() && kind != TaskKind::deprovision) co_return Attempt::success();  // unassigned meanwhile
    }
}


// §2.2 / §2.3 / §2.6: look up by userName, then create, link, or reactivate-and-link.
asio::awaitable<Attempt> JobRunner::attempt_assignment() {
    AppUser* au = app_user();
    if (!au) co_return Attempt::success();
    if (!connector()) co_return refused(std::string(task_text::no_connector), failure_mode::connection_refused);
    const std::string user_name = au->user_name;
    Diagnostics d;
    auto found = co_await connector()->find_user(user_name, d);
    if (!found) co_return failed(found.error(), d, "Error while verifying if user " + user_name + " exists: ",
                                 okta_event::verify_exists, true);
    const auto& s = app_.to_app;
    if (!s.create_users) {
        // The problem statement: with Create Users off Okta neither creates nor links ("User not found").
        // Okta's KB (selectable): links an existing match and says "Matching user not found." on a miss.
        if (app_.create_users_off == CreateUsersOff::problem_statement)
            co_return refused("User not found", failure_mode::create_users_off_user_not_found);
        if (!*found) co_return refused("Matching user not found.", failure_mode::create_users_off_matching_user_not_found);
    }
    if (*found) co_return co_await link(std::move(**found));

    // Not found: create. The password is the synced one when Sync Password is on, else a placeholder (§2.2).
    User& u = user();
    std::string password = s.sync_password && s.password_seed == "OKTA" && u.password
                               ? *u.password
                               : e_.passwords(app_.key).text(sim::alphabet_alnum_lower, s.sync_password ? 16 : 8);
    if (s.sync_password && s.password_seed == "RANDOM") password = e_.passwords(app_.key).text(sim::alphabet_base62, 16);
    json::object body = scim_create_body(u, au->profile, std::move(password), nulls());
    const std::string name = display_name(u);
    auto created = co_await connector()->create_user(std::move(body), d);
    if (!created) {
        Attempt a = failed(created.error(), d, "Error while creating user " + name + ": ", okta_event::push);
        if (created.error() == connector_errc::empty_body)
            a.message = "Error while creating user " + name + ": Create new user returned empty user.";
        co_return a;
    }
    au = app_user();
    if (!au) co_return Attempt::success();
    au->external_id = string_at(*created, "id");
    if (s.sync_password) au->password_changed = e_.loop_.timestamp();
    e_.app_user_changed(*au);
    emit(okta_event::push);
    co_return Attempt::success();
}

asio::awaitable<Attempt> JobRunner::link(json::object hit) {
    const std::string id = string_at(hit, "id");
    const auto& s = app_.to_app;
    bool profile_pushed = false;
    if (is_inactive(hit)) {
        if (!s.deactivate_users) co_return refused("User account is inactive", failure_mode::deactivate_off_account_inactive);
        // AIW sends one GET and one PUT: with Update on, that PUT also carries the profile (field log F1).
        profile_pushed = app_.flavour == Flavour::aiw && s.update_user_attributes;
        Attempt r = co_await reactivate(id);
        if (!r.ok) co_return r;
    }
    AppUser* au = app_user();
    if (!au) co_return Attempt::success();
    au->external_id = id;
    e_.app_user_changed(*au);
    if (s.update_user_attributes && !profile_pushed) {
        Attempt p = co_await push_profile(id, true);
        if (!p.ok) co_return p;
    }
    if (s.sync_password) {
        User& u = user();
        const bool okta = s.password_seed == "OKTA" && u.password;
        // A named local: g++ 12 destroys a conditional's temporary inside a co_await expression twice.
        std::string password = okta ? *u.password : e_.passwords(app_.key).text(sim::alphabet_base62, 16);
        Attempt p = co_await push_password(id, std::move(password));
        if (!p.ok) co_return p;
    }
    emit(okta_event::sync);
    co_return Attempt::success();
}

// GET the resource, apply `change` (and, with `with_profile`, the mapped profile) to that copy, PUT it back: how
// AIW apps get every change (§2.4-§2.8). `gone` says the GET found no account (404).
asio::awaitable<result<json::object>> JobRunner::get_then_put(std::string id, json::object change, bool with_profile,
                                                              Diagnostics& d, bool& gone) {
    auto current = co_await connector()->get_user(id, d);
    if (!current) {
        gone = current.error() == connector_errc::not_found;
        co_return current.error();
    }
    json::object body = std::move(*current);
    for (const auto& [k, v] : change) body[k] = v;
    if (const AppUser* au = app_user(); au && with_profile)
        apply_app_profile(body, au->profile, app_.exclude_username_updates, nulls());
    co_return co_await connector()->replace_user(id, std::move(body), d);
}

// OIN apps get a PatchOp with the change; AIW apps GET then PUT. An OIN app that answers the PATCH with 501 or 405
// gets the same change by GET then PUT at once (§2.5 legacy text). Nothing is remembered: the next change tries
// PATCH again.
asio::awaitable<result<json::object>> JobRunner::send_change(std::string id, json::object change, bool with_profile,
                                                             Diagnostics& d, bool& gone) {
    if (app_.flavour == Flavour::oin) {
        auto patched = co_await connector()->patch_user(id, patch_replace(change), d);
        if (patched || !app_.put_fallback || !patch_unsupported(d)) co_return patched;
        d = Diagnostics{};
    }
    co_return co_await get_then_put(std::move(id), std::move(change), with_profile, d, gone);
}

// OIN: PATCH active:true. AIW: GET then PUT of the copy with active:true, carrying the profile with Update on (§2.6).
asio::awaitable<Attempt> JobRunner::reactivate(std::string id) {
    Diagnostics d;
    bool gone = false;
    const std::string step = "Error while reactivating user " + user().login() + ": ";
    const bool with_profile = app_.flavour == Flavour::aiw && app_.to_app.update_user_attributes;
    auto r = co_await send_change(id, active_change(true), with_profile, d, gone);
    if (!r) co_return failed(r.error(), d, step, okta_event::push_reactivate);
    emit(okta_event::push_reactivate);
    co_return Attempt::success();
}

// §2.4: GET the resource, apply the mapped attributes to that copy, PUT it back (both flavours).
asio::awaitable<Attempt> JobRunner::push_profile(std::string id, bool linking) {
    Diagnostics d;
    const std::string step = "Error while trying to push profile update for " + user().login() + ": ";
    auto current = co_await connector()->get_user(id, d);
    if (!current) {
        Attempt a = failed(current.error(), d, step, okta_event::push_profile);
        if (current.error() == connector_errc::not_found) a.mode = failure_mode::profile_push_deleted_account;
        co_return a;
    }
    AppUser* au = app_user();
    if (!au) co_return Attempt::success();
    json::object body = std::move(*current);
    apply_app_profile(body, au->profile, app_.exclude_username_updates, nulls());
    auto r = co_await connector()->replace_user(id, std::move(body), d);
    if (!r) co_return failed(r.error(), d, step, okta_event::push_profile);
    if (!linking) emit(okta_event::push_profile);
    co_return Attempt::success();
}

// §2.8: OIN PATCH {"op":"replace","value":{"password":...}} (inferred body); AIW GET then PUT with the password.
asio::awaitable<Attempt> JobRunner::push_password(std::string id, std::string password) {
    Diagnostics d;
    const std::string step = "Error while pushing password for " + user().login() + ": ";
    bool gone = false;
    auto r = co_await send_change(id, password_change(password), false, d, gone);
    if (!r) co_return failed(r.error(), d, step, okta_event::password_failed);
    if (AppUser* au = app_user()) {
        au->password_changed = e_.loop_.timestamp();
        e_.app_user_changed(*au);
    }
    co_return Attempt::success();
}

// §2.5: OIN PATCH active:false without a path; AIW GET then PUT with active:false; a 404 on the GET ends the job.
asio::awaitable<Attempt> JobRunner::attempt_deprovision(std::string id) {
    Diagnostics d;
    if (!connector()) co_return refused(std::string(task_text::no_connector), failure_mode::connection_refused);
    const std::string step = "Error while deactivating user " + user().login() + ": ";
    bool gone = false;
    auto r = co_await send_change(id, active_change(false), false, d, gone);
    if (!r && gone) {
        emit(okta_event::push_deactivate, "SKIPPED", "The account no longer exists in the app");
        co_return Attempt::success();
    }
    if (!r) co_return failed(r.error(), d, step, okta_event::push_deactivate);
    emit(okta_event::push_deactivate);
    co_return Attempt::success();
}

asio::awaitable<void> JobRunner::assignment() {
    const std::string prefix = failure_prefix(TaskKind::assignment);
    // Named lambdas: g++ 12 destroys a lambda temporary inside a co_await expression twice.
    const auto attempt = [this] { return attempt_assignment(); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::assignment, prefix);
    AppUser* au = app_user();
    if (!au) co_return;
    const std::string now = e_.loop_.timestamp();
    au->last_updated = now;
    if (a.ok) {
        au->status = AppUserStatus::provisioned;
        au->sync_state = SyncState::synchronized;
        au->last_sync = now;
        au->status_changed = now;
        e_.app_user_changed(*au);
        resolve_tasks(TaskKind::assignment);
        co_return;
    }
    if (!au->external_id) au->status = AppUserStatus::staged;
    au->sync_state = SyncState::error;
    e_.app_user_changed(*au);
    record_failure(TaskKind::assignment, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

asio::awaitable<void> JobRunner::profile_push() {
    AppUser* au = app_user();
    if (!au || !au->external_id) co_return;
    au->sync_state = SyncState::syncing;
    e_.app_user_changed(*au);
    const std::string id = *au->external_id;
    const std::string prefix = failure_prefix(TaskKind::profile_push);
    const auto attempt = [this, id] { return push_profile(id, false); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::profile_push, prefix);
    au = app_user();
    if (!au) co_return;
    au->last_updated = e_.loop_.timestamp();
    if (a.ok) {
        au->sync_state = SyncState::synchronized;
        au->last_sync = au->last_updated;
        e_.app_user_changed(*au);
        resolve_tasks(TaskKind::profile_push);
        co_return;
    }
    au->sync_state = SyncState::error;
    e_.app_user_changed(*au);
    record_failure(TaskKind::profile_push, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

asio::awaitable<void> JobRunner::password_push(std::string password, bool okta_password) {
    AppUser* au = app_user();
    if (!au || !au->external_id) co_return;
    const std::string id = *au->external_id;
    const std::string prefix = failure_prefix(TaskKind::password);
    const auto attempt = [this, id, password] { return push_password(id, password); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::password, prefix);
    if (a.ok) {
        resolve_tasks(TaskKind::password);
        emit(okta_password ? okta_event::push_okta_password : okta_event::push_password);
        co_return;
    }
    record_failure(TaskKind::password, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

// §2.7: the user was activated in Okta after its account was created inactive: push active:true.
asio::awaitable<void> JobRunner::activation() {
    AppUser* au = app_user();
    if (!au || !au->external_id) co_return;
    const std::string id = *au->external_id;
    const std::string prefix = failure_prefix(TaskKind::assignment);
    const auto attempt = [this, id] { return reactivate(id); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::assignment, prefix);
    if (!app_user()) co_return;
    if (a.ok) {
        resolve_tasks(TaskKind::assignment);  // a rate-limit pause on the way resolves (§5.4)
        co_return;
    }
    app_user()->sync_state = SyncState::error;
    e_.app_user_changed(*app_user());
    record_failure(TaskKind::assignment, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

asio::awaitable<void> JobRunner::deprovision(std::string external_id) {
    const std::string prefix = failure_prefix(TaskKind::deprovision);
    const auto attempt = [this, external_id] { return attempt_deprovision(external_id); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::deprovision, prefix);
    if (a.ok) {
        resolve_tasks(TaskKind::deprovision);  // a rate-limit pause on the way resolves (§5.4)
        co_return;
    }
    // One attempt (429s aside), then a manual task without Retry (§2.5).
    a.mode = failure_mode::failed_deprovisioning;
    record_failure(TaskKind::deprovision, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

asio::awaitable<void> ProvisioningEngine::acquire_lane(std::string app_key) {
    Lane& lane = lanes_[app_key];
    const App* app = org_.app_by_ref(app_key);
    const std::size_t slots = app && app->concurrency > 1 ? static_cast<std::size_t>(app->concurrency) : 1;
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(boost::system::error_code)>(
        [this, &lane, slots](auto handler) {
            if (lane.running >= slots) {
                lane.waiting.emplace_back(std::move(handler));
            } else {
                ++lane.running;
                loop_.complete(sim::EventLoop::Handler(std::move(handler)), {});
            }
        },
        asio::use_awaitable);
}

void ProvisioningEngine::release_lane(const std::string& app_key) {
    Lane& lane = lanes_[app_key];
    if (lane.waiting.empty()) {
        --lane.running;
        return;
    }
    sim::EventLoop::Handler next = std::move(lane.waiting.front());
    lane.waiting.pop_front();
    loop_.complete(std::move(next), {});  // the slot passes to the next job, still taken
}

template <class Job>
void ProvisioningEngine::spawn(Job job) {
    // An exception escaping a job is a bug: rethrow it out of the loop so the CLI reports it (exit 3).
    asio::co_spawn(job_executor_, std::move(job), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
}

namespace {

asio::awaitable<void> run_assignment(JobTicket ticket, ProvisioningEngine* engine, App* app, std::string user_id) {
    JobRunner runner(*engine, *app, std::move(user_id), std::move(ticket));
    co_await runner.enter();
    co_await runner.assignment();
}

asio::awaitable<void> run_deprovision(JobTicket ticket, ProvisioningEngine* engine, App* app, std::string user_id,
                                      std::string ext) {
    JobRunner runner(*engine, *app, std::move(user_id), std::move(ticket));
    co_await runner.enter();
    co_await runner.deprovision(std::move(ext));
}

asio::awaitable<void> run_profile_push(JobTicket ticket, ProvisioningEngine* engine, App* app, std::string user_id) {
    JobRunner runner(*engine, *app, std::move(user_id), std::move(ticket));
    co_await runner.enter();
    co_await runner.profile_push();
}

asio::awaitable<void> run_activation(JobTicket ticket, ProvisioningEngine* engine, App* app, std::string user_id) {
    JobRunner runner(*engine, *app, std::move(user_id), std::move(ticket));
    co_await runner.enter();
    co_await runner.activation();
}

asio::awaitable<void> run_password_push(JobTicket ticket, ProvisioningEngine* engine, App* app, std::string user_id,
                                        std::string pw, bool okta) {
    JobRunner runner(*engine, *app, std::move(user_id), std::move(ticket));
    co_await runner.enter();
    co_await runner.password_push(std::move(pw), okta);
}

}  // namespace

void ProvisioningEngine::start_assignment(App& app, User& user) {
    spawn(run_assignment(JobTicket(*this, app, user, TaskKind::assignment), this, &app, user.id));
}

void ProvisioningEngine::start_deprovision(App& app, User& user, std::optional<std::string> external_id) {
    if (external_id) spawn(run_deprovision(JobTicket(*this, app, user, TaskKind::deprovision), this, &app, user.id, *external_id));
}

void ProvisioningEngine::start_profile_push(App& app, User& user) {
    spawn(run_profile_push(JobTicket(*this, app, user, TaskKind::profile_push), this, &app, user.id));
}

void ProvisioningEngine::start_activation(App& app, User& user) {
    spawn(run_activation(JobTicket(*this, app, user, TaskKind::assignment), this, &app, user.id));
}

void ProvisioningEngine::start_password_push(App& app, User& user, std::string password, bool okta_password) {
    spawn(run_password_push(JobTicket(*this, app, user, TaskKind::password), this, &app, user.id, std::move(password),
                            okta_password));
}

}  // namespace oktasim::engine
