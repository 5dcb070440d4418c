// Okta's SCIM client as pure code: the exact requests it builds, and how every response code and malformed
// response of docs/okta-behaviour.md §5.3 maps to an error and the provider message a tenant sees.
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::connectors::scim;

namespace {

Endpoint endpoint() {
    std::string error;
    return *parse_endpoint("https://app.example.test:8443/scim/v2/", error);
}

Auth bearer(std::string token) {
    Auth a;
    a.mode = Auth::Mode::header;
    a.token = std::move(token);
    return a;
}

wire::Delivery respond(int status, std::string body, std::vector<wire::Header> headers = {}) {
    wire::Delivery d;
    d.response = wire::Response{status, std::string(wire::reason_phrase(status)), std::move(headers), std::move(body)};
    return d;
}

const std::string scim_error_404 =
    R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"User not found","status":"404"})";

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_protocol)

BOOST_AUTO_TEST_CASE(look_up_request_matches_okta_documented_request) {
    // Setup / Act
    const wire::Request r = find_user(endpoint(), bearer("T"), "test.user@okta.local");
    // Assert: docs/okta-behaviour.md §1.1, §1.2, §2.2
    BOOST_TEST(r.method == "GET");
    BOOST_TEST(r.target == "/scim/v2/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100");
    BOOST_TEST(r.header("Accept") == "application/scim+json");
    BOOST_TEST(r.header("Accept-Charset") == "utf-8");
    BOOST_TEST(r.header("User-Agent") == "Okta SCIM Client 1.0.0");
    BOOST_TEST(r.header("Authorization") == "Bearer T");
    BOOST_TEST(r.header("Host") == "app.example.test:8443");
    BOOST_TEST(r.header("Content-Type").empty());
    BOOST_TEST(r.body.empty());
}

BOOST_AUTO_TEST_CASE(bodies_carry_scim_content_type_and_length) {
    const boost::json::object body{{"userName", "a@b"}};
    const wire::Request r = create_user(endpoint(), bearer("T"), body);
    BOOST_TEST(r.method == "POST");
    BOOST_TEST(r.target == "/scim/v2/Users");
    BOOST_TEST(r.header("Content-Type") == "application/scim+json; charset=utf-8");
    BOOST_TEST(r.header("Content-Length") == std::to_string(r.body.size()));
    BOOST_TEST(patch_user(endpoint(), bearer("T"), "id 1", body).target == "/scim/v2/Users/id%201");
    BOOST_TEST(list_users(endpoint(), bearer("T"), 1, 2).target == "/scim/v2/Users?startIndex=1&count=2");
}

BOOST_AUTO_TEST_CASE(auth_modes_build_the_authorization_header) {
    Auth basic;
    basic.mode = Auth::Mode::basic;
    basic.username = "svc";
    basic.password = "pw";
    BOOST_TEST(basic.authorization() == "Basic c3ZjOnB3");
    Auth raw = bearer("abc");
    raw.prefix = "";
    BOOST_TEST(raw.authorization() == "abc");
    BOOST_TEST(Auth{}.authorization().empty());
}

BOOST_AUTO_TEST_CASE(endpoint_rejects_what_okta_would_not_save) {
    std::string error;
    BOOST_TEST(!parse_endpoint("not a url", error).has_value());
    BOOST_TEST(!parse_endpoint("ftp://x/scim", error).has_value());
    BOOST_TEST(!parse_endpoint("https://x/scim?x=1", error).has_value());
    BOOST_TEST(parse_endpoint("http://127.0.0.1:9000", error)->base_path == "");
}

BOOST_AUTO_TEST_CASE(status_codes_map_to_errors_and_provider_messages) {
    struct Case {
        int status;
        connector_errc code;
        const char* message;
    };
    const Case cases[] = {
        {400, connector_errc::rejected, "Bad Request. Errors reported by remote server: nope"},
        {401, connector_errc::unauthorized, "Unauthorized. Errors reported by remote server: nope"},
        {403, connector_errc::forbidden, "Forbidden. Errors reported by remote server: nope"},
        {404, connector_errc::not_found, "Not Found. Errors reported by remote server: nope"},
        {409, connector_errc::conflict, "Conflict. Errors reported by remote server: nope"},
        {422, connector_errc::rejected, "Unprocessable Entity. Errors reported by remote server: nope"},
        {429, connector_errc::rate_limited, "Too Many Requests. Errors reported by remote server: nope"},
        {500, connector_errc::server_error, "Internal Server Error. Errors reported by remote server: nope"},
        {502, connector_errc::server_error, "Bad Gateway. Errors reported by remote server: nope"},
        {302, connector_errc::unexpected_status, "Found. Errors reported by remote server: nope"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("status " << c.status) {
            Diagnostics d;
            auto r = read_resource(respond(c.status, R"({"detail":"nope","status":")" + std::to_string(c.status) + "\"}"), d);
            BOOST_TEST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error() == make_error_code(c.code));
            BOOST_TEST(d.provider_message() == c.message);
        }
    }
}

