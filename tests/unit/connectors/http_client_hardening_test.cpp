// The live HTTP client against hostile loopback servers written here with plain Asio: one that drips its response
// a byte at a time, one that floods "102 Processing", and header values that would inject headers. Real sockets,
// tiny deadlines; the test itself never sleeps, it runs the io_context until the client gives up.
#include <oktasim/connectors/http/http_transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace asio = boost::asio;
namespace wire = oktasim::wire;
using namespace oktasim::connectors::http;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// What the hostile server does once it has read a request head.
enum class Behaviour {
    drip,       // a 200 header announcing a large body, then one body byte every 50 ms
    flood_102,  // "HTTP/1.1 102 Processing" every 20 ms, never a final response
};

// A loopback server that misbehaves as told, for as long as the client stays connected.
class HostileServer {
public:
    HostileServer(asio::io_context& ioc, Behaviour behaviour)
        : ioc_(ioc), acceptor_(ioc, {asio::ip::make_address("127.0.0.1"), 0}), behaviour_(behaviour) {
        asio::co_spawn(ioc_, accept(), asio::detached);
    }
    ~HostileServer() { close(); }

    void close() {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        for (auto& s : sockets_) s.close(ignored);
    }

    std::string base_url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/scim/v2";
    }
    std::size_t accepted() const { return sockets_.size(); }
    std::size_t bytes_sent() const { return bytes_sent_; }

private:
    asio::awaitable<void> accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
            if (ec) co_return;
            sockets_.push_back(std::move(socket));
            asio::co_spawn(ioc_, serve(sockets_.back()), asio::detached);
        }
    }

    asio::awaitable<void> serve(tcp::socket& socket) {
        std::string head;
        auto [read_ec, n] = co_await asio::async_read_until(socket, asio::dynamic_buffer(head), "\r\n\r\n", use_tuple);
        (void)n;
        if (read_ec) co_return;
        asio::steady_timer timer(ioc_);
        if (behaviour_ == Behaviour::drip && !co_await write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"))
            co_return;
        for (;;) {
            timer.expires_after(behaviour_ == Behaviour::drip ? 50ms : 20ms);
            auto [timer_ec] = co_await timer.async_wait(use_tuple);
            if (timer_ec || !socket.is_open()) co_return;
            if (!co_await write(socket, behaviour_ == Behaviour::drip ? "x" : "HTTP/1.1 102 Processing\r\n\r\n"))
                co_return;
        }
    }

    asio::awaitable<bool> write(tcp::socket& socket, std::string_view bytes) {
        auto [ec, n] = co_await asio::async_write(socket, asio::buffer(bytes), use_tuple);
        bytes_sent_ += n;
        co_return !ec;
    }

    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
    Behaviour behaviour_;
    std::list<tcp::socket> sockets_;  // a list: serve() holds references to its socket
    std::size_t bytes_sent_ = 0;
};

wire::Request get_users() {
    wire::Request r;
    r.method = "GET";
    r.target = "/scim/v2/Users?startIndex=1&count=2";
    r.headers = {{"Accept", "application/scim+json"}, {"Authorization", "Bearer T"}};
    return r;
}

// Sends `request` and runs the io_context until the delivery arrives or `limit` passes (then nullopt).
std::optional<wire::Delivery> send(asio::io_context& ioc, HttpTransport& transport, wire::Request request,
                                   std::chrono::milliseconds limit = 3s) {
    std::optional<wire::Delivery> out;
    asio::co_spawn(ioc, transport.send(std::move(request)), [&out](std::exception_ptr e, wire::Delivery d) {
        if (e) std::rethrow_exception(e);
        out = std::move(d);
    });
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!out && std::chrono::steady_clock::now() < deadline) ioc.run_one_for(10ms);
    return out;
}

std::unique_ptr<HttpTransport> client(asio::io_context& ioc, const std::string& url, HttpTransportOptions options) {
    std::string error;
    auto transport = HttpTransport::create(ioc.get_executor(), url, std::move(options), error);
    BOOST_REQUIRE_MESSAGE(transport, error);
    return transport;
}

