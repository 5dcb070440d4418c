// Tests for the simulated SCIM app's protocol behaviour: Users and Groups (list, filter, paging, CRUD, PatchOp),
// routing and discovery, authentication, the backend log and the admin API, as Okta exercises them.
#include "support/sim_app.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>

using namespace oktasim;
using namespace oktasim::test;
using simapp::SimApp;

namespace {

constexpr std::string_view three_accounts = R"({"accounts": [
    {"id": "u1", "userName": "alice@example.com", "externalId": "00uA",
     "emails": [{"value": "Alice@Example.com", "type": "work"}]},
    {"id": "u2", "userName": "bob@example.com", "active": false},
    {"id": "u3", "userName": "carol@example.com", "password": "p3"}]})";

std::vector<std::string> resource_ids(const json::value& list) {
    std::vector<std::string> ids;
    for (const auto& r : list.at("Resources").as_array()) ids.emplace_back(r.at("id").as_string());
    return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_users)

BOOST_AUTO_TEST_CASE(list_answers_okta_probe_with_list_response) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: Okta's "Test API Credentials" probe (docs/okta-behaviour.md §2.1)
    const auto d = send(app, "GET", "/scim/v2/Users?startIndex=1&count=2");
    // Assert
    BOOST_TEST(status_of(d) == 200);
    BOOST_TEST(d.response->header("Content-Type") == "application/scim+json; charset=utf-8");
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:ListResponse");
    BOOST_TEST(int_at(body, "/totalResults") == 3);
    BOOST_TEST(int_at(body, "/startIndex") == 1);
    BOOST_TEST(int_at(body, "/itemsPerPage") == 2);
    BOOST_TEST(resource_ids(body) == (std::vector<std::string>{"u1", "u2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_pages_in_creation_order) {
    // Setup
    auto app = make_app(three_accounts);
    const std::string id4 = create_user(app, "dave@example.com");
    // Act
    const auto page2 = json_of(send(app, "GET", "/scim/v2/Users?startIndex=3&count=2"));
    const auto past_end = json_of(send(app, "GET", "/scim/v2/Users?startIndex=9&count=2"));
    // Assert
    BOOST_TEST(resource_ids(page2) == (std::vector<std::string>{"u3", id4}), boost::test_tools::per_element());
    BOOST_TEST(int_at(page2, "/itemsPerPage") == 2);
    BOOST_TEST(int_at(page2, "/totalResults") == 4);
    BOOST_TEST(int_at(past_end, "/itemsPerPage") == 0);
    BOOST_TEST(past_end.at("Resources").as_array().empty());
}

BOOST_AUTO_TEST_CASE(list_defaults_and_clamps_paging) {
    // Setup
    auto app = make_app(three_accounts);
    // Act
    const auto defaults = json_of(send(app, "GET", "/scim/v2/Users"));
    const auto zero_start = json_of(send(app, "GET", "/scim/v2/Users?startIndex=0&count=1"));
    const auto zero_count = json_of(send(app, "GET", "/scim/v2/Users?count=0"));
    const auto negative = json_of(send(app, "GET", "/scim/v2/Users?count=-4"));
    const auto bad = send(app, "GET", "/scim/v2/Users?count=ten");
    // Assert
    BOOST_TEST(int_at(defaults, "/startIndex") == 1);
    BOOST_TEST(int_at(defaults, "/itemsPerPage") == 3);
    BOOST_TEST(int_at(zero_start, "/startIndex") == 1);
    BOOST_TEST(resource_ids(zero_start) == (std::vector<std::string>{"u1"}), boost::test_tools::per_element());
    BOOST_TEST(int_at(zero_count, "/totalResults") == 3);
    BOOST_TEST(int_at(zero_count, "/itemsPerPage") == 0);
    BOOST_TEST(int_at(negative, "/itemsPerPage") == 0);
    BOOST_TEST(status_of(bad) == 400);
    BOOST_TEST(text_at(json_of(bad), "/scimType") == "invalidValue");
}

BOOST_AUTO_TEST_CASE(list_caps_count_at_one_thousand) {
    // Setup
    auto app = make_app(R"({"quirks": {"itemsPerPageEchoesCount": true}})");
    // Act
    const auto body = json_of(send(app, "GET", "/scim/v2/Users?count=5000"));
    // Assert: the echo quirk shows the count the server actually used
    BOOST_TEST(int_at(body, "/itemsPerPage") == 1000);
}

BOOST_AUTO_TEST_CASE(list_quirk_echoes_requested_count) {
    // Setup
    auto app = make_app(R"({"accounts": [{"userName": "a"}], "quirks": {"itemsPerPageEchoesCount": true}})");
    // Act
    const auto body = json_of(send(app, "GET", "/scim/v2/Users?startIndex=1&count=100"));
    // Assert
    BOOST_TEST(int_at(body, "/itemsPerPage") == 100);
    BOOST_TEST(body.at("Resources").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(filter_user_name_eq_as_okta_encodes_it_ignores_case) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: docs/okta-behaviour.md §1.2 encoding, and '+' for spaces
    const auto encoded =
        json_of(send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22ALICE%40example.com%22&startIndex=1&count=100"));
    const auto plus = json_of(send(app, "GET", "/scim/v2/Users?filter=USERNAME+EQ+%22bob@example.com%22"));
    // Assert
    BOOST_TEST(resource_ids(encoded) == (std::vector<std::string>{"u1"}), boost::test_tools::per_element());
    BOOST_TEST(int_at(encoded, "/totalResults") == 1);
    BOOST_TEST(resource_ids(plus) == (std::vector<std::string>{"u2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(filter_without_match_is_empty_list_response) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: SPEC test step 3
    const auto d = send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22abcdefgh%40atko.com%22");
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(int_at(body, "/totalResults") == 0);
    BOOST_TEST(body.at("Resources").as_array().empty());
}

BOOST_AUTO_TEST_CASE(filter_quirk_makes_user_name_case_sensitive) {
    // Setup
    auto app = make_app(R"({"accounts": [{"userName": "alice@example.com"}],
                            "quirks": {"caseSensitiveUserNameFilter": true}})");
    // Act
    const auto upper = json_of(send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22ALICE@example.com%22"));
    const auto exact = json_of(send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22alice@example.com%22"));
    // Assert
    BOOST_TEST(int_at(upper, "/totalResults") == 0);
    BOOST_TEST(int_at(exact, "/totalResults") == 1);
}

BOOST_AUTO_TEST_CASE(filter_on_external_id_id_and_email) {
    // Setup
    auto app = make_app(three_accounts);
    // Act
    const auto by_external = json_of(send(app, "GET", "/scim/v2/Users?filter=externalId%20eq%20%2200uA%22"));
    const auto external_case = json_of(send(app, "GET", "/scim/v2/Users?filter=externalId%20eq%20%2200ua%22"));
    const auto by_id = json_of(send(app, "GET", "/scim/v2/Users?filter=id%20eq%20%22u3%22"));
    const auto by_email = json_of(send(app, "GET", "/scim/v2/Users?filter=emails.value%20eq%20%22alice@example.com%22"));
    // Assert: externalId is caseExact, emails are not (RFC 7643)
    BOOST_TEST(resource_ids(by_external) == (std::vector<std::string>{"u1"}), boost::test_tools::per_element());
    BOOST_TEST(int_at(external_case, "/totalResults") == 0);
    BOOST_TEST(resource_ids(by_id) == (std::vector<std::string>{"u3"}), boost::test_tools::per_element());
    BOOST_TEST(resource_ids(by_email) == (std::vector<std::string>{"u1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(filter_malformed_or_unsupported_is_invalid_filter) {
    // Setup
    auto app = make_app(three_accounts);
    const std::vector<std::string> filters = {
        "userName%20co%20%22a%22",                       // operator other than eq
        "userName%20eq",                                  // no value
        "title%20eq%20%22x%22",                           // attribute not supported
        "userName%20eq%20%22a%22%20and%20id%20eq%20%22b%22",  // logical operators
        "userName%20eq%20%22unterminated",                // broken string
        "userName%20eq%20true",                           // not a string
        "bad%zz"};                                        // broken escape
    for (const auto& filter : filters) {
        BOOST_TEST_CONTEXT("filter=" << filter) {
            // Act
            const auto d = send(app, "GET", "/scim/v2/Users?filter=" + filter);
            // Assert
            BOOST_TEST(status_of(d) == 400);
            const auto body = json_of(d);
            BOOST_TEST(text_at(body, "/scimType") == "invalidFilter");
            BOOST_TEST(text_at(body, "/status") == "400");
            BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
        }
    }
}

BOOST_AUTO_TEST_CASE(get_returns_resource_with_meta_and_no_password) {
    // Setup
    auto app = make_app(three_accounts);
    // Act
    const auto d = send(app, "GET", "/scim/v2/Users/u3");
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/id") == "u3");
    BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:schemas:core:2.0:User");
    BOOST_TEST(body.at("active").as_bool());
    BOOST_TEST(!has(body, "/password"));
    BOOST_TEST(text_at(body, "/meta/resourceType") == "User");
    BOOST_TEST(text_at(body, "/meta/created") == "2024-04-21T12:47:34.228Z");
    BOOST_TEST(text_at(body, "/meta/lastModified") == "2024-04-21T12:47:34.228Z");
    BOOST_TEST(text_at(body, "/meta/location") == "https://app.example.test/scim/v2/Users/u3");
    BOOST_TEST(text_at(body, "/meta/version") == "W/\"1\"");
    BOOST_TEST(app.password("u3").value_or("<none>") == "p3");
}

BOOST_AUTO_TEST_CASE(get_unknown_id_is_404_scim_error) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: SPEC test step 4
    const auto d = send(app, "GET", "/scim/v2/Users/010101001010101011001010101011");
    // Assert
    BOOST_TEST(status_of(d) == 404);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/detail") == "User not found");
    BOOST_TEST(text_at(body, "/status") == "404");
    BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
}

BOOST_AUTO_TEST_CASE(create_returns_201_with_generated_id_meta_and_location) {
    // Setup
    auto app = make_app();
    // Act: Okta's documented create body (docs/okta-behaviour.md §2.2), one minute into the run
    const auto d = send(app, "POST", "/scim/v2/Users", std::string(okta_user_body), {}, sim::TimePoint{60'000});
    // Assert
    BOOST_TEST(status_of(d) == 201);
    const auto body = json_of(d);
    const std::string id = text_at(body, "/id");
    BOOST_TEST(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    BOOST_TEST(d.response->header("Location") == "https://app.example.test/scim/v2/Users/" + id);
    BOOST_TEST(text_at(body, "/meta/location") == "https://app.example.test/scim/v2/Users/" + id);
    BOOST_TEST(text_at(body, "/meta/created") == "2024-04-21T12:48:34.228Z");
    BOOST_TEST(text_at(body, "/userName") == "test.user@okta.local");
    BOOST_TEST(text_at(body, "/name/givenName") == "Test");
    BOOST_TEST(text_at(body, "/externalId") == "00ujl29u0le5T6Aj10h7");
    BOOST_TEST(!has(body, "/password"));
    BOOST_TEST(!has(body, "/groups"));
    BOOST_TEST(app.password(id).value_or("<none>") == "1mz050nq");
    BOOST_TEST(text_at(json_of(send(app, "GET", "/scim/v2/Users/" + id)), "/userName") == "test.user@okta.local");
}

BOOST_AUTO_TEST_CASE(create_ids_are_deterministic_per_seed) {
    // Setup
    auto a = make_app("{}", 11);
    auto b = make_app("{}", 11);
    auto c = make_app("{}", 12);
    // Act
    const std::string id_a = create_user(a, "x");
    const std::string id_b = create_user(b, "x");
    const std::string id_c = create_user(c, "x");
    const std::string second = create_user(a, "y");
    // Assert
    BOOST_TEST(id_a == id_b);
    BOOST_TEST(id_a != id_c);
    BOOST_TEST(second != id_a);
}

BOOST_AUTO_TEST_CASE(create_duplicate_user_name_is_409_uniqueness) {
    // Setup
    auto app = make_app();
    create_user(app, "test.user@okta.local");
    // Act: same userName in another case (SPEC test step 8)
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName": "TEST.USER@okta.local"})");
    // Assert
    BOOST_TEST(status_of(d) == 409);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/scimType") == "uniqueness");
    BOOST_TEST(text_at(body, "/detail") == "User already exists in the database.");
    BOOST_TEST(text_at(body, "/status") == "409");
    BOOST_TEST(app.accounts().size() == 1u);
}

BOOST_AUTO_TEST_CASE(create_rejects_bad_bodies) {
    struct Case {
        std::string body;
        std::string scim_type;
    };
    const std::vector<Case> cases = {
        {R"({"name": {"givenName": "No"}})", "invalidValue"},   // no userName
        {R"({"userName": "   "})", "invalidValue"},             // blank userName
        {R"({"userName": 5})", "invalidValue"},                 // not a string
        {R"({"userName": "a", "active": "False"})", "invalidValue"},
        {R"({"userName": "a", "password": 1234})", "invalidValue"},
        {R"({"userName": "a",)", "invalidSyntax"},              // not JSON
        {R"(["userName"])", "invalidSyntax"},                   // not an object
        {"", "invalidSyntax"}};
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("body " << c.body) {
            // Setup
            auto app = make_app();
            // Act
            const auto d = send(app, "POST", "/scim/v2/Users", c.body);
            // Assert
            BOOST_TEST(status_of(d) == 400);
            BOOST_TEST(text_at(json_of(d), "/scimType") == c.scim_type);
            BOOST_TEST(app.accounts().empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(replace_keeps_id_and_created_and_bumps_version) {
    // Setup: Okta's read-modify-write, echoing id, meta and groups (docs/okta-behaviour.md §2.4)
    auto app = make_app(three_accounts);
    auto current = json_of(send(app, "GET", "/scim/v2/Users/u1")).as_object();
    current["title"] = "Engineer";
    current["active"] = false;
    current["password"] = "n3w-secret";
    current["groups"] = json::array{};
    current.erase("externalId");
    // Act
    const auto d = send(app, "PUT", "/scim/v2/Users/u1", json::serialize(current), {}, sim::TimePoint{5'000});
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/id") == "u1");
    BOOST_TEST(text_at(body, "/title") == "Engineer");
    BOOST_TEST(!body.at("active").as_bool());
    BOOST_TEST(!has(body, "/externalId"));
    BOOST_TEST(!has(body, "/password"));
    BOOST_TEST(text_at(body, "/meta/created") == "2024-04-21T12:47:34.228Z");
    BOOST_TEST(text_at(body, "/meta/lastModified") == "2024-04-21T12:47:39.228Z");
    BOOST_TEST(text_at(body, "/meta/version") == "W/\"2\"");
    BOOST_TEST(app.password("u1").value_or("<none>") == "n3w-secret");
}

BOOST_AUTO_TEST_CASE(replace_errors_unknown_clash_and_id_change) {
    // Setup
    auto app = make_app(three_accounts);
    // Act
    const auto unknown = send(app, "PUT", "/scim/v2/Users/nope", R"({"userName": "z"})");
    const auto clash = send(app, "PUT", "/scim/v2/Users/u1", R"({"userName": "BOB@example.com"})");
    const auto other_id = send(app, "PUT", "/scim/v2/Users/u1", R"({"id": "u9", "userName": "alice@example.com"})");
    const auto own_name = send(app, "PUT", "/scim/v2/Users/u1", R"({"userName": "Alice@Example.com"})");
    // Assert
    BOOST_TEST(status_of(unknown) == 404);
    BOOST_TEST(status_of(clash) == 409);
    BOOST_TEST(text_at(json_of(clash), "/scimType") == "uniqueness");
    BOOST_TEST(status_of(other_id) == 400);
    BOOST_TEST(text_at(json_of(other_id), "/scimType") == "mutability");
    BOOST_TEST(status_of(own_name) == 200);
}

BOOST_AUTO_TEST_CASE(patch_okta_deactivation_without_path) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: docs/okta-behaviour.md §2.5
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1",
                        patch_body(R"([{"op":"replace","value":{"active":false}}])"));
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(!body.at("active").as_bool());
    BOOST_TEST(text_at(body, "/userName") == "alice@example.com");
    BOOST_TEST(text_at(body, "/meta/version") == "W/\"2\"");
    BOOST_TEST(!app.find_account("u1")->at("active").as_bool());
}

BOOST_AUTO_TEST_CASE(patch_paths_on_simple_sub_and_filtered_attributes) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a", "displayName": "A", "name": {"givenName": "Al"},
        "emails": [{"value": "a@home.test", "type": "home"}, {"value": "a@old.test", "type": "work"}]}]})");
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([
        {"op": "Replace", "path": "name.familyName", "value": "Smith"},
        {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "a@new.test"},
        {"op": "add", "path": "emails[type eq \"other\"].value", "value": "a@other.test"},
        {"op": "replace", "path": "userName", "value": "a2"},
        {"op": "REMOVE", "path": "displayName"},
        {"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:title", "value": "Boss"}])"));
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/name/givenName") == "Al");
    BOOST_TEST(text_at(body, "/name/familyName") == "Smith");
    BOOST_TEST(text_at(body, "/emails/0/value") == "a@home.test");
    BOOST_TEST(text_at(body, "/emails/1/value") == "a@new.test");
    BOOST_TEST(text_at(body, "/emails/2/type") == "other");
    BOOST_TEST(text_at(body, "/emails/2/value") == "a@other.test");
    BOOST_TEST(text_at(body, "/userName") == "a2");
    BOOST_TEST(!has(body, "/displayName"));
    BOOST_TEST(text_at(body, "/title") == "Boss");
}

BOOST_AUTO_TEST_CASE(patch_enterprise_extension_by_urn_path_and_object) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a"}]})");
    const std::string urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([
        {"op": "add", "path": ")" + urn + R"(:department", "value": "R&D"},
        {"op": "replace", "value": {")" + urn + R"(": {"costCenter": "42"}}}])"));
    // Assert
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/" + urn + "/department") == "R&D");
    BOOST_TEST(text_at(body, "/" + urn + "/costCenter") == "42");
    BOOST_TEST(text_at(body, "/schemas/1") == urn);
}

BOOST_AUTO_TEST_CASE(patch_extension_object_over_a_non_object_is_invalid_path) {
    // Setup: a client stored a string where the extension object belongs
    const std::string urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a", ")" + urn + R"(": "flat"}]})");
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1",
                        patch_body(R"([{"op": "replace", "value": {")" + urn + R"(": {"department": "x"}}}])"));
    // Assert
    BOOST_TEST(status_of(d) == 400);
    BOOST_TEST(text_at(json_of(d), "/scimType") == "invalidPath");
    BOOST_TEST(text_at(json::value(*app.find_account("u1")), "/" + urn) == "flat");
}

BOOST_AUTO_TEST_CASE(patch_password_is_stored_not_returned) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: the inferred OIN password-sync body (docs/okta-behaviour.md §2.8) and the path form
    const auto no_path = send(app, "PATCH", "/scim/v2/Users/u1",
                              patch_body(R"([{"op":"replace","value":{"password":"Sixteen-Chars-01"}}])"));
    const std::string after_first = app.password("u1").value_or("");
    const auto with_path =
        send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([{"op":"replace","path":"password","value":"p2"}])"));
    // Assert
    BOOST_TEST(status_of(no_path) == 200);
    BOOST_TEST(!has(json_of(no_path), "/password"));
    BOOST_TEST(after_first == "Sixteen-Chars-01");
    BOOST_TEST(status_of(with_path) == 200);
    BOOST_TEST(app.password("u1").value_or("<none>") == "p2");
}

BOOST_AUTO_TEST_CASE(patch_string_boolean_is_400_and_changes_nothing) {
    // Setup
    auto app = make_app(three_accounts);
    // Act: an Entra-style op after a valid one; the whole request must fail
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([
        {"op": "replace", "path": "displayName", "value": "Changed"},
        {"op": "Replace", "path": "active", "value": "False"}])"));
    // Assert
    BOOST_TEST(status_of(d) == 400);
    BOOST_TEST(text_at(json_of(d), "/scimType") == "invalidValue");
    const auto stored = *app.find_account("u1");
    BOOST_TEST(!stored.contains("displayName"));
    BOOST_TEST(stored.at("active").as_bool());
    BOOST_TEST(text_at(json::value(stored), "/meta/version") == "W/\"1\"");
}

BOOST_AUTO_TEST_CASE(patch_rejects_malformed_requests) {
    struct Case {
        std::string body;
        int status;
        std::string scim_type;
    };
    const std::string ops_schema = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],)";
    const std::vector<Case> cases = {
        {R"({"Operations":[{"op":"replace","value":{"active":false}}]})", 400, "invalidSyntax"},  // no PatchOp schema
        {ops_schema + R"("Operations":{}})", 400, "invalidSyntax"},
        {patch_body(R"([{"op":"merge","value":{"active":false}}])"), 400, "invalidSyntax"},
        {patch_body(R"([{"op":"remove"}])"), 400, "noTarget"},
        {patch_body(R"([{"op":"replace","value":"x"}])"), 400, "invalidValue"},
        {patch_body(R"([{"op":"replace","path":"emails[type eq"}])"), 400, "invalidPath"},
        {patch_body(R"([{"op":"replace","path":"id","value":"other"}])"), 400, "mutability"},
        {patch_body(R"([{"op":"replace","path":"userName"}])"), 400, "invalidValue"},
        {patch_body(R"([{"op":"remove","path":"userName"}])"), 400, "invalidValue"},
        {patch_body(R"([{"op":"replace","path":"userName","value":"bob@example.com"}])"), 409, "uniqueness"}};
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("body " << c.body) {
            // Setup
            auto app = make_app(three_accounts);
            // Act
            const auto d = send(app, "PATCH", "/scim/v2/Users/u1", c.body);
            // Assert
            BOOST_TEST(status_of(d) == c.status);
            BOOST_TEST(text_at(json_of(d), "/scimType") == c.scim_type);
        }
    }
}

BOOST_AUTO_TEST_CASE(patch_no_content_config_answers_204) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a"}], "patchResponse": "no-content"})");
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([{"op":"replace","value":{"active":false}}])"));
    // Assert
    BOOST_TEST(status_of(d) == 204);
    BOOST_TEST(d.response->body.empty());
    BOOST_TEST(d.response->header("Content-Type").empty());
    BOOST_TEST(!app.find_account("u1")->at("active").as_bool());
}

BOOST_AUTO_TEST_CASE(patch_quirk_no_patch_is_501_and_advertised) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a"}], "quirks": {"noPatch": true}})");
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([{"op":"replace","value":{"active":false}}])"));
    const auto spc = json_of(send(app, "GET", "/scim/v2/ServiceProviderConfig"));
    // Assert
    BOOST_TEST(status_of(d) == 501);
    BOOST_TEST(app.find_account("u1")->at("active").as_bool());
    BOOST_TEST(!spc.at_pointer("/patch/supported").as_bool());
}