BOOST_AUTO_TEST_CASE(failure_classes_drive_retries) {
    BOOST_TEST((make_error_code(connector_errc::rate_limited) == failure_class::rate_limited));
    BOOST_TEST((make_error_code(connector_errc::unauthorized) == failure_class::auth));
    BOOST_TEST((make_error_code(connector_errc::server_error) == failure_class::transient));
    BOOST_TEST((make_error_code(connector_errc::conflict) == failure_class::permanent));
}

BOOST_AUTO_TEST_CASE(retry_after_counts_only_integer_seconds) {
    Diagnostics d1, d2, d3;
    (void)read_resource(respond(429, "", {{"Retry-After", "30"}}), d1);
    (void)read_resource(respond(429, "", {{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}}), d2);
    (void)read_resource(respond(429, ""), d3);
    BOOST_TEST(d1.retry_after->count() == 30'000);
    BOOST_TEST(!d2.retry_after.has_value());
    BOOST_TEST(!d3.retry_after.has_value());
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_reported_as_okta_does) {
    Diagnostics html;
    auto r = read_resource(respond(502, "<html><body>Bad gateway</body></html>"), html);
    BOOST_TEST(r.error() == make_error_code(connector_errc::server_error));
    BOOST_TEST(html.body_not_json);
    BOOST_TEST(html.provider_message().rfind(
                   "Bad Gateway. Errors reported by remote server: Invalid JSON: Unexpected character ('<' (code 60))", 0) == 0u);

    Diagnostics text;
    (void)read_resource(respond(500, "error: backend down"), text);
    BOOST_TEST(text.detail.rfind("Invalid JSON: Unrecognized token 'error'", 0) == 0u);

    Diagnostics empty;
    BOOST_TEST(read_resource(respond(201, ""), empty).error() == make_error_code(connector_errc::empty_body));
    Diagnostics no_id;
    BOOST_TEST(read_resource(respond(201, "{}"), no_id).error() == make_error_code(connector_errc::empty_body));
    Diagnostics truncated;
    BOOST_TEST(read_resource(respond(200, "{\"id\":\"1\""), truncated).error() == make_error_code(connector_errc::invalid_json));
    BOOST_TEST(truncated.provider_message() == "Invalid JSON: Unexpected end-of-input: expected close marker for Object");
}

BOOST_AUTO_TEST_CASE(scim_1_1_error_bodies_give_their_description) {
    Diagnostics d;
    (void)read_resource(respond(409, R"({"Errors":[{"description":"User exists","code":409}]})"), d);
    BOOST_TEST(d.detail == "User exists");
}

BOOST_AUTO_TEST_CASE(transport_failures_read_as_null_or_timeout) {
    wire::Delivery refused{std::nullopt, wire::TransportFailure::connection_refused, "Connection refused", {}};
    wire::Delivery reset{std::nullopt, wire::TransportFailure::connection_reset, "reset", {}};
    wire::Delivery slow{std::nullopt, wire::TransportFailure::timeout, "Read timed out", {}};
    Diagnostics a, b, c;
    BOOST_TEST(read_resource(refused, a).error() == make_error_code(connector_errc::connection_failed));
    BOOST_TEST(read_resource(reset, b).error() == make_error_code(connector_errc::connection_failed));
    BOOST_TEST(read_resource(slow, c).error() == make_error_code(connector_errc::timeout));
    BOOST_TEST(a.provider_message() == "null");
    BOOST_TEST(c.provider_message() == "Read timed out");
}

BOOST_AUTO_TEST_CASE(look_up_accepts_both_not_found_answers) {
    Diagnostics d;
    const auto empty_list = respond(
        200, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]})");
    BOOST_TEST(!read_lookup(empty_list, d)->has_value());
    BOOST_TEST(!read_lookup(respond(404, scim_error_404), d)->has_value());
    // A 404 without the SCIM error schema is a wrong URL, not "no such user" (§2.2).
    BOOST_TEST(read_lookup(respond(404, "<html>404</html>"), d).error() == make_error_code(connector_errc::not_found));
    // Okta tolerates lower-case ListResponse keys (§2.9).
    const auto lower = respond(200, R"({"totalresults":1,"resources":[{"id":"x","userName":"a"}]})");
    BOOST_TEST(read_lookup(lower, d)->value().at("id").as_string() == "x");
}

