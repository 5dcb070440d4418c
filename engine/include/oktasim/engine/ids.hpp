// Okta-style identifiers drawn from the seed: 20-character ids with a type prefix ("00u" users, "00g" groups,
// "0oa" apps) and UUIDs for log events. Each prefix has its own PRNG stream, so ids of one kind do not shift
// when another kind is added.
#pragma once

#include <oktasim/sim/prng.hpp>

#include <map>
#include <string>
#include <string_view>

namespace oktasim::engine {

namespace id_prefix {
inline constexpr std::string_view user = "00u";
inline constexpr std::string_view group = "00g";
inline constexpr std::string_view app = "0oa";
inline constexpr std::string_view app_user = "0ua";
inline constexpr std::string_view task = "0tk";          // oktasim's choice: Okta's task ids are not documented
inline constexpr std::string_view transaction = "puj";   // provisioning job transactions, as seen in the System Log
}  // namespace id_prefix

class IdGenerator {
public:
    explicit IdGenerator(const sim::Prng& root) : root_(root) {}
    // prefix + 17 base62 characters, like "00ujl29u0le5T6Aj10h7".
    std::string next(std::string_view prefix);
    // A version-1-looking UUID, as Okta's System Log `uuid` values are.
    std::string event_uuid();

private:
    sim::Prng& stream(std::string_view name);
    sim::Prng root_;
    std::map<std::string, sim::Prng, std::less<>> streams_;
};

}  // namespace oktasim::engine
