// The HTTP/1.1 server for a Downstream: one coroutine per connection reads a request with limits and a deadline,
// asks the admin route or the Downstream, and plays the Delivery back onto the socket.
#include <oktasim/connectors/http/http_server.hpp>

#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/text.hpp>

#include "beast_wire.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace oktasim::connectors::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;

namespace detail {

// How long a connection may wait for its request head before a newcomer to a full server may evict it: a tenth of
// the read timeout (1 s by default), at least 1 ms and at most 1 s.
std::chrono::milliseconds head_grace(const HttpServerOptions& options) {
    return std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(options.read_timeout / 10),
                      std::chrono::milliseconds{1}, std::chrono::milliseconds{1000});
}

// What the server can ask of a live connection: to stop, and, when the server is full, whether it is only waiting
// for a request head (then it may be evicted to make room).
class SessionControl {
public:
    virtual void stop() = 0;
    // Since when the connection has waited for its next request head (TLS handshake and keep-alive idle time
    // included); nullopt while a request is being read, handled or answered; time_point::max() once evicted.
    virtual std::optional<std::chrono::steady_clock::time_point> waiting_for_head_since() const = 0;
    // Closes the connection without an answer, as a server may close one that has not sent a whole request head.
    virtual void evict() = 0;

protected:
    ~SessionControl() = default;
};

// Everything the connection coroutines share. They hold it by shared_ptr, so it outlives the HttpServer object
// until the last of them has finished.
struct ServerState {
    ServerState(asio::io_context& io, engine::Downstream& downstream, ssl::context* context,
                HttpServerOptions opts)
        : ioc(io), app(downstream), tls(context), options(std::move(opts)), acceptor(io), accept_backoff(io),
          started_at(std::chrono::steady_clock::now()) {}

    void stop();
    sim::TimePoint current_time() const;
    bool make_room();

    asio::io_context& ioc;
    engine::Downstream& app;
    ssl::context* tls;
    HttpServerOptions options;
    NowFunction now;
    AdminRoute admin;
    AccessLog access_log;
    tcp::acceptor acceptor;
    asio::steady_timer accept_backoff;
    std::chrono::steady_clock::time_point started_at;
    std::map<std::uint64_t, SessionControl*> sessions;   // owned by their coroutine frames
    std::map<std::uint64_t, SessionControl*> rejecting;  // over-limit connections being answered 503
    std::uint64_t next_id = 1;
    bool started = false;
    bool stopping = false;
    std::uint16_t port = 0;
    std::size_t accepted = 0;
    std::size_t handled = 0;
    std::size_t rejected = 0;
    std::size_t evicted = 0;
};

void ServerState::stop() {
    stopping = true;
    error_code ignored;
    acceptor.close(ignored);
    accept_backoff.cancel();
    std::vector<SessionControl*> live;
    for (const auto& entry : sessions) live.push_back(entry.second);
    for (const auto& entry : rejecting) live.push_back(entry.second);
    for (SessionControl* session : live) session->stop();
}

// When max_connections are open, evicts the one that has waited longest for a request head, once it has waited
// longer than head_grace(), so clients that connect and send slowly (or idle keep-alive connections) cannot lock
// everyone else out, while a burst of fresh connections whose heads are on their way is not evicted. False when
// no open connection may be evicted: the newcomer is then answered 503.
bool ServerState::make_room() {
    std::size_t active = 0;
    SessionControl* oldest = nullptr;
    std::chrono::steady_clock::time_point oldest_since{};
    const auto evictable_before = std::chrono::steady_clock::now() - head_grace(options);
    for (const auto& [id, session] : sessions) {
        const auto since = session->waiting_for_head_since();
        if (since == std::chrono::steady_clock::time_point::max()) continue;  // evicted, on its way out
        ++active;
        if (since && *since <= evictable_before && (!oldest || *since < oldest_since)) {
            oldest = session;
            oldest_since = *since;
        }
    }
    if (active < options.max_connections) return true;
    if (!oldest) return false;
    oldest->evict();
    ++evicted;
    return true;
}

sim::TimePoint ServerState::current_time() const {
    if (now) return now();
    return std::chrono::duration_cast<sim::TimePoint>(std::chrono::steady_clock::now() - started_at);
}

}  // namespace detail