BOOST_AUTO_TEST_CASE(patch_accepts_no_content) {
    Diagnostics d;
    BOOST_TEST(read_patch(respond(204, ""), d)->empty());
    BOOST_TEST(read_patch(respond(200, R"({"id":"1","active":false})"), d)->at("active").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(oauth_refresh_request_and_token_answer) {
    // Setup
    Auth a;
    a.mode = Auth::Mode::oauth2;
    a.token = "old";
    a.refresh_token = "r t/1";
    a.token_url = "https://login.example.test/oauth2/v1/token";
    a.client_id = "okta-client";
    a.client_secret = "s3cret";
    std::string error;
    // Act
    const auto r = token_refresh(a, error);
    // Assert: RFC 6749 §6, client credentials as Basic
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->method == "POST");
    BOOST_TEST(r->target == "/oauth2/v1/token");
    BOOST_TEST(r->header("Host") == "login.example.test");
    BOOST_TEST(r->header("Content-Type") == "application/x-www-form-urlencoded");
    BOOST_TEST(r->header("Authorization") == "Basic b2t0YS1jbGllbnQ6czNjcmV0");
    BOOST_TEST(r->body == "grant_type=refresh_token&refresh_token=r%20t%2F1");
    Diagnostics d;
    const auto grant = read_token(respond(200, R"({"access_token":"new","token_type":"Bearer","refresh_token":"r2"})"), d);
    BOOST_TEST_REQUIRE(grant.has_value());
    BOOST_TEST(grant->access_token == "new");
    BOOST_TEST(grant->refresh_token == "r2");
    BOOST_TEST(read_token(respond(200, R"({"token_type":"Bearer"})"), d).error() == make_error_code(connector_errc::empty_body));
    BOOST_TEST(read_token(respond(400, R"({"error":"invalid_grant"})"), d).error() == make_error_code(connector_errc::rejected));
    a.token_url = "not a url";
    BOOST_TEST(!token_refresh(a, error).has_value());
}

BOOST_AUTO_TEST_CASE(hardening_list_items_of_the_wrong_type_are_a_malformed_response) {
    const auto list = [](std::string resources) {
        return respond(200, R"({"totalResults":3,"startIndex":1,"itemsPerPage":3,"Resources":)" + resources + "}");
    };
    struct Case {
        std::string resources;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {R"([5,null,{"id":7}])", "Invalid JSON: Resources[0] is a Number, expected an Object"},
        {R"([{"id":"a"},{"id":7}])", "Invalid JSON: Resources[1].id is a Number, expected a non-empty String"},
        {R"([{"userName":"a"}])", "Invalid JSON: Resources[0].id is missing, expected a non-empty String"},
        {R"([{"id":""}])", "Invalid JSON: Resources[0].id is an empty String, expected a non-empty String"},
        {R"({"id":"a"})", "Invalid JSON: Resources is an Object, expected an Array"},
        {R"("none")", "Invalid JSON: Resources is a String, expected an Array"},
    };
    for (const auto& c : cases) {
        Diagnostics page_diag, lookup_diag;
        BOOST_TEST(read_list(list(c.resources), page_diag).error() == make_error_code(connector_errc::invalid_json),
                   c.resources);
        BOOST_TEST(page_diag.detail == c.detail, c.resources);
        BOOST_TEST(read_lookup(list(c.resources), lookup_diag).error() == make_error_code(connector_errc::invalid_json),
                   c.resources);
        // What a tenant sees: Okta's "Invalid JSON" family, after the reason phrase of the 200.
        BOOST_TEST(lookup_diag.provider_message() == c.detail, c.resources);
    }
    Diagnostics ok;
    BOOST_TEST(read_list(list(R"([{"id":"a"}])"), ok)->resources.size() == 1u);
    BOOST_TEST(read_list(list("null"), ok)->resources.empty());
}

BOOST_AUTO_TEST_SUITE_END()
