// Tests for the simulated SCIM app's scripted faults: each kind of injected answer, which requests a fault picks
// (method, path, nth, times, after, order), whether the request is processed first, and how faults are marked.
#include "support/sim_app.hpp"

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::test;
using simapp::SimApp;

namespace {

std::string with_faults(std::string_view faults) {
    return R"({"accounts": [{"id": "u1", "userName": "alice"}], "faults": )" + std::string(faults) + "}";
}

simapp::Fault parse(std::string_view text) {
    std::string error;
    auto fault = simapp::parse_fault(json::parse(text), "", error);
    BOOST_REQUIRE_MESSAGE(fault.has_value(), error);
    return *fault;
}

int post_user(SimApp& app, std::string_view user_name) {
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName":")" + std::string(user_name) + "\"}");
    return d.response ? d.response->status : 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_faults)

BOOST_AUTO_TEST_CASE(fault_error_status_answers_scim_error_without_processing) {
    // Setup
    auto app = make_app(with_faults(R"([{"name": "reject", "match": {"method": "POST", "path": "/Users"},
        "respond": {"status": 422, "detail": "VALIDATION_ERROR", "scimType": "invalidValue"}}])"));
    // Act
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob"})");
    // Assert
    BOOST_TEST(status_of(d) == 422);
    BOOST_TEST(d.response->reason == "Unprocessable Entity");
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
    BOOST_TEST(text_at(body, "/detail") == "VALIDATION_ERROR");
    BOOST_TEST(text_at(body, "/scimType") == "invalidValue");
    BOOST_TEST(text_at(body, "/status") == "422");
    BOOST_TEST(d.response->header("X-Oktasim-Fault") == "reject");
    BOOST_TEST(!app.find_account_by_user_name("bob").has_value());
    const auto& entry = app.backend_log().entries().back();
    BOOST_TEST(entry.fault == "reject");
    BOOST_TEST(entry.status == 422);
    BOOST_TEST(entry.detail == "VALIDATION_ERROR");
}

BOOST_AUTO_TEST_CASE(fault_error_status_without_detail_uses_reason_phrase) {
    // Setup
    auto app = make_app(with_faults(R"([{"respond": {"status": 503}}])"));
    // Act
    const auto d = send(app, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(status_of(d) == 503);
    BOOST_TEST(text_at(json_of(d), "/detail") == "Service Unavailable");
    BOOST_TEST(d.response->header("X-Oktasim-Fault") == "0");  // unnamed: its index
}

BOOST_AUTO_TEST_CASE(fault_process_true_changes_state_then_fails) {
    // Setup: the app creates the user, then a proxy turns the answer into a 500
    auto app = make_app(with_faults(R"([{"match": {"method": "POST"}, "respond": {"status": 500, "process": true}}])"));
    // Act
    const int status = post_user(app, "bob");
    // Assert
    BOOST_TEST(status == 500);
    BOOST_TEST(app.find_account_by_user_name("bob").has_value());
    BOOST_TEST(app.backend_log().entries().back().detail == "Internal Server Error");
}

BOOST_AUTO_TEST_CASE(fault_empty_201_processes_by_default) {
    // Setup: "Create new user returned empty user." (docs/okta-behaviour.md §2.2)
    auto app = make_app(with_faults(R"([{"match": {"method": "POST", "path": "/Users"},
                                         "respond": {"status": 201, "emptyBody": true}}])"));
    // Act
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob"})");
    // Assert
    BOOST_TEST(status_of(d) == 201);
    BOOST_TEST(d.response->body.empty());
    BOOST_TEST(d.response->header("Content-Type").empty());
    BOOST_TEST(app.find_account_by_user_name("bob").has_value());
}

BOOST_AUTO_TEST_CASE(fault_status_2xx_with_process_false_answers_without_state_change) {
    // Setup
    auto app = make_app(with_faults(R"([{"match": {"method": "POST"}, "respond": {"status": 201, "process": false}}])"));
    // Act
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob"})");
    // Assert
    BOOST_TEST(status_of(d) == 201);
    BOOST_TEST(d.response->body.empty());
    BOOST_TEST(!app.find_account_by_user_name("bob").has_value());
}

