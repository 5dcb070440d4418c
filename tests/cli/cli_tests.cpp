// The oktasim executable as users' scripts see it: exit codes and the messages for bad input and usage.
#define BOOST_TEST_MODULE oktasim_cli
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "run_oktasim.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

using oktasim_cli_test::oktasim;
using oktasim_cli_test::Outcome;
using oktasim_cli_test::TempFile;

const std::string minimal = R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
  "apps": [{"key": "x", "label": "X", "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2"},
            "downstream": {}}], "steps": [)";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A scenario with a secret token and a generated password on the wire, and two expectations: one holds, one fails.
const std::string failing_with_secrets = R"({"oktasim": 1, "name": "report me", "seed": 3,
  "org": {"users": [{"profile": {"login": "a@example.com"}}]},
  "apps": [{"key": "x", "label": "X", "features": {"name": "USER_PROVISIONING",
             "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}},
            "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2",
                          "auth": {"mode": "header", "token": "sekrit-token"}},
            "downstream": {"auth": {"bearer": "sekrit-token"}}}],
  "steps": [{"do": "assign", "user": "a@example.com", "app": "x"},
            {"expect": {"appUser": {"app": "x", "user": "a@example.com", "status": "PROVISIONED"}}},
            {"expect": {"appUser": {"app": "x", "user": "a@example.com", "status": "STAGED"}, "requests": []}}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(version_and_help_exit_zero) {
    BOOST_TEST(oktasim("--version").exit_code == 0);
    const auto help = oktasim("--help");
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(contains(help.out, "run SCENARIO"));
    BOOST_TEST(oktasim("run --help").exit_code == 0);
    BOOST_TEST(oktasim("modes --help").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_two) {
    BOOST_TEST(oktasim("").exit_code == 2);
    BOOST_TEST(oktasim("frobnicate").exit_code == 2);
    BOOST_TEST(oktasim("run").exit_code == 2);
    BOOST_TEST(oktasim("run --format xml x.json").exit_code == 2);
    BOOST_TEST(oktasim("run --no-such-flag").exit_code == 2);
}

BOOST_AUTO_TEST_CASE(malformed_json_exits_two_naming_the_file) {
    TempFile f("{\"oktasim\": 1,, }");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, f.path.string()));
    BOOST_TEST(contains(o.out, "not valid JSON"));
}

BOOST_AUTO_TEST_CASE(empty_file_exits_two) {
    TempFile f("");
    const auto o = oktasim("validate '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "empty"));
}

BOOST_AUTO_TEST_CASE(unknown_key_names_the_json_path) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x", "colour": "red"}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/steps/0/colour: unknown key"), o.out);
}

BOOST_AUTO_TEST_CASE(wrong_type_names_the_json_path) {
    TempFile f(R"({"oktasim": 1, "name": "n", "seed": "forty-two", "org": {}, "apps": [], "steps": []})");
    const auto o = oktasim("validate '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/seed: expected an integer, got a string"), o.out);
}

BOOST_AUTO_TEST_CASE(dangling_reference_names_the_json_path) {
    TempFile f(minimal + R"({"do": "assign", "user": "bob@example.com", "app": "x"}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/steps/0/user: no user 'bob@example.com'"), o.out);
}

BOOST_AUTO_TEST_CASE(missing_file_exits_two) {
    const auto o = oktasim("run /nonexistent/scenario.json");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "cannot open"));
}

BOOST_AUTO_TEST_CASE(failed_expectation_exits_one_with_expected_and_actual) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x"},
        {"expect": {"appUser": {"app": "x", "user": "a@example.com", "status": "PROVISIONED"}}}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 1);
    BOOST_TEST(contains(o.out, "status: expected \"PROVISIONED\", got \"STAGED\""), o.out);
    BOOST_TEST(contains(o.out, "--seed"), o.out);
}

BOOST_AUTO_TEST_CASE(json_format_prints_only_log_lines) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x"}]})");
    const auto o = oktasim("run --format json '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 0);
    BOOST_TEST(o.out.rfind("{\"actor\":", 0) == 0u, o.out);
    BOOST_TEST(contains(o.out, "\"eventType\":\"application.user_membership.add\""));
}