namespace {

using detail::ServerState;
using detail::head_grace;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Message = bhttp::request<bhttp::string_body>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t min_drain = 1024 * 1024;
constexpr std::chrono::milliseconds drain_time{1000};

constexpr std::chrono::seconds overload_retry_after{1};  // what a 503 for a full server asks the client to wait
constexpr std::chrono::milliseconds overload_io_time{1000};  // to write that 503 and drain the client's request

// What a connection is doing, which decides what stop() may interrupt and whether it may be evicted.
enum class Phase { handshake, reading_head, reading_body, handling, waiting, writing, closing };

template <class Stream>
Stream make_stream(tcp::socket socket, ssl::context* tls) {
    if constexpr (std::is_same_v<Stream, TlsStream>)
        return Stream(std::move(socket), *tls);
    else
        return Stream(std::move(socket));
}

// One accepted connection. It lives in its coroutine's frame.
template <class Stream>
class Session final : public detail::SessionControl {
public:
    Session(tcp::socket socket, ssl::context* tls)
        : stream(make_stream<Stream>(std::move(socket), tls)), timer(stream.get_executor()) {}

    // Interrupts reads (idle, half-read, draining) and waits; a response being written is left to finish.
    void stop() override {
        stopping = true;
        timer.cancel();
        if (phase == Phase::handshake || phase == Phase::reading_head || phase == Phase::reading_body ||
            phase == Phase::closing)
            lowest().cancel();
    }

    std::optional<std::chrono::steady_clock::time_point> waiting_for_head_since() const override {
        if (evicted) return std::chrono::steady_clock::time_point::max();
        if (phase == Phase::handshake || phase == Phase::reading_head) return head_since;
        return std::nullopt;
    }

    void evict() override {
        evicted = true;
        lowest().cancel();
    }

    void begin_head() {
        phase = Phase::reading_head;
        head_since = std::chrono::steady_clock::now();
    }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream); }

    Stream stream;
    beast::flat_buffer buffer;
    asio::steady_timer timer;
    Phase phase = Phase::handshake;
    std::chrono::steady_clock::time_point head_since = std::chrono::steady_clock::now();
    bool stopping = false;
    bool evicted = false;
    std::size_t served = 0;  // responses written on this connection
};

