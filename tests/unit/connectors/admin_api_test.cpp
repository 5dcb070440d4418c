// Tests for the app server's admin endpoint as pure request -> response code: token checks, every route under
// /_oktasim/, fault replacement with path-qualified errors, and what the simulated app does afterwards.
#include "support/sim_app.hpp"

#include <oktasim/connectors/simapp/admin_api.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace oktasim;
using namespace oktasim::test;
using simapp::AdminApi;
using simapp::SimApp;

namespace {

constexpr std::string_view admin_token = "adm-7f3c";
constexpr std::string_view config = R"({
  "auth": {"bearer": "scim-token"},
  "accounts": [{"id": "u1", "userName": "alice@example.com"}, {"id": "u2", "userName": "bob@example.com"}],
  "faults": [{"name": "slow", "match": {"method": "GET", "path": "/Users/*"}, "respond": {"delay": "2s"}}]})";

std::vector<wire::Header> bearer(std::string_view token) { return {{"Authorization", "Bearer " + std::string(token)}}; }

std::optional<wire::Response> call(AdminApi& admin, std::string method, std::string target, std::string body = {},
                                   std::vector<wire::Header> headers = bearer(admin_token)) {
    return admin.handle(wire::Request{std::move(method), std::move(target), std::move(headers), std::move(body)});
}

// The response to an admin request, which must have been answered by the admin API.
wire::Response answered(const std::optional<wire::Response>& response) {
    BOOST_REQUIRE_MESSAGE(response.has_value(), "the admin API passed the request on");
    return *response;
}

json::value body_of(const wire::Response& response) {
    boost::system::error_code ec;
    json::value value = json::parse(response.body, ec);
    BOOST_REQUIRE_MESSAGE(!ec, "body is not JSON: " << response.body);
    return value;
}

std::string detail_of(const wire::Response& response) { return text_at(body_of(response), "/detail"); }

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

int scim_status(SimApp& app, std::string method, std::string target, std::string body = {}) {
    return status_of(send(app, std::move(method), std::move(target), std::move(body), bearer("scim-token")));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_admin_api)

BOOST_AUTO_TEST_CASE(requests_outside_the_prefix_pass_through) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    // Act / Assert
    BOOST_TEST(!call(admin, "GET", "/scim/v2/Users").has_value());
    BOOST_TEST(!call(admin, "GET", "/_oktasimx/faults").has_value());
    BOOST_TEST(!call(admin, "GET", "/").has_value());
    BOOST_TEST(call(admin, "GET", "/_oktasim").has_value());
    BOOST_TEST(call(admin, "GET", "/_oktasim/faults?x=1").has_value());
    BOOST_TEST(simapp::is_admin_path("/_oktasim/state"));
    BOOST_TEST(!simapp::is_admin_path("/scim/v2/_oktasim"));
}

BOOST_AUTO_TEST_CASE(disabled_endpoint_answers_404_to_everything) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, "");
    // Act
    const auto get = answered(call(admin, "GET", "/_oktasim/faults"));
    const auto clear = answered(call(admin, "DELETE", "/_oktasim/faults", {}, bearer("")));
    // Assert
    BOOST_TEST(!admin.enabled());
    BOOST_TEST(get.status == 404);
    BOOST_TEST(clear.status == 404);
    BOOST_TEST(text_at(body_of(get), "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
    BOOST_TEST(app.faults().faults().size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_route_needs_the_admin_bearer_token) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    const std::vector<std::vector<wire::Header>> refused = {
        {},                                                    // no header
        bearer("wrong"),                                       // another token
        bearer("scim-token"),                                  // the SCIM token is not the admin token
        bearer(std::string(admin_token).substr(0, 4)),         // a prefix
        bearer(std::string(admin_token) + "x"),                // a longer token
        {{"Authorization", std::string(admin_token)}},         // no scheme
        {{"Authorization", "Basic " + std::string(admin_token)}},  // another scheme
        {{"Authorization", "Bearer"}},                         // no token
    };
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"GET", "/_oktasim/faults"},   {"PUT", "/_oktasim/faults"},   {"POST", "/_oktasim/faults"},
        {"DELETE", "/_oktasim/faults"}, {"GET", "/_oktasim/accounts"}, {"GET", "/_oktasim/log"},
        {"GET", "/_oktasim/state"},    {"GET", "/_oktasim/nothing"}};
    for (const auto& [method, target] : routes) {
        for (const auto& headers : refused) {
            // Act
            const auto r = answered(call(admin, method, target, "[]", headers));
            // Assert
            BOOST_TEST(r.status == 401, method << " " << target);
            BOOST_TEST(r.header("WWW-Authenticate") == "Bearer realm=\"oktasim-admin\"");
            BOOST_TEST(!contains(r.body, admin_token));
        }
    }
    BOOST_TEST(app.faults().faults().size() == 1u);  // nothing changed
    // The scheme word is case-insensitive, as RFC 7235 says.
    BOOST_TEST(answered(call(admin, "GET", "/_oktasim/faults", {}, {{"authorization", "bearer adm-7f3c"}})).status ==
               200);
}

