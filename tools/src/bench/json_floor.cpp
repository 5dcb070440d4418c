// The JSON floor's per-user work, shaped like the bodies the connector and the simulated app exchange
// (docs/okta-behaviour.md §2.2): each body is built as a json::object, serialised, and parsed back.
#include <oktasim/bench/json_floor.hpp>

#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/sim/prng.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace oktasim::bench {
namespace {

namespace json = boost::json;

constexpr std::string_view user_schema = urn::user;
constexpr std::string_view list_schema = urn::list_response;
constexpr std::string_view timestamp = "2026-01-01T00:00:00.000Z";

// Serialises `body`, parses it back, and counts the bytes (a parse failure would be a bug in Boost.JSON).
std::uint64_t round_trip(const json::object& body) {
    const std::string text = json::serialize(body);
    const json::value back = json::parse(text);
    return text.size() + (back.is_object() ? back.as_object().size() : 0);
}

std::uint64_t one_user(std::size_t n, sim::Prng& prng) {
    const std::string user_name = "user" + std::to_string(n) + "@example.com";
    const std::string external_id = "00u" + prng.text(sim::alphabet_base62, 17);
    const std::string id = prng.text(sim::alphabet_hex, 8) + "-" + prng.text(sim::alphabet_hex, 4) + "-4" +
                           prng.text(sim::alphabet_hex, 3) + "-8" + prng.text(sim::alphabet_hex, 3) + "-" +
                           prng.text(sim::alphabet_hex, 12);
    std::uint64_t bytes = 0;

    // The look-up's answer: no such user.
    bytes += round_trip(json::object{{"schemas", json::array{list_schema}},
                                     {"totalResults", 0},
                                     {"startIndex", 1},
                                     {"itemsPerPage", 0},
                                     {"Resources", json::array{}}});
    // POST /Users.
    const json::object name{{"givenName", "Grace"}, {"familyName", "Hopper"}};
    const json::array emails{json::object{{"primary", true}, {"value", user_name}, {"type", "work"}}};
    bytes += round_trip(json::object{{"schemas", json::array{user_schema}},
                                     {"userName", user_name},
                                     {"name", name},
                                     {"emails", emails},
                                     {"displayName", "Grace Hopper"},
                                     {"externalId", external_id},
                                     {"groups", json::array{}},
                                     {"password", prng.text(sim::alphabet_base62, 8)},
                                     {"active", true}});
    // 201 Created: the stored resource with its id and meta.
    const std::string location = "https://acme.example.test/scim/v2/Users/" + id;
    bytes += round_trip(json::object{{"schemas", json::array{user_schema}},
                                     {"id", id},
                                     {"userName", user_name},
                                     {"name", name},
                                     {"emails", emails},
                                     {"displayName", "Grace Hopper"},
                                     {"externalId", external_id},
                                     {"active", true},
                                     {"meta", json::object{{"resourceType", "User"},
                                                           {"created", timestamp},
                                                           {"lastModified", timestamp},
                                                           {"location", location},
                                                           {"version", "W/\"1\""}}}});
    return bytes;
}

}  // namespace

FloorFigures run_json_floor(std::size_t users, std::uint64_t seed) {
    sim::Prng prng = sim::Prng(seed).fork("bench:json-floor");
    FloorFigures out;
    const Stopwatch watch;
    for (std::size_t n = 1; n <= users; ++n) out.bytes += one_user(n, prng);
    out.time = watch.elapsed();
    return out;
}

}  // namespace oktasim::bench