// Keeps a session in the server's table for exactly as long as its coroutine frame exists.
class Registration {
public:
    using Table = std::map<std::uint64_t, detail::SessionControl*>;
    Registration(Table& table, std::uint64_t id, detail::SessionControl& session) : table_(table), id_(id) {
        table_.emplace(id_, &session);
    }
    ~Registration() { table_.erase(id_); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

private:
    Table& table_;
    std::uint64_t id_;
};

// The server's own answers (a body or header over the limit, a malformed request, an internal error, overload) in
// the error format of the SCIM version it serves (HttpServerOptions::error_format).
wire::Response scim_error(ScimVersion version, int status, const std::string& detail) {
    json::object body;
    if (version == ScimVersion::v1_1) {
        body["Errors"] = json::array{json::object{{"description", detail}, {"code", status}}};
    } else {
        body["schemas"] = json::array{json::string(urn::error)};
        body["detail"] = detail;
        body["status"] = std::to_string(status);
    }
    wire::Response response;
    response.status = status;
    response.reason = std::string(wire::reason_phrase(status));
    response.headers.push_back(
        {"Content-Type", version == ScimVersion::v1_1 ? "application/json" : "application/scim+json; charset=utf-8"});
    response.body = json::serialize(body);
    return response;
}

void log_access(ServerState& st, const wire::Request& request, const wire::Delivery& delivery) {
    if (!st.access_log) return;
    try {
        st.access_log(request, delivery);
    } catch (...) {  // a failing log must not take the connection down
    }
}

// Asks the admin route, then the Downstream. An exception from either becomes a 500.
wire::Delivery dispatch(ServerState& st, const wire::Request& request) {
    ++st.handled;
    wire::Delivery delivery;
    try {
        std::optional<wire::Response> admin = st.admin ? st.admin(request) : std::nullopt;
        if (admin)
            delivery.response = std::move(admin);
        else
            delivery = st.app.handle(request, st.current_time());
    } catch (const std::exception& e) {
        delivery = wire::Delivery{};
        delivery.response = scim_error(st.options.error_format, 500, std::string("internal error: ") + e.what());
    }
    if (!delivery.response && delivery.failure == wire::TransportFailure::none)
        delivery.response = scim_error(st.options.error_format, 500, "the app gave neither a response nor a failure");
    log_access(st, request, delivery);
    return delivery;
}

bool has_no_body(int status) { return status < 200 || status == 204 || status == 304; }

// The Downstream's response as an HTTP message: its headers kept in order, Content-Length recomputed.
bhttp::response<bhttp::string_body> to_message(const wire::Response& r, unsigned version, bool head_request) {
    bhttp::response<bhttp::string_body> message;
    message.version(version);
    const int status = (r.status >= 100 && r.status <= 999) ? r.status : 500;
    message.result(static_cast<unsigned>(status));
    if (!r.reason.empty() && status == r.status) message.reason(r.reason);
    for (const auto& h : r.headers) {
        if (h.name.empty() || beast::iequals(h.name, "Content-Length") ||
            beast::iequals(h.name, "Transfer-Encoding"))
            continue;
        message.insert(h.name, h.value);
    }
    if (has_no_body(status)) return message;
    message.content_length(r.body.size());
    if (!head_request) message.body() = r.body;  // HEAD: the length of the body it would have had, and no body
    return message;
}

template <class Stream>
asio::awaitable<bool> write_message(ServerState& st, Session<Stream>& s, bhttp::response<bhttp::string_body>& m) {
    s.phase = Phase::writing;
    s.lowest().expires_after(st.options.write_timeout);
    auto [ec, written] = co_await bhttp::async_write(s.stream, m, use_tuple);
    (void)written;
    s.lowest().expires_never();
    co_return !ec;
}

// Waits `d` on the session's timer unless the server is stopping (stop() cuts the wait short).
template <class Stream>
asio::awaitable<void> pause(Session<Stream>& s, sim::Duration d) {
    if (d <= sim::Duration{0} || s.stopping) co_return;
    s.phase = Phase::waiting;
    s.timer.expires_after(d);
    auto [ec] = co_await s.timer.async_wait(use_tuple);
    (void)ec;
}

// Sends FIN and reads what the client still sends for a while, so it gets our last response before the close
// rather than a reset that could discard it.
template <class Stream>
asio::awaitable<void> close_gracefully(const ServerState& st, Session<Stream>& s) {
    s.phase = Phase::closing;
    error_code ignored;
    s.lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!s.stopping) {
        s.lowest().expires_after(drain_time);
        std::array<char, 4096> scratch{};
        std::size_t drained = 0;
        const std::size_t drain_limit = std::max(min_drain, st.options.body_limit + 64 * 1024);
        while (drained < drain_limit) {
            auto [ec, n] = co_await s.lowest().async_read_some(asio::buffer(scratch), use_tuple);
            if (ec) break;
            drained += n;
        }
    }
    s.lowest().close();
}

// Drops the connection with a TCP reset, as a crashed or refusing app would.
template <class Stream>
void reset(Session<Stream>& s) {
    error_code ignored;
    s.lowest().socket().set_option(asio::socket_base::linger(true, 0), ignored);
    s.lowest().close();
}

template <class Stream>
asio::awaitable<void> answer_error(const ServerState& st, Session<Stream>& s, int status,
                                   const std::string& detail) {
    bhttp::response<bhttp::string_body> m = to_message(scim_error(st.options.error_format, status, detail), 11, false);
    m.keep_alive(false);
    s.phase = Phase::writing;
    s.lowest().expires_after(st.options.write_timeout);
    auto [ec, written] = co_await bhttp::async_write(s.stream, m, use_tuple);
    (void)written;
    s.lowest().expires_never();
    if (ec)
        s.lowest().close();
    else
        co_await close_gracefully(st, s);
}

// A request that could not be read whole: answer what deserves an answer, then close.
template <class Stream>
asio::awaitable<void> on_read_error(ServerState& st, Session<Stream>& s, Message& partial, const error_code& ec) {
    if (ec == bhttp::error::body_limit) {
        const std::string detail =
            "Request body larger than " + std::to_string(st.options.body_limit) + " bytes";
        wire::Delivery delivery;
        delivery.response = scim_error(st.options.error_format, 413, detail);
        log_access(st, to_wire(partial), delivery);
        co_await answer_error(st, s, 413, detail);
    } else if (ec == bhttp::error::header_limit) {
        co_await answer_error(st, s, 431,
                              "Request header larger than " + std::to_string(st.options.header_limit) + " bytes");
    } else if (is_http_parse_error(ec)) {
        co_await answer_error(st, s, 400, "Malformed HTTP request: " + ec.message());
    } else {
        s.lowest().close();  // timeout, disconnect or stop: nobody to answer
    }
}

