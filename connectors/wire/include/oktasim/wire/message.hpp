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

// True when `value` may be sent as a header value: no control character (0x00-0x1F except HTAB, and 0x7F), so no
// CR or LF that would end the header and start another (RFC 9110 §5.5).
bool valid_header_value(std::string_view value) noexcept;

}  // namespace oktasim::wire
