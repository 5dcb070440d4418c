// The lifecycle part of a check run: Okta's provisioning engine itself, in a small org whose app points at the
// server, assigns one user, updates its profile, unassigns it and assigns it again (docs/okta-behaviour.md §2.2-§2.6), once as
// an AIW app (PUT for everything) and once as an OIN app (PATCH for active), and reads the account back each time.
#include "session.hpp"

#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace oktasim::check::detail {
namespace {

using flavour::label;
using flavour::tag;

bool is_post_users(const wire::Request& r) { return r.method == "POST" && ends_with(r.path(), "/Users"); }

bool targets_user(const wire::Request& r, std::string_view method, const std::string& id) {
    return r.method == method && ends_with(r.path(), "/Users/" + wire::percent_encode(id));
}

// Whether a request body sets `active` to `value`: a PUT body's "active", a PatchOp operation that replaces it, or
// SCIM 1.1's partial-resource PATCH (docs/okta-behaviour.md §2.14).
bool sets_active(const wire::Request& r, bool value) {
    boost::system::error_code ec;
    const json::value v = json::parse(r.body, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    if (!o) return false;
    const auto is = [value](const json::value* a) { return a && a->is_bool() && a->as_bool() == value; };
    if (r.method == "PUT" || !o->contains("Operations")) return is(o->if_contains("active"));
    const json::value* ops = o->if_contains("Operations");
    if (!ops || !ops->is_array()) return false;
    for (const json::value& op : ops->as_array()) {
        const json::object* oo = op.if_object();
        if (!oo) continue;
        const json::value* path = oo->if_contains("path");
        const json::value* val = oo->if_contains("value");
        if (path && path->is_string() && path->as_string() == "active" && is(val)) return true;
        if (!path && val && val->is_object() && is(val->as_object().if_contains("active"))) return true;
    }
    return false;
}

// The first exchange with `method` on /Users/{id}; nullptr when none.
const wire::Exchange* find_exchange(const StepResult& step, std::string_view method, const std::string& id) {
    for (const auto& x : step.exchanges)
        if (targets_user(x.request, method, id)) return &x;
    return nullptr;
}

bool any_post(const StepResult& step) {
    return std::any_of(step.exchanges.begin(), step.exchanges.end(),
                       [](const wire::Exchange& x) { return is_post_users(x.request); });
}

// What the reassignment sends, with the run's features: the reactivation, the profile push Okta adds when linking
// (an AIW app carries the profile in the reactivating PUT), and the password when Sync Password is on.
// SCIM 1.1 PUTs the profile to the linked account without reading it first (docs/okta-behaviour.md §2.14).
std::string reactivate_label(engine::Flavour f, const Features& features, bool v11) {
    const bool oin = f == engine::Flavour::oin;
    std::string out = oin ? "reassign -> reactivate (look-up, PATCH active:true" : "reassign -> reactivate (look-up, GET + PUT active:true";
    if (features.update) out += oin ? (v11 ? ", PUT profile" : ", GET + PUT profile") : " and profile";
    if (features.password) out += oin ? ", PATCH password" : ", GET + PUT password";
    return out + ")";
}

// The reason a step does not run when the admin left its To App feature off.
std::string feature_off(std::string_view feature) {
    return std::string(feature) + " is off (--features), so Okta sends nothing for this";
}

std::string expect_assign() {
    return "the look-up GET /Users?filter=userName eq \"...\" answers 200 with totalResults 0, then POST /Users "
           "answers 201 with the resource and its id; the app user becomes PROVISIONED (docs/okta-behaviour.md §2.2)";
}

std::string expect_update() {
    return "GET /Users/{id} answers 200 with the resource, Okta's PUT /Users/{id} (that resource with the new "
           "name.givenName) answers 200, and the change is stored (docs/okta-behaviour.md §2.4)";
}

// The body of Okta's OIN PATCH setting active, in the run's SCIM version.
std::string active_patch(bool active, bool v11) {
    const std::string value = active ? "true" : "false";
    return v11 ? "{\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"id\":\"<id>\",\"active\":" + value + "}"
               : "{\"op\":\"replace\",\"value\":{\"active\":" + value + "}} (no path)";
}

std::string expect_deactivate(engine::Flavour f, bool v11) {
    if (f == engine::Flavour::oin)
        return "PATCH /Users/{id} with " + active_patch(false, v11) +
               " answers 200 with the resource or 204, and the account reads back inactive (docs/okta-behaviour.md "
               "§2.5" + (v11 ? ", §2.14)" : ")");
    return "GET /Users/{id} answers 200, PUT /Users/{id} with \"active\": false answers 200, and the account reads "
           "back inactive (docs/okta-behaviour.md §2.5)";
}

std::string expect_reactivate(engine::Flavour f, bool v11) {
    const std::string tail = f == engine::Flavour::oin ? "PATCH /Users/{id} with " + active_patch(true, v11) +
                                                             " answers 200 or 204"
                                                       : "GET + PUT /Users/{id} with \"active\": true answer 200";
    return "the look-up returns the inactive account (userName filters must find inactive users), then " + tail +
           "; no second account is created and the account reads back active (docs/okta-behaviour.md §2.6)";
}

// The connector config Okta's Provisioning > Integration holds for the run's credentials.
json::object scim_auth_config(const scim::Auth& auth) {
    using Mode = scim::Auth::Mode;
    json::object out;
    const auto put = [&out](std::string_view key, const std::string& value) {
        if (!value.empty()) out[key] = value;
    };
    switch (auth.mode) {
        case Mode::none:
            out["mode"] = "none";
            break;
        case Mode::basic:
            out["mode"] = "basic";
            put("username", auth.username);
            put("password", auth.password);
            break;
        case Mode::header:
            out["mode"] = "header";
            put("token", auth.token);
            out["prefix"] = auth.prefix;
            break;
        case Mode::oauth2:
            out["mode"] = "oauth2";
            put("accessToken", auth.token);
            put("refreshToken", auth.refresh_token);
            put("tokenUrl", auth.token_url);
            put("clientId", auth.client_id);
            put("clientSecret", auth.client_secret);
            break;
    }
    return out;
}

json::object status(bool on) { return json::object{{"status", on ? "ENABLED" : "DISABLED"}}; }

// The org of one flavour: the check's admin, one active test user, one app with the run's features, and with
// --groups an empty Okta group for Group Push.
tenant::OrgSpec lifecycle_org(const CheckOptions& options, engine::Flavour flavour, const TestUser& test_user,
                              const std::string& group_name) {
    tenant::OrgSpec spec;
    spec.admin.login = "oktasim-check@example.com";
    spec.admin.display_name = "oktasim check";
    tenant::UserSpec u;
    u.profile["login"] = test_user.user_name;
    u.profile["email"] = test_user.user_name;
    u.profile["firstName"] = test_user.given_name;
    u.profile["lastName"] = test_user.family_name;
    spec.users.push_back(std::move(u));
    if (!group_name.empty()) {
        tenant::GroupSpec g;
        g.profile["name"] = group_name;
        g.profile["description"] = "Pushed by oktasim check --groups";
        spec.groups.push_back(std::move(g));
    }
    tenant::AppSpec a;
    a.key = "check-" + tag(flavour);
    a.name = "oktasim_check_" + tag(flavour);
    a.label = options.app_label;
    a.flavour = label(flavour);
    a.put_fallback = false;  // check holds an OIN server to PATCH, Okta's current contract (§2.5)
    a.api_integration = true;
    // The To App features the admin chose (docs/okta-behaviour.md §3.1): create, update attributes, deactivate (which also
    // reactivates), and Sync Password (a random password, pushed when Okta links the reactivated account).
    json::object password = status(options.features.password);
    password["seed"] = "RANDOM";
    password["change"] = "KEEP_EXISTING";
    a.capabilities = json::object{
        {"create", json::object{{"lifecycleCreate", status(options.features.create)}}},
        {"update", json::object{{"profile", status(options.features.update)},
                                {"lifecycleDeactivate", status(options.features.deactivate)},
                                {"password", std::move(password)}}}};
    a.connector = json::object{{"type", scim::connector_type},
                               {"scimVersion", to_string(options.endpoint.version)},
                               {"baseUrl", options.endpoint.base_url},
                               {"auth", scim_auth_config(options.auth)}};
    spec.apps.push_back(std::move(a));
    return spec;
}

tenant::TenantOptions lifecycle_options(const CheckOptions& options, engine::Flavour flavour,
                                        engine::TransportProvider& network) {
    tenant::TenantOptions o;
    o.seed = options.seed;
    o.id_stream = "check:lifecycle:" + tag(flavour) + (options.nonce.empty() ? "" : ":" + options.nonce);
    o.network = &network;
    return o;
}

}  // namespace

void collect(StepResult& step, const LifecycleWorld& w, std::size_t mark) {
    const auto& all = w.wire.exchanges();
    for (std::size_t i = mark; i < all.size(); ++i) step.exchanges.push_back(all[i]);
}

std::string failing_request(StepResult& step) {
    focus_on_error(step);
    if (!step.focus) return {};
    const wire::Exchange& x = step.exchanges[*step.focus];
    return ": " + x.request.method + " " + std::string(x.request.path()) + " answered " + describe(x.delivery);
}

std::unique_ptr<engine::Transport> SignalingTransports::open(std::string_view, const engine::TransportOptions&,
                                                             std::string&) {
    return std::make_unique<SignalingTransport>(transport_, signal_);
}

// --- The lifecycle world ----------------------------------------------------------------------------------------

LifecycleWorld::LifecycleWorld(sim::EventLoop& loop, connectors::Transport& transport, Signal& signal,
                               const CheckOptions& options, engine::Flavour flavour_, const TestUser& test_user_,
                               const std::string& group_name_)
    : flavour(flavour_),
      test_user(test_user_),
      network(transport, signal),
      tenant(lifecycle_org(options, flavour_, test_user_, group_name_), lifecycle_options(options, flavour_, network),
             loop),
      wire(tenant.exchanges()),
      org(tenant.org()),
      provisioning(&tenant.provisioning()),
      app(org.apps.front().get()),
      user(&org.users.begin()->second),
      group_id(group_name_.empty() ? std::string() : tenant.spec_group_id(0)),
      group_name(group_name_) {}

bool LifecycleWorld::idle() const {
    if (!provisioning->jobs_idle()) return false;  // queued, running or waiting out a retry pause
    return std::none_of(org.tasks.begin(), org.tasks.end(), [](const engine::Task& t) { return t.status == engine::TaskStatus::paused; });
}

const engine::AppUser* LifecycleWorld::app_user() const {
    const auto it = org.app_users.find({app->key, user->id});
    return it == org.app_users.end() ? nullptr : &it->second;
}

const engine::Task* LifecycleWorld::open_task(engine::TaskKind kind) const {
    const engine::Task* found = nullptr;
    for (const auto& t : org.tasks)
        if (t.app_key == app->key && t.user_id == user->id && t.kind == kind && engine::is_open(t.status))
            found = &t;
    return found;
}

// --- Driving it -------------------------------------------------------------------------------------------------

asio::awaitable<void> Session::settle(const LifecycleWorld& world) {
    const auto executor = co_await asio::this_coro::executor;
    // A job can be on its way without counting in active_jobs() for a turn or two of the loop (it takes its app's
    // lane through a posted completion), so "idle" must hold across a few turns before the step is judged.
    int quiet_turns = 0;
    while (quiet_turns < 3) {
        co_await asio::post(executor, asio::use_awaitable);
        if (world.idle()) {
            ++quiet_turns;
        } else {
            quiet_turns = 0;
            co_await signal_.wait();  // a job is running: it moves on when one of its requests completes
        }
    }
}

asio::awaitable<void> Session::lifecycle(engine::Flavour flavour) {
    const TestUser& test_user = flavour == engine::Flavour::oin ? oin_user_ : aiw_user_;
    const std::string group_name = !options_.groups ? std::string() : flavour == engine::Flavour::oin ? oin_group_ : aiw_group_;
    worlds_.push_back(
        std::make_unique<LifecycleWorld>(loop_, transport_, signal_, options_, flavour, test_user, group_name));
    LifecycleWorld& w = *worlds_.back();
    const std::string id = "lifecycle." + tag(flavour) + ".";
    const std::string name = label(flavour) + " app: ";
    const bool oin = flavour == engine::Flavour::oin;
    std::string why;

    {
        StepResult step =
            make_step(id + "assign", name + "assign -> create (look-up, POST /Users)", Phase::lifecycle, true);
        const std::size_t mark = w.wire.exchanges().size();
        if (!options_.features.create)
            skip(step, feature_off("Create Users") + "; the lifecycle needs the account Okta creates");
        else if (w.provisioning->assign_user(w.app->key, w.user->id, why))
            co_await settle(w);
        else
            fail(step, "the engine refused to assign: " + why, expect_assign());
        collect(step, w, mark);
        if (options_.features.create) judge_assign(step, w);
        if (step.problem.empty() && w.external_id) {
            const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), *w.external_id));
            judge_readback(step, w, d, "created");
        }
        finish(std::move(step));
    }
    {
        StepResult step =
            make_step(id + "update", name + "profile update (GET + PUT /Users/{id})", Phase::lifecycle, true);
        if (!options_.features.update) {
            skip(step, feature_off("Update User Attributes"));
        } else if (!w.external_id) {
            skip(step, "the assign step did not create an account to update");
        } else {
            const std::size_t mark = w.wire.exchanges().size();
            json::object changes;
            changes["firstName"] = w.test_user.given_name + "Updated";
            if (w.provisioning->update_user_profile(w.user->id, changes, why))
                co_await settle(w);
            else
                fail(step, "the engine refused the profile change: " + why, expect_update());
            collect(step, w, mark);
            judge_update(step, w);
            if (step.problem.empty()) {
                const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), *w.external_id));
                judge_readback(step, w, d, "updated");
            }
        }
        finish(std::move(step));
    }
    {
        StepResult step = make_step(id + "deactivate",
                                    name + (oin ? "unassign -> deactivate (PATCH active:false)"
                                                : "unassign -> deactivate (GET + PUT active:false)"),
                                    Phase::lifecycle, true);
        if (!options_.features.deactivate) {
            skip(step, feature_off("Deactivate Users"));
        } else if (!w.external_id) {
            skip(step, "the assign step did not create an account to deactivate");
        } else {
            const std::size_t mark = w.wire.exchanges().size();
            if (w.provisioning->unassign_user(w.app->key, w.user->id, why))
                co_await settle(w);
            else
                fail(step, "the engine refused to unassign: " + why, expect_deactivate(flavour, v11()));
            collect(step, w, mark);
            judge_deactivate(step, w);
            if (step.problem.empty()) {
                const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), *w.external_id));
                judge_readback(step, w, d, "deactivated");
            }
        }
        finish(std::move(step));
    }
    {
        StepResult step =
            make_step(id + "reactivate", name + reactivate_label(flavour, options_.features, v11()), Phase::lifecycle, true);
        if (!options_.features.deactivate) {
            skip(step, feature_off("Deactivate Users") + " (it also reactivates)");
        } else if (!w.deactivated) {
            skip(step, "the deactivate step did not leave an inactive account to reactivate");
        } else {
            const std::size_t mark = w.wire.exchanges().size();
            if (w.provisioning->assign_user(w.app->key, w.user->id, why))
                co_await settle(w);
            else
                fail(step, "the engine refused to assign again: " + why, expect_reactivate(flavour, v11()));
            collect(step, w, mark);
            judge_reactivate(step, w);
            if (step.problem.empty()) {
                const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), *w.external_id));
                judge_readback(step, w, d, "reactivated");
            }
        }
        finish(std::move(step));
    }
    if (options_.groups) co_await group_push(w);
}

