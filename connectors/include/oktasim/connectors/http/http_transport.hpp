// The live transport: sends Okta's SCIM requests to a real server over HTTP/1.1 (TCP or TLS) with Beast, reusing
// keep-alive connections from a small pool. It measures real time, so only live mode uses it.
#pragma once

#include <oktasim/connectors/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::http {

namespace detail {
struct TransportPool;
}

// Where requests go: the scheme, host and port of a base URL. The base URL's path is not used here, because the
// SCIM client puts full request targets ("/scim/v2/Users?...") into each wire::Request.
struct Origin {
    bool tls = false;       // "https"
    std::string host;       // "scim.example.com", "127.0.0.1" or "::1" (no brackets)
    std::uint16_t port = 0; // the URL's port, else 80 or 443

    // The Host header value: "example.com", "example.com:8443", "[::1]:8080" (port only when not the default).
    std::string host_header() const;
};

// Parses the origin of an absolute http:// or https:// URL such as "https://host:8443/scim/v2". nullopt, with a
// reason in `error`, when the text is not such a URL, has no host, carries credentials, or has a bad port.
std::optional<Origin> parse_origin(std::string_view url, std::string& error);

// How an https:// origin's certificate is checked. By default: against the system's trusted store, with the
// host name (or IP address) matched against the certificate.
struct TlsOptions {
    std::string ca_file;    // a PEM file of trusted certificates to use instead of the system store
    bool insecure = false;  // skip certificate and host name verification (self-signed test servers only)
};

// The default overall deadline of one exchange: twice Okta's read timeout.
inline constexpr std::chrono::milliseconds default_exchange_timeout{120'000};

struct HttpTransportOptions {
    TlsOptions tls;
    // Socket silence after which a request fails with TransportFailure::timeout (Okta: 60 s). Also bounds each
    // write of a request. Interim 1xx responses count as silence: a server flooding "102 Processing" times out.
    std::chrono::milliseconds read_timeout = okta_read_timeout;
    // The whole exchange (connecting, writing, every interim response and the final one) must finish within this,
    // however steadily the server drips bytes; running out is TransportFailure::timeout, "Read timed out (...)".
    std::chrono::milliseconds exchange_timeout = default_exchange_timeout;
    // Bounds the TCP connect and the TLS handshake together; running out is TransportFailure::timeout.
    std::chrono::milliseconds connect_timeout{10'000};
    // Connections open at once (idle plus busy); further requests wait for one to come free.
    std::size_t max_connections = 4;
    // Larger response bodies fail the request (TransportFailure::connection_reset) and drop the connection.
    std::size_t response_body_limit = 16 * 1024 * 1024;
};

// Sends each wire::Request as HTTP/1.1 to the origin: the method and target exactly as given (no re-encoding),
// the headers as given and in order, a Host header when the request has none, and a Content-Length that matches
// the body. A request whose target, header name or header value holds a control character (CR, LF...) is not
// sent at all: it fails with TransportFailure::connection_reset saying which header, so nothing can be injected. A reused idle connection that the server had closed before any byte of the response arrived is
// replaced transparently, once. The Delivery's `elapsed` is real time from the call to its completion.
//
// All calls must come from the thread running the executor. Sends in flight keep the pool alive, so the
// transport may be destroyed before they finish; it must be destroyed before its io_context.
class HttpTransport final : public Transport {
public:
    // The transport for `base_url`; nullptr, with a reason in `error`, when the URL is unusable or the TLS
    // options cannot be applied (an unreadable `ca_file`).
    static std::unique_ptr<HttpTransport> create(asio::any_io_executor executor, std::string_view base_url,
                                                 HttpTransportOptions options, std::string& error);

    // When the TLS options cannot be applied, every send fails with TransportFailure::tls explaining why.
    HttpTransport(asio::any_io_executor executor, Origin origin, HttpTransportOptions options = {});
    ~HttpTransport() override;
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    // Completes with the response, or with a TransportFailure and its failure_text; never throws for network
    // trouble. Per-operation cancellation aborts the exchange (connection_reset, "operation cancelled") and
    // drops its connection.
    asio::awaitable<wire::Delivery> send(wire::Request request) override;

    const Origin& origin() const noexcept;
    std::size_t idle_connections() const noexcept;
    std::size_t connections_opened() const noexcept;  // since construction, reconnects included
    // Closes the idle pooled connections (busy ones are unaffected).
    void close_idle() noexcept;

private:
    std::shared_ptr<detail::TransportPool> pool_;
};

}  // namespace oktasim::connectors::http
