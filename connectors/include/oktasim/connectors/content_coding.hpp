// HTTP content codings (RFC 9110 §8.4): Okta asks for gzip,deflate (docs/okta-behaviour.md §1.1), so responses may come
// compressed. One place decodes them for every transport, and the simulated app can encode them.
#pragma once

#include <oktasim/wire/message.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors {

// What Okta's SCIM client sends as Accept-Encoding (§1.1).
inline constexpr std::string_view okta_accept_encoding = "gzip,deflate";

// "deflate" is the zlib format (RFC 9110 §8.4.1.2); "gzip" is RFC 1952.
enum class ContentCoding { identity, gzip, deflate };

std::string_view to_string(ContentCoding c) noexcept;
// "gzip" (or "x-gzip"), "deflate" or "identity", case-insensitive; nullopt for anything else.
std::optional<ContentCoding> content_coding_from(std::string_view token) noexcept;

// Decoded bodies larger than this are refused (a small compressed body can expand without bound).
inline constexpr std::size_t decoded_body_max = 64u * 1024 * 1024;

std::optional<std::string> encode(std::string_view data, ContentCoding coding);
// nullopt when the data is not valid for the coding or would decode to more than decoded_body_max bytes.
// "deflate" also accepts a raw deflate stream, which some servers send.
std::optional<std::string> decode(std::string_view data, ContentCoding coding);

// Replaces a gzip- or deflate-encoded response body by its decoded bytes; the headers stay as the server sent
// them. A body that does not decode, or an unknown coding, is left as it came (and reads as not JSON).
void decode_response_body(wire::Delivery& delivery);

// Encodes a non-empty response body with `coding` when the request's Accept-Encoding lists it, and says so in
// Content-Encoding (and Vary).
void encode_response_body(wire::Response& response, std::string_view accept_encoding, ContentCoding coding);

}  // namespace oktasim::connectors
