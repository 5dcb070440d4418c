// The push flows against a scripted fake connector: which operations Okta performs, tasks and states on failure,
// the §5.4 rate-limit schedule in virtual time, and per-app job ordering. No SCIM, no sockets.
#include <oktasim/engine/engine.hpp>

#include "support/fake_connector.hpp"
#include "support/test_org.hpp"

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;

namespace {

using test::FakeConnector;

result<json::object> rate_limited(Diagnostics& d, std::optional<sim::Duration> retry_after) {
    d.http_status = 429;
    d.reason = "Too Many Requests";
    d.retry_after = retry_after;
    return make_error_code(connector_errc::rate_limited);
}

result<json::object> refused_with(Diagnostics& d, int status) {
    d.http_status = status;
    d.reason = status == 501 ? "Not Implemented" : "Method Not Allowed";
    return make_error_code(status == 501 ? connector_errc::server_error : connector_errc::rejected);
}

// Alice and bob (named A B), and app "app" served by a FakeConnector.
struct EngineFixture : test::TestOrg {
    FakeConnector* fake = nullptr;

    EngineFixture() {
        for (const char* login : {"alice@example.com", "bob@example.com"}) add_user(std::string("00u-") + login, login);
        fake = test::fake_of(add_app());
    }
    // Assigns and provisions alice (account id-alice@example.com), then forgets the calls.
    void provision_alice() {
        BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
        BOOST_TEST_REQUIRE(settle());
        fake->calls.clear();
    }
};

void throttle_once(FakeConnector::Script& script) {
    script.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{45'000}); });
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(engine_push_flow, EngineFixture)

BOOST_AUTO_TEST_CASE(create_users_off_neither_creates_nor_links_by_default) {
    // Setup
    org.apps[0]->to_app.create_users = false;
    fake->existing = json::object{{"id", "acc-1"}, {"active", true}};
    // Act
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // Assert
    BOOST_TEST(fake->calls == std::vector<std::string>{"find alice@example.com"}, boost::test_tools::per_element());
    const AppUser* au = org.app_user("app", "00u-alice@example.com");
    BOOST_TEST(au->status == AppUserStatus::staged);
    BOOST_TEST(au->sync_state == SyncState::error);
    BOOST_TEST(!au->external_id.has_value());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].message == "Automatic provisioning of user A B to app App failed: User not found");
}

BOOST_AUTO_TEST_CASE(okta_kb_behaviour_links_an_existing_match) {
    org.apps[0]->to_app.create_users = false;
    org.apps[0]->create_users_off = CreateUsersOff::okta_kb;
    fake->existing = json::object{{"id", "acc-1"}, {"active", true}};
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->external_id.value() == "acc-1");
    BOOST_TEST(org.tasks.empty());
}

