// The assignment job (docs/okta-behaviour.md §2.2, §2.3, §2.6): look up the account by userName, then create it, or
// link it (reactivating an inactive one and pushing the profile and the password on the way), and settle the app user.
#include "job_runner.hpp"

#include <oktasim/engine/passwords.hpp>

namespace oktasim::engine {
namespace {

bool is_inactive(const json::object& resource) {
    const auto* v = resource.if_contains("active");
    return v && v->is_bool() && !v->as_bool();
}

}  // namespace

asio::awaitable<Attempt> JobRunner::attempt_assignment() {
    AppUser* au = app_user();
    if (!au) co_return Attempt::success();
    if (!connector()) co_return refused(std::string(task_text::no_connector), failure_mode::connection_refused);
    // With the app's own profile model the profile (and the username looked up) is computed again now, so a retry
    // after fixing the user or the mapping sees the fix; one the app user schema refuses fails the assignment before
    // any request (okta-mappings.md §4).
    if (app_.profile_model) {
        ComputedProfile computed = app_user_profile(app_, user(), nullptr);
        if (computed.problem) co_return refused(computed.problem->message, computed.problem->mode);
        au->profile = std::move(computed.profile);
        au->user_name = user_name_of(au->profile, user());
    }
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

    // Not found: create, with the synced password or a placeholder (§2.2). The app user may have gone while the
    // look-up was in flight.
    au = app_user();
    if (!au) co_return Attempt::success();
    User& u = user();
    const std::string name = display_name(u);
    PasswordChoice password = choose_password(PasswordFor::new_account, s, u, ctx_.passwords(app_.key));
    std::optional<ProfileProblem> problem;
    json::object body = scim_create_body(app_, u, au->profile, std::move(password.password), problem);
    if (problem) co_return refused("Error while creating user " + name + ": " + problem->message, problem->mode);
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
    if (s.sync_password) au->password_changed = ctx_.loop().timestamp();
    ctx_.app_user_changed(*au);
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
    ctx_.app_user_changed(*au);
    if (s.update_user_attributes && !profile_pushed) {
        // SCIM 1.1 PUTs the app profile straight away (§2.14); SCIM 2.0 reads the account and PUTs it back edited.
        Attempt p = Attempt::success();
        if (connector()->dialect().profile_put_on_link)
            p = co_await put_linked_profile(id);
        else
            p = co_await push_profile(id, true);
        if (!p.ok) co_return p;
    }
    if (s.sync_password) {
        // A named local: g++ 12 destroys a temporary inside a co_await expression twice.
        PasswordChoice password = choose_password(PasswordFor::existing_account, s, user(), ctx_.passwords(app_.key));
        Attempt p = co_await push_password(id, std::move(password.password));
        if (!p.ok) co_return p;
    }
    emit(okta_event::sync);
    co_return Attempt::success();
}

asio::awaitable<void> JobRunner::assignment() {
    const std::string prefix = failure_prefix(TaskKind::assignment);
    // Named lambdas: g++ 12 destroys a lambda temporary inside a co_await expression twice.
    const auto attempt = [this] { return attempt_assignment(); };
    Attempt a = co_await with_rate_limit(attempt, TaskKind::assignment, prefix);
    AppUser* au = app_user();
    if (!au) co_return;
    const std::string now = ctx_.loop().timestamp();
    au->last_updated = now;
    if (a.ok) {
        au->status = AppUserStatus::provisioned;
        au->sync_state = SyncState::synchronized;
        au->last_sync = now;
        au->status_changed = now;
        ctx_.app_user_changed(*au);
        resolve_tasks(TaskKind::assignment);
        co_return;
    }
    if (!au->external_id) au->status = AppUserStatus::staged;
    au->sync_state = SyncState::error;
    ctx_.app_user_changed(*au);
    fail(TaskKind::assignment, prefix, a);
}

}  // namespace oktasim::engine