// A request head the server refuses to go on with: the status and the SCIM error detail.
struct HeadProblem {
    int status = 0;
    std::string detail;
};

// The transfer codings of a Transfer-Encoding value, lower-cased, parameters dropped ("gzip, Chunked" -> gzip, chunked).
std::vector<std::string> transfer_codings(std::string_view value) {
    std::vector<std::string> out;
    while (!value.empty()) {
        const auto comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        item = item.substr(0, item.find(';'));
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        std::string coding = wire::to_lower(item);
        if (!coding.empty()) out.push_back(std::move(coding));
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    }
    return out;
}

// Checks what Beast's parser lets through but RFC 9112 does not. Without a Host an HTTP/1.1 request is invalid
// (§3.2: 400). A Transfer-Encoding whose last coding is not chunked leaves the body length unknown (§6.3: 400 and
// close, where Beast would read an empty body); one the server does not implement, under a final chunked, gets
// 501 (§6.1: "SHOULD respond with 501"), since this server decodes no transfer coding but chunked.
std::optional<HeadProblem> head_problem(const Message& m) {
    const auto hosts = m.count(bhttp::field::host);
    if (m.version() >= 11 && hosts == 0)
        return HeadProblem{400, "Missing Host header: an HTTP/1.1 request needs one (RFC 9112 section 3.2)"};
    if (hosts > 1) return HeadProblem{400, "More than one Host header (RFC 9112 section 3.2)"};
    std::vector<std::string> codings;
    for (auto [it, end] = m.equal_range(bhttp::field::transfer_encoding); it != end; ++it)
        for (std::string& coding : transfer_codings(it->value())) codings.push_back(std::move(coding));
    if (codings.empty()) return std::nullopt;
    if (codings.back() != "chunked")
        return HeadProblem{400, "Transfer-Encoding must end in chunked, or the body length is unknown (RFC 9112 "
                                "section 6.3)"};
    const auto other = std::find_if(codings.begin(), codings.end() - 1, [](const auto& c) { return c != "chunked"; });
    if (codings.size() > 1 && other == codings.end() - 1)
        return HeadProblem{400, "Transfer-Encoding applies chunked more than once (RFC 9112 section 7)"};
    if (other != codings.end() - 1)
        return HeadProblem{501, "Transfer coding \"" + *other + "\" is not implemented; only chunked is (RFC 9112 "
                                "section 6.1)"};
    return std::nullopt;
}