BOOST_AUTO_TEST_CASE(rate_limited_job_pauses_in_virtual_time_then_succeeds) {
    // Setup: two 429s with Retry-After 30 s, then success: waits of 30 s and 60 s (doubling, §5.4)
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{30'000}); });
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{30'000}); });
    // Act
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // Assert: the paused job does not hold the step; the task says why
    BOOST_TEST(loop.now().count() == 0);
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == TaskStatus::paused);
    loop.run_until(sim::Duration{30'000});
    BOOST_TEST(org.tasks[0].status == TaskStatus::paused);
    loop.run_until(sim::Duration{90'000});
    BOOST_TEST(org.tasks[0].status == TaskStatus::resolved);
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->status == AppUserStatus::provisioned);
}

BOOST_AUTO_TEST_CASE(rate_limit_gives_up_after_ten_attempts) {
    for (int i = 0; i < 12; ++i)
        fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, std::nullopt); });
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    loop.run_until_quiescent();
    // 5 min doubling nine times: 5 * (2^9 - 1) minutes of waiting before the 10th and last attempt.
    BOOST_TEST(loop.now().count() == 5 * 511 * 60'000LL);
    BOOST_TEST(org.tasks[0].status == TaskStatus::open);
    BOOST_TEST(org.tasks[0].message == "Automatic provisioning of user A B to app App failed: Rate Limit Exceeded");
    BOOST_TEST(fake->creates.size() == 2u);
}

BOOST_AUTO_TEST_CASE(jobs_for_one_app_run_one_at_a_time_in_order) {
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    const std::vector<std::string> expected{"find alice@example.com", "create alice@example.com", "find bob@example.com",
                                            "create bob@example.com"};
    BOOST_TEST(fake->calls == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(oin_deactivation_is_a_patch_and_aiw_a_get_then_put) {
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    org.apps[0]->to_app.deactivate_users = true;
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls.back() == "replace id-alice@example.com");
    BOOST_TEST(fake->calls[fake->calls.size() - 2] == "get id-alice@example.com");
    org.apps[0]->flavour = Flavour::oin;
    BOOST_TEST(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(engine.unassign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls.back() == "patch id-bob@example.com");
}

BOOST_AUTO_TEST_CASE(refusals_name_what_is_wrong) {
    BOOST_TEST(engine.assign_user("nope", "alice@example.com", why).error() == make_error_code(engine_errc::not_found));
    BOOST_TEST(why == "no app 'nope'");
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).error() == make_error_code(engine_errc::not_assigned));
    BOOST_TEST(engine.suspend_user("alice@example.com", why).has_value());
    BOOST_TEST(engine.suspend_user("alice@example.com", why).error() == make_error_code(engine_errc::invalid_transition));
}

// §5.4, issue 6 item 18: a paused task of every kind resolves when its retry succeeds, and its status text no
// longer says "retried at ...".
BOOST_AUTO_TEST_CASE(rate_limited_deactivation_resolves_when_retry_succeeds) {
    provision_alice();
    org.apps[0]->to_app.deactivate_users = true;
    throttle_once(fake->replaces);
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    const Task* t = last_task(TaskKind::deprovision);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::paused);
    loop.run_until(sim::Duration{45'000});
    BOOST_TEST(t->status == TaskStatus::resolved);
    BOOST_TEST(t->status_text.empty());
    BOOST_TEST(fake->replace_bodies.back().at("active") == false);
}

BOOST_AUTO_TEST_CASE(rate_limited_profile_push_resolves_when_retry_succeeds) {
    provision_alice();
    org.apps[0]->to_app.update_user_attributes = true;
    throttle_once(fake->replaces);
    BOOST_TEST(engine.update_user_profile("alice@example.com", json::object{{"title", "Engineer"}}, why).has_value());
    BOOST_TEST(settle());
    const Task* t = last_task(TaskKind::profile_push);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::paused);
    loop.run_until(sim::Duration{45'000});
    BOOST_TEST(t->status == TaskStatus::resolved);
    BOOST_TEST(t->status_text.empty());
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->sync_state == SyncState::synchronized);
}

BOOST_AUTO_TEST_CASE(rate_limited_password_push_resolves_when_retry_succeeds) {
    provision_alice();
    org.apps[0]->flavour = Flavour::oin;
    org.apps[0]->to_app.sync_password = true;
    org.apps[0]->to_app.password_seed = "OKTA";
    throttle_once(fake->patches);
    BOOST_TEST(engine.set_user_password("alice@example.com", "Secret123!", why).has_value());
    BOOST_TEST(settle());
    const Task* t = last_task(TaskKind::password);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::paused);
    loop.run_until(sim::Duration{45'000});
    BOOST_TEST(t->status == TaskStatus::resolved);
    BOOST_TEST(t->status_text.empty());
}

BOOST_AUTO_TEST_CASE(rate_limited_create_resolves_when_retry_succeeds) {
    throttle_once(fake->creates);
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == TaskStatus::paused);
    loop.run_until(sim::Duration{45'000});
    BOOST_TEST(org.tasks[0].status == TaskStatus::resolved);
    BOOST_TEST(org.tasks[0].status_text.empty());
}

BOOST_AUTO_TEST_CASE(rate_limited_activation_resolves_when_retry_succeeds) {
    org.users.at("00u-alice@example.com").status = UserStatus::staged;
    provision_alice();
    org.apps[0]->flavour = Flavour::oin;
    org.apps[0]->to_app.deactivate_users = true;
    throttle_once(fake->patches);
    BOOST_TEST(engine.activate_user("alice@example.com", why).has_value());
    BOOST_TEST(settle());
    const Task* t = last_task(TaskKind::assignment);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::paused);
    loop.run_until(sim::Duration{45'000});
    BOOST_TEST(t->status == TaskStatus::resolved);
}

BOOST_AUTO_TEST_CASE(rate_limited_deactivation_out_of_attempts_is_a_manual_task) {
    provision_alice();
    org.apps[0]->to_app.deactivate_users = true;
    for (int i = 0; i < rate_limit_attempts_max; ++i) throttle_once(fake->replaces);
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    loop.run_until_quiescent();
    const Task* t = last_task(TaskKind::deprovision);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::open);
    BOOST_TEST(!t->retryable);
    BOOST_TEST(t->status_text.find("after 10 attempts") != std::string::npos, t->status_text);
    BOOST_TEST(t->status_text.find("retried at") == std::string::npos);
    BOOST_TEST(t->failure_mode.value() == "failed-deprovisioning");
}

BOOST_AUTO_TEST_CASE(rate_limited_profile_push_out_of_attempts_fails_with_retry) {
    provision_alice();
    org.apps[0]->to_app.update_user_attributes = true;
    for (int i = 0; i < rate_limit_attempts_max; ++i) throttle_once(fake->replaces);
    BOOST_TEST(engine.update_user_profile("alice@example.com", json::object{{"title", "Engineer"}}, why).has_value());
    loop.run_until_quiescent();
    const Task* t = last_task(TaskKind::profile_push);
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->status == TaskStatus::open);
    BOOST_TEST(t->retryable);
    BOOST_TEST(t->status_text.find("after 10 attempts") != std::string::npos, t->status_text);
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->sync_state == SyncState::error);
}

// §2.5 legacy text, issue 6 item 19: an OIN app that refuses PATCH gets the same change by GET then PUT.
BOOST_AUTO_TEST_CASE(put_fallback_when_patch_answers_501_or_405) {
    provision_alice();
    org.apps[0]->flavour = Flavour::oin;
    org.apps[0]->to_app.deactivate_users = true;
    fake->patches.emplace_back([](Diagnostics& d) { return refused_with(d, 501); });
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    const std::vector<std::string> deactivation{"patch id-alice@example.com", "get id-alice@example.com",
                                                "replace id-alice@example.com"};
    BOOST_TEST(fake->calls == deactivation, boost::test_tools::per_element());
    BOOST_TEST(fake->replace_bodies.back().at("active") == false);
    BOOST_TEST(org.tasks.empty());

    // The password push: 405 this time, and PATCH is tried again first (nothing is remembered).
    BOOST_TEST(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    org.apps[0]->to_app.sync_password = true;
    org.apps[0]->to_app.password_seed = "OKTA";
    fake->calls.clear();
    fake->patches.emplace_back([](Diagnostics& d) { return refused_with(d, 405); });
    BOOST_TEST(engine.set_user_password("bob@example.com", "Secret123!", why).has_value());
    BOOST_TEST(settle());
    const std::vector<std::string> password{"patch id-bob@example.com", "get id-bob@example.com",
                                            "replace id-bob@example.com"};
    BOOST_TEST(fake->calls == password, boost::test_tools::per_element());
    BOOST_TEST(fake->replace_bodies.back().at("password") == "Secret123!");
    BOOST_TEST(org.tasks.empty());
}

BOOST_AUTO_TEST_CASE(no_put_fallback_for_other_patch_errors) {
    provision_alice();
    org.apps[0]->flavour = Flavour::oin;
    org.apps[0]->to_app.deactivate_users = true;
    fake->patches.emplace_back([](Diagnostics& d) {
        d.http_status = 400;
        return result<json::object>(make_error_code(connector_errc::rejected));
    });
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls == std::vector<std::string>{"patch id-alice@example.com"}, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(last_task(TaskKind::deprovision));
}

BOOST_AUTO_TEST_SUITE_END()
