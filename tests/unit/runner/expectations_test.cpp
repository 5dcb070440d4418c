// Typed expectations: the loader reads each key of an "expect" step into a part with its references resolved once,
// at load, to spec positions; the parts are checked in the registry's order and described in the order written,
// and nothing at check time resolves a name again.
#include <oktasim/runner/expectations.hpp>
#include <oktasim/runner/scenario.hpp>
#include <oktasim/runner/state.hpp>
#include <oktasim/runner/world.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace oktasim;

namespace {

// Two users (bob's id generated), an app with a simulated downstream and Create Users on.
std::string scenario(std::string_view steps) {
    return R"({
      "oktasim": 1,
      "name": "expectations test",
      "org": {"users": [{"id": "00ualice", "profile": {"login": "alice@example.com"}},
                        {"profile": {"login": "bob@example.com"}}]},
      "apps": [{
        "key": "acme", "label": "Acme Cloud",
        "features": [{"name": "USER_PROVISIONING", "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}}],
        "connector": {"type": "scim2", "baseUrl": "https://acme.example.test/scim/v2", "auth": {"mode": "header", "token": "t"}},
        "downstream": {"auth": {"bearer": "t"}}
      }],
      "steps": )" + std::string(steps) + "}";
}

runner::Scenario loaded(std::string_view steps) {
    runner::LoadError error;
    auto sc = runner::parse_scenario(scenario(steps), "expectations.json", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    return std::move(*sc);
}

std::vector<std::string> keys(const std::vector<const runner::Expectation*>& parts) {
    std::vector<std::string> out;
    for (const auto* p : parts) out.emplace_back(p->key());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(runner_expectations)

BOOST_AUTO_TEST_CASE(parts_are_checked_in_the_registry_order_and_described_in_the_written_order) {
    // Setup: "user" written before "appUser"; both fail (bob is ACTIVE, not SUSPENDED, and not assigned)
    const auto sc = loaded(R"([{"expect": {"user": {"user": "bob@example.com", "status": "SUSPENDED"},
                                           "appUser": {"app": "acme", "user": "BOB@example.com"}}}])");
    const runner::Step& step = sc.steps[0];
    std::vector<const runner::Expectation*> written;
    for (const auto& p : step.expect) written.push_back(p.get());
    BOOST_TEST(keys(written) == (std::vector<std::string>{"user", "appUser"}), boost::test_tools::per_element());
    BOOST_TEST(keys(step.checks) == (std::vector<std::string>{"appUser", "user"}), boost::test_tools::per_element());
    runner::World world(sc, 3);
    runner::Expectations expectations(world);
    // Act
    const auto failures = expectations.check(step);
    // Assert: the timeline names the references as written; failures come in the registry's order
    BOOST_TEST(expectations.describe(step) == "user bob@example.com, appUser BOB@example.com");
    BOOST_TEST_REQUIRE(failures.size() == 2u);
    BOOST_TEST(failures[0] == "appUser acme/bob@example.com: expected an assignment, but the user is not assigned");
    BOOST_TEST(failures[1] == "user bob@example.com: status: expected \"SUSPENDED\", got \"ACTIVE\"");
}

BOOST_AUTO_TEST_CASE(a_reference_resolved_at_load_names_the_same_user_after_a_login_change) {
    // Setup: the expectation names alice by the login she has at load; the step before renames her. Resolving the
    // name again at check time would find no user.
    const auto sc = loaded(R"([
      {"do": "assign", "user": "alice@example.com", "app": "acme"},
      {"do": "update-user", "user": "alice@example.com", "profile": {"login": "alice2@example.com"}},
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "status": "PROVISIONED"},
                  "user": {"user": "alice@example.com", "status": "ACTIVE"}}}])");
    runner::World world(sc, 1);
    std::string why;
    for (std::size_t i = 0; i < 2; ++i) {
        BOOST_TEST_REQUIRE(!world.perform(sc.steps[i], why), why);
        BOOST_TEST_REQUIRE(world.settle_jobs());
    }
    runner::Expectations expectations(world);
    // Act
    const auto failures = expectations.check(sc.steps[2]);
    const auto lines = runner::state_lines(world, sc.steps[2]);
    // Assert
    BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
    BOOST_TEST_REQUIRE(lines.size() >= 2u);
    BOOST_TEST(lines.front().rfind("appUser acme/alice2@example.com: status PROVISIONED", 0) == 0, lines.front());
    BOOST_TEST(lines.back() == "user alice2@example.com: status ACTIVE");
}

BOOST_AUTO_TEST_CASE(the_log_and_requests_cursors_move_as_their_parts_check) {
    // Setup: one push (a look-up and a create)
    const auto sc = loaded(R"([
      {"do": "assign", "user": "alice@example.com", "app": "acme"},
      {"expect": {"requests": [{"method": "GET"}, {"method": "POST", "status": 201}],
                  "log": [{"eventType": "application.user_membership.add"}]}},
      {"expect": {"requests": [], "log": [{"eventType": "application.user_membership.add"}]}}])");
    runner::World world(sc, 1);
    std::string why;
    BOOST_TEST_REQUIRE(!world.perform(sc.steps[0], why), why);
    BOOST_TEST_REQUIRE(world.settle_jobs());
    runner::Expectations expectations(world);
    // Act
    const auto first = expectations.check(sc.steps[1]);
    const runner::Cursors after = expectations.cursors();
    const auto second = expectations.check(sc.steps[2]);
    // Assert: the second step sees no new request, and no membership event after the one already matched
    BOOST_TEST(first.empty(), (first.empty() ? "" : first.front()));
    BOOST_TEST(after.requests == 2u);
    BOOST_TEST(after.log > 0u);
    BOOST_TEST_REQUIRE(second.size() == 1u);
    BOOST_TEST(second[0].rfind("log/0: no event matching {\"eventType\":\"application.user_membership.add\"}", 0) == 0,
               second[0]);
}

BOOST_AUTO_TEST_SUITE_END()