// Reads one request under the read deadline, answering "Expect: 100-continue" between header and body. A head
// the server refuses fills `problem` and the body is not read.
template <class Stream>
asio::awaitable<error_code> read_request(ServerState& st, Session<Stream>& s,
                                         bhttp::request_parser<bhttp::string_body>& p,
                                         std::optional<HeadProblem>& problem) {
    s.begin_head();
    s.lowest().expires_after(st.options.read_timeout);
    auto [header_ec, header_bytes] = co_await bhttp::async_read_header(s.stream, s.buffer, p, use_tuple);
    (void)header_bytes;
    s.phase = Phase::reading_body;
    if (!header_ec) problem = head_problem(p.get());
    if (problem) {
        s.lowest().expires_never();
        co_return error_code{};
    }
    if (!header_ec && !p.is_done() && beast::iequals(p.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
        auto [continue_ec, sent] = co_await bhttp::async_write(s.stream, proceed, use_tuple);
        (void)sent;
        header_ec = continue_ec;
    }
    error_code ec = header_ec;
    if (!ec && !p.is_done()) {
        auto [body_ec, body_bytes] = co_await bhttp::async_read(s.stream, s.buffer, p, use_tuple);
        (void)body_bytes;
        ec = body_ec;
    }
    s.lowest().expires_never();
    co_return ec;
}

// Plays a failure Delivery: a silent hold then close for a timeout, a reset otherwise.
template <class Stream>
asio::awaitable<void> play_failure(Session<Stream>& s, const wire::Delivery& delivery) {
    co_await pause(s, delivery.elapsed);
    if (delivery.failure == wire::TransportFailure::timeout)
        s.lowest().close();
    else
        reset(s);
}

// Serves one request. True when the connection stays open for another.
template <class Stream>
asio::awaitable<bool> serve_one(ServerState& st, Session<Stream>& s) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(st.options.header_limit, UINT32_MAX)));
    parser.body_limit(st.options.body_limit);
    std::optional<HeadProblem> problem;
    const error_code ec = co_await read_request(st, s, parser, problem);
    if (s.stopping || st.stopping) {
        s.lowest().close();
        co_return false;
    }
    if (ec && s.evicted && s.served > 0 && s.buffer.size() == 0) {
        s.lowest().close();  // an idle keep-alive connection: closing it is what clients expect (RFC 9112 §9.6)
        co_return false;
    }
    if (ec && s.evicted) {  // a head was on its way, or had not begun: say why rather than vanish
        co_await answer_error(st, s, 408,
                              "Request Timeout: the server is at its limit of " +
                                  std::to_string(st.options.max_connections) +
                                  " connections, and this one had not sent a whole request head in " +
                                  std::to_string(head_grace(st.options).count()) + " ms");
        co_return false;
    }
    if (ec) {
        co_await on_read_error(st, s, parser.get(), ec);
        co_return false;
    }
    s.evicted = false;  // evicted too late: the whole request had arrived, so it is served
    if (problem) {
        co_await answer_error(st, s, problem->status, problem->detail);
        co_return false;
    }
    s.phase = Phase::handling;
    Message& message = parser.get();
    const unsigned version = message.version();
    const bool head = message.method() == bhttp::verb::head;
    const bool client_keep_alive = message.keep_alive();
    const wire::Delivery delivery = dispatch(st, to_wire(message));
    if (!delivery.response) {
        co_await play_failure(s, delivery);
        co_return false;
    }
    co_await pause(s, delivery.elapsed);
    bhttp::response<bhttp::string_body> reply;
    try {
        reply = to_message(*delivery.response, version, head);
    } catch (const std::exception& e) {  // a header Beast cannot hold (over 64 KiB)
        reply = to_message(scim_error(st.options.error_format, 500, std::string("unsendable response: ") + e.what()), version, head);
    }
    const bool keep = reply.keep_alive() && client_keep_alive && st.options.keep_alive && !s.stopping;
    reply.keep_alive(keep);
    if (!co_await write_message(st, s, reply)) {
        s.lowest().close();
        co_return false;
    }
    ++s.served;
    if (!keep) co_await close_gracefully(st, s);
    co_return keep;
}

template <class Stream>
asio::awaitable<void> serve(std::shared_ptr<ServerState> st, std::uint64_t id, tcp::socket socket) {
    Session<Stream> s(std::move(socket), st->tls);
    Registration registration(st->sessions, id, s);
    if (st->stopping) co_return;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        s.lowest().expires_after(st->options.read_timeout);
        auto [ec] = co_await s.stream.async_handshake(ssl::stream_base::server, use_tuple);
        s.lowest().expires_never();
        if (ec) {
            s.lowest().close();
            co_return;
        }
    }
    while (!s.stopping && !st->stopping) {
        if (!co_await serve_one(*st, s)) break;
    }
    s.lowest().close();
}

// A connection over the limit: it gets a 503 with Retry-After and "Connection: close", written at once (a silent
// close would look like a crashed server), then the server reads and discards what the client sends for a short
// while before closing, so the client reads the 503 instead of a reset.
class Rejection final : public detail::SessionControl {
public:
    explicit Rejection(tcp::socket socket) : stream(std::move(socket)) {}
    void stop() override { stream.cancel(); }
    std::optional<std::chrono::steady_clock::time_point> waiting_for_head_since() const override {
        return std::nullopt;
    }
    void evict() override {}

    beast::tcp_stream stream;
};

bhttp::response<bhttp::string_body> overload_response(ScimVersion version, std::size_t limit) {
    wire::Response r = scim_error(version, 503, "The server is serving its limit of " + std::to_string(limit) +
                                           " connections; retry in " +
                                           std::to_string(overload_retry_after.count()) + " s");
    r.headers.push_back({"Retry-After", std::to_string(overload_retry_after.count())});
    bhttp::response<bhttp::string_body> m = to_message(r, 11, false);
    m.keep_alive(false);
    return m;
}

