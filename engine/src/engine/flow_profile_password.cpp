// Changes pushed to a linked account (docs/okta-behaviour.md §2.4, §2.8, §2.14): the profile push (GET, apply the
// mapped attributes, PUT, in both flavours; SCIM 1.1's straight PUT on linking) and the password push (OIN PATCH,
// AIW GET then PUT).
#include "job_runner.hpp"

namespace oktasim::engine {
namespace {

// Built outside the coroutines: g++ 12 rejects braced initialisers with string literals inside them.
json::object password_change(const std::string& password) { return json::object{{"password", password}}; }

}  // namespace

// §2.4: GET the resource, apply the mapped attributes to that copy, PUT it back (both flavours). Linking pushes the
// profile as one of its steps and logs its own event.
asio::awaitable<Attempt> JobRunner::push_profile(std::string id, bool linking) {
    Sent sent;
    const std::string step = "Error while trying to push profile update for " + user().login() + ": ";
    // The stored profile is what is sent, so the schema's rules hold for it as on create: one that breaks them fails
    // the push before any request (okta-mappings.md §4; fixed by changing the user or the mapping, then retrying).
    if (const AppUser* au = app_user(); au && app_.profile_model && !linking) {
        if (auto problem = check_profile(*app_.profile_model, au->profile)) {
            Attempt a = refused(step + problem->message, problem->mode);
            a.event = okta_event::push_profile;
            co_return a;
        }
    }
    json::object no_change;  // the profile is the change
    auto r = co_await get_then_put(id, std::move(no_change), WithProfile::only_if_assigned, sent);
    if (!r) {
        Attempt a = failed(r.error(), sent.diag, step, okta_event::push_profile);
        if (sent.gone) a.mode = failure_mode::profile_push_deleted_account;
        else if (r.error() == connector_errc::rejected && sent.diag.http_status == 400)
            a.mode = failure_mode::profile_push_rejected;  // e.g. a username change the app refuses (§2.16)
        co_return a;
    }
    if (sent.skipped) co_return Attempt::success();  // unassigned while the GET was in flight: nothing to push
    if (!linking) emit(okta_event::push_profile);
    co_return Attempt::success();
}

// §2.14: the body is the create body with the account's id and without the password (Okta's 1.1 reference).
asio::awaitable<Attempt> JobRunner::put_linked_profile(std::string id) {
    const std::string step = "Error while trying to push profile update for " + user().login() + ": ";
    const AppUser* au = app_user();
    if (!au) co_return Attempt::success();
    std::optional<ProfileProblem> problem;
    json::object body = scim_link_body(app_, user(), au->profile, id, problem);
    if (problem) co_return refused(step + problem->message, problem->mode);
    Diagnostics diag;
    auto r = co_await connector()->replace_user(id, std::move(body), diag);
    if (!r) co_return failed(r.error(), diag, step, okta_event::push_profile);
    co_return Attempt::success();
}

// §2.8: OIN PATCH {"op":"replace","value":{"password":...}} (inferred body); AIW GET then PUT with the password.
asio::awaitable<Attempt> JobRunner::push_password(std::string id, std::string password) {
    Sent sent;
    const std::string step = "Error while pushing password for " + user().login() + ": ";
    auto r = co_await send_change(id, password_change(password), WithProfile::no, sent);
    if (!r) co_return failed(r.error(), sent.diag, step, okta_event::password_failed);
    if (AppUser* au = app_user()) {
        au->password_changed = ctx_.loop().timestamp();
        ctx_.app_user_changed(*au);
    }
    co_return Attempt::success();
}

asio::awaitable<void> JobRunner::profile_push() {
    AppUser* au = app_user();
    if (!au || !au->external_id) co_return;
    au->sync_state = SyncState::syncing;
    ctx_.app_user_changed(*au);
    const std::string id = *au->external_id;
    const std::string prefix = failure_prefix(TaskKind::profile_push);
    const auto attempt = [this, id] { return push_profile(id, false); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::profile_push, prefix);
    au = app_user();
    if (!au) co_return;
    au->last_updated = ctx_.loop().timestamp();
    if (a.ok) {
        au->sync_state = SyncState::synchronized;
        au->last_sync = au->last_updated;
        ctx_.app_user_changed(*au);
        resolve_tasks(TaskKind::profile_push);
        co_return;
    }
    au->sync_state = SyncState::error;
    ctx_.app_user_changed(*au);
    fail(TaskKind::profile_push, prefix, a);
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
    fail(TaskKind::password, prefix, a);
}

}  // namespace oktasim::engine
