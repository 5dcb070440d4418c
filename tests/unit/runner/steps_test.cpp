// Typed action steps: the loader resolves each reference once, to a position in the org spec, under one rule (a
// user's id exact, else its login in any case), and the command reaches the running org's entity by it whatever
// ids the seed generated; each command describes itself for the timeline.
#include <oktasim/runner/scenario.hpp>
#include <oktasim/runner/world.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace json = boost::json;
using namespace oktasim;

namespace {

// Two users with generated ids, one with a given id; a group; an app with a simulated downstream.
std::string scenario(std::string_view steps) {
    return R"({
      "oktasim": 1,
      "name": "steps test",
      "org": {
        "users": [{"profile": {"login": "alice@example.com"}}, {"profile": {"login": "bob@example.com"}},
                  {"id": "00ucarol", "profile": {"login": "carol@example.com"}}],
        "groups": [{"profile": {"name": "Staff"}}]
      },
      "apps": [{
        "key": "acme", "label": "Acme Cloud",
        "connector": {"type": "scim2", "baseUrl": "https://acme.example.test/scim/v2", "auth": {"mode": "header", "token": "t"}},
        "downstream": {"auth": {"bearer": "t"}}
      }],
      "steps": )" + std::string(steps) + "}";
}

runner::Scenario loaded(std::string_view steps) {
    runner::LoadError error;
    auto sc = runner::parse_scenario(scenario(steps), "steps.json", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    return std::move(*sc);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(runner_steps)

BOOST_AUTO_TEST_CASE(a_reference_resolved_at_load_reaches_the_generated_id_under_any_seed) {
    // Setup: bob's id is generated, so it differs between seeds
    const auto sc = loaded(R"([{"do": "add-to-group", "user": "BOB@example.com", "group": "Staff"}])");
    for (const std::uint64_t seed : {1u, 7u}) {
        BOOST_TEST_CONTEXT("seed " << seed) {
            runner::World world(sc, seed);
            const std::string bob = world.tenant().spec_user_id(1);
            std::string why;
            // Act
            const auto ec = world.perform(sc.steps[0], why);
            // Assert
            BOOST_TEST(!ec, why);
            const auto& members = world.org().groups.at(world.tenant().spec_group_id(0)).members();
            BOOST_TEST_REQUIRE(members.size() == 1u);
            BOOST_TEST(members[0] == bob);
            BOOST_TEST(world.org().users.at(bob).login() == "bob@example.com");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_user_is_its_exact_id_or_its_login_in_any_case) {
    // Setup / Act: the login in another case resolves, the id in another case does not (as the running org reads it)
    (void)loaded(R"([{"do": "deactivate-user", "user": "CAROL@Example.com"}, {"do": "activate-user", "user": "00ucarol"}])");
    runner::LoadError error;
    const auto sc = runner::parse_scenario(scenario(R"([{"do": "deactivate-user", "user": "00UCAROL"}])"), "steps.json", error);
    // Assert
    BOOST_TEST_REQUIRE(!sc.has_value());
    BOOST_TEST(error.path == "/steps/0/user");
    BOOST_TEST(error.message == "no user '00UCAROL' (expected the login or id of a user in /org/users)");
}

BOOST_AUTO_TEST_CASE(each_command_describes_itself_with_its_references_as_written) {
    // Setup
    const auto sc = loaded(R"([
      {"do": "assign", "user": "Alice@example.com", "app": "acme"},
      {"do": "add-to-group", "user": "bob@example.com", "group": "Staff"},
      {"do": "set-api-integration", "app": "acme", "enabled": false},
      {"do": "put-feature", "app": "acme", "feature": "USER_PROVISIONING", "body": {}},
      {"do": "set-password", "user": "00ucarol", "password": "not shown"},
      {"do": "change-app-account", "app": "acme", "userName": "a", "set": {"password": "p", "active": false}},
      {"do": "advance", "by": "1m30s"},
      {"do": "settle", "expectError": "x"}
    ])");
    // Act
    std::vector<std::string> lines;
    for (const auto& step : sc.steps) lines.push_back(step.command->describe());
    // Assert
    const std::vector<std::string> expected{
        "assign Alice@example.com -> acme",
        "add-to-group bob@example.com Staff",
        "set-api-integration false -> acme",
        "put-feature USER_PROVISIONING -> acme {}",
        "set-password 00ucarol",
        R"(change-app-account a -> acme {"password":"[REDACTED]","active":false})",
        "advance 1m30s",
        "settle",
    };
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
    BOOST_TEST(sc.steps.back().expect_error == "x");
    BOOST_TEST(json::serialize(sc.steps[4].reported) == R"({"do":"set-password","user":"00ucarol"})");
}

BOOST_AUTO_TEST_SUITE_END()
