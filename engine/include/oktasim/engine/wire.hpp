// HTTP messages as they cross the wire between Okta's SCIM client and a downstream app, independent of any
// transport: the simulated app, the in-process transport, the HTTP transport and the recorder all share them.
#pragma once

#include <oktasim/sim/clock.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::wire {

struct Header {
    std::string name;
    std::string value;
};

// ASCII case-insensitive equality: header names, SCIM attribute names, logins. The one such compare in the tree.
bool iequals(std::string_view a, std::string_view b) noexcept;
// `text` with its ASCII letters lower-cased: the key under which `iequals` finds equal strings equal.
std::string to_lower(std::string_view text);

// Case-insensitive header look-up; empty view when absent.
std::string_view find_header(const std::vector<Header>& headers, std::string_view name) noexcept;
void set_header(std::vector<Header>& headers, std::string name, std::string value);

struct Request {
    std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
    std::string target;  // as on the request line: path plus query, e.g. "/scim/v2/Users?startIndex=1&count=2"
    std::vector<Header> headers;
    std::string body;

    std::string_view header(std::string_view name) const noexcept { return find_header(headers, name); }
    std::string_view path() const noexcept;   // target up to '?'
    std::string_view query() const noexcept;  // after '?', empty when none
};

struct Response {
    int status = 0;
    std::string reason;  // reason phrase; reason_phrase(status) when the peer sent none
    std::vector<Header> headers;
    std::string body;

    std::string_view header(std::string_view name) const noexcept { return find_header(headers, name); }
};

// How a request failed when no HTTP response came back.
enum class TransportFailure {
    none,
    connection_refused,  // nothing listening, or the app scripted a refusal
    connection_reset,    // the peer closed mid-exchange
    timeout,             // no answer within the read timeout (Okta: 60 s)
    tls,                 // TLS handshake or certificate verification failed
};
std::string_view to_string(TransportFailure f) noexcept;

// What happened to one request: a response, or a transport failure, after `elapsed` of (virtual) time.
struct Delivery {
    std::optional<Response> response;
    TransportFailure failure = TransportFailure::none;
    std::string failure_text;  // a human detail for the failure (e.g. the socket error)
    sim::Duration elapsed{0};
};

// One recorded exchange, for transcripts and expectations.
struct Exchange {
    sim::TimePoint at{0};
    std::string app;  // the app key in the scenario
    Request request;
    Delivery delivery;
};

// The standard reason phrase for a status code ("Unauthorized" for 401); "Unknown" for codes it does not know.
std::string_view reason_phrase(int status) noexcept;

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

// Replaces credentials in headers ("Authorization", "Proxy-Authorization", "X-Api-Key"...) with "[REDACTED]"
// while keeping the scheme word ("Bearer [REDACTED]"), so transcripts can be shared.
std::vector<Header> redact(const std::vector<Header>& headers);
// True for a header whose value `redact` hides (credentials and cookies); names compare case-insensitively.
bool is_secret_header(std::string_view name) noexcept;

// True for a body field or form parameter that holds a credential ("password", "access_token", "refresh_token",
// "client_secret").
bool is_secret_field(std::string_view key) noexcept;
// The same redaction for bodies: in a JSON body every value of a "password", "access_token", "refresh_token" or
// "client_secret" key (at any depth) becomes "[REDACTED]"; in any other body (a form such as the OAuth refresh)
// the values of those keys in key=value pairs do. Other bodies come back unchanged.
std::string redact_body(std::string_view body);

// True when `value` may be sent as a header value: no control character (0x00-0x1F except HTAB, and 0x7F), so no
// CR or LF that would end the header and start another (RFC 9110 §5.5).
bool valid_header_value(std::string_view value) noexcept;

}  // namespace oktasim::wire
