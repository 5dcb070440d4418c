// What users paste in and expect to work (issue 6, items 24-26): Okta's app and app-user JSON verbatim, a
// pasted LogEvent as a "log" expectation, renaming an app account and changing the app's quirks mid-run.
#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/scenario.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>

namespace json = boost::json;
using namespace oktasim;

namespace {

// One user and one AIW app with a simulated downstream; Create and Update on.
json::object base() {
    return json::parse(R"({
      "oktasim": 1, "name": "paste test", "seed": 5,
      "org": {"users": [{"id": "00u1alice000000000A1", "status": "ACTIVE",
                         "profile": {"login": "alice@example.com", "email": "alice@example.com",
                                     "firstName": "Alice", "lastName": "Liddell"}}]},
      "apps": [{
        "key": "acme", "label": "Acme Cloud",
        "features": [{"name": "USER_PROVISIONING", "capabilities": {
            "create": {"lifecycleCreate": {"status": "ENABLED"}}, "update": {"profile": {"status": "ENABLED"}}}}],
        "connector": {"type": "scim2", "baseUrl": "https://acme.example.test/scim/v2", "auth": {"mode": "header", "token": "t"}},
        "downstream": {"auth": {"bearer": "t"}, "accounts": [{"id": "acct-1", "userName": "old@example.com"}]}
      }],
      "steps": []
    })").as_object();
}

json::object with_steps(json::object doc, std::string_view steps) {
    doc["steps"] = json::parse(steps);
    return doc;
}

runner::RunResult run(const json::object& doc) {
    runner::LoadError error;
    auto sc = runner::parse_scenario(json::serialize(doc), "paste.json", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    return runner::run_scenario(*sc, runner::RunOptions{});
}

std::string failures(const runner::RunResult& r) {
    std::string out;
    for (const auto& f : r.failures) out += f + "\n";
    return out;
}

runner::LoadError rejected(const json::object& doc) {
    runner::LoadError error;
    const auto sc = runner::parse_scenario(json::serialize(doc), "paste.json", error);
    BOOST_TEST_REQUIRE(!sc.has_value(), "the loader accepted:\n" << json::serialize(doc));
    return error;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(paste)

// Item 26: the runner used to overwrite set.userName with the step's userName, so a rename did nothing.
BOOST_AUTO_TEST_CASE(change_app_account_set_user_name_renames_the_account) {
    const auto r = run(with_steps(base(), R"([
      {"do": "change-app-account", "app": "acme", "userName": "old@example.com", "set": {"userName": "new@example.com"}},
      {"expect": {"accounts": {"app": "acme", "users": [{"id": "acct-1", "userName": "new@example.com"}]},
                  "account": {"app": "acme", "userName": "old@example.com", "absent": true}}}])"));
    BOOST_TEST(r.ok(), failures(r));
}

BOOST_AUTO_TEST_CASE(change_app_account_rename_of_a_missing_account_fails_the_step) {
    const auto r = run(with_steps(base(), R"([
      {"do": "change-app-account", "app": "acme", "userName": "nobody@example.com", "set": {"userName": "x@example.com"},
       "expectError": "no account 'nobody@example.com' to rename"}])"));
    BOOST_TEST(r.ok(), failures(r));
}

BOOST_AUTO_TEST_CASE(set_quirks_changes_the_simulated_app_mid_run) {
    // The connection test lists one account: itemsPerPage is 1, until the quirk makes it echo count=2.
    const auto r = run(with_steps(base(), R"([
      {"do": "test-credentials", "app": "acme"},
      {"do": "set-quirks", "app": "acme", "quirks": {"itemsPerPageEchoesCount": true}},
      {"do": "test-credentials", "app": "acme"}])"));
    BOOST_TEST(r.ok(), failures(r));
    const auto first = r.transcript.find("\"itemsPerPage\":1");
    const auto second = r.transcript.find("\"itemsPerPage\":2");
    BOOST_TEST((first != std::string::npos && second != std::string::npos && first < second), r.transcript);
}

BOOST_AUTO_TEST_CASE(set_quirks_with_an_unknown_quirk_is_rejected_at_its_path) {
    const auto e = rejected(with_steps(base(), R"([{"do": "set-quirks", "app": "acme", "quirks": {"noPatchh": true}}])"));
    BOOST_TEST(e.path == "/steps/0/quirks/noPatchh", e.to_string());
}

// --- Item 24: Okta's app object and app users verbatim ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(app_object_read_only_keys_are_accepted) {
    auto doc = base();
    auto& app = doc["apps"].as_array()[0].as_object();
    app["_embedded"] = json::object{};
    app["profile"] = json::object{{"anything", 1}};
    app["universalLogout"] = json::parse(R"({"status": "DISABLED", "supportType": null})");
    app["licensing"] = json::parse(R"({"seatCount": 0})");
    app["orn"] = "orn:okta:idp:00o1:apps:acme:0oa1";
    app["credentials"] = json::parse(R"({"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
                                         "signing": {"kid": "k"}})");
    const auto r = run(with_steps(doc, R"([{"do": "assign", "user": "alice@example.com", "app": "acme"},
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "userName": "alice@example.com",
                              "status": "PROVISIONED"}}}])"));
    BOOST_TEST(r.ok(), failures(r));
}

