// SplitMix64 seeding and xoshiro256** drawing (Blackman and Vigna's published algorithms).
#include <oktasim/sim/prng.hpp>

namespace oktasim::sim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t fnv1a64(std::string_view text) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

Prng::Prng(std::uint64_t seed) noexcept : seed_(seed) {
    std::uint64_t x = seed;
    for (auto& word : s_) word = splitmix64(x);
}

std::uint64_t Prng::next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Prng::below(std::uint64_t n) noexcept {
    // Rejection sampling: discard the top partial bucket so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
}

Prng Prng::fork(std::string_view name) const noexcept { return Prng(seed_ ^ fnv1a64(name)); }

std::string Prng::text(std::string_view alphabet, std::size_t length) {
    std::string out;
    out.reserve(length);
    for (std::size_t i = 0; i < length; ++i) out.push_back(alphabet[below(alphabet.size())]);
    return out;
}

}  // namespace oktasim::sim
