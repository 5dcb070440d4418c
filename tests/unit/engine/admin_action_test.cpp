// The engine's admin actions one by one: what each changes in the org, what it writes to the System Log, the jobs it
// starts, and what it refuses (with engine_errc and a `why` naming the problem). The fake connector stands in for the app.
#include "engine_fixture.hpp"

using namespace oktasim;
using namespace oktasim::engine;

namespace {

constexpr std::string_view alice = "00u-alice@example.com";
constexpr std::string_view bob = "00u-bob@example.com";

struct AdminFixture : testing::EngineFixture {
    AdminFixture() {
        Group g;
        g.id = "00g-eng";
        g.profile = json::object{{"name", "Engineering"}};
        org.groups.emplace(g.id, std::move(g));
    }
    App& app() { return *org.apps[0]; }
    User& user(std::string_view id) { return org.users.at(std::string(id)); }
    const AppUser* app_user(std::string_view id) { return org.app_user("app", id); }
    // The event types logged since `mark`.
    std::vector<std::string> logged_since(std::size_t mark) const {
        std::vector<std::string> out;
        for (std::size_t i = mark; i < log.events().size(); ++i) out.push_back(log.events()[i].event_type);
        return out;
    }
    // The action was refused with `e`, logged nothing and `why` contains `text`.
    void refused(result<void> r, engine_errc e, std::string_view text, std::size_t mark) {
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error() == make_error_code(e)));
        BOOST_TEST(why.find(text) != std::string::npos, why);
        BOOST_TEST(log.events().size() == mark);
    }
};

using strings = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(engine_admin_actions, AdminFixture)

BOOST_AUTO_TEST_CASE(assign_user_creates_a_staged_app_user_logs_and_starts_a_job) {
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    const AppUser* au = app_user(alice);
    BOOST_TEST_REQUIRE(au);
    BOOST_TEST(au->direct);
    BOOST_TEST(au->status == AppUserStatus::staged);
    BOOST_TEST(au->sync_state == SyncState::syncing);
    BOOST_TEST(logged_since(0) == strings{"application.user_membership.add"}, boost::test_tools::per_element());
    BOOST_TEST(log.events()[0].debug_data.at("scope").as_string() == "USER");
    BOOST_TEST(engine.queued_jobs() == 1u);
}

BOOST_AUTO_TEST_CASE(assign_user_without_api_integration_is_sso_only) {
    app().api_integration = false;
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(app_user(alice)->status == AppUserStatus::active);
    BOOST_TEST(app_user(alice)->sync_state == SyncState::disabled);
    BOOST_TEST(app_user(alice)->assigned_before_provisioning);
    BOOST_TEST(engine.jobs_idle());
}

BOOST_AUTO_TEST_CASE(assign_user_refuses_unknown_names_deactivated_users_and_a_second_direct_assignment) {
    refused(engine.assign_user("nope", "alice@example.com", why), engine_errc::not_found, "no app 'nope'", 0);
    refused(engine.assign_user("app", "carol@example.com", why), engine_errc::not_found, "no user", 0);
    user(bob).status = UserStatus::deprovisioned;
    refused(engine.assign_user("app", "bob@example.com", why), engine_errc::invalid_transition, "deactivated", 0);
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    refused(engine.assign_user("app", "alice@example.com", why), engine_errc::already_assigned, "already assigned", 1);
}

