// Reading HAR recordings for the replay connector and telling where a request departs from one: oktasim's own
// recordings (entries per app), a browser's export (other requests skipped, base64 content), and each kind of
// divergence with its words.
#include <oktasim/connectors/replay/replay.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace oktasim;
using connectors::replay::divergence;
using connectors::replay::read_har;

namespace {

struct HarFile {
    std::filesystem::path path;
    explicit HarFile(const std::string& text) {
        static int made = 0;  // each file of a test its own name
        path = std::filesystem::temp_directory_path() /
               ("oktasim-replay-" + std::to_string(::getpid()) + "-" + std::to_string(++made) + ".har");
        std::ofstream(path) << text;
    }
    ~HarFile() { std::filesystem::remove(path); }
};

// A HAR as a browser exports it: no "_app", a page load beside the SCIM calls, a base64 response body.
const std::string browser_export = R"({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "130"},
  "entries": [
    {"startedDateTime": "2026-01-05T09:00:00.000Z", "time": 12,
     "request": {"method": "GET", "url": "https://app.example.test/index.html", "headers": []},
     "response": {"status": 200, "statusText": "OK", "headers": [], "content": {"size": 5, "mimeType": "text/html", "text": "hello"}}},
    {"startedDateTime": "2026-01-05T09:00:01.000Z", "time": 30,
     "request": {"method": "GET", "url": "https://app.example.test/scim/v2/Users?filter=userName%20eq%20%22ada%40example.com%22&startIndex=1&count=100",
                 "headers": [{"name": "Authorization", "value": "Bearer [REDACTED]"}]},
     "response": {"status": 200, "statusText": "OK", "headers": [{"name": "Content-Encoding", "value": "gzip"}],
                  "content": {"size": 20, "mimeType": "application/scim+json", "encoding": "base64",
                              "text": "eyJ0b3RhbFJlc3VsdHMiOjB9"}}},
    {"startedDateTime": "2026-01-05T09:00:02.000Z", "time": 40,
     "request": {"method": "POST", "url": "https://app.example.test/scim/v2/Users",
                 "postData": {"mimeType": "application/scim+json", "text": "{\"userName\":\"ada@example.com\",\"password\":\"[REDACTED]\",\"name\":{\"givenName\":\"Ada\"}}"}},
     "response": {"status": 201, "statusText": "Created", "headers": [], "content": {"size": 2, "mimeType": "application/scim+json", "text": "{}"}}}
  ]}})";

wire::Request request(std::string method, std::string target, std::string body = "") {
    wire::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_replay)

BOOST_AUTO_TEST_CASE(a_browser_export_keeps_its_scim_requests_only) {
    // Setup
    const HarFile har(browser_export);
    engine::Problem problem;
    // Act
    const auto recorded = read_har(har.path.string(), "/scim/v2", "acme", problem);
    // Assert: the page load is skipped; the base64 body is decoded and its Content-Encoding dropped.
    BOOST_TEST_REQUIRE(recorded.has_value(), problem.to_string());
    BOOST_TEST_REQUIRE(recorded->size() == 2u);
    BOOST_TEST((*recorded)[0].entry == 1u);
    BOOST_TEST((*recorded)[0].response->body == R"({"totalResults":0})");
    BOOST_TEST((*recorded)[0].response->header("Content-Encoding").empty());
    BOOST_TEST((*recorded)[0].elapsed.count() == 30);
    BOOST_TEST((*recorded)[1].request.method == "POST");
}

BOOST_AUTO_TEST_CASE(a_redacted_value_matches_anything_and_query_order_is_decoded) {
    const HarFile har(browser_export);
    engine::Problem problem;
    const auto recorded = read_har(har.path.string(), "/scim/v2", "", problem);
    BOOST_TEST_REQUIRE(recorded.has_value(), problem.to_string());
    // The same look-up, encoded otherwise: equal once decoded.
    BOOST_TEST(divergence((*recorded)[0], request("GET", "/scim/v2/Users?filter=userName+eq+%22ada@example.com%22&startIndex=1&count=100"), 0) == "");
    // A real password where the recording has [REDACTED]; keys in another order.
    BOOST_TEST(divergence((*recorded)[1], request("POST", "/scim/v2/Users",
                                                  R"({"name":{"givenName":"Ada"},"password":"s3cret!","userName":"ada@example.com"})"), 1) == "");
}

BOOST_AUTO_TEST_CASE(each_divergence_says_what_differs) {
    const HarFile har(browser_export);
    engine::Problem problem;
    const auto recorded = read_har(har.path.string(), "/scim/v2", "", problem);
    BOOST_TEST_REQUIRE(recorded.has_value(), problem.to_string());
    const std::string method = divergence((*recorded)[1], request("PUT", "/scim/v2/Users"), 1);
    const std::string query = divergence((*recorded)[0], request("GET", "/scim/v2/Users?startIndex=1&count=2"), 0);
    const std::string body = divergence((*recorded)[1], request("POST", "/scim/v2/Users",
                                                                R"({"userName":"ada@example.com","password":"x","name":{"givenName":"Augusta"}})"), 1);
    const std::string extra = divergence((*recorded)[1], request("POST", "/scim/v2/Users",
                                                                 R"({"userName":"ada@example.com","password":"x","name":{"givenName":"Ada"},"active":true})"), 1);
    BOOST_TEST(method == "request 2 (HAR entry 2) differs: expected POST /scim/v2/Users, got PUT /scim/v2/Users");
    BOOST_TEST(query.starts_with("request 1 (HAR entry 1) differs: expected query filter="), query);
    BOOST_TEST(body.find("body differs at /name/givenName: recorded \"Ada\", got \"Augusta\"") != std::string::npos, body);
    BOOST_TEST(extra.find("body differs at /active was not recorded") != std::string::npos, extra);
}

BOOST_AUTO_TEST_CASE(oktasims_recordings_are_read_per_app_and_bad_files_are_named) {
    // Setup: two apps in one recording.
    const HarFile two(R"({"log": {"version": "1.2", "creator": {"name": "oktasim", "version": "0.1.0"}, "entries": [
      {"_app": "a", "startedDateTime": "2026-01-05T09:00:00.000Z", "time": 0,
       "request": {"method": "GET", "url": "https://a.example.test/scim/v2/Users/1"}, "response": {"status": 0}},
      {"_app": "b", "startedDateTime": "2026-01-05T09:00:00.000Z", "time": 0,
       "request": {"method": "GET", "url": "https://b.example.test/scim/v2/Users/2"}, "response": {"status": 404, "content": {"text": ""}}}]}})");
    const HarFile broken(R"({"log": {"entries": [{"request": {"method": "GET", "url": "no-scheme"}, "response": {"status": 200}}]}})");
    engine::Problem p1, p2, p3;
    // Act
    const auto b = read_har(two.path.string(), "/scim/v2", "b", p1);
    const auto bad = read_har(broken.path.string(), "/scim/v2", "", p2);
    const auto missing = read_har("/nonexistent/x.har", "/scim/v2", "", p3);
    // Assert
    BOOST_TEST_REQUIRE(b.has_value(), p1.to_string());
    BOOST_TEST_REQUIRE(b->size() == 1u);
    BOOST_TEST(b->front().request.target == "/scim/v2/Users/2");
    BOOST_TEST(b->front().response->status == 404);
    BOOST_TEST(!bad.has_value());
    BOOST_TEST(p2.path == "/log/entries/0/request/url");
    BOOST_TEST(!missing.has_value());
    BOOST_TEST(p3.message.find("cannot read /nonexistent/x.har") != std::string::npos, p3.message);
}

BOOST_AUTO_TEST_SUITE_END()
