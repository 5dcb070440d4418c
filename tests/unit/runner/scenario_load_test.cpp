// Bad input to runner::parse_scenario / load_scenario: each problem is reported at the JSON path where it is, with
// a message that says what was expected, and the right scenario_errc. A scenario author reads these to fix a file.
#include <oktasim/runner/scenario.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace oktasim;
using runner::LoadError;

namespace {

// A small valid scenario: one user, one group, one app with a simulated downstream, no steps.
json::object base() {
    return json::parse(R"({
      "$schema": "../../scenario.schema.json",
      "oktasim": 1,
      "name": "load test",
      "org": {
        "users": [{"id": "00u1alice000000000A1", "profile": {"login": "alice@example.com", "firstName": "Alice"}}],
        "groups": [{"profile": {"name": "Staff"}, "members": ["alice@example.com"]}]
      },
      "apps": [{
        "key": "acme", "label": "Acme Cloud",
        "connector": {"type": "scim2", "baseUrl": "https://acme.example.test/scim/v2", "auth": {"mode": "header", "token": "t"}},
        "downstream": {"auth": {"bearer": "t"}}
      }],
      "steps": []
    })").as_object();
}

json::object with_steps(std::string_view steps) {
    json::object doc = base();
    doc["steps"] = json::parse(steps);
    return doc;
}

// Loads `text`, which must be rejected, and returns why.
LoadError rejected(std::string_view text) {
    LoadError error;
    const auto loaded = runner::parse_scenario(text, "test.json", error);
    BOOST_TEST_REQUIRE(!loaded.has_value(), "the loader accepted:\n" << text);
    BOOST_TEST(error.file == "test.json");
    BOOST_TEST(!error.message.empty());
    return error;
}

LoadError rejected(const json::object& doc) { return rejected(json::serialize(doc)); }

// The base scenario with its app's connector "auth" replaced.
json::object with_auth(std::string_view auth) {
    json::object doc = base();
    doc["apps"].as_array()[0].as_object()["connector"].as_object()["auth"] = json::parse(auth);
    return doc;
}

bool is(const LoadError& e, scenario_errc code) { return e.code == make_error_code(code); }

// A file in a fresh temporary directory, removed with the fixture.
struct TempDir {
    // The process id too: CTest runs suites as separate processes, possibly at once, with the same addresses.
    fs::path dir = fs::temp_directory_path() / ("oktasim-load-test-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    TempDir() { fs::create_directories(dir); }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    fs::path write(const std::string& name, std::string_view text) const {
        const fs::path file = dir / name;
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_load)

// --- The baseline: what the bad inputs below are variations of ---------------------------------------------------

BOOST_AUTO_TEST_CASE(base_scenario_loads_with_documented_defaults) {
    // Setup
    LoadError error;
    // Act
    const auto sc = runner::parse_scenario(json::serialize(base()), "test.json", error);
    // Assert
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    BOOST_TEST(sc->seed == 1u);
    BOOST_TEST(sc->start_unix_ms == 1767603600000);  // 2026-01-05T09:00:00.000Z
    BOOST_TEST(sc->org_url == "https://example.okta.com");
    BOOST_TEST(sc->users.at(0).status == "ACTIVE");
    BOOST_TEST(sc->apps.at(0).flavour == "AIW");
    BOOST_TEST(sc->apps.at(0).create_users_off == "problem-statement");
    BOOST_TEST(sc->apps.at(0).api_integration);
}

// --- Whole-file problems: no JSON path ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(malformed_json_names_line_and_column) {
    // Setup: a trailing comma on line 4
    const std::string text = "{\n  \"oktasim\": 1,\n  \"name\": \"x\",\n  \"steps\": [1,]\n}\n";
    // Act
    const auto e = rejected(text);
    // Assert
    BOOST_TEST(e.path == "");
    BOOST_TEST(e.message.rfind("not valid JSON at line 4, column 15: ", 0) == 0, e.message);
    BOOST_TEST(is(e, scenario_errc::bad_json));
}

BOOST_AUTO_TEST_CASE(truncated_json_is_not_valid_json) {
    const auto e = rejected("{\"oktasim\": 1, \"name\": ");
    BOOST_TEST(e.path == "");
    BOOST_TEST(e.message.rfind("not valid JSON at line 1, column ", 0) == 0, e.message);
    BOOST_TEST(is(e, scenario_errc::bad_json));
}

BOOST_AUTO_TEST_CASE(comments_are_not_json) {
    const auto e = rejected("{\n  // a comment\n  \"oktasim\": 1\n}");
    BOOST_TEST(e.message.rfind("not valid JSON at line 2, column 3: ", 0) == 0, e.message);
}

BOOST_AUTO_TEST_CASE(empty_file_says_it_is_empty) {
    for (const std::string_view text : {"", "  \n\t\r\n"}) {
        const auto e = rejected(text);
        BOOST_TEST(e.path == "");
        BOOST_TEST(e.message == "the file is empty; expected a scenario object");
        BOOST_TEST(is(e, scenario_errc::bad_json));
    }
}

BOOST_AUTO_TEST_CASE(non_object_root_says_what_it_got) {
    // Setup / Act
    const auto array = rejected("[{\"oktasim\": 1}]");
    const auto string = rejected("\"scenario\"");
    const auto null = rejected("null");
    // Assert
    BOOST_TEST(array.path == "/");
    BOOST_TEST(array.message == "expected a scenario object, got an array");
    BOOST_TEST(is(array, scenario_errc::wrong_type));
    BOOST_TEST(string.message == "expected a scenario object, got a string");
    BOOST_TEST(null.message == "expected a scenario object, got null");
}

// Issue 6 item 13: every JSON error names a line and column, and says what is most likely wrong.

BOOST_AUTO_TEST_CASE(hardening_extra_data_after_the_root_names_line_and_column) {
    const auto e = rejected("{}{}");
    BOOST_TEST(e.message.rfind("not valid JSON at line 1, column 3: syntax error: more text after the end", 0) == 0,
               e.message);
    BOOST_TEST(is(e, scenario_errc::bad_json));
    const auto spaced = rejected("{\"oktasim\": 1}\n\n  }\n");
    BOOST_TEST(spaced.message.rfind("not valid JSON at line 3, column 3: ", 0) == 0, spaced.message);
}

BOOST_AUTO_TEST_CASE(hardening_non_object_root_names_the_root_path) {
    const auto e = rejected("42");
    BOOST_TEST(e.path == "/");
    BOOST_TEST(e.to_string() == "test.json: /: expected a scenario object, got an integer");
}

BOOST_AUTO_TEST_CASE(hardening_trailing_comma_is_a_syntax_error_with_a_hint) {
    const auto object = rejected("{\"oktasim\": 1,\n}");
    const auto array = rejected("{\"steps\": [1, 2, ]}");
    BOOST_TEST(object.message ==
               "not valid JSON at line 2, column 1: syntax error: a trailing comma before '}' (JSON allows none; remove "
               "the comma)");
    BOOST_TEST(array.message.rfind("not valid JSON at line 1, column 18: syntax error: a trailing comma before ']'", 0) ==
                   0,
               array.message);
}

BOOST_AUTO_TEST_CASE(hardening_comment_is_a_syntax_error_with_a_hint) {
    const auto line = rejected("{\n  // a comment\n  \"oktasim\": 1\n}");
    const auto block = rejected("{\"oktasim\": 1, /* x */ \"name\": \"n\"}");
    BOOST_TEST(line.message.rfind("not valid JSON at line 2, column 3: syntax error: JSON has no comments", 0) == 0,
               line.message);
    BOOST_TEST(block.message.rfind("not valid JSON at line 1, column 16: syntax error: JSON has no comments", 0) == 0,
               block.message);
}

