// Helpers shared by the simulated SCIM app tests: build an app from JSON config text, send it requests the way
// Okta's client would, and read the JSON that comes back.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oktasim::test {

namespace simapp = connectors::simapp;
namespace json = boost::json;

// Virtual time zero is 2024-04-21T12:47:34.228Z in these tests.
inline constexpr std::int64_t test_epoch_ms = 1'713'703'654'228;
inline constexpr std::string_view okta_user_body = R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "test.user@okta.local",
  "name": {"givenName": "Test", "familyName": "User"},
  "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
  "displayName": "Test User", "locale": "en-US",
  "externalId": "00ujl29u0le5T6Aj10h7", "groups": [], "password": "1mz050nq", "active": true })";

inline simapp::SimApp make_app(std::string_view config_json = "{}", std::uint64_t seed = 7) {
    std::string error;
    auto config = simapp::parse_sim_app_config(config_json, error);
    BOOST_REQUIRE_MESSAGE(config.has_value(), "config rejected: " << error);
    return simapp::SimApp(std::move(*config), sim::WallClock(test_epoch_ms), sim::Prng(seed));
}

inline wire::Delivery send(simapp::SimApp& app, std::string method, std::string target, std::string body = {},
                           std::vector<wire::Header> headers = {}, sim::TimePoint now = sim::TimePoint{0}) {
    if (!body.empty()) headers.push_back({"Content-Type", "application/scim+json; charset=utf-8"});
    const wire::Request request{std::move(method), std::move(target), std::move(headers), std::move(body)};
    return app.handle(request, now);
}

inline int status_of(const wire::Delivery& delivery) {
    BOOST_REQUIRE_MESSAGE(delivery.response.has_value(), "no response: " << delivery.failure_text);
    return delivery.response->status;
}

inline json::value json_of(const wire::Delivery& delivery) {
    BOOST_REQUIRE_MESSAGE(delivery.response.has_value(), "no response: " << delivery.failure_text);
    boost::system::error_code ec;
    json::value value = json::parse(delivery.response->body, ec);
    BOOST_REQUIRE_MESSAGE(!ec, "body is not JSON: " << delivery.response->body);
    return value;
}

// The string at a JSON Pointer, or "<absent>" / "<not a string>" so mismatches read well in failures.
inline std::string text_at(const json::value& value, std::string_view pointer) {
    boost::system::error_code ec;
    const json::value* found = value.find_pointer(pointer, ec);
    if (!found) return "<absent>";
    if (!found->is_string()) return "<not a string: " + json::serialize(*found) + ">";
    return std::string(found->get_string());
}

inline bool has(const json::value& value, std::string_view pointer) {
    boost::system::error_code ec;
    return value.find_pointer(pointer, ec) != nullptr;
}

inline std::int64_t int_at(const json::value& value, std::string_view pointer) {
    return value.at_pointer(pointer).to_number<std::int64_t>();
}

// Creates a user through the SCIM API and returns its id.
inline std::string create_user(simapp::SimApp& app, std::string_view user_name, std::string_view extra = "") {
    const std::string body = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":")" +
                             std::string(user_name) + "\"" + std::string(extra) + "}";
    const auto delivery = send(app, "POST", "/scim/v2/Users", body);
    BOOST_REQUIRE_EQUAL(status_of(delivery), 201);
    return text_at(json_of(delivery), "/id");
}

inline std::string patch_body(std::string_view operations) {
    return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + std::string(operations) +
           "}";
}

}  // namespace oktasim::test