BOOST_AUTO_TEST_CASE(app_object_username_template_sets_the_app_username) {
    // Arrange: GET /api/v1/apps/{id}'s credentials with a built-in template other than Okta's default
    auto doc = base();
    doc["apps"].as_array()[0].as_object()["credentials"] =
        json::parse(R"j({"userNameTemplate": {"template": "${fn:substringBefore(source.email, \"@\")}", "type": "BUILT_IN"}})j");
    auto bad = base();
    bad["apps"].as_array()[0].as_object()["credentials"] =
        json::parse(R"({"userNameTemplate": {"template": "${source.email", "type": "BUILT_IN"}})");
    // Act
    const auto r = run(with_steps(doc, R"([{"do": "assign", "user": "alice@example.com", "app": "acme"},
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "status": "PROVISIONED", "userName": "alice"},
                  "requests": [{"method": "GET"}, {"method": "POST", "body": {"userName": "alice"}}]}}])"));
    const auto e = rejected(bad);
    // Assert
    BOOST_TEST(r.ok(), failures(r));
    BOOST_TEST(e.path == "/apps/0/credentials/userNameTemplate/template", e.to_string());
}

json::object with_app_users(std::string_view app_users, std::string_view app_groups = "") {
    auto doc = base();
    auto& app = doc["apps"].as_array()[0].as_object();
    app["appUsers"] = json::parse(app_users);
    if (!app_groups.empty()) app["appGroups"] = json::parse(app_groups);
    return doc;
}

BOOST_AUTO_TEST_CASE(app_users_start_in_the_pasted_state_and_push_to_their_external_id) {
    auto doc = with_app_users(R"([{"id": "00u1alice000000000A1", "externalId": "acct-1", "scope": "USER",
        "status": "PROVISIONED", "syncState": "SYNCHRONIZED", "credentials": {"userName": "old@example.com"},
        "created": "2025-01-01T00:00:00.000Z", "_links": {}}])");
    const auto r = run(with_steps(doc, R"([
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "status": "PROVISIONED",
                              "syncState": "SYNCHRONIZED", "externalId": "acct-1", "scope": "USER",
                              "userName": "old@example.com"},
                  "requests": [], "log": []}},
      {"do": "update-user", "user": "alice@example.com", "profile": {"lastName": "Smith"}},
      {"expect": {"requests": [{"method": "GET", "target": "/scim/v2/Users/acct-1", "status": 200},
                               {"method": "PUT", "target": "/scim/v2/Users/acct-1", "status": 200}]}}])"));
    BOOST_TEST(r.ok(), failures(r));
}

BOOST_AUTO_TEST_CASE(app_user_with_an_unknown_user_id_is_rejected_at_its_path) {
    const auto e = rejected(with_app_users(R"([{"id": "00u1nobody00000000N1"}])"));
    BOOST_TEST(e.path == "/apps/0/appUsers/0/id", e.to_string());
    BOOST_TEST(e.message.find("no user '00u1nobody00000000N1'") != std::string::npos, e.message);
    BOOST_TEST(e.code == make_error_code(scenario_errc::bad_reference));
}

BOOST_AUTO_TEST_CASE(app_user_bad_values_are_rejected_at_their_paths) {
    BOOST_TEST(rejected(with_app_users(R"([{"id": "00u1alice000000000A1", "status": "HAPPY"}])")).path ==
               "/apps/0/appUsers/0/status");
    BOOST_TEST(rejected(with_app_users(R"([{"id": "00u1alice000000000A1", "externalId": 7}])")).path ==
               "/apps/0/appUsers/0/externalId");
    BOOST_TEST(rejected(with_app_users(R"([{"id": "00u1alice000000000A1", "colour": "red"}])")).path ==
               "/apps/0/appUsers/0/colour");
    BOOST_TEST(rejected(with_app_users(R"([{"id": "00u1alice000000000A1"}, {"id": "alice@example.com"}])")).path ==
               "/apps/0/appUsers/1/id");
}