BOOST_AUTO_TEST_CASE(hardening_invalid_utf8_byte_in_a_string_is_reported_as_such) {
    const auto e = rejected("{\"oktasim\": 1,\n \"name\": \"caf\xE9\"}");  // Latin-1 e-acute, not UTF-8
    BOOST_TEST(e.message.rfind("not valid JSON at line 2, column 14: invalid UTF-8 byte 0xE9", 0) == 0, e.message);
    BOOST_TEST(e.message.find("close marker") == std::string::npos);
    const auto overlong = rejected("{\"name\": \"\xC0\xAF\"}");
    BOOST_TEST(overlong.message.rfind("not valid JSON at line 1, column 11: invalid UTF-8 byte 0xC0", 0) == 0,
               overlong.message);
    const auto surrogate = rejected("{\"name\": \"\xED\xA0\x80\"}");  // UTF-16 surrogates are not UTF-8
    BOOST_TEST(surrogate.message.rfind("not valid JSON at line 1, column 11: invalid UTF-8 byte 0xED", 0) == 0,
               surrogate.message);
    // Valid multi-byte text still loads.
    json::object doc = base();
    doc["name"] = "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80";
    LoadError error;
    BOOST_TEST(runner::parse_scenario(json::serialize(doc), "test.json", error).has_value(), error.to_string());
}

BOOST_AUTO_TEST_CASE(hardening_nan_and_infinity_are_not_json) {
    const auto nan = rejected("{\"oktasim\": NaN}");
    const auto inf = rejected("{\"oktasim\": -Infinity}");
    BOOST_TEST(nan.message == "not valid JSON at line 1, column 13: syntax error: NaN and Infinity are not JSON "
                              "(numbers must be finite, written in decimal)");
    BOOST_TEST(inf.message.rfind("not valid JSON at line 1, column 14: syntax error: NaN and Infinity are not JSON", 0) ==
                   0,
               inf.message);
}

BOOST_AUTO_TEST_CASE(hardening_number_too_large_for_a_double_is_out_of_range) {
    // Boost.JSON reads 1e999999 as infinity, which no later check expects.
    const auto e = rejected("{\"oktasim\": 1, \"seed\": 1e999999}");
    BOOST_TEST(e.message == "not valid JSON at line 1, column 24: number out of range (larger than a 64-bit "
                            "floating-point number can hold)");
    const auto exponent = rejected("{\"seed\": 1e99999999999999999999}");
    BOOST_TEST(exponent.message.rfind("not valid JSON at line 1, column ", 0) == 0, exponent.message);
    BOOST_TEST(exponent.message.find("out of range") != std::string::npos, exponent.message);
}

BOOST_AUTO_TEST_CASE(hardening_control_character_and_bad_escape_in_a_string) {
    const auto raw = rejected("{\"name\": \"a\x01\"}");
    const auto escape = rejected("{\"name\": \"a\\x\"}");
    const auto surrogate = rejected("{\"name\": \"\\ud800\"}");
    const auto quote = rejected("{'name': 1}");
    BOOST_TEST(raw.message.rfind("not valid JSON at line 1, column 12: syntax error: control character 0x01", 0) == 0,
               raw.message);
    BOOST_TEST(escape.message.rfind("not valid JSON at line 1, column 13: syntax error: invalid escape '\\x'", 0) == 0,
               escape.message);
    BOOST_TEST(surrogate.message.find("surrogate") != std::string::npos, surrogate.message);
    BOOST_TEST(quote.message.find("double quotes") != std::string::npos, quote.message);
}

BOOST_AUTO_TEST_CASE(hardening_truncated_file_says_where_it_ends) {
    const auto e = rejected("{\"oktasim\": 1,\n \"name\": \"x");
    BOOST_TEST(e.message == "not valid JSON at line 2, column 12: syntax error: the file ends inside a value (an "
                            "unclosed string, '{' or '[')");
}

BOOST_AUTO_TEST_CASE(hardening_too_deep_nesting_names_the_limit) {
    const auto e = rejected("{\"name\": " + std::string(40, '[') + std::string(40, ']') + "}");
    BOOST_TEST(e.message.rfind("not valid JSON at line 1, column ", 0) == 0, e.message);
    BOOST_TEST(e.message.find("nested deeper than 32 levels") != std::string::npos, e.message);
}

// Found by tools/fuzz-scenarios.sh: a key or value with a control character was echoed raw to the terminal.
BOOST_AUTO_TEST_CASE(hardening_control_characters_in_messages_are_escaped) {
    json::object doc = base();
    doc[std::string_view("na\0me\x1b[2J", 9)] = "x";
    const auto key = rejected(doc);
    const auto value = rejected(with_steps(R"([{"do": "dismiss-task", "app": "acme", "user": "alice@example.com",
                                              "kind": "assign\r\u001b[2Kment"}])"));
    BOOST_TEST(key.to_string().rfind("test.json: /na\\u0000me\\u001B[2J: unknown key; expected one of:", 0) == 0,
               key.to_string());
    BOOST_TEST(value.to_string().find("got \"assign\\u000D\\u001B[2Kment\"") != std::string::npos, value.to_string());
}

BOOST_AUTO_TEST_CASE(repeated_key_is_an_error_at_its_path) {
    // Setup: json::parse would silently keep only the second "user"
    const std::string text = json::serialize(base()).insert(1, R"("steps": [{"do": "settle"}], )");
    const auto step_text = R"({"oktasim": 1, "name": "x", "org": {}, "apps": [],
        "steps": [{"do": "assign", "user": "a@example.com", "user": "b@example.com", "app": "acme"}]})";
    // Act
    const auto top = rejected(text);
    const auto nested = rejected(step_text);
    // Assert
    BOOST_TEST(top.path == "/steps");
    BOOST_TEST(top.message.rfind("repeated key (at line 1, column ", 0) == 0, top.message);
    BOOST_TEST(top.message.find("JSON objects must not repeat a key") != std::string::npos);
    BOOST_TEST(is(top, scenario_errc::bad_json));
    BOOST_TEST(nested.path == "/steps/0/user");
}

BOOST_AUTO_TEST_CASE(utf8_byte_order_mark_is_skipped) {
    LoadError error;
    const auto sc = runner::parse_scenario("\xEF\xBB\xBF" + json::serialize(base()), "test.json", error);
    BOOST_TEST(sc.has_value(), error.to_string());
}

// --- Version and top-level keys -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unsupported_version_is_reported_before_unknown_keys) {
    // Setup: a future file, with a key version 1 does not know
    json::object doc = base();
    doc["oktasim"] = 2;
    doc["imports"] = json::array{};
    // Act
    const auto e = rejected(doc);
    // Assert
    BOOST_TEST(e.path == "/oktasim");
    BOOST_TEST(e.message == "unsupported scenario version 2; this oktasim reads version 1");
    BOOST_TEST(is(e, scenario_errc::unsupported_version));
}

