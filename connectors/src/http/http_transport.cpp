// The live HTTP/1.1 transport: Beast over TCP or TLS with a small keep-alive pool, mapping socket trouble onto
// wire::TransportFailure. Real time is measured here on purpose: live mode talks to real servers.
#include <oktasim/connectors/http/http_transport.hpp>

#include <oktasim/connectors/content_coding.hpp>

#include "beast_wire.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <system_error>
#include <utility>
#include <vector>

namespace oktasim::connectors::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
namespace urls = boost::urls;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;
using wire::TransportFailure;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t response_header_limit = 64 * 1024;

// One pooled connection: a plain or a TLS stream over a Beast tcp_stream (which carries the timeouts), plus the
// read buffer, which may hold bytes past one response and so belongs to the connection.
struct Connection {
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;

    beast::tcp_stream& lowest() { return secure ? secure->next_layer() : *plain; }
};

struct Failure {
    TransportFailure kind = TransportFailure::none;
    std::string text;
};

// What one request/response exchange on a connection produced.
struct Outcome {
    std::optional<wire::Response> response;
    bool keep_alive = false;   // the connection may carry another request
    error_code ec;             // when no response
    bool got_bytes = false;    // some of the response arrived before `ec`
    bool deadline = false;     // `ec` is the timeout of the whole exchange, not of a silence
};

using Clock = std::chrono::steady_clock;

// Why a request may not go on the wire: a control character would end a line and start another (a header of the
// caller's choosing, or a second request). Empty when it may go.
std::string unsendable(const wire::Request& request) {
    const auto has_space = [](std::string_view s) { return s.find(' ') != std::string_view::npos; };
    if (!wire::valid_header_value(request.method) || has_space(request.method) || request.method.empty())
        return "the method contains a control character or a space";
    if (!wire::valid_header_value(request.target) || has_space(request.target))
        return "the request target contains a control character or a space";
    for (const auto& h : request.headers) {
        if (h.name.empty() || !wire::valid_header_value(h.name) || has_space(h.name) ||
            h.name.find(':') != std::string::npos)
            return "a header name is empty or contains a control character, a space or ':'";
        if (!wire::valid_header_value(h.value))
            return "the value of header " + h.name + " contains a control character (CR, LF, ...)";
    }
    return {};
}

wire::Delivery failed(Failure f) {
    wire::Delivery d;
    d.failure = f.kind;
    d.failure_text = std::move(f.text);
    return d;
}

