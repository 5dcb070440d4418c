// Tests for parsing the simulated app's configuration: defaults, every field, and error messages that name the
// JSON path and what was expected (a scenario author reads these to fix their file).
#include "support/sim_app.hpp"

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::test;

namespace {

struct ParseResult {
    bool ok = false;
    std::string error;
    error_code code;
};

ParseResult parse_config(std::string_view text) {
    ParseResult out;
    const auto config = simapp::parse_sim_app_config(text, out.error);
    out.ok = config.has_value();
    if (!config) out.code = config.error();
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_config)

BOOST_AUTO_TEST_CASE(config_empty_object_gives_defaults) {
    // Setup
    std::string error;
    // Act
    const auto config = simapp::parse_sim_app_config(std::string_view("{}"), error);
    // Assert
    BOOST_REQUIRE(config.has_value());
    BOOST_TEST(config->base_path == "/scim/v2");
    BOOST_TEST(config->public_url == "https://app.example.test");
    BOOST_TEST(config->auth.kind_name() == "none");
    BOOST_TEST((config->patch_response == simapp::PatchResponse::resource));
    BOOST_TEST(!config->quirks.no_patch);
    BOOST_TEST(config->faults.empty());
    BOOST_TEST(error.empty());
}

BOOST_AUTO_TEST_CASE(config_reads_every_field) {
    // Setup
    const std::string_view text = R"({
      "type": "simulated", "basePath": "/scim/v2/", "publicUrl": "http://localhost:8443",
      "auth": {"basic": {"username": "u", "password": "p"}}, "authErrorDetail": "nope",
      "accounts": [{"id": "u1", "userName": "a", "meta": {"created": "2024-01-01T00:00:00Z"}}],
      "groups": [{"displayName": "G", "members": [{"value": "u1"}]}],
      "patchResponse": "no-content",
      "quirks": {"itemsPerPageEchoesCount": true, "caseSensitiveUserNameFilter": true, "noPatch": true},
      "faults": [{"name": "f", "match": {"method": "post", "path": "/Users", "nth": 2},
                  "respond": {"status": 500, "delay": "2m"}}]})";
    std::string error;
    // Act
    const auto config = simapp::parse_sim_app_config(text, error);
    // Assert
    BOOST_REQUIRE_MESSAGE(config.has_value(), error);
    BOOST_TEST(config->base_path == "/scim/v2");
    BOOST_TEST(config->public_url == "http://localhost:8443");
    BOOST_TEST(config->auth.expected_authorization() == "Basic dTpw");
    BOOST_TEST(config->auth_error_detail == "nope");
    BOOST_TEST(config->accounts.size() == 1u);
    BOOST_TEST(config->groups.size() == 1u);
    BOOST_TEST((config->patch_response == simapp::PatchResponse::no_content));
    BOOST_TEST(config->quirks.items_per_page_echoes_count);
    BOOST_TEST(config->quirks.case_sensitive_user_name_filter);
    BOOST_TEST(config->quirks.no_patch);
    BOOST_REQUIRE(config->faults.size() == 1u);
    BOOST_TEST(*config->faults[0].match.method == "POST");
    BOOST_TEST(*config->faults[0].match.nth == 2u);
    BOOST_TEST(config->faults[0].respond.delay->count() == 120'000);
    BOOST_TEST(!config->faults[0].respond.processes());
}