BOOST_AUTO_TEST_CASE(patch_unknown_user_is_404) {
    // Setup
    auto app = make_app();
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/nope", patch_body(R"([{"op":"replace","value":{"active":false}}])"));
    // Assert
    BOOST_TEST(status_of(d) == 404);
}

BOOST_AUTO_TEST_CASE(delete_answers_204_and_forgets_the_user) {
    // Setup
    auto app = make_app(three_accounts);
    // Act
    const auto d = send(app, "DELETE", "/scim/v2/Users/u3");
    const auto again = send(app, "DELETE", "/scim/v2/Users/u3");
    // Assert
    BOOST_TEST(status_of(d) == 204);
    BOOST_TEST(d.response->body.empty());
    BOOST_TEST(status_of(again) == 404);
    BOOST_TEST(status_of(send(app, "GET", "/scim/v2/Users/u3")) == 404);
    BOOST_TEST(!app.password("u3").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simapp_groups)

constexpr std::string_view group_config = R"({
  "accounts": [{"id": "u1", "userName": "alice"}, {"id": "u2", "userName": "bob"}, {"id": "u3", "userName": "carol"}],
  "groups": [{"id": "g1", "displayName": "Engineering", "members": [{"value": "u1", "display": "alice"}]}]})";

BOOST_AUTO_TEST_CASE(group_create_answers_201_and_rejects_clash) {
    // Setup
    auto app = make_app(group_config);
    // Act: docs/okta-behaviour.md §2.10 create body
    const auto created = send(app, "POST", "/scim/v2/Groups",
                              R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],)"
                              R"("displayName":"Test SCIMv2","members":[]})");
    const auto clash = send(app, "POST", "/scim/v2/Groups", R"({"displayName":"engineering"})");
    const auto no_name = send(app, "POST", "/scim/v2/Groups", R"({"members":[]})");
    // Assert
    BOOST_TEST(status_of(created) == 201);
    const auto body = json_of(created);
    BOOST_TEST(created.response->header("Location") == "https://app.example.test/scim/v2/Groups/" + text_at(body, "/id"));
    BOOST_TEST(text_at(body, "/meta/resourceType") == "Group");
    BOOST_TEST(body.at("members").as_array().empty());
    BOOST_TEST(status_of(clash) == 409);
    BOOST_TEST(text_at(json_of(clash), "/scimType") == "uniqueness");
    BOOST_TEST(status_of(no_name) == 400);
}

