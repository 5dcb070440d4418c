// Comparing a presented credential with the expected one without leaking, through response timing, how much of it
// was right or how long the expected one is. Every secret the simulated app checks goes through here.
#pragma once

#include <string_view>

namespace oktasim::connectors::simapp {

// True when `presented` equals `expected` and `expected` is not empty (an unset secret never matches).
// Both are hashed with SHA-256 and the fixed-length digests compared in constant time (CRYPTO_memcmp): comparing
// the texts directly would stop at the first difference or at the shorter length, so a client timing many guesses
// could learn the secret byte by byte, or at least its length. The digest makes the work the same for any input
// of a given length and independent of the expected value.
bool same_secret(std::string_view presented, std::string_view expected) noexcept;

}  // namespace oktasim::connectors::simapp