// --- Judgements -------------------------------------------------------------------------------------------------

namespace {

// Notes every POST /Users of the step (the server may hold an account even when the job failed).
template <class Note>
void note_posts(const StepResult& step, Note note) {
    for (const auto& x : step.exchanges) {
        if (!is_post_users(x.request)) continue;
        std::optional<std::string> id;
        if (is_success(x.delivery))
            if (auto body = body_object(x.delivery)) id = string_at(*body, "/id");
        note(id);
    }
}

}  // namespace

void Session::judge_assign(StepResult& step, LifecycleWorld& w) {
    const std::string& user_name = w.test_user.user_name;
    note_posts(step, [&](const std::optional<std::string>& id) { note_posted(user_name, id); });
    if (!step.problem.empty()) return;
    if (const engine::Task* t = w.open_task(engine::TaskKind::assignment)) {
        fail(step,
             t->status == engine::TaskStatus::paused ? "the assignment job is paused: the server answered 429 (rate limited) every time"
                                   : "the assignment job failed" + failing_request(step),
             expect_assign(), t->message);
        return;
    }
    const engine::AppUser* au = w.app_user();
    if (!au || au->status != engine::AppUserStatus::provisioned || !au->external_id) {
        fail(step,
             "the app user is " + (au ? std::string(engine::to_string(au->status)) + " (syncState " +
                             std::string(engine::to_string(au->sync_state)) + ")"
                       : std::string("gone")) +
                 " instead of PROVISIONED with an externalId",
             expect_assign());
        focus_on_error(step);
        return;
    }
    if (!any_post(step)) {
        fail(step,
             "Okta's look-up for " + user_name + " returned an existing account (id " + *au->external_id +
                 "), so Okta linked the new user to it instead of creating one: the server does not filter on userName",
             expect_assign());
        step.note =
            "Okta shows no error: the assignment silently takes over someone else's account (this check does "
            "not touch that account again)";
        return;
    }
    w.external_id = au->external_id;
    note_posted(user_name, au->external_id);
}