// Closes the server and lets every pending operation finish, so nothing outlives the test.
void drain(asio::io_context& ioc, HostileServer& server, std::unique_ptr<HttpTransport>& transport) {
    transport.reset();
    server.close();
    ioc.restart();
    ioc.run_for(500ms);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_http_client_hardening)

BOOST_AUTO_TEST_CASE(hardening_dripping_server_is_cut_off_at_the_exchange_deadline) {
    asio::io_context ioc;
    HostileServer server(ioc, Behaviour::drip);
    HttpTransportOptions options;
    options.read_timeout = 2s;  // never reached: a byte comes every 50 ms
    options.exchange_timeout = 300ms;
    auto transport = client(ioc, server.base_url(), options);
    const auto d = send(ioc, *transport, get_users());
    BOOST_REQUIRE_MESSAGE(d.has_value(), "the client did not give up on a dripping server");
    BOOST_TEST(!d->response.has_value());
    BOOST_TEST((d->failure == wire::TransportFailure::timeout));
    BOOST_TEST(d->failure_text == "Read timed out (the exchange did not complete within 300 ms)");
    BOOST_TEST(server.bytes_sent() > 45u);  // the header and at least one dripped byte arrived
    drain(ioc, server, transport);
}

BOOST_AUTO_TEST_CASE(hardening_interim_102_responses_count_as_silence) {
    asio::io_context ioc;
    HostileServer server(ioc, Behaviour::flood_102);
    HttpTransportOptions options;
    options.read_timeout = 200ms;  // a 102 every 20 ms: only silence if interim responses do not count
    options.exchange_timeout = 10s;
    auto transport = client(ioc, server.base_url(), options);
    const auto d = send(ioc, *transport, get_users());
    BOOST_REQUIRE_MESSAGE(d.has_value(), "the client did not give up on a server flooding 102 Processing");
    BOOST_TEST(!d->response.has_value());
    BOOST_TEST((d->failure == wire::TransportFailure::timeout));
    BOOST_TEST(d->failure_text == "Read timed out");  // the read timeout, not the exchange deadline
    drain(ioc, server, transport);
}

BOOST_AUTO_TEST_CASE(hardening_control_characters_in_a_header_are_never_sent) {
    asio::io_context ioc;
    HostileServer server(ioc, Behaviour::drip);
    auto transport = client(ioc, server.base_url(), {});
    for (const std::string& value : {std::string("T\r\nX-Evil: 1"), std::string("T\n"), std::string("T\0x", 3),
                                    std::string("\x1b[2J")}) {
        wire::Request r = get_users();
        wire::set_header(r.headers, "Authorization", "Bearer " + value);
        const auto d = send(ioc, *transport, std::move(r));
        BOOST_REQUIRE(d.has_value());
        BOOST_TEST(!d->response.has_value());
        BOOST_TEST((d->failure == wire::TransportFailure::connection_reset));
        BOOST_TEST(d->failure_text ==
                   "refused to send the request: the value of header Authorization contains a control character (CR, "
                   "LF, ...)");
    }
    wire::Request bad_name = get_users();
    bad_name.headers.push_back({"X-A\r\nX-B", "1"});
    const auto named = send(ioc, *transport, std::move(bad_name));
    BOOST_REQUIRE(named.has_value());
    BOOST_TEST(named->failure_text.find("refused to send the request: a header name") == 0u);
    wire::Request bad_target = get_users();
    bad_target.target = "/scim/v2/Users HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET /";
    const auto targeted = send(ioc, *transport, std::move(bad_target));
    BOOST_REQUIRE(targeted.has_value());
    BOOST_TEST(targeted->failure_text.find("refused to send the request: the request target") == 0u);
    BOOST_TEST(server.accepted() == 0u);  // nothing went on the wire: not even a connection was opened
    drain(ioc, server, transport);
}

BOOST_AUTO_TEST_SUITE_END()