bool is_ip_literal(const std::string& host) {
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

bool sends_body(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

// Builds the request as given: method, target and headers untouched, plus Host when absent and a Content-Length
// that matches the body (a caller's Content-Length keeps its place; Transfer-Encoding is dropped).
bhttp::request<bhttp::string_body> to_message(const wire::Request& request, const Origin& origin) {
    bhttp::request<bhttp::string_body> message;
    message.version(11);
    message.method_string(request.method);
    message.target(request.target);
    bool has_host = false;
    bool has_length = false;
    for (const auto& h : request.headers) {
        if (beast::iequals(h.name, "Transfer-Encoding")) continue;
        if (beast::iequals(h.name, "Content-Length")) {
            if (!has_length) message.insert(h.name, std::to_string(request.body.size()));
            has_length = true;
            continue;
        }
        if (beast::iequals(h.name, "Host")) has_host = true;
        message.insert(h.name, h.value);
    }
    if (!has_host) message.set(bhttp::field::host, origin.host_header());
    if (!has_length && (!request.body.empty() || sends_body(request.method)))
        message.set(bhttp::field::content_length, std::to_string(request.body.size()));
    message.body() = request.body;
    return message;
}

// How a failed exchange looks to Okta: silence is a timeout, anything else after connecting is a reset.
Failure classify(const Outcome& out, const HttpTransportOptions& options) {
    const error_code& ec = out.ec;
    if (ec == beast::error::timeout && out.deadline)
        return {TransportFailure::timeout, "Read timed out (the exchange did not complete within " +
                                               std::to_string(options.exchange_timeout.count()) + " ms)"};
    if (ec == beast::error::timeout) return {TransportFailure::timeout, "Read timed out"};
    if (ec == asio::error::operation_aborted) return {TransportFailure::connection_reset, "operation cancelled"};
    if (ec == bhttp::error::body_limit)
        return {TransportFailure::connection_reset,
                "response body larger than " + std::to_string(options.response_body_limit) + " bytes"};
    if (ec == bhttp::error::header_limit)
        return {TransportFailure::connection_reset,
                "response header larger than " + std::to_string(response_header_limit) + " bytes"};
    if (is_http_parse_error(ec))
        return {TransportFailure::connection_reset, "malformed HTTP response: " + ec.message()};
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof)
        return {TransportFailure::connection_reset, "connection closed by the server without a response"};
    return {TransportFailure::connection_reset, ec.message()};
}

// Writes one request and reads its response, skipping interim 1xx responses. Two clocks run: silence (the read
// timeout, restarted by progress on the final response only, so 1xx responses count as silence) and the whole
// exchange (`deadline`). The caller's frame owns every argument and awaits this coroutine, so references stay valid.
template <class Stream>
asio::awaitable<Outcome> exchange(Stream& stream, beast::tcp_stream& lowest, beast::flat_buffer& buffer,
                                  const bhttp::request<bhttp::string_body>& message,
                                  const HttpTransportOptions& options, Clock::time_point deadline) {
    Outcome out;
    // Arms the stream's timer for whichever clock runs out first, and remembers which one that is.
    const auto arm = [&](Clock::time_point silence_ends) {
        out.deadline = deadline <= silence_ends;
        lowest.expires_at(std::min(silence_ends, deadline));
    };
    arm(Clock::now() + options.read_timeout);
    auto [write_ec, written] = co_await bhttp::async_write(stream, message, use_tuple);
    (void)written;
    if (write_ec) {
        out.ec = write_ec;
        co_return out;
    }
    Clock::time_point last_progress = Clock::now();  // silence is counted from here
    for (;;) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(response_header_limit));
        parser.body_limit(options.response_body_limit);
        if (message.method() == bhttp::verb::head) parser.skip(true);
        // Bytes whose response is not known yet to be final: progress only once its header says so.
        std::optional<Clock::time_point> pending;
        while (!parser.is_done()) {
            arm(last_progress + options.read_timeout);
            auto [read_ec, got] = co_await bhttp::async_read_some(stream, buffer, parser, use_tuple);
            if (parser.got_some() || buffer.size() > 0) out.got_bytes = true;
            if (read_ec) {
                lowest.expires_never();
                out.ec = read_ec;
                co_return out;
            }
            if (got > 0) pending = Clock::now();
            const bool interim = parser.is_header_done() && parser.get().result_int() >= 100 &&
                                 parser.get().result_int() < 200 && parser.get().result_int() != 101;
            if (pending && parser.is_header_done() && !interim) {
                last_progress = *pending;
                pending.reset();
            }
        }
        lowest.expires_never();
        auto& reply = parser.get();
        const unsigned status = reply.result_int();
        if (status >= 100 && status < 200 && status != 101) continue;
        out.keep_alive = reply.keep_alive() && !parser.need_eof();
        out.response = to_wire(reply);
        co_return out;
    }
}

asio::awaitable<Outcome> exchange_on(Connection& conn, const bhttp::request<bhttp::string_body>& message,
                                     const HttpTransportOptions& options, Clock::time_point deadline) {
    if (conn.secure) co_return co_await exchange(*conn.secure, conn.lowest(), conn.buffer, message, options, deadline);
    co_return co_await exchange(*conn.plain, conn.lowest(), conn.buffer, message, options, deadline);
}

}  // namespace

std::string Origin::host_header() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string text = ipv6 ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) text += ":" + std::to_string(port);
    return text;
}

std::optional<Origin> parse_origin(std::string_view url, std::string& error) {
    auto parsed = urls::parse_uri(url);
    if (!parsed) {
        error = "not an absolute URL: " + std::string(url);
        return std::nullopt;
    }
    const urls::url_view& u = *parsed;
    Origin origin;
    if (u.scheme_id() == urls::scheme::https) {
        origin.tls = true;
    } else if (u.scheme_id() != urls::scheme::http) {
        error = "not an http:// or https:// URL: " + std::string(url);
        return std::nullopt;
    }
    if (u.has_userinfo()) {
        error = "credentials in the URL are not supported: " + std::string(url);
        return std::nullopt;
    }
    if (u.host_type() == urls::host_type::none || u.host_type() == urls::host_type::ipvfuture ||
        u.encoded_host().empty()) {
        error = "no usable host in URL: " + std::string(url);
        return std::nullopt;
    }
    origin.host = u.host_address();
    origin.port = origin.tls ? 443 : 80;
    if (u.has_port() && !u.port().empty()) {
        // Parsed here: Boost.URL accepts any digit string as a port.
        const std::string_view text = u.port();
        unsigned long number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc{} || end != text.data() + text.size() || number == 0 || number > 65535) {
            error = "bad port in URL: " + std::string(url);
            return std::nullopt;
        }
        origin.port = static_cast<std::uint16_t>(number);
    }
    return origin;
}