void Session::judge_update(StepResult& step, LifecycleWorld& w) {
    if (!step.problem.empty()) return;
    if (const engine::Task* t = w.open_task(engine::TaskKind::profile_push)) {
        fail(step,
             t->status == engine::TaskStatus::paused ? "the profile push is paused: the server answered 429 (rate limited)"
                                   : "the profile push failed" + failing_request(step),
             expect_update(), t->message);
        return;
    }
    const engine::AppUser* au = w.app_user();
    if (!au || au->sync_state != engine::SyncState::synchronized) {
        fail(step, "the app user's syncState is " + (au ? std::string(engine::to_string(au->sync_state)) : std::string("gone")) + ", not SYNCHRONIZED",
             expect_update());
        focus_on_error(step);
        return;
    }
    const wire::Exchange* put = find_exchange(step, "PUT", *w.external_id);
    if (!put || !is_success(put->delivery)) {
        fail(step, "Okta's PUT /Users/{id} was not sent or not answered with 2xx", expect_update());
        focus_on_error(step);
    }
}

void Session::judge_deactivate(StepResult& step, LifecycleWorld& w) {
    if (!step.problem.empty()) return;
    const engine::Flavour f = w.flavour;
    if (const engine::Task* t = w.open_task(engine::TaskKind::deprovision)) {
        fail(step,
             t->status == engine::TaskStatus::paused ? "the deactivation is paused: the server answered 429 (rate limited)"
                                   : "the deactivation failed" + failing_request(step),
             expect_deactivate(f, v11()), t->message);
        step.note =
            "Okta makes one attempt and leaves the task \"Application accounts need deprovisioning\", which "
            "has no Retry (docs/okta-behaviour.md §2.5)";
        return;
    }
    const std::string& id = *w.external_id;
    if (f == engine::Flavour::oin) {
        const wire::Exchange* patch = find_exchange(step, "PATCH", id);
        if (!patch || !is_success(patch->delivery) || !sets_active(patch->request, false)) {
            fail(step, "Okta's PATCH with active:false was not sent or not answered with 2xx", expect_deactivate(f, v11()));
            focus_on_error(step);
        }
        return;
    }
    const wire::Exchange* put = find_exchange(step, "PUT", id);
    if (!put) {
        const wire::Exchange* get = find_exchange(step, "GET", id);
        fail(step,
             "Okta sent no PUT: its GET /Users/{id} was answered " +
                 (get ? describe(get->delivery) : std::string("-")) +
                 ", and on 404 Okta assumes the account is gone and ends the job",
             expect_deactivate(f, v11()));
        step.note = "Okta shows no error: the System Log records the deactivation as SKIPPED";
        focus_on_error(step);
    } else if (!is_success(put->delivery) || !sets_active(put->request, false)) {
        fail(step, "Okta's PUT with active:false was not answered with 2xx", expect_deactivate(f, v11()));
        focus_on_error(step);
    }
}