BOOST_AUTO_TEST_CASE(config_accounts_keep_configured_meta_and_id) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "fixed", "userName": "a",
        "meta": {"created": "2024-01-01T00:00:00.000Z", "lastModified": "2024-02-01T00:00:00.000Z"}}]})");
    // Act
    const auto account = json::value(*app.find_account("fixed"));
    // Assert
    BOOST_TEST(text_at(account, "/meta/created") == "2024-01-01T00:00:00.000Z");
    BOOST_TEST(text_at(account, "/meta/lastModified") == "2024-02-01T00:00:00.000Z");
    BOOST_TEST(text_at(account, "/meta/location") == "https://app.example.test/scim/v2/Users/fixed");
    BOOST_TEST(text_at(account, "/schemas/0") == "urn:ietf:params:scim:schemas:core:2.0:User");
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_json_path) {
    struct Case {
        std::string text;
        std::string error;  // the expected message, or its beginning when it ends in "..."
        scenario_errc code;
    };
    const std::vector<Case> cases = {
        {R"([])", "/: expected an object, got an array", scenario_errc::wrong_type},
        {R"({"tpye": "simulated"})",
         "/tpye: unknown key; expected one of: type, scimVersion, basePath, publicUrl, auth, authErrorDetail, accounts, groups, "
         "patchResponse, compressResponses, quirks, faults, oauth", scenario_errc::unknown_key},
        {R"({"type": "scim"})", "/type: expected \"simulated\"", scenario_errc::bad_value},
        {R"({"basePath": "scim"})", "/basePath: expected a path like \"/scim/v2\"", scenario_errc::bad_value},
        {R"({"basePath": 5})", "/basePath: expected a string, got an integer", scenario_errc::wrong_type},
        {R"({"publicUrl": "ftp://x"})", "/publicUrl: expected an absolute http(s) URL...", scenario_errc::bad_value},
        {R"({"auth": "token"})", "/auth: expected \"none\" or an object...", scenario_errc::bad_value},
        {R"({"auth": {"bearer": ""}})", "/auth/bearer: expected a non-empty string, got an empty string",
         scenario_errc::bad_value},
        {R"({"auth": {"bearer": "a", "header": "b"}})", "/auth/header: only one authentication mode may be given",
         scenario_errc::bad_value},
        {R"({"auth": {"basic": {"username": "u"}}})", "/auth/basic/password: missing; expected a string",
         scenario_errc::missing_key},
        {R"({"auth": {"basic": {"username": "u:x", "password": ""}}})", "/auth/basic/username: must not contain ':'...",
         scenario_errc::bad_value},
        {R"({"accounts": {}})", "/accounts: expected an array of SCIM User objects", scenario_errc::wrong_type},
        {R"({"accounts": [{"userName": "a"}, {"name": {}}]})",
         "/accounts/1/userName: missing; expected a string (every account needs a userName)",
         scenario_errc::missing_key},
        {R"({"accounts": [{"userName": "a"}, {"userName": "A"}]})",
         "/accounts/1/userName: duplicate userName (already used by /accounts/0)", scenario_errc::bad_value},
        {R"({"accounts": [{"userName": "a", "active": "yes"}]})",
         "/accounts/0/active: expected true or false, got a string",
         scenario_errc::wrong_type},
        {R"({"accounts": [{"userName": "a", "meta": {"created": "yesterday"}}]})",
         "/accounts/0/meta/created: expected a timestamp...", scenario_errc::bad_value},
        {R"({"accounts": [{"id": "x", "userName": "a"}, {"id": "x", "userName": "b"}]})",
         "/accounts/1/id: duplicate id (already used by /accounts/0)", scenario_errc::bad_value},
        {R"({"groups": [{"displayName": "G", "members": [{"value": "ghost"}]}]})",
         "/groups/0/members/0/value: no account has id \"ghost\"...", scenario_errc::bad_reference},
        {R"({"patchResponse": "none"})", "/patchResponse: expected \"resource\" or \"no-content\"", scenario_errc::bad_value},
        {R"({"quirks": {"noPatch": 1}})", "/quirks/noPatch: expected true or false, got an integer",
         scenario_errc::wrong_type},
        {R"({"quirks": {"noPach": true}})",
         "/quirks/noPach: unknown key; expected one of: itemsPerPageEchoesCount, caseSensitiveUserNameFilter, noPatch",
         scenario_errc::unknown_key},
        {R"({"faults": {}})", "/faults: expected an array of fault objects, got an object", scenario_errc::wrong_type},
        {R"({"faults": [{"respond": {"stauts": 500}}]})", "/faults/0/respond/stauts: unknown key...",
         scenario_errc::unknown_key},
        {R"({"faults": [{"respond": {"status": 500}}, {}, {"respond": {}}]})",
         "/faults/1/respond: missing; expected an object saying what the app answers", scenario_errc::missing_key},
        {R"({"faults": [{"respond": {"status": 500}}, {"respond": {"status": 500}}, {"respond": {"delay": "soon"}}]})",
         "/faults/2/respond/delay: expected a duration like \"30s\" (units: ms, s, m, h)", scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"status": 99}}]})",
         "/faults/0/respond/status: expected an HTTP status code from 200 to 599",
         scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"status": "500"}}]})",
         "/faults/0/respond/status: expected an integer >= 0, got a string",
         scenario_errc::wrong_type},
        {R"({"faults": [{"respond": {}}]})", "/faults/0/respond: expected at least one of...", scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"refuse": true, "status": 500}}]})",
         "/faults/0/respond/status: cannot be combined with \"refuse\": no response comes back", scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"refuse": true, "reset": true}}]})",
         "/faults/0/respond/reset: cannot be combined with \"refuse\"", scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"refuse": true, "process": true}}]})", "/faults/0/respond/process: cannot be true...",
         scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"delay": "1s", "process": false}}]})",
         "/faults/0/respond/process: false needs a \"status\", \"refuse\" or \"reset\" to answer with",
         scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"body": "x", "emptyBody": true}}]})",
         "/faults/0/respond/emptyBody: cannot be combined with \"body\"", scenario_errc::bad_value},
        {R"({"faults": [{"respond": {"retryAfter": 30}}]})",
         "/faults/0/respond/retryAfter: expected a string, got an integer",
         scenario_errc::wrong_type},
        {R"({"faults": [{"match": [], "respond": {"status": 500}}]})",
         "/faults/0/match: expected an object, got an array",
         scenario_errc::wrong_type},
        {R"({"faults": [{"match": {"nth": 0}, "respond": {"status": 500}}]})",
         "/faults/0/match/nth: expected an integer >= 1, got 0",
         scenario_errc::bad_value},
        {R"({"faults": [{"match": {"nth": 2, "times": 1}, "respond": {"status": 500}}]})",
         "/faults/0/match/nth: cannot be combined with \"times\" or \"after\"", scenario_errc::bad_value},
        {R"({"faults": [{"match": {"path": "Users"}, "respond": {"status": 500}}]})",
         "/faults/0/match/path: expected a path relative to basePath like \"/Users/*\"", scenario_errc::bad_value},
        {R"({"faults": [{"match": {"method": "P0ST"}, "respond": {"status": 500}}]})",
         "/faults/0/match/method: expected an HTTP method like \"POST\"", scenario_errc::bad_value},
        {R"({"a/b": 1})", "/a~1b: unknown key...", scenario_errc::unknown_key},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text) {
            // Act
            const auto result = parse_config(c.text);
            // Assert
            BOOST_TEST(!result.ok);
            const bool prefix = c.error.size() > 3 && c.error.ends_with("...");
            if (prefix) BOOST_TEST(result.error.starts_with(c.error.substr(0, c.error.size() - 3)), result.error);
            else BOOST_TEST(result.error == c.error);
            BOOST_TEST(result.code == make_error_code(c.code));
        }
    }
}