BOOST_AUTO_TEST_CASE(group_list_filters_on_display_name) {
    // Setup
    auto app = make_app(group_config);
    send(app, "POST", "/scim/v2/Groups", R"({"displayName":"Test SCIMv2"})");
    // Act
    const auto hit = json_of(
        send(app, "GET", "/scim/v2/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100"));
    const auto all = json_of(send(app, "GET", "/scim/v2/Groups?startIndex=1&count=100"));
    const auto bad = send(app, "GET", "/scim/v2/Groups?filter=userName%20eq%20%22alice%22");
    // Assert
    BOOST_TEST(int_at(hit, "/totalResults") == 1);
    BOOST_TEST(text_at(hit, "/Resources/0/displayName") == "Test SCIMv2");
    BOOST_TEST(int_at(all, "/totalResults") == 2);
    BOOST_TEST(status_of(bad) == 400);
}

BOOST_AUTO_TEST_CASE(group_patch_adds_and_removes_members_like_okta) {
    // Setup
    auto app = make_app(group_config);
    // Act: docs/okta-behaviour.md §2.10 membership delta, then a rename that repeats the group's id
    const auto delta = send(app, "PATCH", "/scim/v2/Groups/g1", patch_body(R"([
        {"op":"remove","path":"members[value eq \"u1\"]"},
        {"op":"add","path":"members","value":[{"value":"u2","display":"bob"},{"value":"u3","display":"carol"}]}])"));
    const auto rename = send(app, "PATCH", "/scim/v2/Groups/g1",
                             patch_body(R"([{"op":"replace","value":{"id":"g1","displayName":"Eng"}}])"));
    // Assert
    BOOST_TEST(status_of(delta) == 200);
    const auto body = json_of(rename);
    BOOST_TEST(status_of(rename) == 200);
    BOOST_TEST(text_at(body, "/displayName") == "Eng");
    BOOST_TEST(body.at("members").as_array().size() == 2u);
    BOOST_TEST(text_at(body, "/members/0/value") == "u2");
    BOOST_TEST(text_at(body, "/members/1/value") == "u3");
}

