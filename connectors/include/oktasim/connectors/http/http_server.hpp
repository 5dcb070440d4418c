// Serves any engine::Downstream (the simulated SCIM app) over HTTP/1.1 or HTTPS with Beast coroutines, turning
// each Delivery back into socket behaviour: a response, a delay, a silent timeout or a dropped connection.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/clock.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace oktasim::connectors::http {

namespace asio = boost::asio;

namespace detail {
struct ServerState;
}

struct HttpServerOptions {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 0;                  // 0: the system picks a free port (see HttpServer::port())
    std::size_t body_limit = 1024 * 1024;    // a larger request body gets 413 (SCIM error JSON), then a close
    std::size_t header_limit = 8 * 1024;     // a larger request header is answered 431, then closed
    // Time to receive one whole request (header and body), and the longest an idle keep-alive connection stays
    // open; a client that runs out of it is disconnected without an answer.
    std::chrono::milliseconds read_timeout{10'000};
    std::chrono::milliseconds write_timeout{30'000};  // to write one response
    bool keep_alive = true;                  // false: every response carries "Connection: close"
    // Open connections served at once. When they are all open, a newcomer evicts the connection that has waited
    // longest for a request head (idle keep-alive, a slow TLS handshake or head), if that wait is over a tenth of
    // read_timeout (at most 1 s), so slow clients cannot lock others out: an idle keep-alive connection is closed,
    // any other is answered 408 and closed. When none may be evicted, the newcomer is answered 503 with
    // "Retry-After: 1" and closed (over HTTPS it is closed without an answer). At most max(max_connections, 256) such 503s are in
    // flight, each for at most a second; past that a newcomer is closed at once.
    std::size_t max_connections = 256;
    // The SCIM version whose error body the server's own answers take (413, 431, 400, 500, 503).
    ScimVersion error_format = ScimVersion::v2_0;
};

// The virtual time handed to Downstream::handle. Default: real milliseconds since the server was constructed.
using NowFunction = std::function<sim::TimePoint()>;
// Extra routes tried before the Downstream (an admin endpoint): a response, or nullopt to pass the request on.
using AdminRoute = std::function<std::optional<wire::Response>(const wire::Request&)>;
// Called once per request that was read whole (and for 413s, with the header only), with the Delivery decided
// for it, before any scripted delay is served.
using AccessLog = std::function<void(const wire::Request&, const wire::Delivery&)>;

// An HTTP/1.1 server for one Downstream on the caller's io_context (run it on one thread). How a Delivery maps
// onto the connection:
//   - a response: written as is (its headers kept, Content-Length set to its body), after `elapsed` if > 0;
//   - connection_refused, connection_reset or tls: after `elapsed`, the connection is reset without an answer;
//   - timeout: the connection stays silent for `elapsed`, then is closed.
// Malformed requests get 400, oversize headers 431 and oversize bodies 413; each then closes the connection. So do
// an HTTP/1.1 request without Host (400, RFC 9112 §3.2), a Transfer-Encoding not ending in chunked (400, §6.3) and
// one with a coding other than chunked (501, §6.1).
//
// Call every member from the thread running the io_context (or while it is not running). The Downstream, the
// hooks and the TLS context must outlive the server; the server must be destroyed before its io_context.
class HttpServer {
public:
    HttpServer(asio::io_context& ioc, engine::Downstream& app, HttpServerOptions options = {});
    // Serves HTTPS with `tls` (a server context holding the certificate and key).
    HttpServer(asio::io_context& ioc, engine::Downstream& app, asio::ssl::context& tls,
               HttpServerOptions options = {});
    ~HttpServer();  // stop()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    void set_now(NowFunction now);
    void set_admin(AdminRoute admin);
    void set_access_log(AccessLog log);

    // Binds, listens and starts accepting. An error (address in use, bad bind address, already started) leaves
    // the server stopped.
    boost::system::error_code start();
    // Stops accepting and closes idle and half-read connections at once. Responses already decided are still
    // written (with "Connection: close"), without waiting out their delay; silent holds end now. Once the
    // io_context has run the remaining handlers, the server holds no sockets, timers or coroutines.
    void stop();

    bool running() const noexcept;
    std::uint16_t port() const noexcept;  // the bound port, 0 before start()
    std::size_t connections_accepted() const noexcept;
    std::size_t open_connections() const noexcept;
    std::size_t requests_handled() const noexcept;  // requests passed to the admin route or the Downstream
    std::size_t connections_rejected() const noexcept;  // answered 503 (or closed) because the server was full
    std::size_t connections_evicted() const noexcept;   // closed while waiting for a request head, to make room

private:
    std::shared_ptr<detail::ServerState> state_;
};

}  // namespace oktasim::connectors::http
