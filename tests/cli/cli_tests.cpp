// The oktasim executable as users' scripts see it: exit codes and the messages for bad input and usage.
#define BOOST_TEST_MODULE oktasim_cli
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Outcome {
    int exit_code = -1;
    std::string out;  // stdout and stderr together
};

// Runs the oktasim binary with `args` (already shell-quoted) and captures its output and exit code.
Outcome oktasim(const std::string& args) {
    const std::string command = std::string("NO_COLOR=1 '") + OKTASIM_EXE + "' " + args + " 2>&1";
    Outcome o;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

// A scratch scenario file with the given text, removed at the end of the test.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& text, const std::string& name = "scenario.json") {
        path = fs::temp_directory_path() / ("oktasim-cli-" + std::to_string(::getpid()) + "-" + name);
        std::ofstream(path) << text;
    }
    ~TempFile() { fs::remove(path); }
};

const std::string minimal = R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
  "apps": [{"key": "x", "label": "X", "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2"},
            "downstream": {}}], "steps": [)";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

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

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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

BOOST_AUTO_TEST_CASE(demo_shows_user_not_found_then_provisioned) {
    const auto o = oktasim("demo");
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "failed: User not found"));
    BOOST_TEST(contains(o.out, "POST /scim/v2/Users -> 201 Created"));
    BOOST_TEST(contains(o.out, "PASS"));
}

BOOST_AUTO_TEST_SUITE_END()