BOOST_AUTO_TEST_CASE(group_patch_replaces_members_and_rejects_unknown_ones) {
    // Setup
    auto app = make_app(group_config);
    // Act
    const auto replaced = send(app, "PATCH", "/scim/v2/Groups/g1",
                               patch_body(R"([{"op":"replace","path":"members","value":[{"value":"u3"},{"value":"u3"}]}])"));
    const auto unknown = send(app, "PATCH", "/scim/v2/Groups/g1",
                              patch_body(R"([{"op":"add","path":"members","value":[{"value":"ghost"}]}])"));
    const auto other_id = send(app, "PATCH", "/scim/v2/Groups/g1",
                               patch_body(R"([{"op":"replace","value":{"id":"g2","displayName":"X"}}])"));
    // Assert
    BOOST_TEST(status_of(replaced) == 200);
    const auto members = json_of(replaced).at("members").as_array();
    BOOST_TEST(members.size() == 1u);  // duplicates collapse
    BOOST_TEST(status_of(unknown) == 400);
    BOOST_TEST(text_at(json_of(unknown), "/scimType") == "invalidValue");
    BOOST_TEST(status_of(other_id) == 400);
    BOOST_TEST(text_at(json_of(other_id), "/scimType") == "mutability");
    BOOST_TEST(app.find_group("g1")->at("members").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(group_put_replaces_and_delete_answers_204) {
    // Setup
    auto app = make_app(group_config);
    // Act: AIW push, full member list (docs/okta-behaviour.md §2.10)
    const auto put = send(app, "PUT", "/scim/v2/Groups/g1",
                          R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering",
                              "members":[{"value":"u2"},{"value":"u3"}]})");
    const auto gone = send(app, "DELETE", "/scim/v2/Groups/g1");
    // Assert
    BOOST_TEST(status_of(put) == 200);
    BOOST_TEST(json_of(put).at("members").as_array().size() == 2u);
    BOOST_TEST(text_at(json_of(put), "/meta/version") == "W/\"2\"");
    BOOST_TEST(status_of(gone) == 204);
    BOOST_TEST(status_of(send(app, "GET", "/scim/v2/Groups/g1")) == 404);
    BOOST_TEST(text_at(json_of(send(app, "GET", "/scim/v2/Groups/g1")), "/detail") == "Group not found");
}

BOOST_AUTO_TEST_CASE(group_membership_shows_on_user_and_goes_with_it) {
    // Setup
    auto app = make_app(group_config);
    // Act
    const auto alice = json_of(send(app, "GET", "/scim/v2/Users/u1"));
    send(app, "DELETE", "/scim/v2/Users/u1");
    // Assert
    BOOST_TEST(text_at(alice, "/groups/0/value") == "g1");
    BOOST_TEST(text_at(alice, "/groups/0/display") == "Engineering");
    BOOST_TEST(app.find_group("g1")->at("members").as_array().empty());
}

BOOST_AUTO_TEST_SUITE_END()