BOOST_AUTO_TEST_CASE(transcript_redacts_secrets) {
    TempFile f(R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
      "apps": [{"key": "x", "label": "X", "features": {"name": "USER_PROVISIONING",
                 "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}},
                "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2",
                              "auth": {"mode": "header", "token": "sekrit-token"}},
                "downstream": {"auth": {"bearer": "sekrit-token"}}}],
      "steps": [{"do": "assign", "user": "a@example.com", "app": "x"}]})");
    TempFile transcript("", "transcript.txt");
    const auto o = oktasim("run --transcript '" + transcript.path.string() + "' '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 0, o.out);
    std::ifstream in(transcript.path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(contains(text, "POST /scim/v2/Users HTTP/1.1"));
    BOOST_TEST(contains(text, "Authorization: Bearer [REDACTED]"));
    BOOST_TEST(!contains(text, "sekrit-token"));
    BOOST_TEST(contains(text, "\"password\":\"[REDACTED]\""));
}

// Issue 6 item 3: a scenario with a distinctive secret in every credential field and a failing expectation of every
// kind; no output of `run` (text, --format json, --transcript) may contain any of them.
namespace {

const char* const planted_secrets[] = {
    "SECRETTOKEN1", "SECRETPREFIXED2", "SECRETUSER3", "SECRETPASS4", "SECRETACCESS5", "SECRETREFRESH6",
    "SECRETCLIENT7", "SECRETUSERPW8", "SECRETNEWPW9", "SECRETEXPECTED10", "SECRETEXPECTED11", "SECRETEXPECTED12",
    "U0VDUkVUVVNFUjM6U0VDUkVUUEFTUzQ",  // base64("SECRETUSER3:SECRETPASS4"), as the Basic header carries it
    "b2t0YS1jbGllbnQ6U0VDUkVUQ0xJRU5UNw",  // base64("okta-client:SECRETCLIENT7")
    "oktasim-at-",  // the access tokens the simulated authorization server issues
};

const std::string secrets_scenario = R"({"oktasim": 1, "name": "secrets", "seed": 7,
  "org": {"users": [{"id": "00u1alice000000000A1", "status": "ACTIVE",
                     "profile": {"login": "alice@example.com", "email": "alice@example.com", "firstName": "A", "lastName": "L"},
                     "credentials": {"password": {"value": "SECRETUSERPW8"}}}]},
  "apps": [
    {"key": "hdr", "label": "Header", "flavour": "OIN",
     "features": [{"name": "USER_PROVISIONING", "status": "ENABLED", "capabilities": {
       "create": {"lifecycleCreate": {"status": "ENABLED"}},
       "update": {"profile": {"status": "ENABLED"}, "password": {"status": "ENABLED", "seed": "OKTA"}}}}],
     "connector": {"type": "scim2", "baseUrl": "https://hdr.example.test/scim/v2", "auth": {"mode": "header", "token": "SECRETTOKEN1"}},
     "downstream": {"auth": {"bearer": "SECRETTOKEN1"}}},
    {"key": "pfx", "label": "Prefix",
     "features": [{"name": "USER_PROVISIONING", "status": "ENABLED", "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}}],
     "connector": {"type": "scim2", "baseUrl": "https://pfx.example.test/scim/v2",
                   "auth": {"mode": "header", "prefix": "SSWS ", "token": "SECRETPREFIXED2"}},
     "downstream": {"auth": {"header": "SSWS SECRETPREFIXED2"}}},
    {"key": "bas", "label": "Basic",
     "features": [{"name": "USER_PROVISIONING", "status": "ENABLED", "capabilities": {
       "create": {"lifecycleCreate": {"status": "ENABLED"}},
       "update": {"password": {"status": "ENABLED", "seed": "RANDOM"}}}}],
     "connector": {"type": "scim2", "baseUrl": "https://bas.example.test/scim/v2",
                   "auth": {"mode": "basic", "username": "SECRETUSER3", "password": "SECRETPASS4"}},
     "downstream": {"auth": {"basic": {"username": "SECRETUSER3", "password": "SECRETPASS4"}}}},
    {"key": "oau", "label": "OAuth",
     "features": [{"name": "USER_PROVISIONING", "status": "ENABLED", "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}}],
     "connector": {"type": "scim2", "baseUrl": "https://oau.example.test/scim/v2",
                   "auth": {"mode": "oauth2", "accessToken": "SECRETACCESS5", "refreshToken": "SECRETREFRESH6",
                            "tokenUrl": "https://oau.example.test/oauth2/v1/token", "clientId": "okta-client",
                            "clientSecret": "SECRETCLIENT7"}},
     "downstream": {"auth": {"bearer": "expired"},
                    "oauth": {"tokenPath": "/oauth2/v1/token", "refreshToken": "SECRETREFRESH6", "clientId": "okta-client",
                              "clientSecret": "SECRETCLIENT7"}}}
  ],
  "steps": [
    {"do": "assign", "user": "alice@example.com", "app": "hdr"},
    {"expect": {"requests": [
       {"method": "GET", "headers": {"Authorization": "Bearer nope"}},
       {"method": "POST", "headers": {"Authorization": "Bearer SECRETEXPECTED10"}, "body": {"password": "nope"}}]}},
    {"expect": {"requests": []}},
    {"do": "assign", "user": "alice@example.com", "app": "pfx"},
    {"expect": {"requests": [{"method": "GET", "headers": {"Authorization": "SSWS nope"}}, {"method": "POST", "body": {"userName": "x"}}]}},
    {"do": "assign", "user": "alice@example.com", "app": "bas"},
    {"expect": {"requests": [{"method": "GET", "headers": {"Authorization": "Basic nope"}},
                             {"method": "POST", "body": {"password": "SECRETEXPECTED11"}}]}},
    {"do": "assign", "user": "alice@example.com", "app": "oau"},
    {"expect": {"requests": [{"method": "GET", "headers": {"Authorization": "Bearer nope"}},
                             {"method": "POST", "body": {"refresh_token": "nope"}, "headers": {"Authorization": "Basic nope"}},
                             {"method": "GET", "headers": {"Authorization": "Bearer nope"}},
                             {"method": "POST", "headers": {"authorization": "nope"}}]}},
    {"do": "set-password", "user": "alice@example.com", "password": "SECRETNEWPW9"},
    {"expect": {"requests": [{"method": "PATCH", "body": {"Operations": [{"value": {"password": "nope"}}]}}]}},
    {"expect": {"account": {"app": "hdr", "userName": "alice@example.com", "password": "nope"}}},
    {"expect": {"account": {"app": "bas", "userName": "alice@example.com", "password": "nope"}}},
    {"expect": {"account": {"app": "hdr", "userName": "alice@example.com", "resource": {"password": "SECRETEXPECTED12"}}}},
    {"expect": {"accounts": {"app": "hdr", "users": [{"userName": "alice@example.com", "password": "nope"}]}}},
    {"expect": {"appUser": {"app": "hdr", "user": "alice@example.com", "status": "STAGED"}}},
    {"expect": {"log": [{"eventType": "application.provision.user.push_okta_password", "debugData": {"password": "SECRETEXPECTED12"}}]}},
    {"expect": {"task": {"app": "hdr", "status": "OPEN"}}},
    {"expect": {"openTasks": [{"app": "hdr"}]}},
    {"expect": {"user": {"user": "alice@example.com", "status": "SUSPENDED"}}},
    {"expect": {"backendLog": {"app": "hdr", "contains": "nope"}}}
  ]})";

}  // namespace

BOOST_AUTO_TEST_CASE(hardening_failed_expectations_never_print_secrets) {
    // Setup
    TempFile f(secrets_scenario, "secrets.json");
    TempFile transcript("", "secrets-transcript.txt");
    TempFile json_transcript("", "secrets-transcript-json.txt");
    // Act
    const auto text = oktasim("run --transcript '" + transcript.path.string() + "' '" + f.path.string() + "'");
    const auto json = oktasim("run --format json --transcript '" + json_transcript.path.string() + "' '" +
                              f.path.string() + "'");
    const std::string outputs[] = {text.out, json.out, read_file(transcript.path), read_file(json_transcript.path)};
    // Assert: every expectation failed, and said so with redacted values
    BOOST_TEST(text.exit_code == 1, text.out);
    BOOST_TEST(json.exit_code == 1, json.out);
    BOOST_TEST(contains(text.out, "21 expectation(s) failed"), text.out);
    BOOST_TEST(contains(text.out, "header Authorization: expected \"Bearer [REDACTED]\" (11 chars), got "
                                  "\"Bearer [REDACTED]\" (19 chars); the values differ (secrets are not shown)"),
               text.out);
    BOOST_TEST(contains(text.out, "body/Operations/0/value/password: expected \"[REDACTED]\" (4 chars), got "
                                  "\"[REDACTED]\" (12 chars); the values differ"),
               text.out);
    BOOST_TEST(contains(text.out, "account alice@example.com: password: expected \"[REDACTED]\" (4 chars), got "
                                  "\"[REDACTED]\""),
               text.out);
    BOOST_TEST(contains(json.out, "FAILED: /steps/1 (expect): requests/0"), json.out);
    BOOST_TEST(contains(read_file(transcript.path), "refresh_token=[REDACTED]"));
    for (const auto& out : outputs)
        for (const char* secret : planted_secrets) BOOST_TEST(!contains(out, secret), secret << " leaked in:\n" << out);
}

BOOST_AUTO_TEST_CASE(modes_lists_every_catalogue_entry) {
    const auto o = oktasim("modes");
    BOOST_TEST(o.exit_code == 0);
    BOOST_TEST(contains(o.out, "create-users-off"));
    BOOST_TEST(contains(o.out, "fixtures/scenarios/failure-modes/create-users-off.json"));
    BOOST_TEST(oktasim("modes --format json").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(modes_format_json_is_one_json_array) {
    const auto o = oktasim("modes --format json");
    BOOST_TEST(o.exit_code == 0);
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(o.out, ec);  // JSON Lines would not parse as one document
    BOOST_TEST_REQUIRE(!ec, o.out.substr(0, 200));
    BOOST_TEST_REQUIRE(v.is_array());
    BOOST_TEST(v.as_array().size() >= 20u);
    BOOST_TEST(v.as_array()[0].as_object().at("name").as_string() == "create-users-off");
    BOOST_TEST(contains(oktasim("modes --help").out, "one JSON array"));
}

BOOST_AUTO_TEST_CASE(run_report_writes_each_expectation_with_expected_and_actual_redacted) {
    TempFile f(failing_with_secrets);
    TempFile report("", "report.json");
    const auto o = oktasim("run --report '" + report.path.string() + "' '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 1, o.out);
    const std::string text = read_file(report.path);
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    BOOST_TEST_REQUIRE(!ec, text);
    const auto& root = v.as_object();
    BOOST_TEST(root.at("ok").as_bool() == false);
    const auto& scenario = root.at("results").as_array().at(0).as_object();
    BOOST_TEST(scenario.at("file").as_string() == f.path.string());
    BOOST_TEST(scenario.at("expectations").as_int64() == 2);
    BOOST_TEST(scenario.at("expectationsFailed").as_int64() == 1);
    BOOST_TEST(contains(std::string(scenario.at("reproduce").as_string()), "--seed 3"));
    const auto& steps = scenario.at("steps").as_array();
    BOOST_TEST_REQUIRE(steps.size() == 2u);
    const auto& held = steps[0].as_object();
    BOOST_TEST(held.at("ok").as_bool() == true);
    BOOST_TEST(held.at("path").as_string() == "/steps/1");
    BOOST_TEST(held.at("expected").at("appUser").at("status").as_string() == "PROVISIONED");
    BOOST_TEST(held.at("actual").at("appUser").at("status").as_string() == "PROVISIONED");
    const auto& failed = steps[1].as_object();
    BOOST_TEST(failed.at("ok").as_bool() == false);
    const auto& failures = failed.at("failures").as_array();
    BOOST_TEST_REQUIRE(failures.size() == 2u);
    BOOST_TEST(contains(std::string(failures[0].as_string()), "status: expected \"STAGED\", got \"PROVISIONED\""));
    // The two requests sent are the actual of "requests": [], with the token and the password redacted.
    const auto& requests = failed.at("actual").at("requests").as_array();
    BOOST_TEST_REQUIRE(requests.size() == 2u);
    BOOST_TEST(requests[1].at("headers").at("Authorization").as_string() == "Bearer [REDACTED]");
    BOOST_TEST(requests[1].at("body").at("password").as_string() == "[REDACTED]");
    BOOST_TEST(!contains(text, "sekrit-token"));
}

BOOST_AUTO_TEST_CASE(run_junit_has_one_test_case_per_scenario_with_the_diffs) {
    TempFile bad(failing_with_secrets, "bad.json");
    TempFile good(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x"}]})", "good.json");
    TempFile junit("", "junit.xml");
    const auto o = oktasim("run --junit '" + junit.path.string() + "' '" + bad.path.string() + "' '" + good.path.string() + "'");
    BOOST_TEST(o.exit_code == 1, o.out);
    const std::string xml = read_file(junit.path);
    BOOST_TEST(contains(xml, "<testsuites name=\"oktasim run\" tests=\"2\" failures=\"1\""), xml);
    BOOST_TEST(contains(xml, "<testcase classname=\"oktasim.run\" name=\"" + good.path.string() + "\" time=\"0\"/>"), xml);
    BOOST_TEST(contains(xml, "name=\"" + bad.path.string() + "\""), xml);
    BOOST_TEST(contains(xml, "status: expected &quot;STAGED&quot;, got &quot;PROVISIONED&quot;"), xml);
    BOOST_TEST(contains(xml, "reproduce: oktasim run"), xml);
    BOOST_TEST(!contains(xml, "sekrit-token"));
}

BOOST_AUTO_TEST_CASE(run_report_to_an_unwritable_path_is_a_usage_error) {
    TempFile f(minimal + "]}");
    const auto o = oktasim("run --report /nonexistent/dir/report.json '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "--report: cannot write /nonexistent/dir/report.json"), o.out);
}

BOOST_AUTO_TEST_CASE(run_show_state_prints_the_app_user_tasks_and_account) {
    TempFile f(failing_with_secrets);
    const auto plain = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(!contains(plain.out, "state appUser"));
    const auto o = oktasim("run --show-state '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 1, o.out);
    BOOST_TEST(contains(o.out, "state appUser x/a@example.com: status PROVISIONED, syncState SYNCHRONIZED, externalId "), o.out);
    BOOST_TEST(contains(o.out, "state account x: userName a@example.com, active true, id "), o.out);
}

BOOST_AUTO_TEST_CASE(demo_shows_state_after_each_expectation) {
    const auto o = oktasim("demo");
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "state appUser acme/alice@example.com: status STAGED, syncState ERROR"), o.out);
    BOOST_TEST(contains(o.out, "state appUser acme/alice@example.com: status PROVISIONED, syncState SYNCHRONIZED"), o.out);
    // The task list entry, once OPEN (after the first expectation) and once RESOLVED (after the retry).
    const auto first_task = o.out.find("state task 0tk");
    BOOST_TEST_REQUIRE(first_task != std::string::npos, o.out);
    const std::string line = o.out.substr(first_task, o.out.find('\n', first_task) - first_task);
    BOOST_TEST(contains(line, " OPEN [Provisioning errors] Automatic provisioning of user Alice Liddell to app Acme Cloud "
                              "failed: User not found"), line);
    BOOST_TEST(o.out.find(" RESOLVED [Provisioning errors]", o.out.find("state task 0tk", first_task + 1)) != std::string::npos);
    BOOST_TEST(contains(o.out, "state account acme: no account alice@example.com"), o.out);
    BOOST_TEST(contains(o.out, "state account acme: userName alice@example.com, active false, id "), o.out);
    BOOST_TEST(contains(o.out, "state appUser acme/alice@example.com: not assigned"), o.out);
}

BOOST_AUTO_TEST_CASE(demo_shows_user_not_found_then_provisioned) {
    const auto o = oktasim("demo");
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "failed: User not found"));
    BOOST_TEST(contains(o.out, "POST /scim/v2/Users -> 201 Created"));
    BOOST_TEST(contains(o.out, "PASS"));
}

// Items 1 and 2 (client side): every credential flag of check must hold something and no control character.
BOOST_AUTO_TEST_CASE(hardening_check_refuses_empty_or_injecting_credentials) {
    const std::string url = "http://127.0.0.1:1/scim/v2";
    struct Case {
        std::string flags;
        std::string names;  // what the message must name
    };
    const std::vector<Case> cases = {
        {"--token ''", "--token is empty"},
        {"--token '   '", "--token is empty"},
        {"--token \"$(printf '\\t')\"", "--token"},
        {"--basic 'user:'", "--basic PASS (after the ':') is empty"},
        {"--basic ':pass'", "--basic USER (before the ':') is empty"},
        {"--basic ' : '", "--basic USER (before the ':') is empty"},
        {"--oauth-token ' '", "--oauth-token is empty"},
        {"--token \"$(printf 'T\\r\\nX-Evil: 1')\"", "--token contains a control character"},
        {"--token \"$(printf 'T\\033[2J')\"", "--token contains a control character"},
        {"--token T --token-prefix \"$(printf 'Bearer\\r\\nX-Evil: 1\\r\\nX: ')\"",
         "--token-prefix contains a control character"},
        {"--basic \"$(printf 'u\\r\\nX-Evil: 1:p')\"", "--basic USER (before the ':') contains a control character"},
        {"--basic \"$(printf 'u:p\\nX-Evil: 1')\"", "--basic PASS (after the ':') contains a control character"},
        {"--oauth-token \"$(printf 'T\\nX-Evil: 1')\"", "--oauth-token contains a control character"},
    };
    for (const auto& c : cases) {
        const auto o = oktasim("check " + url + " " + c.flags);
        BOOST_TEST(o.exit_code == 2, c.flags << ": " << o.out);
        BOOST_TEST(contains(o.out, c.names), c.flags << ": " << o.out);
        BOOST_TEST(!contains(o.out, "X-Evil"), c.flags);  // the value itself is not echoed
    }
    // An empty prefix is a raw token, not an empty credential.
    const auto raw = oktasim("check " + url + " --token T --token-prefix '' --only connection");
    BOOST_TEST(raw.exit_code == 1, raw.out);
}

// Item 16: a refused connection is one failure; everything after it is skipped for that reason.
BOOST_AUTO_TEST_CASE(hardening_check_refused_connection_skips_later_steps) {
    const auto o = oktasim("check http://127.0.0.1:1/scim/v2 --token T --seed 3");
    BOOST_TEST(o.exit_code == 1, o.out);
    BOOST_TEST(contains(o.out, "FAIL connection: Test API Credentials"), o.out);
    BOOST_TEST(contains(o.out, "skipped:  the connection test failed (no response (connection refused"), o.out);
    BOOST_TEST(contains(o.out, "0 passed, 1 failed, 19 skipped\n"), o.out);
}

// Items 3 and 17: JSON and JUnit outputs of check carry no credential, and JUnit has timestamp and hostname.
BOOST_AUTO_TEST_CASE(hardening_check_outputs_carry_no_credentials) {
    TempFile junit("", "check.xml");
    for (const char* flags : {"--token PLANTED-CLI-TOKEN", "--basic planted:PLANTED-CLI-PASS",
                                    "--oauth-token PLANTED-CLI-OAUTH"}) {
        for (const char* format : {"text", "json"}) {
            const auto o = oktasim("check http://127.0.0.1:1/scim/v2 " + std::string(flags) + " --seed 3 --format " + format +
                                   " --junit '" + junit.path.string() + "'");
            BOOST_TEST(o.exit_code == 1, o.out);
            std::ifstream in(junit.path);
            const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            for (const char* secret : {"PLANTED-CLI", "cGxhbnRlZDpQTEFOVEVELUNMSS1QQVNT"}) {
                BOOST_TEST(!contains(o.out, secret), flags << " " << format);
                BOOST_TEST(!contains(xml, secret), flags);
            }
            BOOST_TEST(contains(xml, " timestamp=\"20"), xml);
            BOOST_TEST(contains(xml, " hostname=\""), xml);
        }
    }
}

// Items 14, 9 and 17: bad values of check's new flags and of demo's --color are usage errors.
BOOST_AUTO_TEST_CASE(hardening_check_and_demo_reject_bad_flag_values) {
    const std::string check = "check http://127.0.0.1:1/scim/v2 --token T ";
    const auto features = oktasim(check + "--features create,bogus");
    BOOST_TEST(features.exit_code == 2, features.out);
    BOOST_TEST(contains(features.out, "--features takes create, update, deactivate and password"), features.out);
    const auto deadline = oktasim(check + "--exchange-timeout 0s");
    BOOST_TEST(deadline.exit_code == 2, deadline.out);
    BOOST_TEST(contains(deadline.out, "--exchange-timeout takes a duration"), deadline.out);
    const auto color = oktasim(check + "--color sometimes");
    BOOST_TEST(color.exit_code == 2, color.out);
    BOOST_TEST(contains(color.out, "oktasim check: --color must be auto, always or never, not 'sometimes'"), color.out);
    const auto nonce = oktasim(check + "--nonce 'a b'");
    BOOST_TEST(nonce.exit_code == 2, nonce.out);
    const auto groups = oktasim(check + "--groups --only spec");
    BOOST_TEST(groups.exit_code == 2, groups.out);
    BOOST_TEST(contains(groups.out, "oktasim check: --groups needs the lifecycle phase"), groups.out);
    const auto demo = oktasim("demo --color sometimes");
    BOOST_TEST(demo.exit_code == 2, demo.out);
    BOOST_TEST(contains(demo.out, "oktasim demo: --color must be auto, always or never, not 'sometimes'"), demo.out);
}

// Item 12: a tokenUrl that is not a URL, or a refresh token without one, fails validation with the JSON path.
BOOST_AUTO_TEST_CASE(hardening_token_url_must_be_a_url) {
    const auto scenario = [](const std::string& auth) {
        return R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
          "apps": [{"key": "x", "label": "X", "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2",
                    "auth": )" + auth + R"(}, "downstream": {}}], "steps": []})";
    };
    TempFile bad_url(scenario(R"({"mode": "oauth2", "accessToken": "a", "refreshToken": "r", "tokenUrl": "not a url"})"),
                     "token-url.json");
    const auto o = oktasim("validate '" + bad_url.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "/apps/0/connector/auth/tokenUrl"), o.out);
    TempFile no_url(scenario(R"({"mode": "oauth2", "accessToken": "a", "refreshToken": "r"})"), "no-token-url.json");
    const auto missing = oktasim("validate '" + no_url.path.string() + "'");
    BOOST_TEST(missing.exit_code == 2, missing.out);
    BOOST_TEST(contains(missing.out, "/apps/0/connector/auth/tokenUrl: missing"), missing.out);
    TempFile good(scenario(R"({"mode": "oauth2", "accessToken": "a", "refreshToken": "r",
                              "tokenUrl": "https://x.example.test/oauth2/v1/token"})"),
                  "good-token-url.json");
    const auto fine = oktasim("validate '" + good.path.string() + "'");
    BOOST_TEST(fine.exit_code == 0, fine.out);
}

