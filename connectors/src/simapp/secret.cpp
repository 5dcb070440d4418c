// Constant-time secret comparison over SHA-256 digests (OpenSSL's one-shot EVP_Digest and CRYPTO_memcmp).
#include <oktasim/connectors/simapp/secret.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

namespace oktasim::connectors::simapp {
namespace {

using Digest = std::array<unsigned char, 32>;

// False only when OpenSSL fails (out of memory); the caller then refuses the credential.
// The algorithm is fetched once: `EVP_sha256()` would fetch it from the provider again on every call (OpenSSL 3),
// which cost as much as the two digests of every request's credential check.
bool sha256(std::string_view text, Digest& out) noexcept {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // never freed: lives as long as the process
    unsigned int size = 0;
    return md && EVP_Digest(text.data(), text.size(), out.data(), &size, md, nullptr) == 1 && size == out.size();
}

}  // namespace

bool same_secret(std::string_view presented, std::string_view expected) noexcept {
    Digest got{}, want{};
    const bool hashed = sha256(presented, got) & sha256(expected, want);  // '&': both are always hashed
    const bool equal = CRYPTO_memcmp(got.data(), want.data(), got.size()) == 0;
    return hashed && equal && !expected.empty();
}

}  // namespace oktasim::connectors::simapp