// The shared state of a transport: its configuration and the pooled connections. Sends in flight hold it, so it
// outlives the HttpTransport object when they must.
struct detail::TransportPool {
    TransportPool(asio::any_io_executor ex, Origin o, HttpTransportOptions opts)
        : executor(std::move(ex)), origin(std::move(o)), options(std::move(opts)), slot_freed(executor) {
        if (options.max_connections == 0) options.max_connections = 1;
        slot_freed.expires_at(asio::steady_timer::time_point::max());
        if (origin.tls) configure_tls();
    }

    void configure_tls() {
        tls.emplace(ssl::context::tls_client);
        error_code ec;
        if (options.tls.insecure) {
            tls->set_verify_mode(ssl::verify_none, ec);
            return;
        }
        tls->set_verify_mode(ssl::verify_peer, ec);
        if (!options.tls.ca_file.empty()) {
            tls->load_verify_file(options.tls.ca_file, ec);
            if (ec) tls_error = "cannot load CA file '" + options.tls.ca_file + "': " + ec.message();
        } else {
            tls->set_default_verify_paths(ec);
            if (ec) tls_error = "cannot load the system's trusted certificates: " + ec.message();
        }
    }

    // A connection slot: an idle connection to reuse, or a null one meaning "open a new one". `fresh` skips the
    // idle ones (dropping the oldest when the pool is full). Completes with nullopt when cancelled.
    asio::awaitable<std::optional<std::unique_ptr<Connection>>> acquire(bool fresh);
    void release(std::unique_ptr<Connection> conn);
    asio::awaitable<std::unique_ptr<Connection>> open(Failure& failure);
    asio::awaitable<Failure> handshake(Connection& conn);

    asio::any_io_executor executor;
    Origin origin;
    HttpTransportOptions options;
    std::optional<ssl::context> tls;
    std::string tls_error;  // set when the TLS options could not be applied
    std::vector<std::unique_ptr<Connection>> idle;  // most recently used last
    std::size_t busy = 0;                           // slots handed out and not yet released
    std::size_t opened = 0;
    asio::steady_timer slot_freed;  // never expires: release() wakes one waiter with cancel_one()
};

asio::awaitable<std::optional<std::unique_ptr<Connection>>> detail::TransportPool::acquire(bool fresh) {
    for (;;) {
        if (!fresh && !idle.empty()) {
            std::unique_ptr<Connection> conn = std::move(idle.back());
            idle.pop_back();
            ++busy;
            co_return std::optional<std::unique_ptr<Connection>>(std::move(conn));
        }
        if (busy + idle.size() < options.max_connections || (fresh && !idle.empty())) {
            if (busy + idle.size() >= options.max_connections) idle.erase(idle.begin());
            ++busy;
            co_return std::optional<std::unique_ptr<Connection>>(nullptr);
        }
        auto [ec] = co_await slot_freed.async_wait(use_tuple);
        (void)ec;
        asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) co_return std::nullopt;
    }
}

void detail::TransportPool::release(std::unique_ptr<Connection> conn) {
    --busy;
    if (conn) idle.push_back(std::move(conn));
    slot_freed.cancel_one();
}

asio::awaitable<Failure> detail::TransportPool::handshake(Connection& conn) {
    SSL* native = conn.secure->native_handle();
    if (!is_ip_literal(origin.host))  // SNI; IP literals are not sent as server names
        SSL_ctrl(native, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 static_cast<void*>(const_cast<char*>(origin.host.c_str())));
    if (!options.tls.insecure) conn.secure->set_verify_callback(ssl::host_name_verification(origin.host));
    conn.lowest().expires_after(options.connect_timeout);
    auto [ec] = co_await conn.secure->async_handshake(ssl::stream_base::client, use_tuple);
    conn.lowest().expires_never();
    if (!ec) co_return Failure{};
    if (ec == beast::error::timeout) co_return Failure{TransportFailure::timeout, "TLS handshake timed out"};
    std::string text = "TLS handshake failed: " + ec.message();
    const long verify = SSL_get_verify_result(native);
    if (verify != X509_V_OK) text += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    co_return Failure{TransportFailure::tls, std::move(text)};
}