void Session::judge_reactivate(StepResult& step, LifecycleWorld& w) {
    const std::string& user_name = w.test_user.user_name;
    note_posts(step, [&](const std::optional<std::string>& id) { note_posted(user_name, id); });
    if (!step.problem.empty()) return;
    const engine::Flavour f = w.flavour;
    const bool posted = any_post(step);
    const std::string lost = "the look-up GET /Users?filter=userName eq \"" + user_name +
                             "\" did not return the inactive account, so Okta tried to create a new one";
    if (const engine::Task* t = w.open_task(engine::TaskKind::assignment)) {
        fail(step, (posted ? lost : std::string("the reassignment failed")) + failing_request(step),
             expect_reactivate(f, v11()), t->message);
        return;
    }
    if (posted) {
        fail(step, lost + " (and the server let it: now there are two accounts for one user)", expect_reactivate(f, v11()));
        step.note =
            "SCIM servers must return inactive users to userName filters; Okta then reactivates the existing "
            "account (docs/okta-behaviour.md §2.6)";
        focus_on_error(step);
        return;
    }
    const engine::AppUser* au = w.app_user();
    if (!au || au->status != engine::AppUserStatus::provisioned || au->external_id != w.external_id) {
        fail(step, "the app user is not PROVISIONED on the original account", expect_reactivate(f, v11()));
        focus_on_error(step);
        return;
    }
    const wire::Exchange* x = find_exchange(step, f == engine::Flavour::oin ? "PATCH" : "PUT", *w.external_id);
    if (!x || !is_success(x->delivery) || !sets_active(x->request, true)) {
        fail(step, "Okta's request setting active:true was not sent or not answered with 2xx", expect_reactivate(f, v11()));
        focus_on_error(step);
    }
}