BOOST_AUTO_TEST_CASE(get_faults_returns_the_scenario_format_that_put_accepts) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    // Act
    const auto got = answered(call(admin, "GET", "/_oktasim/faults"));
    const auto put = answered(call(admin, "PUT", "/_oktasim/faults", got.body));
    // Assert
    BOOST_TEST(got.status == 200);
    BOOST_TEST(got.header("Content-Type") == "application/json");
    BOOST_TEST(json::serialize(body_of(got)) ==
               R"([{"name":"slow","match":{"method":"GET","path":"/Users/*"},"respond":{"delay":"2s"}}])");
    BOOST_TEST(put.status == 200);
    BOOST_TEST(put.body == got.body);
}

BOOST_AUTO_TEST_CASE(put_replaces_the_faults_and_the_app_obeys_at_once) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 200);
    // Act
    const auto r = answered(call(admin, "PUT", "/_oktasim/faults",
                                 R"([{"name": "down", "respond": {"status": 503, "detail": "maintenance"}},
                                     {"match": {"method": "POST"}, "respond": {"refuse": true}}])"));
    // Assert
    BOOST_TEST(r.status == 200);
    BOOST_TEST(body_of(r).as_array().size() == 2u);
    BOOST_TEST(app.faults().faults().size() == 2u);
    BOOST_TEST(app.faults().faults()[0].name == "down");
    const auto failed = send(app, "GET", "/scim/v2/Users", {}, bearer("scim-token"));
    BOOST_TEST(status_of(failed) == 503);
    BOOST_TEST(failed.response->header(simapp::fault_header) == "down");
    BOOST_TEST(app.backend_log().entries().back().fault == "down");
}

BOOST_AUTO_TEST_CASE(put_rejects_bad_input_naming_the_json_path_and_keeps_the_faults) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "got an empty body"},
        {"[{\"respond\": ", "not valid JSON"},
        {R"({"respond": {"status": 500}})", "/: expected an array of fault objects, got an object"},
        {R"([{"respond": {"status": 500}}, {"respond": {"status": "x"}}])", "/1/respond/status: expected an integer"},
        {R"([{"respond": {}, "colour": "red"}])", "/0/colour: unknown key"},
        {R"([{"match": {"method": "P O"}, "respond": {"status": 500}}])", "/0/match/method"},
        {R"([{"respond": {"refuse": true, "status": 500}}])", "/0/respond/status: cannot be combined"},
    };
    for (const auto& [body, expected] : cases) {
        // Act
        const auto r = answered(call(admin, "PUT", "/_oktasim/faults", body));
        // Assert
        BOOST_TEST(r.status == 400, body);
        BOOST_TEST(contains(detail_of(r), expected), detail_of(r) << " lacks " << expected);
        BOOST_TEST(text_at(body_of(r), "/status") == "400");
    }
    BOOST_TEST(app.faults().faults().size() == 1u);
    BOOST_TEST(app.faults().faults()[0].name == "slow");
}

BOOST_AUTO_TEST_CASE(put_restarts_the_match_counters) {
    // Setup: the second GET fails, and one GET already happened
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    const std::string second_get = R"([{"match": {"method": "GET", "nth": 2}, "respond": {"status": 500}}])";
    answered(call(admin, "PUT", "/_oktasim/faults", second_get));
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 200);
    // Act: the same fault again counts from zero
    answered(call(admin, "PUT", "/_oktasim/faults", second_get));
    // Assert
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 200);
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 500);
}

BOOST_AUTO_TEST_CASE(post_appends_one_fault) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    // Act
    const auto r = answered(call(admin, "POST", "/_oktasim/faults",
                                 R"({"name": "no-create", "match": {"method": "POST", "path": "/Users"},
                                     "respond": {"status": 409, "scimType": "uniqueness"}})"));
    // Assert
    BOOST_TEST(r.status == 201);
    const json::value list = body_of(r);
    BOOST_TEST(list.as_array().size() == 2u);
    BOOST_TEST(text_at(list, "/1/name") == "no-create");
    BOOST_TEST(scim_status(app, "POST", "/scim/v2/Users", R"({"userName": "carol@example.com"})") == 409);
}

BOOST_AUTO_TEST_CASE(post_rejects_bad_input_naming_the_json_path) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"  ", "got an empty body"},
        {"{", "not valid JSON"},
        {R"([{"respond": {"status": 500}}])", "/: expected a fault object, got an array"},
        {R"({"match": {"nth": 0}, "respond": {"status": 500}})", "/match/nth: expected an integer >= 1"},
        {R"({"respond": {"delay": "soon"}})", "/respond/delay"},
    };
    for (const auto& [body, expected] : cases) {
        // Act
        const auto r = answered(call(admin, "POST", "/_oktasim/faults", body));
        // Assert
        BOOST_TEST(r.status == 400, body);
        BOOST_TEST(contains(detail_of(r), expected), detail_of(r) << " lacks " << expected);
    }
    BOOST_TEST(app.faults().faults().size() == 1u);
}

BOOST_AUTO_TEST_CASE(delete_clears_every_fault) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    answered(call(admin, "PUT", "/_oktasim/faults", R"([{"respond": {"status": 500}}])"));
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 500);
    // Act
    const auto r = answered(call(admin, "DELETE", "/_oktasim/faults"));
    // Assert
    BOOST_TEST(r.status == 204);
    BOOST_TEST(r.body.empty());
    BOOST_TEST(app.faults().empty());
    BOOST_TEST(answered(call(admin, "GET", "/_oktasim/faults")).body == "[]");
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users") == 200);
}

BOOST_AUTO_TEST_CASE(accounts_lists_the_apps_users) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    BOOST_TEST(scim_status(app, "POST", "/scim/v2/Users", R"({"userName": "carol@example.com", "password": "pw1"})") ==
               201);
    // Act
    const auto r = answered(call(admin, "GET", "/_oktasim/accounts"));
    // Assert
    BOOST_TEST(r.status == 200);
    const json::value list = body_of(r);
    BOOST_TEST(list.as_array().size() == 3u);
    BOOST_TEST(text_at(list, "/0/id") == "u1");
    BOOST_TEST(text_at(list, "/2/userName") == "carol@example.com");
    BOOST_TEST(!contains(r.body, "pw1"));  // passwords are write-only over SCIM, and here too
}

BOOST_AUTO_TEST_CASE(log_in_jsonl_and_text_with_secrets_redacted) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users?access_token=hunter2") == 200);
    send(app, "GET", "/scim/v2/Users", {}, bearer("guess"));
    // Act
    const auto jsonl = answered(call(admin, "GET", "/_oktasim/log"));
    const auto explicit_jsonl = answered(call(admin, "GET", "/_oktasim/log?format=jsonl"));
    const auto text = answered(call(admin, "GET", "/_oktasim/log?format=text"));
    const auto bad = answered(call(admin, "GET", "/_oktasim/log?format=xml"));
    // Assert
    BOOST_TEST(jsonl.status == 200);
    BOOST_TEST(jsonl.header("Content-Type") == "application/x-ndjson");
    BOOST_TEST(jsonl.body == app.backend_log().to_jsonl());
    BOOST_TEST(explicit_jsonl.body == jsonl.body);
    BOOST_TEST(contains(jsonl.body, R"("target":"/scim/v2/Users?access_token=[REDACTED]")"), jsonl.body);
    BOOST_TEST(contains(jsonl.body, R"("status":401)"));
    BOOST_TEST(text.status == 200);
    BOOST_TEST(text.header("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(text.body == app.backend_log().to_text());
    BOOST_TEST(contains(text.body, "-> 401 Unauthorized"));
    for (const auto* body : {&jsonl.body, &text.body}) {
        BOOST_TEST(!contains(*body, "hunter2"));
        BOOST_TEST(!contains(*body, "guess"));
        BOOST_TEST(!contains(*body, "scim-token"));
    }
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(contains(detail_of(bad), "format: expected \"jsonl\" or \"text\", got \"xml\""), detail_of(bad));
}

BOOST_AUTO_TEST_CASE(state_is_the_apps_snapshot_without_credentials) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    BOOST_TEST(scim_status(app, "GET", "/scim/v2/Users/u1") == 200);  // matches the "slow" fault
    // Act
    const auto r = answered(call(admin, "GET", "/_oktasim/state"));
    // Assert
    BOOST_TEST(r.status == 200);
    const json::value state = body_of(r);
    BOOST_TEST(json::serialize(state) == json::serialize(app.snapshot()));
    BOOST_TEST(text_at(state, "/auth") == "bearer");
    BOOST_TEST(int_at(state, "/faults/0/matched") == 1);
    BOOST_TEST(state.at("accounts").as_array().size() == 2u);
    BOOST_TEST(!contains(r.body, "scim-token"));
    BOOST_TEST(!contains(r.body, admin_token));
}

BOOST_AUTO_TEST_CASE(hardening_state_redacts_stored_passwords_unless_asked_to_include_them) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    BOOST_TEST(scim_status(app, "POST", "/scim/v2/Users", R"({"userName": "carol", "password": "pa55-w0rd"})") == 201);
    // Act
    const auto redacted = answered(call(admin, "GET", "/_oktasim/state"));
    const auto included = answered(call(admin, "GET", "/_oktasim/state?passwords=include"));
    const auto bad = answered(call(admin, "GET", "/_oktasim/state?passwords=%ff"));
    // Assert
    BOOST_TEST(redacted.status == 200);
    BOOST_TEST(!contains(redacted.body, "pa55-w0rd"), redacted.body);
    const json::value state = body_of(redacted);
    const json::object& passwords = state.at("passwords").as_object();
    BOOST_REQUIRE(passwords.size() == 1u);
    BOOST_TEST(passwords.begin()->value().as_string() == "[REDACTED]");  // which accounts have one stays visible
    BOOST_TEST(included.status == 200);
    const json::value full = body_of(included);
    BOOST_TEST(full.at("passwords").as_object().begin()->value().as_string() == "pa55-w0rd");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(wire::is_valid_utf8(bad.body));
    BOOST_TEST(contains(detail_of(bad), "passwords: expected \"redact\" (the default) or \"include\""));
}

BOOST_AUTO_TEST_CASE(hardening_log_reports_entries_dropped_from_its_ring) {
    // Setup
    auto app = make_app(config);
    app.backend_log().set_capacity(2);
    AdminApi admin(app, std::string(admin_token));
    for (int i = 0; i < 5; ++i) scim_status(app, "GET", "/scim/v2/Users");
    // Act
    const auto jsonl = answered(call(admin, "GET", "/_oktasim/log"));
    const auto text = answered(call(admin, "GET", "/_oktasim/log?format=text"));
    // Assert
    BOOST_TEST(jsonl.header("X-Oktasim-Log-Dropped") == "3");
    BOOST_TEST(jsonl.header("X-Oktasim-Log-Capacity") == "2");
    BOOST_TEST(jsonl.body == "{\"dropped\":3,\"capacity\":2}\n" + app.backend_log().to_jsonl());
    BOOST_TEST(text.header("X-Oktasim-Log-Dropped") == "3");
    BOOST_TEST(text.body ==
               "(3 earlier entries dropped: the log keeps the last 2)\n" + app.backend_log().to_text());
    BOOST_TEST(app.backend_log().size() == 2u);
}

BOOST_AUTO_TEST_CASE(hardening_fault_delays_beyond_the_maximum_get_400) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    // Act
    const auto huge = answered(call(admin, "PUT", "/_oktasim/faults", R"([{"respond": {"delay": "999999999999d"}}])"));
    const auto longest = answered(call(admin, "POST", "/_oktasim/faults", R"({"respond": {"delay": "36525d"}})"));
    // Assert
    BOOST_TEST(huge.status == 400);
    BOOST_TEST(detail_of(huge) == "/0/respond/delay: longer than the longest delay, 36525d (100 years)");
    BOOST_TEST(longest.status == 201);
}

BOOST_AUTO_TEST_CASE(unknown_routes_404_and_wrong_methods_405) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    // Act
    const auto root = answered(call(admin, "GET", "/_oktasim"));
    const auto unknown = answered(call(admin, "GET", "/_oktasim/users"));
    const auto nested = answered(call(admin, "GET", "/_oktasim/faults/0"));
    const auto patch = answered(call(admin, "PATCH", "/_oktasim/faults", "[]"));
    const auto post_accounts = answered(call(admin, "POST", "/_oktasim/accounts", "{}"));
    const auto delete_log = answered(call(admin, "DELETE", "/_oktasim/log"));
    const auto put_state = answered(call(admin, "PUT", "/_oktasim/state", "{}"));
    // Assert
    BOOST_TEST(root.status == 404);
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(contains(detail_of(unknown), "/_oktasim/faults"));  // says what exists
    BOOST_TEST(nested.status == 404);
    BOOST_TEST(patch.status == 405);
    BOOST_TEST(patch.header("Allow") == "GET, PUT, POST, DELETE");
    BOOST_TEST(post_accounts.status == 405);
    BOOST_TEST(post_accounts.header("Allow") == "GET");
    BOOST_TEST(delete_log.status == 405);
    BOOST_TEST(put_state.status == 405);
}

BOOST_AUTO_TEST_CASE(admin_requests_stay_out_of_the_apps_backend_log_and_fault_counters) {
    // Setup: a fault that would catch every request the app sees
    auto app = make_app(R"({"auth": {"bearer": "scim-token"}, "faults": [{"respond": {"refuse": true}}]})");
    AdminApi admin(app, std::string(admin_token));
    // Act
    answered(call(admin, "GET", "/_oktasim/state"));
    answered(call(admin, "GET", "/_oktasim/faults", {}, {}));
    const auto cleared = answered(call(admin, "DELETE", "/_oktasim/faults"));
    // Assert: the admin endpoint works while the app refuses everything, and the app saw nothing
    BOOST_TEST(cleared.status == 204);
    BOOST_TEST(app.backend_log().size() == 0u);
}

BOOST_AUTO_TEST_CASE(observer_hears_each_change_and_nothing_else) {
    // Setup
    auto app = make_app(config);
    AdminApi admin(app, std::string(admin_token));
    std::vector<std::string> changes;
    admin.set_observer([&changes](std::string_view change) { changes.emplace_back(change); });
    // Act
    answered(call(admin, "GET", "/_oktasim/faults"));
    answered(call(admin, "PUT", "/_oktasim/faults", "[{\"respond\": {\"status\": 1}}]"));  // rejected
    answered(call(admin, "PUT", "/_oktasim/faults", R"([{"respond": {"status": 500}}, {"respond": {"status": 502}}])"));
    answered(call(admin, "POST", "/_oktasim/faults", R"({"name": "x", "respond": {"status": 503}})"));
    answered(call(admin, "POST", "/_oktasim/faults", R"({"respond": {"status": 504}})"));
    answered(call(admin, "DELETE", "/_oktasim/faults"));
    answered(call(admin, "DELETE", "/_oktasim/faults", {}, {}));  // unauthorised
    // Assert
    const std::vector<std::string> expected = {"faults replaced: 2 faults", "fault \"x\" added: now 3 faults",
                                               "fault 3 added: now 4 faults", "faults cleared (4 faults removed)"};
    BOOST_TEST(changes == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
