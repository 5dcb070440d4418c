// Text helpers of the HTTP and SCIM wire: ASCII case-insensitive compare, percent-encoding, query strings, UTF-8
// validity and base64. Pure functions, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::wire {

// ASCII case-insensitive equality: header names, SCIM attribute names, logins. The one such compare in the tree.
bool iequals(std::string_view a, std::string_view b) noexcept;
// `text` with its ASCII letters lower-cased: the key under which `iequals` finds equal strings equal.
std::string to_lower(std::string_view text);

// Percent-encodes a query value the way Okta's documented requests show it: unreserved characters stay,
// a space becomes %20, everything else %XX (upper-case hex).
std::string percent_encode(std::string_view text);
// Decodes %XX (and '+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// One name=value pair of a query string or an application/x-www-form-urlencoded body, still percent-encoded;
// `value` is empty when the pair has no '='.
struct QueryPair {
    std::string_view name;
    std::string_view value;
};
// The pairs of `query` in order, split at '&'; empty pairs ("a=1&&b=2") are left out.
std::vector<QueryPair> split_query(std::string_view query);

// Whether `text` is well-formed UTF-8 (RFC 3629), and a copy with each byte that is not part of a well-formed
// sequence replaced by U+FFFD, so text echoed from a request (a percent-decoded filter) keeps JSON valid.
bool is_valid_utf8(std::string_view text) noexcept;
std::string valid_utf8(std::string_view text);

// Standard base64 with padding (RFC 4648 §4), for Basic credentials.
std::string base64(std::string_view data);
// The inverse (padding optional); nullopt when `text` holds anything else (a HAR's "encoding": "base64" content).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace oktasim::wire
