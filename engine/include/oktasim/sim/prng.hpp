// The seeded pseudo-random generator every random choice in a simulation goes through.
// Explicit algorithms (SplitMix64 to seed, xoshiro256** to draw), never std::*_distribution, so a seed gives
// the same numbers with any compiler and standard library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace oktasim::sim {

class Prng {
public:
    explicit Prng(std::uint64_t seed) noexcept;

    std::uint64_t next() noexcept;
    // Uniform in [0, n) without modulo bias; n must be > 0.
    std::uint64_t below(std::uint64_t n) noexcept;
    // An independent stream named `name`: adding a new consumer does not shift the numbers others draw.
    Prng fork(std::string_view name) const noexcept;

    // `length` characters drawn from `alphabet`.
    std::string text(std::string_view alphabet, std::size_t length);

    std::uint64_t seed() const noexcept { return seed_; }

private:
    std::uint64_t seed_;
    std::array<std::uint64_t, 4> s_{};
};

// FNV-1a, for deriving stream seeds from names.
std::uint64_t fnv1a64(std::string_view text) noexcept;

inline constexpr std::string_view alphabet_base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
inline constexpr std::string_view alphabet_alnum_lower = "0123456789abcdefghijklmnopqrstuvwxyz";
inline constexpr std::string_view alphabet_hex = "0123456789abcdef";

}  // namespace oktasim::sim