BOOST_AUTO_TEST_CASE(missing_or_mistyped_version) {
    // Setup
    json::object missing = base();
    missing.erase("oktasim");
    json::object text = base();
    text["oktasim"] = "1";
    // Act
    const auto e1 = rejected(missing);
    const auto e2 = rejected(text);
    // Assert
    BOOST_TEST(e1.path == "/oktasim");
    BOOST_TEST(e1.message == "missing; expected the scenario format version, 1 (is this a scenario file?)");
    BOOST_TEST(is(e1, scenario_errc::missing_key));
    BOOST_TEST(e2.path == "/oktasim");
    BOOST_TEST(e2.message == "expected an integer, got a string");
    BOOST_TEST(is(e2, scenario_errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_lists_the_known_ones) {
    // Setup: "step" for "steps"
    json::object doc = base();
    doc["step"] = json::array{};
    // Act
    const auto e = rejected(doc);
    // Assert
    BOOST_TEST(e.path == "/step");
    BOOST_TEST(e.message == "unknown key; expected one of: $schema, oktasim, name, description, seed, start, org, apps, steps");
    BOOST_TEST(is(e, scenario_errc::unknown_key));
}

BOOST_AUTO_TEST_CASE(unknown_key_with_a_slash_is_escaped_in_the_path) {
    json::object doc = base();
    doc["a/b~c"] = 1;
    BOOST_TEST(rejected(doc).path == "/a~1b~0c");
}

BOOST_AUTO_TEST_CASE(missing_required_keys) {
    for (const std::string key : {"name", "org", "apps", "steps"}) {
        BOOST_TEST_CONTEXT("without " << key) {
            json::object doc = base();
            doc.erase(key);
            const auto e = rejected(doc);
            BOOST_TEST(e.path == "/" + key);
            BOOST_TEST(e.message.rfind("missing; expected ", 0) == 0, e.message);
            BOOST_TEST(is(e, scenario_errc::missing_key));
        }
    }
    json::object doc = base();
    doc.erase("name");
    BOOST_TEST(rejected(doc).message == "missing; expected a string");
}

BOOST_AUTO_TEST_CASE(wrong_types_say_what_was_expected_and_got) {
    struct Case {
        const char* key;
        json::value value;
        const char* message;
    };
    const Case cases[] = {
        {"seed", "x", "expected an integer, got a string"},
        {"seed", 1.5, "expected an integer, got a number"},
        {"name", 5, "expected a string, got an integer"},
        {"org", json::array{}, "expected an object, got an array"},
        {"steps", json::object{}, "expected an array, got an object"},
        {"description", nullptr, "expected a string, got null"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.key << " = " << json::serialize(c.value)) {
            json::object doc = base();
            doc[c.key] = c.value;
            const auto e = rejected(doc);
            BOOST_TEST(e.path == "/" + std::string(c.key));
            BOOST_TEST(e.message == c.message);
            BOOST_TEST(is(e, scenario_errc::wrong_type));
        }
    }
}

BOOST_AUTO_TEST_CASE(seed_takes_the_whole_unsigned_range_but_not_negatives) {
    // Setup
    json::object big = base();
    big["seed"] = std::uint64_t(18446744073709551615u);
    json::object negative = base();
    negative["seed"] = -1;
    LoadError error;
    // Act
    const auto sc = runner::parse_scenario(json::serialize(big), "test.json", error);
    const auto e = rejected(negative);
    // Assert
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    BOOST_TEST(sc->seed == 18446744073709551615u);
    BOOST_TEST(e.path == "/seed");
    BOOST_TEST(e.message == "expected a non-negative integer, got -1");
    BOOST_TEST(is(e, scenario_errc::bad_value));
}

BOOST_AUTO_TEST_CASE(integer_too_large_for_int64_says_so) {
    // Setup: attempts is an int64 in the task matcher
    const auto doc = with_steps(R"([{"expect": {"task": {"attempts": 9223372036854775808}}}])");
    // Act
    const auto e = rejected(doc);
    // Assert
    BOOST_TEST(e.path == "/steps/0/expect/task/attempts");
    BOOST_TEST(e.message == "expected an integer no larger than 9223372036854775807, got 9223372036854775808");
}

BOOST_AUTO_TEST_CASE(bad_start_timestamp) {
    for (const std::string_view start : {"2026-01-05", "2026-02-30T09:00:00Z", "2026-01-05T09:00:00+01:00"}) {
        json::object doc = base();
        doc["start"] = start;
        const auto e = rejected(doc);
        BOOST_TEST(e.path == "/start");
        BOOST_TEST(e.message ==
                   "expected a UTC timestamp like \"2026-01-05T09:00:00.000Z\", got \"" + std::string(start) + "\"");
        BOOST_TEST(is(e, scenario_errc::bad_value));
    }
}

// --- Org and apps -------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_enum_values_list_the_allowed_ones) {
    // Setup
    json::object flavour = base();
    flavour["apps"].as_array()[0].as_object()["flavour"] = "SAML";
    json::object status = base();
    status["org"].as_object()["users"].as_array()[0].as_object()["status"] = "INACTIVE";
    json::object type = base();
    type["apps"].as_array()[0].as_object()["connector"].as_object()["type"] = "scim11";
    // Act
    const auto e1 = rejected(flavour);
    const auto e2 = rejected(status);
    const auto e3 = rejected(type);
    // Assert
    BOOST_TEST(e1.path == "/apps/0/flavour");
    BOOST_TEST(e1.message == "expected one of \"AIW\", \"OIN\", got \"SAML\"");
    BOOST_TEST(is(e1, scenario_errc::bad_value));
    BOOST_TEST(e2.path == "/org/users/0/status");
    BOOST_TEST(e2.message ==
               "expected one of \"STAGED\", \"PROVISIONED\", \"ACTIVE\", \"RECOVERY\", \"PASSWORD_EXPIRED\", "
               "\"LOCKED_OUT\", \"SUSPENDED\", \"DEPROVISIONED\", got \"INACTIVE\"");
    BOOST_TEST(e3.path == "/apps/0/connector/type");
    BOOST_TEST(e3.message == "expected one of \"plugin\", \"replay\", \"scim2\", got \"scim11\"");
}

BOOST_AUTO_TEST_CASE(enum_of_the_wrong_type_still_lists_the_allowed_values) {
    json::object doc = base();
    doc["apps"].as_array()[0].as_object()["createUsersOff"] = true;
    const auto e = rejected(doc);
    BOOST_TEST(e.path == "/apps/0/createUsersOff");
    BOOST_TEST(e.message == "expected one of \"problem-statement\", \"okta-kb\", got a boolean");
    BOOST_TEST(is(e, scenario_errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(user_needs_a_profile_with_a_login) {
    // Setup
    json::object no_login = base();
    no_login["org"].as_object()["users"].as_array()[0].as_object()["profile"] = json::object{{"email", "a@example.com"}};
    json::object empty_login = base();
    empty_login["org"].as_object()["users"].as_array()[0].as_object()["profile"] = json::object{{"login", ""}};
    json::object duplicate = base();
    duplicate["org"].as_object()["users"].as_array().push_back(
        json::object{{"profile", json::object{{"login", "ALICE@example.com"}}}});
    // Act / Assert
    const auto e1 = rejected(no_login);
    BOOST_TEST(e1.path == "/org/users/0/profile/login");
    BOOST_TEST(e1.message == "missing; expected a string");
    const auto e2 = rejected(empty_login);
    BOOST_TEST(e2.path == "/org/users/0/profile/login");
    BOOST_TEST(e2.message == "must not be empty");
    const auto e3 = rejected(duplicate);
    BOOST_TEST(e3.path == "/org/users/1");
    BOOST_TEST(e3.message == "duplicate user 'alice@example.com'");
}

BOOST_AUTO_TEST_CASE(okta_read_only_user_keys_are_accepted_unknown_ones_are_not) {
    // Setup: a user as GET /api/v1/users/{id} returns it
    json::object doc = base();
    doc["org"].as_object()["users"] = json::parse(R"([{
      "id": "00ub0oNGTSWTBKOLGLNR", "status": "ACTIVE", "created": "2013-06-24T16:39:18.000Z",
      "activated": "2013-06-24T16:39:19.000Z", "statusChanged": "2013-06-24T16:39:19.000Z",
      "lastLogin": "2013-06-24T17:39:19.000Z", "lastUpdated": "2013-07-02T21:36:25.344Z",
      "passwordChanged": "2013-07-02T21:36:25.344Z", "type": {"id": "oty1"}, "transitioningToStatus": null,
      "realmId": "guo1", "profile": {"login": "alice@example.com", "firstName": "Alice"},
      "credentials": {"password": {}, "emails": [{"value": "alice@example.com", "status": "VERIFIED", "type": "PRIMARY"}],
                      "provider": {"type": "OKTA", "name": "OKTA"}, "recovery_question": {"question": "?"}},
      "_links": {"self": {"href": "https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR"}}}])");
    LoadError error;
    // Act
    const auto sc = runner::parse_scenario(json::serialize(doc), "test.json", error);
    doc["org"].as_object()["users"].as_array()[0].as_object()["groupIds"] = json::array{};
    const auto e = rejected(doc);
    // Assert
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    BOOST_TEST(sc->users.at(0).id == "00ub0oNGTSWTBKOLGLNR");
    BOOST_TEST(!sc->users.at(0).password.has_value());
    BOOST_TEST(e.path == "/org/users/0/groupIds");
    BOOST_TEST(e.message == "unknown key; expected one of: id, status, profile, credentials");
}

BOOST_AUTO_TEST_CASE(group_member_must_be_a_known_user) {
    json::object doc = base();
    doc["org"].as_object()["groups"].as_array()[0].as_object()["members"] = json::array{"alice@example.com", "bob@example.com"};
    const auto e = rejected(doc);
    BOOST_TEST(e.path == "/org/groups/0/members/1");
    BOOST_TEST(e.message == "no user 'bob@example.com' (expected the login or id of a user in /org/users)");
    BOOST_TEST(is(e, scenario_errc::bad_reference));
}

BOOST_AUTO_TEST_CASE(app_needs_key_label_and_connector) {
    for (const std::string key : {"key", "label", "connector"}) {
        BOOST_TEST_CONTEXT("without " << key) {
            json::object doc = base();
            doc["apps"].as_array()[0].as_object().erase(key);
            const auto e = rejected(doc);
            BOOST_TEST(e.path == "/apps/0/" + key);
            BOOST_TEST(e.message.rfind("missing; expected ", 0) == 0, e.message);
        }
    }
    json::object doc = base();
    doc["apps"].as_array().push_back(doc["apps"].as_array()[0]);
    const auto e = rejected(doc);
    BOOST_TEST(e.path == "/apps/1/key");
    BOOST_TEST(e.message == "duplicate app key 'acme'");
}

BOOST_AUTO_TEST_CASE(bad_connector_config) {
    // Setup
    const auto with_connector = [](std::string_view connector) {
        json::object doc = base();
        doc["apps"].as_array()[0].as_object()["connector"] = json::parse(connector);
        return doc;
    };
    // Act
    const auto url = rejected(with_connector(R"({"baseUrl": "acme.example.test/scim/v2"})"));
    const auto key = rejected(with_connector(R"({"baseUrl": "https://a.test", "timeout": 5})"));
    const auto mode = rejected(with_connector(R"({"baseUrl": "https://a.test", "auth": {"mode": "bearer"}})"));
    const auto token = rejected(with_connector(R"({"baseUrl": "https://a.test", "auth": {"mode": "header", "tokn": "t"}})"));
    const auto max = rejected(with_connector(R"({"baseUrl": "https://a.test", "maxConnections": 0})"));
    // Assert
    BOOST_TEST(url.path == "/apps/0/connector/baseUrl");
    BOOST_TEST(url.message == "expected an absolute URL like \"https://app.example.com/scim/v2\"");
    BOOST_TEST(key.path == "/apps/0/connector/timeout");
    BOOST_TEST(key.message == "unknown key; expected one of: type, concurrency, scimVersion, baseUrl, auth, tls, maxConnections, exchangeTimeout, incrementalImport");
    BOOST_TEST(mode.path == "/apps/0/connector/auth/mode");
    BOOST_TEST(mode.message == "expected one of \"none\", \"basic\", \"header\", \"oauth2\", got \"bearer\"");
    BOOST_TEST(token.path == "/apps/0/connector/auth/tokn");
    BOOST_TEST(token.message == "unknown key; expected one of: mode, token, prefix");
    BOOST_TEST(max.path == "/apps/0/connector/maxConnections");
    BOOST_TEST(max.message == "expected an integer from 1 to 64");
}

// Issue 7: the connector's "concurrency" (jobs of one app at once) is generic: 1 by default, 1 to 64, and kept
// out of the config the connector type's factory reads.
BOOST_AUTO_TEST_CASE(connector_concurrency_is_read_and_checked) {
    // Setup
    const auto with_concurrency = [](std::string_view value) {
        json::object doc = base();
        doc["apps"].as_array()[0].as_object()["connector"].as_object()["concurrency"] = json::parse(value);
        return doc;
    };
    LoadError error;
    // Act
    const auto by_default = runner::parse_scenario(json::serialize(base()), "test.json", error);
    const auto four = runner::parse_scenario(json::serialize(with_concurrency("4")), "test.json", error);
    const auto zero = rejected(with_concurrency("0"));
    const auto too_many = rejected(with_concurrency("65"));
    const auto text = rejected(with_concurrency("\"4\""));
    // Assert
    BOOST_TEST_REQUIRE(by_default.has_value());
    BOOST_TEST(by_default->apps[0].concurrency == 1);
    BOOST_TEST_REQUIRE(four.has_value(), error.to_string());
    BOOST_TEST(four->apps[0].concurrency == 4);
    BOOST_TEST(!four->apps[0].connector.contains("concurrency"));
    BOOST_TEST(zero.path == "/apps/0/connector/concurrency");
    BOOST_TEST(zero.message == "expected an integer from 1 to 64");
    BOOST_TEST(is(zero, scenario_errc::bad_value));
    BOOST_TEST(too_many.path == "/apps/0/connector/concurrency");
    BOOST_TEST(text.path == "/apps/0/connector/concurrency");
    BOOST_TEST(text.message.find("expected an integer") != std::string::npos, text.message);
}

// Issue 6 item 2 (loader): a control character in anything sent as a header is refused where it enters.
BOOST_AUTO_TEST_CASE(hardening_control_characters_in_credentials_are_refused) {
    // Setup
    struct Case {
        std::string_view auth;
        std::string_view path;
    };
    const Case cases[] = {
        {R"({"mode": "header", "prefix": "Bearer x\r\nX-Injected: yes\r\nX-Also:", "token": "t"})", "/prefix"},
        {R"({"mode": "header", "token": "T\r\nX-Evil: 1"})", "/token"},
        {R"({"mode": "header", "token": "T\nX"})", "/token"},
        {R"({"mode": "header", "token": "T\u0000"})", "/token"},
        {R"({"mode": "header", "token": "T\u007f"})", "/token"},
        {R"({"mode": "basic", "username": "u\r\nX: y", "password": "p"})", "/username"},
        {R"({"mode": "basic", "username": "u", "password": "p\u001b[31m"})", "/password"},
        {R"({"mode": "oauth2", "accessToken": "a\rb"})", "/accessToken"},
        {R"({"mode": "oauth2", "accessToken": "a", "refreshToken": "r\n"})", "/refreshToken"},
        {R"({"mode": "oauth2", "accessToken": "a", "clientId": "c\n", "clientSecret": "s"})", "/clientId"},
        {R"({"mode": "oauth2", "accessToken": "a", "clientId": "c", "clientSecret": "s\r\n"})", "/clientSecret"},
    };
    for (const auto& c : cases) {
        // Act
        const auto e = rejected(with_auth(c.auth));
        // Assert
        BOOST_TEST(e.path == "/apps/0/connector/auth" + std::string(c.path), c.auth);
        BOOST_TEST(e.message.find("a header value cannot hold CR, LF or other control characters") != std::string::npos,
                   e.message);
        BOOST_TEST(e.message.find("X-Evil") == std::string::npos, "the message must not echo the value");
        BOOST_TEST(is(e, scenario_errc::bad_value));
    }
    const auto step = rejected(with_steps(
        R"([{"do": "set-credentials", "app": "acme", "auth": {"mode": "header", "token": "a\r\nX-Evil: 1"}}])"));
    BOOST_TEST(step.path == "/steps/0/auth/token");
    BOOST_TEST(step.message.rfind("contains the control character 0x0D at offset 1;", 0) == 0, step.message);
    // A tab is allowed in a header value (RFC 9110 §5.5), and so is any printable UTF-8.
    LoadError error;
    BOOST_TEST(runner::parse_scenario(json::serialize(with_auth(R"({"mode": "header", "token": "a\tb\u00e9"})")),
                                      "test.json", error)
                   .has_value(),
               error.to_string());
}

BOOST_AUTO_TEST_CASE(hardening_control_characters_in_fault_headers_are_refused) {
    json::object doc = base();
    doc["apps"].as_array()[0].as_object()["downstream"].as_object()["faults"] =
        json::parse(R"([{"match": {"method": "POST"}, "respond": {"status": 429, "retryAfter": "30\r\nX-Evil: 1"}}])");
    const auto downstream = rejected(doc);
    const auto step = rejected(with_steps(R"([{"do": "set-faults", "app": "acme", "faults": [
        {"match": {"method": "GET"}, "respond": {"status": 502, "contentType": "text/html\nX: y", "body": "x"}}]}])"));
    BOOST_TEST(downstream.path == "/apps/0/downstream/faults/0/respond/retryAfter");
    BOOST_TEST(downstream.message.find("control character 0x0D") != std::string::npos, downstream.message);
    BOOST_TEST(step.path == "/steps/0/faults/0/respond/contentType");
}

// Issue 6 item 1 (in a scenario): an empty or blank credential would send no authentication at all.
BOOST_AUTO_TEST_CASE(hardening_empty_credential_refused) {
    struct Case {
        std::string_view auth;
        std::string_view path;
        std::string_view message;
    };
    const std::string_view empty = "must not be empty: an empty credential authenticates nothing";
    const std::string_view blank = "must not be only whitespace: a blank credential authenticates nothing";
    const Case cases[] = {
        {R"({"mode": "header", "token": ""})", "/token", empty},
        {R"({"mode": "header", "token": " "})", "/token", blank},
        {R"({"mode": "header", "token": "\t"})", "/token", blank},
        {R"({"mode": "basic", "username": "", "password": "p"})", "/username", empty},
        {R"({"mode": "basic", "username": "u", "password": "  "})", "/password", blank},
        {R"({"mode": "oauth2", "accessToken": ""})", "/accessToken", empty},
        {R"({"mode": "oauth2", "accessToken": "a", "refreshToken": " "})", "/refreshToken", blank},
        {R"({"mode": "oauth2", "accessToken": "a", "clientSecret": ""})", "/clientSecret", empty},
    };
    for (const auto& c : cases) {
        const auto e = rejected(with_auth(c.auth));
        BOOST_TEST(e.path == "/apps/0/connector/auth" + std::string(c.path), c.auth);
        BOOST_TEST(e.message == c.message, c.auth);
        BOOST_TEST(is(e, scenario_errc::bad_value));
    }
    const auto step = rejected(with_steps(
        R"([{"do": "set-credentials", "app": "acme", "auth": {"mode": "basic", "username": "u", "password": ""}}])"));
    BOOST_TEST(step.path == "/steps/0/auth/password");
    BOOST_TEST(step.message == empty);
}

BOOST_AUTO_TEST_CASE(bad_fault_inside_a_downstream_config) {
    // Setup
    const auto with_faults = [](std::string_view faults) {
        json::object doc = base();
        doc["apps"].as_array()[0].as_object()["downstream"].as_object()["faults"] = json::parse(faults);
        return doc;
    };
    // Act
    const auto status = rejected(with_faults(R"([{"match": {"method": "POST"}, "respond": {"status": 700}}])"));
    const auto delay = rejected(with_faults(R"([{"respond": {"status": 500}}, {"respond": {"delay": "soon"}}])"));
    const auto respond = rejected(with_faults(R"([{"match": {"path": "/Users"}}])"));
    const auto typo = rejected(with_faults(R"([{"respond": {"stauts": 500}}])"));
    const auto refuse = rejected(with_faults(R"([{"respond": {"refuse": true, "status": 503}}])"));
    // Assert
    BOOST_TEST(status.path == "/apps/0/downstream/faults/0/respond/status");
    BOOST_TEST(status.message == "expected an HTTP status code from 200 to 599");
    BOOST_TEST(is(status, scenario_errc::bad_value));
    BOOST_TEST(delay.path == "/apps/0/downstream/faults/1/respond/delay");
    BOOST_TEST(delay.message == "expected a duration like \"30s\" (units: ms, s, m, h)");
    BOOST_TEST(respond.path == "/apps/0/downstream/faults/0/respond");
    BOOST_TEST(respond.message == "missing; expected an object saying what the app answers");
    BOOST_TEST(is(respond, scenario_errc::missing_key));
    BOOST_TEST(typo.path == "/apps/0/downstream/faults/0/respond/stauts");
    BOOST_TEST(typo.message ==
               "unknown key; expected one of: status, detail, scimType, body, contentType, emptyBody, retryAfter, "
               "delay, refuse, reset, process");
    BOOST_TEST(is(typo, scenario_errc::unknown_key));
    BOOST_TEST(refuse.path == "/apps/0/downstream/faults/0/respond/status");
    BOOST_TEST(refuse.message == "cannot be combined with \"refuse\": no response comes back");
}

BOOST_AUTO_TEST_CASE(bad_downstream_settings) {
    // Setup
    json::object auth = base();
    auth["apps"].as_array()[0].as_object()["downstream"] = json::parse(R"({"auth": {"bearer": "t", "header": "x"}})");
    json::object base_path = base();
    base_path["apps"].as_array()[0].as_object()["downstream"] = json::parse(R"({"basePath": "scim/v2"})");
    // Act
    const auto e1 = rejected(auth);
    const auto e2 = rejected(base_path);
    // Assert
    BOOST_TEST(e1.path == "/apps/0/downstream/auth/header");
    BOOST_TEST(e1.message == "only one authentication mode may be given");
    BOOST_TEST(e2.path == "/apps/0/downstream/basePath");
    BOOST_TEST(e2.message == "expected a path like \"/scim/v2\"");
}

BOOST_AUTO_TEST_CASE(profile_sourcing_needs_an_oin_app) {
    // Setup: the same INBOUND_PROVISIONING feature on the base app, as AIW (the default) and as OIN.
    const auto with_sourcing = [](std::string_view flavour) {
        json::object doc = base();
        json::object& app = doc["apps"].as_array()[0].as_object();
        if (!flavour.empty()) app["flavour"] = flavour;
        app["features"] = json::parse(
            R"([{"name": "INBOUND_PROVISIONING", "capabilities": {"profileSourcing": {"status": "ENABLED"}}}])");
        return doc;
    };
    // Act
    const auto aiw = rejected(with_sourcing(""));
    LoadError error;
    const auto oin = runner::parse_scenario(json::serialize(with_sourcing("OIN")), "test.json", error);
    // Assert
    BOOST_TEST(aiw.path == "/apps/0/features/0/capabilities/profileSourcing/status");
    BOOST_TEST(aiw.message.find("not available for apps built with the App Integration Wizard") != std::string::npos,
               aiw.message);
    BOOST_TEST(oin.has_value(), error.to_string());
}

BOOST_AUTO_TEST_CASE(bad_capabilities_in_features) {
    // Setup
    const auto with_features = [](std::string_view features) {
        json::object doc = base();
        doc["apps"].as_array()[0].as_object()["features"] = json::parse(features);
        return doc;
    };
    // Act
    const auto status = rejected(with_features(
        R"([{"name": "USER_PROVISIONING", "capabilities": {"create": {"lifecycleCreate": {"status": "ON"}}}}])"));
    const auto key = rejected(with_features(
        R"({"name": "USER_PROVISIONING", "capabilities": {"update": {"lifecycleDeactivate": {"status": "ENABLED"}, "deactivate": {}}}})"));
    const auto seed = rejected(with_features(
        R"([{"name": "USER_PROVISIONING", "capabilities": {"update": {"password": {"seed": "SAME"}}}}])"));
    const auto nested = rejected(with_features(R"([{"name": "USER_PROVISIONING", "capabilities": {"create": true}}])"));
    const auto name = rejected(with_features(R"([{"status": "ENABLED"}])"));
    const auto legacy = rejected(with_features(R"(["PUSH_NEW_USERS"])"));
    const auto shape = rejected(with_features(R"("USER_PROVISIONING")"));
    // Assert
    BOOST_TEST(status.path == "/apps/0/features/0/capabilities/create/lifecycleCreate/status");
    BOOST_TEST(status.message == "expected one of \"ENABLED\", \"DISABLED\", got \"ON\"");
    BOOST_TEST(is(status, scenario_errc::bad_value));
    BOOST_TEST(key.path == "/apps/0/features/capabilities/update/deactivate");
    BOOST_TEST(key.message == "unknown key; expected one of: profile, lifecycleDeactivate, password");
    BOOST_TEST(seed.path == "/apps/0/features/0/capabilities/update/password/seed");
    BOOST_TEST(seed.message == "expected one of \"RANDOM\", \"OKTA\", got \"SAME\"");
    BOOST_TEST(nested.path == "/apps/0/features/0/capabilities/create");
    BOOST_TEST(nested.message == "expected an object, got a boolean");
    BOOST_TEST(name.path == "/apps/0/features/0/name");
    BOOST_TEST(name.message == "missing; expected one of \"USER_PROVISIONING\", \"INBOUND_PROVISIONING\"");
    BOOST_TEST(legacy.path == "/apps/0/features/0");
    BOOST_TEST(legacy.message.rfind("expected a feature object as GET /api/v1/apps/{id}/features returns, got a string", 0) == 0,
               legacy.message);
    BOOST_TEST(shape.path == "/apps/0/features");
    BOOST_TEST(shape.message == "expected the array GET /api/v1/apps/{id}/features returns, or one feature object");
}

// --- Steps --------------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(step_shape_problems) {
    // Act
    const auto both = rejected(with_steps(R"([{"do": "settle", "expect": {"user": {"user": "alice@example.com"}}}])"));
    const auto neither = rejected(with_steps(R"([{"note": "nothing to do"}])"));
    const auto not_object = rejected(with_steps(R"(["settle"])"));
    const auto action = rejected(with_steps(R"([{"do": "asign", "user": "alice@example.com", "app": "acme"}])"));
    // Assert
    BOOST_TEST(both.path == "/steps/0");
    BOOST_TEST(both.message == "a step has exactly one of \"do\" (an action) or \"expect\" (an expectation)");
    BOOST_TEST(neither.path == "/steps/0");
    BOOST_TEST(not_object.path == "/steps/0");
    BOOST_TEST(not_object.message == "expected a step object with \"do\" or \"expect\"");
    BOOST_TEST(is(not_object, scenario_errc::wrong_type));
    BOOST_TEST(action.path == "/steps/0/do");
    BOOST_TEST(action.message.rfind("unknown action \"asign\"; expected one of: assign, unassign, ", 0) == 0, action.message);
    BOOST_TEST(is(action, scenario_errc::bad_value));
}

BOOST_AUTO_TEST_CASE(unknown_key_inside_a_step_lists_the_actions_keys) {
    // Setup: "usr" for "user"
    const auto doc = with_steps(R"([{"do": "settle"}, {"do": "assign", "usr": "alice@example.com", "app": "acme"}])");
    // Act
    const auto e = rejected(doc);
    // Assert
    BOOST_TEST(e.path == "/steps/1/usr");
    BOOST_TEST(e.message == "unknown key for \"assign\"; expected one of: do, note, expectError, user, app");
    BOOST_TEST(is(e, scenario_errc::unknown_key));
}

BOOST_AUTO_TEST_CASE(unknown_key_inside_an_expectation) {
    const auto step = rejected(with_steps(R"([{"expect": {"user": {"user": "alice@example.com"}}, "do_": 1}])"));
    const auto expect = rejected(with_steps(R"([{"expect": {"appUsers": {}}}])"));
    const auto log = rejected(with_steps(R"([{"expect": {"log": [{"eventType": "x", "count": 2}]}}])"));
    BOOST_TEST(step.path == "/steps/0/do_");
    BOOST_TEST(step.message == "unknown key; expected one of: expect, note");
    BOOST_TEST(expect.path == "/steps/0/expect/appUsers");
    BOOST_TEST(expect.message ==
               "unknown key; expected one of: appUser, task, openTasks, log, requests, accounts, account, user, backendLog, import, groupPush, appGroups");
    // "count" was once accepted and never compared: now it is refused instead of silently passing.
    BOOST_TEST(log.path == "/steps/0/expect/log/0/count");
    BOOST_TEST(log.message.rfind("unknown key; expected one of: eventType, ", 0) == 0, log.message);
}

BOOST_AUTO_TEST_CASE(missing_and_mistyped_step_arguments) {
    // Act
    const auto missing = rejected(with_steps(R"([{"do": "assign", "user": "alice@example.com"}])"));
    const auto type = rejected(with_steps(R"([{"do": "set-api-integration", "app": "acme", "enabled": "yes"}])"));
    const auto profile = rejected(with_steps(R"([{"do": "update-user", "user": "alice@example.com", "profile": "x"}])"));
    const auto note = rejected(with_steps(R"([{"do": "settle", "note": 3}])"));
    const auto expect_error = rejected(with_steps(R"([{"do": "clear-faults", "app": "acme", "expectError": true}])"));
    const auto empty_expect = rejected(with_steps(R"([{"expect": {}}])"));
    // Assert
    BOOST_TEST(missing.path == "/steps/0/app");
    BOOST_TEST(missing.message == "missing; expected a string");
    BOOST_TEST(is(missing, scenario_errc::missing_key));
    BOOST_TEST(type.path == "/steps/0/enabled");
    BOOST_TEST(type.message == "expected true or false, got a string");
    BOOST_TEST(is(type, scenario_errc::wrong_type));
    BOOST_TEST(profile.path == "/steps/0/profile");
    BOOST_TEST(profile.message == "expected an object, got a string");
    BOOST_TEST(note.path == "/steps/0/note");
    BOOST_TEST(expect_error.path == "/steps/0/expectError");
    BOOST_TEST(expect_error.message == "expected a string, got a boolean");
    BOOST_TEST(empty_expect.path == "/steps/0/expect");
    BOOST_TEST(empty_expect.message.rfind("an expectation needs at least one of: appUser, ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(dangling_references_in_steps) {
    struct Case {
        const char* steps;
        const char* path;
        const char* message;
    };
    const Case cases[] = {
        {R"([{"do": "assign", "user": "bob@example.com", "app": "acme"}])", "/steps/0/user",
         "no user 'bob@example.com' (expected the login or id of a user in /org/users)"},
        {R"([{"do": "assign", "user": "alice@example.com", "app": "Acme Cloud"}])", "/steps/0/app",
         "no app 'Acme Cloud' (expected the key of an app in /apps)"},
        {R"([{"do": "assign-group", "group": "staff", "app": "acme"}])", "/steps/0/group",
         "no group 'staff' (expected the name or id of a group in /org/groups)"},
        {R"([{"expect": {"appUser": {"app": "acme", "user": "00u1alice000000000XX"}}}])", "/steps/0/expect/appUser/user",
         "no user '00u1alice000000000XX' (expected the login or id of a user in /org/users)"},
        {R"([{"expect": {"openTasks": [{"app": "globex"}]}}])", "/steps/0/expect/openTasks/0/app",
         "no app 'globex' (expected the key of an app in /apps)"},
        {R"([{"expect": {"requests": [{"app": "globex", "method": "GET"}]}}])", "/steps/0/expect/requests/0/app",
         "no app 'globex' (expected the key of an app in /apps)"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.steps) {
            const auto e = rejected(with_steps(c.steps));
            BOOST_TEST(e.path == c.path);
            BOOST_TEST(e.message == c.message);
            BOOST_TEST(is(e, scenario_errc::bad_reference));
        }
    }
}

BOOST_AUTO_TEST_CASE(references_match_logins_case_insensitively_and_ids_exactly) {
    LoadError error;
    const auto sc = runner::parse_scenario(
        json::serialize(with_steps(R"([{"do": "assign", "user": "Alice@Example.COM", "app": "acme"},
                                       {"do": "unassign", "user": "00u1alice000000000A1", "app": "acme"},
                                       {"do": "assign-group", "group": "Staff", "app": "acme"}])")),
        "test.json", error);
    BOOST_TEST(sc.has_value(), error.to_string());
}

BOOST_AUTO_TEST_CASE(empty_references_are_rejected_not_left_to_crash_the_runner) {
    // These used to load, and the expectation checks then dereferenced a missing user or app.
    const auto user = rejected(with_steps(R"([{"expect": {"appUser": {"app": "acme", "user": ""}}}])"));
    const auto app = rejected(with_steps(R"([{"expect": {"task": {"app": ""}}}])"));
    const auto action = rejected(with_steps(R"([{"do": "assign-group", "group": "", "app": "acme"}])"));
    BOOST_TEST(user.path == "/steps/0/expect/appUser/user");
    BOOST_TEST(user.message == "expected the login or id of a user in /org/users, got an empty string");
    BOOST_TEST(is(user, scenario_errc::bad_reference));
    BOOST_TEST(app.path == "/steps/0/expect/task/app");
    BOOST_TEST(app.message == "expected the key of an app in /apps, got an empty string");
    BOOST_TEST(action.path == "/steps/0/group");
    BOOST_TEST(action.message == "expected the name or id of a group in /org/groups, got an empty string");
}

BOOST_AUTO_TEST_CASE(app_side_steps_need_a_simulated_downstream) {
    // Setup: the app talks to a live server, so there is no app state to change or inspect
    const auto live = [](std::string_view steps) {
        json::object doc = with_steps(steps);
        doc["apps"].as_array()[0].as_object().erase("downstream");
        return doc;
    };
    LoadError error;
    // Act
    const auto action = rejected(live(R"([{"do": "delete-app-account", "app": "acme", "userName": "alice@example.com"}])"));
    const auto expectation = rejected(live(R"([{"expect": {"backendLog": {"app": "acme", "contains": "POST"}}}])"));
    const auto expected_failure = runner::parse_scenario(
        json::serialize(live(R"([{"do": "clear-faults", "app": "acme", "expectError": "no simulated downstream"}])")),
        "test.json", error);
    // Assert
    BOOST_TEST(action.path == "/steps/0/app");
    BOOST_TEST(action.message == "app 'acme' has no simulated downstream (\"downstream\" in /apps)");
    BOOST_TEST(is(action, scenario_errc::bad_reference));
    BOOST_TEST(expectation.path == "/steps/0/expect/backendLog/app");
    BOOST_TEST(expected_failure.has_value(), error.to_string());
    // A live app's accounts are read over SCIM, so those expectations load; a stored password cannot be read.
    LoadError live_error;
    BOOST_TEST(runner::parse_scenario(json::serialize(live(R"([{"expect": {"accounts": {"app": "acme", "users": []}}}])")),
                                      "test.json", live_error)
                   .has_value(),
               live_error.to_string());
    const auto password = rejected(
        live(R"([{"expect": {"account": {"app": "acme", "userName": "a@example.com", "password": "$any"}}}])"));
    BOOST_TEST(password.path == "/steps/0/expect/account/app");
}

BOOST_AUTO_TEST_CASE(hardening_overlong_advances_are_input_errors_naming_the_step) {
    // One step longer than the longest duration
    const auto huge = rejected(with_steps(R"([{"do": "advance", "by": "999999999999d"}])"));
    BOOST_TEST(huge.path == "/steps/0/by");
    BOOST_TEST(huge.message == "\"999999999999d\" is longer than the longest duration, 36525d (100 years)");
    BOOST_TEST(is(huge, scenario_errc::bad_value));
    // Two steps, each allowed, that together pass the horizon of virtual time
    const auto sum = rejected(with_steps(R"([{"do": "advance", "by": "20000d"}, {"do": "settle"},
                                             {"do": "advance", "by": "20000d"}])"));
    BOOST_TEST(sum.path == "/steps/2/by");
    BOOST_TEST(sum.message == "advances virtual time past its horizon, start + 36525d (100 years)");
    BOOST_TEST(is(sum, scenario_errc::bad_value));
}

BOOST_AUTO_TEST_CASE(bad_durations) {
    for (const std::string_view by : {"5 minutes", "5", "-5m", "m", "1.5h", "5M", "30s1m", "1m1m", ""}) {
        BOOST_TEST_CONTEXT(by) {
            const auto e = rejected(with_steps(R"([{"do": "advance", "by": ")" + std::string(by) + R"("}])"));
            BOOST_TEST(e.path == "/steps/0/by");
            BOOST_TEST(e.message == "expected a duration like \"250ms\", \"30s\", \"1m30s\" or \"2h\" (units d, h, m, s, "
                                    "ms, largest first), got \"" + std::string(by) + "\"");
            BOOST_TEST(is(e, scenario_errc::bad_value));
        }
    }
    const auto number = rejected(with_steps(R"([{"do": "advance", "by": 300}])"));
    BOOST_TEST(number.message == "expected a string, got an integer");
    LoadError error;
    const auto compound = runner::parse_scenario(json::serialize(with_steps(R"([{"do": "advance", "by": "1d2h3m4s5ms"}])")),
                                                 "test.json", error);
    BOOST_TEST(compound.has_value(), error.to_string());
}

BOOST_AUTO_TEST_CASE(bad_enum_values_in_steps) {
    // Act
    const auto kind = rejected(with_steps(R"([{"do": "retry-task", "app": "acme", "user": "alice@example.com", "kind": "create"}])"));
    const auto feature = rejected(with_steps(R"([{"do": "put-feature", "app": "acme", "feature": "GROUP_PUSH", "body": {}}])"));
    const auto method = rejected(with_steps(R"([{"expect": {"requests": [{"method": "get"}]}}])"));
    const auto status = rejected(with_steps(R"([{"expect": {"task": {"status": "FAILED"}}}])"));
    const auto mode = rejected(with_steps(R"([{"expect": {"task": {"failureMode": "user-not-found"}}}])"));
    // Assert
    BOOST_TEST(kind.path == "/steps/0/kind");
    BOOST_TEST(kind.message ==
               "expected one of \"assignment\", \"profile_push\", \"password\", \"deprovision\", \"provision_user\", got \"create\"");
    BOOST_TEST(feature.path == "/steps/0/feature");
    BOOST_TEST(feature.message == "expected one of \"USER_PROVISIONING\", \"INBOUND_PROVISIONING\", got \"GROUP_PUSH\"");
    BOOST_TEST(method.path == "/steps/0/expect/requests/0/method");
    // HTTP methods, then the connector plugins' operations (README.md, Connector plugins).
    BOOST_TEST(method.message.starts_with("expected one of \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\", \"TEST_CREDENTIALS\""),
               method.message);
    BOOST_TEST(method.message.ends_with(", got \"get\""), method.message);
    BOOST_TEST(status.path == "/steps/0/expect/task/status");
    BOOST_TEST(mode.path == "/steps/0/expect/task/failureMode");
    BOOST_TEST(mode.message ==
               "no failure mode \"user-not-found\" (expected a name `oktasim modes` lists, e.g. \"create-users-off\")");
    BOOST_TEST(is(mode, scenario_errc::bad_value));
}

BOOST_AUTO_TEST_CASE(bad_step_payloads_are_caught_when_loading_not_when_running) {
    // Act
    const auto faults = rejected(with_steps(
        R"([{"do": "set-faults", "app": "acme", "faults": [{"match": {"nth": 1, "times": 2}, "respond": {"status": 500}}]}])"));
    const auto body = rejected(with_steps(
        R"([{"do": "put-feature", "app": "acme", "body": {"create": {"lifecycleCreate": {"status": "enabled"}}}}])"));
    const auto credentials = rejected(with_steps(
        R"([{"do": "set-credentials", "app": "acme", "auth": {"mode": "basic", "username": "u"}}])"));
    const auto app_credentials = rejected(with_steps(
        R"([{"do": "set-app-credentials", "app": "acme", "auth": {"basic": {"username": "a:b", "password": "p"}}}])"));
    const auto app_credentials_type = rejected(with_steps(R"([{"do": "set-app-credentials", "app": "acme", "auth": 1}])"));
    // Assert
    BOOST_TEST(faults.path == "/steps/0/faults/0/match/nth");
    BOOST_TEST(faults.message == "cannot be combined with \"times\" or \"after\"");
    BOOST_TEST(body.path == "/steps/0/body/create/lifecycleCreate/status");
    BOOST_TEST(body.message == "expected one of \"ENABLED\", \"DISABLED\", got \"enabled\"");
    BOOST_TEST(credentials.path == "/steps/0/auth/password");
    BOOST_TEST(credentials.message == "missing; expected a string");
    BOOST_TEST(app_credentials.path == "/steps/0/auth/basic/username");
    BOOST_TEST(app_credentials.message == "must not contain ':' (RFC 7617 Basic credentials)");
    BOOST_TEST(app_credentials_type.path == "/steps/0/auth");
    BOOST_TEST(app_credentials_type.message == "expected \"none\" or an object with \"bearer\", \"basic\" or \"header\"");
    BOOST_TEST(is(app_credentials_type, scenario_errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(expectation_value_types) {
    const auto external_id = rejected(with_steps(R"([{"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "externalId": 5}}}])"));
    const auto accounts = rejected(with_steps(R"([{"expect": {"accounts": {"app": "acme"}}}])"));
    const auto item = rejected(with_steps(R"([{"expect": {"openTasks": ["OPEN"]}}])"));
    BOOST_TEST(external_id.path == "/steps/0/expect/appUser/externalId");
    BOOST_TEST(external_id.message == "expected true, false or the exact id, got an integer");
    BOOST_TEST(accounts.path == "/steps/0/expect/accounts/users");
    BOOST_TEST(accounts.message == "missing; expected an array");
    BOOST_TEST(item.path == "/steps/0/expect/openTasks/0");
    BOOST_TEST(item.message == "expected an object, got a string");
}

BOOST_AUTO_TEST_CASE(push_rules_and_created_groups_are_checked_at_load) {
    // Arrange: the org has no group "Sales"; a create-group step makes it, and later steps may name it
    const auto created = with_steps(R"([{"do": "create-group", "name": "Sales"},
                                        {"do": "push-group", "group": "Sales", "app": "acme"}])");
    // Act
    const auto named_before = rejected(with_steps(R"([{"do": "push-group", "group": "Sales", "app": "acme"},
                                                      {"do": "create-group", "name": "Sales"}])"));
    const auto twice = rejected(with_steps(R"([{"do": "create-group", "name": "Sales"},
                                               {"do": "create-group", "name": "Sales"}])"));
    const auto both = rejected(with_steps(
        R"([{"do": "add-group-push-rule", "app": "acme", "name": "r", "nameStartsWith": "a", "nameContains": "b"}])"));
    const auto neither = rejected(with_steps(R"([{"do": "add-group-push-rule", "app": "acme", "name": "r"}])"));
    const auto empty = rejected(with_steps(
        R"([{"do": "add-group-push-rule", "app": "acme", "name": "r", "nameContains": "a", "descriptionContains": ""}])"));
    // Assert
    LoadError error;
    BOOST_TEST(runner::parse_scenario(json::serialize(created), "test.json", error).has_value(), error.message);
    BOOST_TEST(named_before.path == "/steps/0/group");
    BOOST_TEST(twice.path == "/steps/1/name");
    BOOST_TEST(twice.message == "a group named 'Sales' exists already");
    BOOST_TEST(both.path == "/steps/0/nameContains");
    BOOST_TEST(both.message == "give one of \"nameStartsWith\" and \"nameContains\", not both");
    BOOST_TEST(neither.path == "/steps/0");
    BOOST_TEST(neither.message == "expected \"nameStartsWith\" or \"nameContains\"");
    BOOST_TEST(empty.path == "/steps/0/descriptionContains");
    BOOST_TEST(is(empty, scenario_errc::bad_value));
}

// --- Files --------------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(missing_file) {
    // Setup
    const TempDir tmp;
    const std::string file = (tmp.dir / "no-such-scenario.json").string();
    LoadError error;
    // Act
    const auto sc = runner::load_scenario(file, error);
    // Assert
    BOOST_TEST(!sc.has_value());
    BOOST_TEST(error.file == file);
    BOOST_TEST(error.path == "");
    BOOST_TEST(error.message == "cannot open the file: No such file or directory");
    BOOST_TEST(is(error, scenario_errc::unreadable));
    BOOST_TEST(error.to_string() == file + ": cannot open the file: No such file or directory");
}

BOOST_AUTO_TEST_CASE(directory_is_not_read_as_an_empty_file) {
    const TempDir tmp;
    LoadError error;
    const auto sc = runner::load_scenario(tmp.dir.string(), error);
    BOOST_TEST(!sc.has_value());
    BOOST_TEST(error.message == "is a directory; expected a scenario file");
    BOOST_TEST(is(error, scenario_errc::unreadable));
}

BOOST_AUTO_TEST_CASE(file_errors_name_the_file_and_the_path) {
    // Setup
    const TempDir tmp;
    json::object doc = base();
    doc["seed"] = "x";
    const fs::path good = tmp.write("good.json", json::serialize(base()));
    const fs::path bad = tmp.write("bad.json", json::serialize(doc));
    const fs::path empty = tmp.write("empty.json", "");
    LoadError error;
    // Act / Assert
    BOOST_TEST(runner::load_scenario(good.string(), error).has_value(), error.to_string());
    BOOST_TEST(!runner::load_scenario(bad.string(), error).has_value());
    BOOST_TEST(error.to_string() == bad.string() + ": /seed: expected an integer, got a string");
    BOOST_TEST(!runner::load_scenario(empty.string(), error).has_value());
    BOOST_TEST(error.to_string() == empty.string() + ": the file is empty; expected a scenario object");
}

BOOST_AUTO_TEST_CASE(a_shipped_fixture_loads) {
    LoadError error;
    const auto sc = runner::load_scenario(OKTASIM_FIXTURES_DIR "/scenarios/failure-modes/create-users-off.json", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    BOOST_TEST(sc->seed == 101u);
    BOOST_TEST(!sc->steps.empty());
}

BOOST_AUTO_TEST_SUITE_END()
