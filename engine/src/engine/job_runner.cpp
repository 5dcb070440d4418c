// The steps every push flow shares: its System Log events, its task (opened, failed, resolved), and the one way a
// change reaches an existing account (OIN: PATCH, falling back to GET then PUT; AIW: GET then PUT).
#include "job_runner.hpp"
#include "log_targets.hpp"

namespace oktasim::engine {
namespace {

LogTarget app_user_target(const User& u, const AppUser& au) { return {u.id, "AppUser", au.user_name, display_name(u)}; }

// §2.5 legacy text: "Okta falls back to PUT if PATCH is unsupported". These answers to a PATCH say so.
bool patch_unsupported(const Diagnostics& d) { return d.http_status == 501 || d.http_status == 405; }

}  // namespace

Attempt failed(const error_code& ec, const Diagnostics& d, std::string step_text, EventText event, bool verify_step) {
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

std::string string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

void JobRunner::emit(EventText event, std::string outcome, std::optional<std::string> reason) {
    LogEvent ev;
    ev.event_type = event.type;
    ev.display_message = event.message;
    ev.actor = ctx_.admin();
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
    ctx_.log().emit(std::move(ev));
}

void JobRunner::record_failure(TaskKind kind, const std::string& prefix, const Attempt& a) {
    const std::string now = ctx_.loop().timestamp();
    Task* t = ctx_.org().open_task(app_.key, user_id_, kind);
    if (!t) {
        Task fresh;
        fresh.id = ctx_.ids().next(id_prefix::task);
        fresh.app_key = app_.key;
        fresh.user_id = user_id_;
        fresh.kind = kind;
        fresh.created = now;
        ctx_.org().tasks.push_back(std::move(fresh));
        t = &ctx_.org().tasks.back();
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
    if (a.mode) ctx_.probe(*a.mode);
    ctx_.task_changed(*t);
}

void JobRunner::fail(TaskKind kind, const std::string& prefix, const Attempt& a) {
    record_failure(kind, prefix, a);
    emit(a.event, "FAILURE", prefix + a.message);
}

void JobRunner::resolve_tasks(TaskKind kind) {
    if (Task* t = ctx_.org().open_task(app_.key, user_id_, kind)) {
        t->status = TaskStatus::resolved;
        t->status_text.clear();
        t->attempts += 1;
        t->last_updated = ctx_.loop().timestamp();
        ctx_.task_changed(*t);
    }
}

// GET the resource, apply `change` (and the mapped profile, as `profile` says) to that copy, PUT it back: how AIW apps
// get every change and every app gets a profile push (§2.4-§2.8).
asio::awaitable<result<json::object>> JobRunner::get_then_put(std::string id, json::object change, WithProfile profile,
                                                              Sent& sent) {
    auto current = co_await connector()->get_user(id, sent.diag);
    if (!current) {
        sent.gone = current.error() == connector_errc::not_found;
        co_return current.error();
    }
    const AppUser* au = app_user();
    if (!au && profile == WithProfile::only_if_assigned) {
        sent.skipped = true;
        co_return std::move(current);
    }
    json::object body = std::move(*current);
    for (const auto& [k, v] : change) body[k] = v;
    // An invalid namespace fails the create (flow_assignment.cpp); a PUT leaves such a property out and goes on.
    if (au && profile != WithProfile::no) (void)apply_app_profile(app_, body, au->profile);
    co_return co_await connector()->replace_user(id, std::move(body), sent.diag);
}

// OIN apps get a PatchOp with the change; AIW apps GET then PUT. An OIN app that answers the PATCH with 501 or 405
// gets the same change by GET then PUT at once (§2.5 legacy text). Nothing is remembered: the next change tries
// PATCH again.
asio::awaitable<result<json::object>> JobRunner::send_change(std::string id, json::object change, WithProfile profile,
                                                             Sent& sent) {
    if (app_.flavour == Flavour::oin) {
        auto patched = co_await connector()->patch_user(id, patch_replace(change), sent.diag);
        if (patched || !app_.put_fallback || !patch_unsupported(sent.diag)) co_return patched;
        sent.diag = Diagnostics{};
    }
    co_return co_await get_then_put(std::move(id), std::move(change), profile, sent);
}

asio::awaitable<void> run_job(JobContext& ctx, QueuedJob job) {
    JobRunner runner(ctx, job);
    switch (job.flow) {
        case JobFlow::assignment: co_await runner.assignment(); break;
        case JobFlow::deprovision: co_await runner.deprovision(std::move(job.argument)); break;
        case JobFlow::profile_push: co_await runner.profile_push(); break;
        case JobFlow::activation: co_await runner.activation(); break;
        case JobFlow::password_push: co_await runner.password_push(std::move(job.argument), job.okta_password); break;
    }
}

}  // namespace oktasim::engine