BOOST_AUTO_TEST_CASE(group_scope_app_user_needs_its_group_assignment) {
    const auto e = rejected(with_app_users(R"([{"id": "00u1alice000000000A1", "scope": "GROUP"}])"));
    BOOST_TEST(e.path == "/apps/0/appUsers/0/scope", e.to_string());
    BOOST_TEST(e.message.find("appGroups") != std::string::npos, e.message);
}

BOOST_AUTO_TEST_CASE(assigned_group_members_need_app_users) {
    auto doc = with_app_users("[]", R"([{"id": "Staff", "priority": 0}])");
    doc["org"].as_object()["groups"] = json::parse(R"([{"profile": {"name": "Staff"}, "members": ["alice@example.com"]}])");
    const auto e = rejected(doc);
    BOOST_TEST(e.path == "/apps/0/appGroups/0", e.to_string());
    BOOST_TEST(e.message.find("alice@example.com") != std::string::npos, e.message);
}

BOOST_AUTO_TEST_CASE(group_scope_app_user_leaves_with_its_group) {
    auto doc = with_app_users(R"([{"id": "00u1alice000000000A1", "externalId": "acct-1", "scope": "GROUP"}])",
                              R"([{"id": "Staff"}])");
    doc["org"].as_object()["groups"] = json::parse(R"([{"profile": {"name": "Staff"}, "members": ["alice@example.com"]}])");
    const auto r = run(with_steps(doc, R"([
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "scope": "GROUP", "status": "PROVISIONED"}}},
      {"do": "unassign-group", "group": "Staff", "app": "acme"},
      {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "absent": true}}}])"));
    BOOST_TEST(r.ok(), failures(r));
}

// --- Item 25: a pasted LogEvent as a "log" expectation ------------------------------------------------------------

const char* pasted_event = R"({
  "uuid": "531c4191-ffdd-11ee-93ef-a539342b0d02", "published": "2024-04-21T12:47:34.228Z",
  "eventType": "application.user_membership.add", "version": "0", "severity": "INFO",
  "displayMessage": "Add user to application membership",
  "client": {"ipAddress": "198.51.100.7", "userAgent": {"rawUserAgent": "Mozilla/5.0"}},
  "request": {"ipChain": [{"ip": "198.51.100.7"}]},
  "outcome": {"result": "SUCCESS", "reason": null},
  "transaction": {"type": "WEB", "id": "Wxyz0000000000000000", "detail": {}},
  "debugContext": {"debugData": {"appname": "scim2headerauth"}},
  "target": [{"type": "AppInstance", "displayName": "Acme Cloud"}, {"id": "00u1alice000000000A1", "type": "User"}]})";

BOOST_AUTO_TEST_CASE(pasted_log_event_matches_by_the_keys_it_gives) {
    const auto r = run(with_steps(base(), std::string(R"([{"do": "assign", "user": "alice@example.com", "app": "acme"},
      {"expect": {"log": [)") + pasted_event + "]}}]"));
    BOOST_TEST(r.ok(), failures(r));
}

BOOST_AUTO_TEST_CASE(pasted_log_event_that_differs_fails_and_says_where) {
    json::object event = json::parse(pasted_event).as_object();
    event["outcome"].as_object()["result"] = "FAILURE";
    json::object other = json::parse(pasted_event).as_object();
    other["target"].as_array()[0].as_object()["displayName"] = "Other App";
    const auto r = run(with_steps(base(), R"([{"do": "assign", "user": "alice@example.com", "app": "acme"}])"));
    BOOST_TEST(r.ok(), failures(r));
    for (const auto& [bad, text] : {std::pair{event, std::string("outcome/result")}, std::pair{other, std::string("target/0")}}) {
        auto doc = with_steps(base(), R"([{"do": "assign", "user": "alice@example.com", "app": "acme"}])");
        doc["steps"].as_array().push_back(json::object{{"expect", json::object{{"log", json::array{bad}}}}});
        const auto failed = run(doc);
        BOOST_TEST_REQUIRE(failed.failures.size() == 1u, failures(failed));
        BOOST_TEST(failed.failures[0].find(text) != std::string::npos, failed.failures[0]);
    }
}

BOOST_AUTO_TEST_CASE(pasted_log_event_wrong_shapes_are_rejected_at_their_paths) {
    const auto bad = [](std::string_view item) {
        return rejected(with_steps(base(), std::string(R"([{"expect": {"log": [)") + std::string(item) + "]}}]"));
    };
    BOOST_TEST(bad(R"({"eventType": "x", "outcome": 3})").path == "/steps/0/expect/log/0/outcome");
    BOOST_TEST(bad(R"({"eventType": "x", "target": [1]})").path == "/steps/0/expect/log/0/target/0");
    BOOST_TEST(bad(R"({"eventType": "x", "actor": "me"})").path == "/steps/0/expect/log/0/actor");
}

BOOST_AUTO_TEST_SUITE_END()