asio::awaitable<void> reject(std::shared_ptr<ServerState> st, std::uint64_t id, tcp::socket socket) {
    Rejection r(std::move(socket));
    Registration registration(st->rejecting, id, r);
    if (st->stopping) co_return;
    bhttp::response<bhttp::string_body> answer = overload_response(st->options.error_format, st->options.max_connections);
    r.stream.expires_after(overload_io_time);
    auto [ec, written] = co_await bhttp::async_write(r.stream, answer, use_tuple);
    (void)written;
    error_code ignored;
    r.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 4096> scratch{};
    for (std::size_t drained = 0; !ec && !st->stopping && drained < 64 * 1024;) {
        auto [read_ec, n] = co_await r.stream.async_read_some(asio::buffer(scratch), use_tuple);
        ec = read_ec;
        drained += n;
    }
    r.stream.close();
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> st) {
    while (!st->stopping) {
        auto [ec, socket] = co_await st->acceptor.async_accept(use_tuple);
        if (st->stopping || ec == asio::error::operation_aborted) co_return;
        if (ec) {
            // Out of descriptors or a transient network error: pause rather than spin.
            st->accept_backoff.expires_after(std::chrono::milliseconds(50));
            auto [wait_ec] = co_await st->accept_backoff.async_wait(use_tuple);
            (void)wait_ec;
            continue;
        }
        ++st->accepted;
        error_code ignored;
        if (st->sessions.size() >= st->options.max_connections && !st->make_room()) {
            ++st->rejected;
            // Over HTTPS the 503 would need a TLS handshake first, and so would a flood of rejections: close.
            // Rejections in flight are bounded too, each by overload_io_time; beyond that, close at once.
            if (st->tls || st->rejecting.size() >= std::max<std::size_t>(st->options.max_connections, 256)) {
                socket.close(ignored);
            } else {
                asio::co_spawn(st->ioc, reject(st, st->next_id++, std::move(socket)), asio::detached);
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true), ignored);
        const std::uint64_t id = st->next_id++;
        if (st->tls)
            asio::co_spawn(st->ioc, serve<TlsStream>(st, id, std::move(socket)), asio::detached);
        else
            asio::co_spawn(st->ioc, serve<PlainStream>(st, id, std::move(socket)), asio::detached);
    }
}

}  // namespace

HttpServer::HttpServer(asio::io_context& ioc, engine::Downstream& app, HttpServerOptions options)
    : state_(std::make_shared<ServerState>(ioc, app, nullptr, std::move(options))) {}

HttpServer::HttpServer(asio::io_context& ioc, engine::Downstream& app, asio::ssl::context& tls,
                       HttpServerOptions options)
    : state_(std::make_shared<ServerState>(ioc, app, &tls, std::move(options))) {}

HttpServer::~HttpServer() {
    state_->stop();
    // Nothing calls the hooks after stop(); drop them so they cannot be reached through the shared state.
    state_->now = nullptr;
    state_->admin = nullptr;
    state_->access_log = nullptr;
}

void HttpServer::set_now(NowFunction now) { state_->now = std::move(now); }
void HttpServer::set_admin(AdminRoute admin) { state_->admin = std::move(admin); }
void HttpServer::set_access_log(AccessLog log) { state_->access_log = std::move(log); }

boost::system::error_code HttpServer::start() {
    ServerState& st = *state_;
    if (st.started) return asio::error::already_started;
    error_code ec;
    const asio::ip::address address = asio::ip::make_address(st.options.bind_address, ec);
    if (ec) return ec;
    const tcp::endpoint endpoint(address, st.options.port);
    st.acceptor.open(endpoint.protocol(), ec);
    if (!ec) st.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) st.acceptor.bind(endpoint, ec);
    if (!ec) st.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) st.port = st.acceptor.local_endpoint(ec).port();
    if (ec) {
        error_code ignored;
        st.acceptor.close(ignored);
        return ec;
    }
    st.started = true;
    asio::co_spawn(st.ioc, accept_loop(state_), asio::detached);
    return {};
}

void HttpServer::stop() { state_->stop(); }

bool HttpServer::running() const noexcept { return state_->started && !state_->stopping; }
std::uint16_t HttpServer::port() const noexcept { return state_->port; }
std::size_t HttpServer::connections_accepted() const noexcept { return state_->accepted; }
std::size_t HttpServer::open_connections() const noexcept { return state_->sessions.size(); }
std::size_t HttpServer::requests_handled() const noexcept { return state_->handled; }
std::size_t HttpServer::connections_rejected() const noexcept { return state_->rejected; }
std::size_t HttpServer::connections_evicted() const noexcept { return state_->evicted; }

}  // namespace oktasim::connectors::http