BOOST_AUTO_TEST_CASE(unassign_user_removes_the_app_user_and_deactivates_the_account) {
    app().to_app.deactivate_users = true;
    provision_alice();
    const std::size_t mark = log.events().size();
    BOOST_TEST_REQUIRE(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(!app_user(alice));
    BOOST_TEST(settle());
    BOOST_TEST(logged_since(mark) == (strings{"application.user_membership.remove", "application.provision.user.deactivate"}),
               boost::test_tools::per_element());
    BOOST_TEST(fake->calls == (strings{"get id-alice@example.com", "replace id-alice@example.com"}),
               boost::test_tools::per_element());
    refused(engine.unassign_user("app", "alice@example.com", why), engine_errc::not_assigned, "not assigned",
            log.events().size());
}

BOOST_AUTO_TEST_CASE(unassign_with_deactivate_users_off_sends_nothing) {
    provision_alice();
    BOOST_TEST_REQUIRE(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(engine.jobs_idle());
    BOOST_TEST(fake->calls.empty());
    BOOST_TEST(engine.probes()[static_cast<std::size_t>(failure_mode::deactivate_off_account_stays_active)] == 1u);
}

BOOST_AUTO_TEST_CASE(group_assignment_grants_members_and_membership_follows_the_group) {
    BOOST_TEST_REQUIRE(engine.add_group_member("Engineering", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_group("app", "Engineering", why).has_value());
    BOOST_TEST(app_user(alice)->via_groups.count("00g-eng") == 1u);
    BOOST_TEST(!app_user(alice)->direct);
    BOOST_TEST_REQUIRE(engine.add_group_member("Engineering", "bob@example.com", why).has_value());
    BOOST_TEST(app_user(bob));
    BOOST_TEST(logged_since(0) == (strings{"group.user_membership.add", "group.application_assignment.add",
                                           "application.user_membership.add", "group.user_membership.add",
                                           "application.user_membership.add"}),
               boost::test_tools::per_element());
    refused(engine.assign_group("app", "Engineering", why), engine_errc::already_assigned, "already assigned",
            log.events().size());
    refused(engine.add_group_member("Engineering", "bob@example.com", why), engine_errc::already_assigned,
            "already a member", log.events().size());

    BOOST_TEST_REQUIRE(engine.remove_group_member("Engineering", "bob@example.com", why).has_value());
    BOOST_TEST(!app_user(bob));
    BOOST_TEST_REQUIRE(engine.unassign_group("app", "Engineering", why).has_value());
    BOOST_TEST(!app_user(alice));
    refused(engine.unassign_group("app", "Engineering", why), engine_errc::not_assigned, "not assigned",
            log.events().size());
    refused(engine.remove_group_member("Engineering", "bob@example.com", why), engine_errc::not_assigned,
            "not a member", log.events().size());
    refused(engine.assign_group("app", "Sales", why), engine_errc::not_found, "no group 'Sales'", log.events().size());
}

BOOST_AUTO_TEST_CASE(a_direct_and_a_group_assignment_keep_the_app_user_until_both_go) {
    BOOST_TEST_REQUIRE(engine.add_group_member("Engineering", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_group("app", "Engineering", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(app_user(alice));
    BOOST_TEST(!app_user(alice)->direct);
    BOOST_TEST_REQUIRE(engine.unassign_group("app", "Engineering", why).has_value());
    BOOST_TEST(!app_user(alice));
}

BOOST_AUTO_TEST_CASE(profile_update_changes_the_user_logs_and_pushes_only_with_update_on) {
    provision_alice();
    json::object changes{{"firstName", "Alicia"}};
    BOOST_TEST_REQUIRE(engine.update_user_profile("alice@example.com", changes, why).has_value());
    BOOST_TEST(user(alice).profile_string("firstName") == "Alicia");
    BOOST_TEST(app_user(alice)->profile.at("givenName").as_string() == "Alicia");
    BOOST_TEST(engine.jobs_idle());  // Update User Attributes is off
    BOOST_TEST(engine.probes()[static_cast<std::size_t>(failure_mode::update_users_off)] == 1u);
    app().to_app.update_user_attributes = true;
    changes["firstName"] = "Ali";
    BOOST_TEST_REQUIRE(engine.update_user_profile("alice@example.com", changes, why).has_value());
    BOOST_TEST(engine.queued_jobs() == 1u);
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls == (strings{"get id-alice@example.com", "replace id-alice@example.com"}),
               boost::test_tools::per_element());
    BOOST_TEST(log.events().back().event_type == "application.provision.user.push_profile");
    refused(engine.update_user_profile("carol@example.com", changes, why), engine_errc::not_found, "no user",
            log.events().size());
}

BOOST_AUTO_TEST_CASE(password_change_is_logged_and_pushed_only_with_sync_password) {
    provision_alice();
    const std::size_t mark = log.events().size();
    BOOST_TEST_REQUIRE(engine.set_user_password("alice@example.com", "Secret-1", why).has_value());
    BOOST_TEST(user(alice).password.value_or("") == "Secret-1");
    BOOST_TEST(logged_since(mark) == strings{"user.account.update_password"}, boost::test_tools::per_element());
    BOOST_TEST(engine.jobs_idle());
    app().to_app.sync_password = true;
    app().to_app.password_seed = "OKTA";
    BOOST_TEST_REQUIRE(engine.set_user_password("alice@example.com", "Secret-2", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(log.events().back().event_type == "application.provision.user.push_okta_password");
}

BOOST_AUTO_TEST_CASE(lifecycle_actions_change_the_status_and_refuse_what_okta_refuses) {
    const std::size_t none = 0;
    refused(engine.activate_user("alice@example.com", why), engine_errc::invalid_transition, "already active", none);
    refused(engine.unsuspend_user("alice@example.com", why), engine_errc::invalid_transition, "not suspended", none);
    BOOST_TEST_REQUIRE(engine.suspend_user("alice@example.com", why).has_value());
    BOOST_TEST((user(alice).status == UserStatus::suspended));
    refused(engine.suspend_user("alice@example.com", why), engine_errc::invalid_transition, "only ACTIVE", 1);
    BOOST_TEST_REQUIRE(engine.unsuspend_user("alice@example.com", why).has_value());
    BOOST_TEST((user(alice).status == UserStatus::active));
    BOOST_TEST_REQUIRE(engine.deactivate_user("alice@example.com", why).has_value());
    BOOST_TEST((user(alice).status == UserStatus::deprovisioned));
    refused(engine.deactivate_user("alice@example.com", why), engine_errc::invalid_transition, "already deactivated", 3);
    BOOST_TEST_REQUIRE(engine.activate_user("alice@example.com", why).has_value());
    BOOST_TEST((user(alice).status == UserStatus::active));
    BOOST_TEST(logged_since(0) == (strings{"user.lifecycle.suspend", "user.lifecycle.unsuspend", "user.lifecycle.deactivate",
                                           "user.lifecycle.activate"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(deactivation_removes_assignments_and_reactivation_restores_only_group_ones) {
    BOOST_TEST_REQUIRE(engine.add_group_member("Engineering", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_group("app", "Engineering", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST_REQUIRE(engine.deactivate_user("alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.deactivate_user("bob@example.com", why).has_value());
    BOOST_TEST(!app_user(alice));
    BOOST_TEST(!app_user(bob));
    BOOST_TEST_REQUIRE(engine.activate_user("alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.activate_user("bob@example.com", why).has_value());
    BOOST_TEST(app_user(alice));   // through the group
    BOOST_TEST(!app_user(bob));    // direct: gone for good
}

BOOST_AUTO_TEST_CASE(put_user_provisioning_applies_a_partial_body_and_refuses_bad_ones) {
    const json::object body{{"update", json::object{{"lifecycleDeactivate", json::object{{"status", "ENABLED"}}}}}};
    BOOST_TEST_REQUIRE(engine.put_user_provisioning("app", body, why).has_value());
    BOOST_TEST(app().to_app.deactivate_users);
    BOOST_TEST(app().to_app.create_users);  // untouched by a partial body
    BOOST_TEST(log.events().back().event_type == "application.lifecycle.update");
    BOOST_TEST(log.events().back().debug_data.at("customMessage").as_string() == "Deprovisioning unassigned users");
    const json::object bad{{"update", json::object{{"profile", json::object{{"status", "ON"}}}}}};
    refused(engine.put_user_provisioning("app", bad, why), engine_errc::invalid_transition, "/update/profile/status", 1);
    app().api_integration = false;
    refused(engine.put_user_provisioning("app", body, why), engine_errc::provisioning_disabled, "not enabled", 1);
}

BOOST_AUTO_TEST_CASE(enabling_the_api_integration_flags_earlier_assignments_until_provision_user) {
    app().api_integration = false;
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    refused(engine.provision_user("app", "alice@example.com", why), engine_errc::provisioning_disabled, "not enabled", 1);
    BOOST_TEST_REQUIRE(engine.set_api_integration("app", true, why).has_value());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].kind == TaskKind::provision_user);
    BOOST_TEST(org.tasks[0].title == "Users assigned before provisioning was enabled");
    BOOST_TEST(app_user(alice)->sync_state == SyncState::error);
    BOOST_TEST(engine.jobs_idle());  // no catch-up sync
    BOOST_TEST_REQUIRE(engine.provision_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(org.tasks[0].status == TaskStatus::resolved);
    BOOST_TEST(settle());
    BOOST_TEST(app_user(alice)->status == AppUserStatus::provisioned);
    refused(engine.provision_user("app", "bob@example.com", why), engine_errc::not_assigned, "not assigned",
            log.events().size());
}

BOOST_AUTO_TEST_CASE(retry_and_dismiss_act_on_open_tasks_only) {
    fake->creates.emplace_back([](Diagnostics& d) -> result<json::object> {
        d.http_status = 500;
        d.reason = "Internal Server Error";
        return make_error_code(connector_errc::server_error);
    });
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    const std::string id = org.tasks[0].id;
    refused(engine.retry_task("t-none", why), engine_errc::not_found, "no task", log.events().size());
    BOOST_TEST_REQUIRE(engine.dismiss_task(id, why).has_value());
    BOOST_TEST(org.tasks[0].status == TaskStatus::dismissed);
    refused(engine.retry_task(id, why), engine_errc::invalid_transition, "is DISMISSED", log.events().size());
    refused(engine.dismiss_task(id, why), engine_errc::invalid_transition, "is DISMISSED", log.events().size());
}

BOOST_AUTO_TEST_CASE(sign_in_is_logged_whatever_provisioning_says) {
    BOOST_TEST_REQUIRE(engine.sign_in("alice@example.com", "app", why).has_value());
    BOOST_TEST(log.events().back().event_type == "user.authentication.sso");
    BOOST_TEST(log.events().back().outcome == "FAILURE");
    BOOST_TEST(log.events().back().outcome_reason.value_or("") == "User is not assigned to this application");
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.sign_in("alice@example.com", "app", why).has_value());
    BOOST_TEST(log.events().back().outcome == "SUCCESS");
    BOOST_TEST(log.events().back().debug_data.at("appUserStatus").as_string() == "STAGED");
    BOOST_TEST(log.events().back().actor.id == alice);
    refused(engine.sign_in("alice@example.com", "nope", why), engine_errc::not_found, "no app", log.events().size());
}

BOOST_AUTO_TEST_SUITE_END()