BOOST_AUTO_TEST_CASE(hardening_blank_credentials_are_refused) {
    // An empty or whitespace-only credential would let a request without one through, so each is an error.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"auth": {"header": " "}})", "/auth/header: expected a credential, not only whitespace"},
        {R"({"auth": {"header": "\t"}})", "/auth/header: expected a credential, not only whitespace"},
        {R"({"auth": {"header": ""}})", "/auth/header: expected a non-empty string, got an empty string"},
        {R"({"auth": {"bearer": " \t\n"}})", "/auth/bearer: expected a credential, not only whitespace"},
        {R"({"auth": {"basic": {"username": " ", "password": "p"}}})",
         "/auth/basic/username: expected a credential, not only whitespace"},
        {R"({"auth": {"basic": {"username": "u", "password": ""}}})",
         "/auth/basic/password: expected a non-empty string, got an empty string"},
        {R"({"auth": {"basic": {"username": "u", "password": "  "}}})",
         "/auth/basic/password: expected a credential, not only whitespace"},
        {R"({"oauth": {"refreshToken": " "}})", "/oauth/refreshToken: expected a credential, not only whitespace"},
        {R"({"oauth": {"refreshToken": "rt", "clientId": "c", "clientSecret": ""}})",
         "/oauth/clientSecret: expected a non-empty string, got an empty string"},
        {R"({"oauth": {"refreshToken": "rt", "clientId": "c", "clientSecret": "\t"}})",
         "/oauth/clientSecret: expected a credential, not only whitespace"},
        {R"({"oauth": {"refreshToken": "rt", "clientId": "c"}})",
         "/oauth/clientSecret: missing; \"clientId\" and \"clientSecret\" go together (Basic client authentication)"},
    };
    for (const auto& [text, expected] : cases) {
        BOOST_TEST_CONTEXT(text) {
            // Act
            const auto result = parse_config(text);
            // Assert
            BOOST_TEST(!result.ok);
            BOOST_TEST(result.error == expected);
        }
    }
    BOOST_TEST(parse_config(R"({"auth": {"basic": {"username": "u", "password": " p "}}})").ok);
}

BOOST_AUTO_TEST_CASE(hardening_out_of_range_numbers_in_the_config_are_refused) {
    // Act
    const auto result = parse_config(R"({"accounts": [{"userName": "a", "urn:x": {"n": [1, 1e999999]}}]})");
    // Assert
    BOOST_TEST(!result.ok);
    BOOST_TEST(result.error == "/accounts/0/urn:x/n/1: expected a finite number (this one is out of range)");
    BOOST_TEST(result.code == make_error_code(scenario_errc::bad_value));
}

BOOST_AUTO_TEST_CASE(config_text_that_is_not_json_is_bad_json) {
    // Act
    const auto result = parse_config(R"({"basePath": )");
    // Assert
    BOOST_TEST(!result.ok);
    BOOST_TEST(result.code == make_error_code(scenario_errc::bad_json));
    BOOST_TEST(result.error.starts_with("/: invalid JSON: "));
}

BOOST_AUTO_TEST_CASE(config_auth_parses_on_its_own_for_the_admin_endpoint) {
    // Setup
    std::string error;
    // Act
    const auto none = simapp::parse_auth_config(json::value("none"), "", error);
    const auto header = simapp::parse_auth_config(json::parse(R"({"header": "SSWS x"})"), "", error);
    const auto bad = simapp::parse_auth_config(json::parse(R"({"bearer": 1})"), "/auth", error);
    // Assert
    BOOST_REQUIRE(none.has_value());
    BOOST_TEST(none->kind_name() == "none");
    BOOST_REQUIRE(header.has_value());
    BOOST_TEST(header->expected_authorization() == "SSWS x");
    BOOST_TEST(!bad.has_value());
    BOOST_TEST(error == "/auth/bearer: expected a string, got an integer");
}

BOOST_AUTO_TEST_SUITE_END()