void Session::judge_readback(StepResult& step, LifecycleWorld& w, const wire::Delivery& d, std::string_view what) {
    const std::string expected =
        "GET /Users/{id} shows what the server accepted: Okta trusts a 2xx answer and shows no error when the change "
        "was not stored";
    Diagnostics diag;
    const auto resource = scim::read_resource(d, diag);
    step.focus = step.exchanges.size() - 1;
    if (!resource) {
        fail(step, "reading the account back failed: " + problem_of(d, diag), expected,
             profile_push_prefix(w.test_user.display_name(), w.test_user.user_name) + diag.provider_message());
        return;
    }
    const json::value* active = resource->if_contains("active");
    const bool is_active = active && active->is_bool() && active->as_bool();
    const bool is_inactive = active && active->is_bool() && !active->as_bool();
    if (what == "created" || what == "reactivated") {
        if (!is_active)
            fail(step,
                 "the " + std::string(what) + " account reads back with active " +
                     (active ? boost::json::serialize(*active) : "absent"),
                 expected);
        if (what == "created" && !iequals(string_at(*resource, "/userName").value_or(""), w.test_user.user_name))
            fail(step, "the created account's userName is not " + w.test_user.user_name, expected);
        if (what == "reactivated" && step.problem.empty()) w.deactivated = false;
    } else if (what == "updated") {
        const std::string want = w.test_user.given_name + "Updated";
        const auto got = string_at(*resource, "/name/givenName");
        if (got != want)
            fail(step,
                 "the server answered the PUT with 2xx but name.givenName reads back as " +
                     (got ? "\"" + *got + "\"" : std::string("absent")) + ", not \"" + want + "\"",
                 expected);
    } else if (what == "deactivated") {
        if (!is_inactive)
            fail(step,
                 "the server answered with 2xx but the account reads back with active " +
                     (active ? boost::json::serialize(*active) : std::string("absent")),
                 expected);
        else
            w.deactivated = true;
    }
    if (!step.problem.empty() && step.note.empty()) step.note = "Okta shows no error: the app user looks synchronized";
}

}  // namespace oktasim::check::detail