BOOST_AUTO_TEST_CASE(fault_raw_body_with_content_type) {
    // Setup: an HTML error page from a gateway
    auto app = make_app(with_faults(R"([{"respond": {"status": 502, "body": "<html>Bad Gateway</html>",
                                                      "contentType": "text/html"}}])"));
    // Act
    const auto d = send(app, "GET", "/scim/v2/Users/u1");
    // Assert
    BOOST_TEST(status_of(d) == 502);
    BOOST_TEST(d.response->body == "<html>Bad Gateway</html>");
    BOOST_TEST(d.response->header("Content-Type") == "text/html");
}

BOOST_AUTO_TEST_CASE(fault_processed_body_can_be_replaced_by_invalid_json) {
    // Setup: a 200 whose body is not JSON ("Invalid JSON: ..."), after the change really happened
    auto app = make_app(with_faults(R"([{"match": {"method": "PATCH"}, "respond": {"body": "{not json"}}])"));
    // Act
    const auto d = send(app, "PATCH", "/scim/v2/Users/u1", patch_body(R"([{"op":"replace","value":{"active":false}}])"));
    // Assert
    BOOST_TEST(status_of(d) == 200);
    BOOST_TEST(d.response->body == "{not json");
    BOOST_TEST(d.response->header("Content-Type") == "application/scim+json; charset=utf-8");
    BOOST_TEST(!app.find_account("u1")->at("active").as_bool());
}

BOOST_AUTO_TEST_CASE(fault_retry_after_is_sent_verbatim) {
    // Setup
    auto app = make_app(with_faults(R"([{"name": "slow down", "respond": {"status": 429, "retryAfter": "30"}},
                                        {"respond": {"status": 429, "retryAfter": "Wed, 21 Oct 2015 07:28:00 GMT"}}])"));
    // Act
    const auto numeric = send(app, "GET", "/scim/v2/Users");
    app.set_faults({parse(R"({"respond": {"status": 429, "retryAfter": "soon"}})")});
    const auto text = send(app, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(status_of(numeric) == 429);
    BOOST_TEST(numeric.response->header("Retry-After") == "30");
    BOOST_TEST(numeric.response->header("X-Oktasim-Fault") == "slow down");
    BOOST_TEST(text.response->header("Retry-After") == "soon");
}

BOOST_AUTO_TEST_CASE(fault_delay_only_processes_normally_and_sets_elapsed) {
    // Setup
    auto app = make_app(with_faults(R"([{"name": "slow", "respond": {"delay": "90s"}}])"));
    // Act
    const auto d = send(app, "GET", "/scim/v2/Users/u1");
    // Assert
    BOOST_TEST(status_of(d) == 200);
    BOOST_TEST(d.elapsed.count() == 90'000);
    BOOST_TEST(text_at(json_of(d), "/id") == "u1");
    BOOST_TEST(d.response->header("X-Oktasim-Fault") == "slow");
    const auto& entry = app.backend_log().entries().back();
    BOOST_TEST(entry.delay.count() == 90'000);
    BOOST_TEST(entry.fault == "slow");
    BOOST_TEST(entry.to_text().ends_with("[injected fault slow]"));
}

BOOST_AUTO_TEST_CASE(fault_refuse_gives_no_response_and_no_state_change) {
    // Setup
    auto app = make_app(with_faults(R"([{"name": "down", "respond": {"refuse": true, "delay": "250ms"}}])"));
    // Act
    const auto d = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob"})");
    // Assert
    BOOST_TEST(!d.response.has_value());
    BOOST_TEST(wire::to_string(d.failure) == wire::to_string(wire::TransportFailure::connection_refused));
    BOOST_TEST(d.failure_text == "Connection refused");
    BOOST_TEST(d.elapsed.count() == 250);
    BOOST_TEST(!app.find_account_by_user_name("bob").has_value());
    const auto& entry = app.backend_log().entries().back();
    BOOST_TEST(wire::to_string(entry.failure) == wire::to_string(wire::TransportFailure::connection_refused));
    BOOST_TEST(entry.status == 0);
    BOOST_TEST(entry.to_text() == "2024-04-21T12:47:34.228Z POST /scim/v2/Users -> connection refused "
                                  "(after 250ms) [injected fault down]");
}

BOOST_AUTO_TEST_CASE(fault_reset_skips_processing_unless_asked) {
    // Setup
    auto app = make_app(with_faults(R"([{"match": {"nth": 1}, "respond": {"reset": true}},
                                        {"match": {"nth": 2}, "respond": {"reset": true, "process": true}}])"));
    // Act
    const auto first = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob"})");
    const auto second = send(app, "POST", "/scim/v2/Users", R"({"userName": "carol"})");
    // Assert
    BOOST_TEST(wire::to_string(first.failure) == wire::to_string(wire::TransportFailure::connection_reset));
    BOOST_TEST(!app.find_account_by_user_name("bob").has_value());
    BOOST_TEST(wire::to_string(second.failure) == wire::to_string(wire::TransportFailure::connection_reset));
    BOOST_TEST(!second.response.has_value());
    BOOST_TEST(app.find_account_by_user_name("carol").has_value());  // the reply was lost, the work was done
    BOOST_TEST(app.backend_log().entries().back().detail == "processed as 201 before the connection was reset");
}

BOOST_AUTO_TEST_CASE(fault_nth_fires_on_that_matching_request_only) {
    // Setup
    auto app = make_app(with_faults(R"([{"match": {"method": "POST", "nth": 2}, "respond": {"status": 500}}])"));
    // Act
    send(app, "GET", "/scim/v2/Users");  // does not match: not counted
    const int a = post_user(app, "a");
    const int b = post_user(app, "b");
    const int c = post_user(app, "c");
    // Assert
    BOOST_TEST(a == 201);
    BOOST_TEST(b == 500);
    BOOST_TEST(c == 201);
    BOOST_TEST(app.faults().matched(0) == 3u);
}

BOOST_AUTO_TEST_CASE(fault_times_and_after_select_a_window) {
    // Setup
    auto times = make_app(with_faults(R"([{"match": {"method": "POST", "times": 2}, "respond": {"status": 503}}])"));
    auto window =
        make_app(with_faults(R"([{"match": {"method": "POST", "after": 1, "times": 2}, "respond": {"status": 503}}])"));
    auto after_only = make_app(with_faults(R"([{"match": {"method": "POST", "after": 2}, "respond": {"status": 503}}])"));
    std::vector<int> t, w, a;
    // Act
    for (const std::string name : {"a", "b", "c", "d", "e"}) {
        t.push_back(post_user(times, name));
        w.push_back(post_user(window, name));
        a.push_back(post_user(after_only, name));
    }
    // Assert
    BOOST_TEST(t == (std::vector<int>{503, 503, 201, 201, 201}), boost::test_tools::per_element());
    BOOST_TEST(w == (std::vector<int>{201, 503, 503, 201, 201}), boost::test_tools::per_element());
    BOOST_TEST(a == (std::vector<int>{201, 201, 503, 503, 503}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fault_path_wildcard_matches_one_segment) {
    // Setup
    auto app = make_app(with_faults(R"([{"match": {"method": "GET", "path": "/Users/*"}, "respond": {"status": 500}}])"));
    // Act
    const auto member = send(app, "GET", "/scim/v2/Users/u1");
    const auto collection = send(app, "GET", "/scim/v2/Users");
    const auto groups = send(app, "GET", "/scim/v2/Groups/g1");
    const auto put = send(app, "PUT", "/scim/v2/Users/u1", R"({"userName": "alice"})");
    // Assert
    BOOST_TEST(status_of(member) == 500);
    BOOST_TEST(status_of(collection) == 200);
    BOOST_TEST(status_of(groups) == 404);
    BOOST_TEST(status_of(put) == 200);
}

BOOST_AUTO_TEST_CASE(fault_first_in_order_wins_and_every_match_counts) {
    // Setup: both faults see every POST, so "nth 2" means the second POST even though the first fault took the first
    auto app = make_app(with_faults(R"([{"name": "A", "match": {"method": "POST", "nth": 1}, "respond": {"status": 502}},
                                        {"name": "B", "match": {"method": "POST", "nth": 2}, "respond": {"status": 503}},
                                        {"name": "C", "match": {"method": "POST"}, "respond": {"status": 504}}])"));
    // Act
    const int first = post_user(app, "a");
    const int second = post_user(app, "b");
    const int third = post_user(app, "c");
    // Assert
    BOOST_TEST(first == 502);
    BOOST_TEST(second == 503);
    BOOST_TEST(third == 504);
    BOOST_TEST(app.faults().matched(2) == 3u);
}

BOOST_AUTO_TEST_CASE(fault_without_path_also_covers_wrong_base_path) {
    // Setup
    auto app = make_app(with_faults(R"([{"match": {"method": "GET"}, "respond": {"delay": "1s"}},
                                        {"match": {"path": "/Users"}, "respond": {"status": 500}}])"));
    // Act
    const auto d = send(app, "GET", "/wrong/Users");
    const auto post = send(app, "POST", "/wrong/Users", R"({"userName": "x"})");
    // Assert
    BOOST_TEST(status_of(d) == 404);
    BOOST_TEST(d.elapsed.count() == 1'000);
    BOOST_TEST(status_of(post) == 404);  // a path pattern is relative to basePath: it cannot match
    BOOST_TEST(post.response->header("X-Oktasim-Fault").empty());
}

BOOST_AUTO_TEST_CASE(fault_admin_add_and_clear) {
    // Setup
    auto app = make_app(with_faults("[]"));
    // Act
    app.add_fault(parse(R"({"name": "x", "match": {"method": "GET"}, "respond": {"status": 500}})"));
    const auto with_fault = send(app, "GET", "/scim/v2/Users");
    app.clear_faults();
    const auto cleared = send(app, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(status_of(with_fault) == 500);
    BOOST_TEST(status_of(cleared) == 200);
    BOOST_TEST(app.faults().empty());
}

BOOST_AUTO_TEST_CASE(fault_list_parses_for_the_admin_endpoint) {
    // Setup
    auto app = make_app(with_faults(R"([{"respond": {"status": 500}}])"));
    std::string error;
    // Act
    auto faults = simapp::parse_faults(json::parse(R"([{"name": "a", "respond": {"delay": "1s"}},
                                                        {"name": "b", "respond": {"refuse": true}}])"),
                                       "", error);
    const auto bad = simapp::parse_faults(json::parse(R"([{"respond": {"status": 500}}, {"respond": 1}])"), "", error);
    BOOST_REQUIRE(faults.has_value());
    app.set_faults(std::move(*faults));
    const auto d = send(app, "GET", "/scim/v2/Users");
    // Assert: the old fault is gone, "a" (first in order) delays a normal answer
    BOOST_TEST(status_of(d) == 200);
    BOOST_TEST(d.elapsed.count() == 1'000);
    BOOST_TEST(app.faults().faults().size() == 2u);
    BOOST_TEST(!bad.has_value());
    BOOST_TEST(error == "/1/respond: expected an object, got an integer");
}

BOOST_AUTO_TEST_CASE(fault_to_json_round_trips) {
    // Setup
    const std::string text = R"({"name":"n","match":{"method":"PATCH","path":"/Users/*","times":3,"after":1},)"
                             R"("respond":{"status":429,"detail":"d","scimType":"tooMany","contentType":"text/plain",)"
                             R"("retryAfter":"5","delay":"90s","process":true}})";
    const simapp::Fault original = parse(text);
    // Act
    const json::object out = simapp::to_json(original);
    const simapp::Fault again = parse(json::serialize(out));
    // Assert
    BOOST_TEST(json::serialize(simapp::to_json(again)) == json::serialize(out));
    BOOST_TEST(again.name == "n");
    BOOST_TEST(*again.match.times == 3u);
    BOOST_TEST(again.match.after == 1u);
    BOOST_TEST(again.respond.delay->count() == 90'000);
    BOOST_TEST(*again.respond.retry_after == "5");
    BOOST_TEST(*again.respond.process);
    BOOST_TEST(out.at("respond").at("status").to_number<int>() == 429);
    BOOST_TEST(json::serialize(out) == text);
}

BOOST_AUTO_TEST_SUITE_END()