asio::awaitable<std::unique_ptr<Connection>> detail::TransportPool::open(Failure& failure) {
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(
        origin.host, std::to_string(origin.port), tcp::resolver::numeric_service, use_tuple);
    if (resolve_ec) {
        failure = {TransportFailure::connection_refused,
                   "cannot resolve " + origin.host + ": " + resolve_ec.message()};
        co_return nullptr;
    }
    beast::tcp_stream stream(executor);
    stream.expires_after(options.connect_timeout);
    auto [connect_ec, endpoint] = co_await stream.async_connect(endpoints, use_tuple);
    (void)endpoint;
    stream.expires_never();
    if (connect_ec) {
        if (connect_ec == beast::error::timeout)
            failure = {TransportFailure::timeout, "Connect timed out"};
        else
            failure = {TransportFailure::connection_refused, connect_ec.message()};
        co_return nullptr;
    }
    error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    auto conn = std::make_unique<Connection>();
    ++opened;
    if (!tls) {
        conn->plain = std::make_unique<beast::tcp_stream>(std::move(stream));
        co_return conn;
    }
    conn->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(stream), *tls);
    failure = co_await handshake(*conn);
    if (failure.kind != TransportFailure::none) co_return nullptr;
    co_return conn;
}

namespace {

// One request through the pool, with at most one transparent retry on a fresh connection when a reused one turns
// out to have been closed by the server before any byte of the response.
asio::awaitable<wire::Delivery> deliver(std::shared_ptr<detail::TransportPool> pool, wire::Request request) {
    if (!pool->tls_error.empty()) co_return failed({TransportFailure::tls, pool->tls_error});
    // The second line of defence against header injection: the callers validate what users give them.
    if (const std::string why = unsendable(request); !why.empty())
        co_return failed({TransportFailure::connection_reset, "refused to send the request: " + why});
    const Clock::time_point deadline = Clock::now() + pool->options.exchange_timeout;
    bhttp::request<bhttp::string_body> message;
    try {
        message = to_message(request, pool->origin);
    } catch (const std::exception& e) {  // a method or header Beast cannot hold (a header over 64 KiB)
        co_return failed({TransportFailure::connection_reset, std::string("cannot send the request: ") + e.what()});
    }
    bool retried = false;
    for (;;) {
        auto slot = co_await pool->acquire(retried);
        if (!slot) co_return failed({TransportFailure::connection_reset, "operation cancelled"});
        std::unique_ptr<Connection> conn = std::move(*slot);
        const bool reused = conn != nullptr;
        if (!conn) {
            Failure failure;
            conn = co_await pool->open(failure);
            if (!conn) {
                pool->release(nullptr);
                co_return failed(std::move(failure));
            }
        }
        Outcome out = co_await exchange_on(*conn, message, pool->options, deadline);
        if (out.response) {
            pool->release(out.keep_alive ? std::move(conn) : nullptr);
            wire::Delivery d;
            d.response = std::move(out.response);
            co_return d;
        }
        pool->release(nullptr);
        const bool stale = reused && !out.got_bytes && out.ec != beast::error::timeout &&
                           out.ec != asio::error::operation_aborted;
        if (stale && !retried) {
            retried = true;
            continue;
        }
        co_return failed(classify(out, pool->options));
    }
}

}  // namespace

std::unique_ptr<HttpTransport> HttpTransport::create(asio::any_io_executor executor, std::string_view base_url,
                                                     HttpTransportOptions options, std::string& error) {
    std::optional<Origin> origin = parse_origin(base_url, error);
    if (!origin) return nullptr;
    auto transport = std::make_unique<HttpTransport>(std::move(executor), std::move(*origin), std::move(options));
    if (!transport->pool_->tls_error.empty()) {
        error = transport->pool_->tls_error;
        return nullptr;
    }
    return transport;
}

HttpTransport::HttpTransport(asio::any_io_executor executor, Origin origin, HttpTransportOptions options)
    : pool_(std::make_shared<detail::TransportPool>(std::move(executor), std::move(origin),
                                                    std::move(options))) {}

HttpTransport::~HttpTransport() { close_idle(); }

asio::awaitable<wire::Delivery> HttpTransport::send(wire::Request request) {
    // `this` may go away while the request is in flight; the pool may not.
    std::shared_ptr<detail::TransportPool> pool = pool_;
    const auto started = std::chrono::steady_clock::now();
    wire::Delivery delivery = co_await deliver(std::move(pool), std::move(request));
    delivery.elapsed = std::chrono::duration_cast<sim::Duration>(std::chrono::steady_clock::now() - started);
    decode_response_body(delivery);
    co_return delivery;
}

const Origin& HttpTransport::origin() const noexcept { return pool_->origin; }
std::size_t HttpTransport::idle_connections() const noexcept { return pool_->idle.size(); }
std::size_t HttpTransport::connections_opened() const noexcept { return pool_->opened; }
void HttpTransport::close_idle() noexcept { pool_->idle.clear(); }

}  // namespace oktasim::connectors::http