// A smoke test only: benchmarks are never timed assertions. It checks that every figure is printed, that the push
// really provisioned each user (1,000 users, 2,000 SCIM exchanges) and the import imported each account, in process
// and over HTTP, at small sizes.
BOOST_AUTO_TEST_CASE(bench_prints_every_figure) {
    const auto text = oktasim("bench --users 1000 --http-users 200 --in-flight 8 --lookup-accounts 0,100 "
                              "--lookup-requests 300 --wrk-seconds 1 --import-accounts 300");
    BOOST_TEST(text.exit_code == 0, text.out);
    for (const char* column : {"users", "setup s", "push s", "cpu s", "users/s", "us/user", "floor us", "x floor",
                               "peak MiB", "growth", "HTTP push", "in flight", "req/s", "client cpu", "wrk req/s",
                               "x wrk", "look-up: GET", "accounts", "client req/s", "vs empty", "import: Import Now",
                               "in process", "HTTP", "pages", "import s", "download s", "pages/s", "first ms",
                               "last ms", "last/first"})
        BOOST_TEST(contains(text.out, column), column);
    BOOST_TEST(!contains(text.out, "warning"), text.out);
    // Without wrk the command says so and still succeeds.
    const bool have_wrk = std::system("command -v wrk >/dev/null 2>&1") == 0;
    BOOST_TEST(contains(text.out, "wrk: not measured") != have_wrk, text.out);

    const auto json = oktasim("bench --users 300,600 --http-users 100 --in-flight 2 --lookup-accounts 0,50 "
                              "--lookup-requests 100 --wrk-seconds 1 --import-accounts 100 --format json");
    BOOST_TEST(json.exit_code == 0, json.out);
    for (const char* key : {"\"users\":300", "\"users\":600", "\"pushWallS\"", "\"pushCpuS\"", "\"usersPerS\"",
                            "\"usPerUser\"", "\"floorUsPerUser\"", "\"ratioToFloor\"", "\"peakRssBytes\"",
                            "\"growth\"", "\"provisioned\":600", "\"requests\":1200", "\"httpPush\"", "\"inFlight\":2",
                            "\"users\":100", "\"provisioned\":100", "\"requests\":200", "\"reqPerS\"", "\"ratioToWrk\"",
                            "\"lookup\"", "\"accounts\":0", "\"accounts\":50", "\"failures\":0", "\"wrk\"",
                            "\"available\""})
        BOOST_TEST(contains(json.out, key), key);

    const auto only = oktasim("bench --in-process --users 100");
    BOOST_TEST(only.exit_code == 0, only.out);
    BOOST_TEST(contains(only.out, "floor us"));
    BOOST_TEST(!contains(only.out, "HTTP push"), only.out);
    BOOST_TEST(!contains(only.out, "look-up: GET"), only.out);

    // The import: 250 accounts are three pages of users and one of groups, each imported as a new user, in
    // process and over HTTP, with Okta's result lines.
    const auto imported = oktasim("bench --import --import-accounts 250 --format json");
    BOOST_TEST(imported.exit_code == 0, imported.out);
    for (const char* key : {"\"import\"", "\"where\":\"in process\"", "\"where\":\"HTTP\"", "\"accounts\":250",
                            "\"pages\":4", "\"imported\":250", "\"250 users scanned!\"", "\"250 new users imported\"",
                            "\"firstPageMs\"", "\"lastPageMs\"", "\"lastToFirst\"", "\"pagesPerS\"", "\"peakRssBytes\"",
                            // three user pages are too few to judge their times: no verdict, so no timing warning
                            "\"within20Percent\":null"})
        BOOST_TEST(contains(imported.out, key), key);
    BOOST_TEST(!contains(imported.out, "\"results\":[{"), imported.out);  // --import alone: no push

    BOOST_TEST(oktasim("bench --import-accounts 0").exit_code == 2);
    BOOST_TEST(oktasim("bench --users 10,x").exit_code == 2);
    BOOST_TEST(oktasim("bench --format yaml").exit_code == 2);
    BOOST_TEST(oktasim("bench --in-flight 65").exit_code == 2);
    BOOST_TEST(oktasim("bench --lookup-accounts 10,x").exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
