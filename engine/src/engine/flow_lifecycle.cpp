// Deactivating and (re)activating an existing account (docs/okta-behaviour.md §2.5-§2.7): the deprovision job on
// unassignment, the activation job when a pending user is activated, and the reactivation step the link takes.
#include "job_runner.hpp"

namespace oktasim::engine {
namespace {

// Built outside the coroutines: g++ 12 rejects braced initialisers with string literals inside them.
json::object active_change(bool active) { return json::object{{"active", active}}; }

}  // namespace

// OIN: PATCH active:true. AIW: GET then PUT of the copy with active:true, carrying the profile with Update on (§2.6).
asio::awaitable<Attempt> JobRunner::reactivate(std::string id) {
    Sent sent;
    const std::string step = "Error while reactivating user " + user().login() + ": ";
    const WithProfile profile = app_.flavour == Flavour::aiw && app_.to_app.update_user_attributes
                                    ? WithProfile::if_assigned
                                    : WithProfile::no;
    auto r = co_await send_change(id, active_change(true), profile, sent);
    if (!r) co_return failed(r.error(), sent.diag, step, okta_event::push_reactivate);
    emit(okta_event::push_reactivate);
    co_return Attempt::success();
}

// §2.5: OIN PATCH active:false without a path; AIW GET then PUT with active:false; a 404 on the GET ends the job.
asio::awaitable<Attempt> JobRunner::attempt_deprovision(std::string id) {
    if (!connector()) co_return refused(std::string(task_text::no_connector), failure_mode::connection_refused);
    Sent sent;
    const std::string step = "Error while deactivating user " + user().login() + ": ";
    auto r = co_await send_change(id, active_change(false), WithProfile::no, sent);
    if (!r && sent.gone) {
        emit(okta_event::push_deactivate, "SKIPPED", "The account no longer exists in the app");
        co_return Attempt::success();
    }
    if (!r) co_return failed(r.error(), sent.diag, step, okta_event::push_deactivate);
    emit(okta_event::push_deactivate);
    co_return Attempt::success();
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
    fail(TaskKind::deprovision, prefix, a);
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
    ctx_.app_user_changed(*app_user());
    fail(TaskKind::assignment, prefix, a);
}

}  // namespace oktasim::engine
