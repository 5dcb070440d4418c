// Loopback tests of the live HTTP layer: HttpServer serving a scripted Downstream to HttpTransport (or to raw
// sockets for the abuse cases), over TCP and TLS. Real sockets and real time; everything waits on the io_context.
#include <oktasim/connectors/http/http_server.hpp>
#include <oktasim/connectors/http/http_transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include "support/self_signed.hpp"

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace wire = oktasim::wire;
namespace sim = oktasim::sim;
using namespace oktasim::connectors::http;
using namespace std::chrono_literals;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

using oktasim::test::make_self_signed;
using oktasim::test::SelfSigned;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A Downstream whose answer each test scripts; it records what reached it.
class ScriptedApp final : public oktasim::engine::Downstream {
public:
    std::function<wire::Delivery(const wire::Request&)> script = [](const wire::Request&) {
        wire::Delivery d;
        d.response = wire::Response{200, "OK", {{"Content-Type", "application/scim+json"}}, "{}"};
        return d;
    };
    std::vector<wire::Request> seen;

    wire::Delivery handle(const wire::Request& request, sim::TimePoint) override {
        seen.push_back(request);
        return script(request);
    }
};

wire::Delivery respond(int status, std::string body, sim::Duration delay = sim::Duration{0}) {
    wire::Delivery d;
    d.response = wire::Response{status, "", {{"Content-Type", "application/scim+json"}}, std::move(body)};
    d.elapsed = delay;
    return d;
}

wire::Delivery fail(wire::TransportFailure failure, sim::Duration after) {
    wire::Delivery d;
    d.failure = failure;
    d.elapsed = after;
    return d;
}

wire::Request get(std::string target) {
    wire::Request r;
    r.method = "GET";
    r.target = std::move(target);
    r.headers = {{"Accept", "application/scim+json"}, {"User-Agent", "Okta SCIM Client 1.0.0"}};
    return r;
}

// The failure as text, so Boost.Test can print it when a check fails.
std::string_view failure_of(const wire::Delivery& d) { return wire::to_string(d.failure); }

std::chrono::milliseconds since(steady::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start);
}

// Runs the io_context until `done` holds or `limit` of real time has passed. Tests never sleep; they wait here.
bool run_until(asio::io_context& ioc, const std::function<bool()>& done, std::chrono::milliseconds limit = 3s) {
    const auto deadline = steady::now() + limit;
    while (!done()) {
        if (steady::now() >= deadline) return false;
        if (ioc.stopped()) ioc.restart();
        ioc.run_one_for(10ms);
    }
    return true;
}

template <class T>
T await(asio::io_context& ioc, asio::awaitable<T> op) {
    std::optional<T> result;
    asio::co_spawn(ioc, std::move(op), [&result](std::exception_ptr e, T value) {
        if (e) std::rethrow_exception(e);
        result = std::move(value);
    });
    BOOST_REQUIRE(run_until(ioc, [&result] { return result.has_value(); }));
    return std::move(*result);
}

struct RawResult {
    std::string received;
    error_code end;  // how the read ended
    std::chrono::milliseconds elapsed{0};
};

// A hand-rolled client: sends `bytes`, then either resets the connection at once or reads until the server
// closes it.
asio::awaitable<RawResult> raw_exchange(std::uint16_t port, std::string bytes, bool reset_after_send) {
    RawResult result;
    const auto started = steady::now();  // before the server can start any deadline for this connection
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [connect_ec] = co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, use_tuple);
    if (connect_ec) {
        result.end = connect_ec;
        co_return result;
    }
    auto [write_ec, written] = co_await asio::async_write(socket, asio::buffer(bytes), use_tuple);
    (void)written;
    if (reset_after_send || write_ec) {
        error_code ignored;
        socket.set_option(asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
        result.end = write_ec;
        co_return result;
    }
    std::array<char, 4096> chunk{};
    for (;;) {
        auto [read_ec, n] = co_await socket.async_read_some(asio::buffer(chunk), use_tuple);
        result.received.append(chunk.data(), n);
        if (read_ec) {
            result.end = read_ec;
            break;
        }
    }
    result.elapsed = since(started);
    co_return result;
}

// An io_context, a scripted app and a server on 127.0.0.1:0. On teardown it stops the server and checks that
// no socket, timer or coroutine is left behind.
struct Loopback {
    asio::io_context ioc;
    ScriptedApp app;
    std::unique_ptr<HttpServer> server;

    void serve(HttpServerOptions options = {}) {
        server = std::make_unique<HttpServer>(ioc, app, std::move(options));
        BOOST_REQUIRE(!server->start());
        BOOST_REQUIRE(server->port() != 0);
    }

    std::string base_url(const char* scheme = "http") const {
        return std::string(scheme) + "://127.0.0.1:" + std::to_string(server->port()) + "/scim/v2";
    }

    std::unique_ptr<HttpTransport> client(HttpTransportOptions options = {}, const char* scheme = "http") {
        std::string error;
        auto transport = HttpTransport::create(ioc.get_executor(), base_url(scheme), std::move(options), error);
        BOOST_REQUIRE_MESSAGE(transport, error);
        return transport;
    }

    wire::Delivery send(HttpTransport& transport, wire::Request request) {
        return await(ioc, transport.send(std::move(request)));
    }

    RawResult raw(std::string bytes, bool reset_after_send = false) {
        return await(ioc, raw_exchange(server->port(), std::move(bytes), reset_after_send));
    }

    ~Loopback() {
        if (!server) return;
        server->stop();
        ioc.restart();
        ioc.run_for(2s);
        BOOST_TEST(ioc.stopped());  // ran out of work: nothing left pending
        BOOST_TEST(server->open_connections() == 0u);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_http)

BOOST_AUTO_TEST_CASE(parse_origin_accepts_http_urls_and_explains_the_rest) {
    std::string error;
    const auto secure = parse_origin("https://scim.example.com:8443/scim/v2", error);
    BOOST_REQUIRE(secure);
    BOOST_TEST(secure->tls);
    BOOST_TEST(secure->host == "scim.example.com");
    BOOST_TEST(secure->port == 8443);
    BOOST_TEST(secure->host_header() == "scim.example.com:8443");
    const auto v6 = parse_origin("http://[::1]/scim/v2/", error);
    BOOST_REQUIRE(v6);
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(v6->port == 80);
    BOOST_TEST(v6->host_header() == "[::1]");
    BOOST_TEST(parse_origin("https://example.com", error)->port == 443);
    for (const char* bad : {"ftp://example.com/", "https://example.com:99999/", "https://u:p@example.com/",
                            "not a url", "/scim/v2"}) {
        BOOST_TEST_CONTEXT(bad) {
            error.clear();
            BOOST_TEST(!parse_origin(bad, error));
            BOOST_TEST(!error.empty());
        }
    }
}

BOOST_FIXTURE_TEST_CASE(round_trip_preserves_target_headers_and_response, Loopback) {
    // Setup
    serve();
    app.script = [](const wire::Request&) {
        wire::Delivery d;
        d.response = wire::Response{201, "Created", {{"Content-Type", "application/scim+json"},
                                                     {"Location", "https://app/scim/v2/Users/42"},
                                                     {"ETag", "W/\"1\""}},
                                    R"({"id":"42"})"};
        return d;
    };
    auto transport = client();
    wire::Request request;
    request.method = "POST";
    request.target = "/scim/v2/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100";
    request.headers = {{"Accept", "application/scim+json"},
                       {"Accept-Charset", "utf-8"},
                       {"User-Agent", "Okta SCIM Client 1.0.0"},
                       {"Authorization", "Bearer t0k3n"},
                       {"Content-Type", "application/scim+json; charset=utf-8"},
                       {"X-Mixed-Case", "Value With Spaces"}};
    request.body = R"({"userName":"test.user@okta.local"})";
    // Act
    const wire::Delivery delivery = send(*transport, request);
    // Assert
    BOOST_REQUIRE(app.seen.size() == 1u);
    const wire::Request& got = app.seen[0];
    BOOST_TEST(got.method == "POST");
    BOOST_TEST(got.target == request.target);
    BOOST_TEST(got.body == request.body);
    BOOST_REQUIRE(got.headers.size() == request.headers.size() + 2);  // plus Host and Content-Length
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        BOOST_TEST(got.headers[i].name == request.headers[i].name);
        BOOST_TEST(got.headers[i].value == request.headers[i].value);
    }
    BOOST_TEST(got.header("Host") == "127.0.0.1:" + std::to_string(server->port()));
    BOOST_TEST(got.header("Content-Length") == std::to_string(request.body.size()));
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(failure_of(delivery) == wire::to_string(wire::TransportFailure::none));
    BOOST_TEST(delivery.response->status == 201);
    BOOST_TEST(delivery.response->reason == "Created");
    BOOST_TEST(delivery.response->body == R"({"id":"42"})");
    BOOST_TEST(delivery.response->headers[0].name == "Content-Type");
    BOOST_TEST(delivery.response->header("Location") == "https://app/scim/v2/Users/42");
    BOOST_TEST(delivery.response->header("ETag") == "W/\"1\"");
    BOOST_TEST(delivery.response->header("Content-Length") == "11");
}

BOOST_FIXTURE_TEST_CASE(custom_reason_phrase_and_empty_get_body_survive, Loopback) {
    serve();
    app.script = [](const wire::Request&) {
        wire::Delivery d;
        d.response = wire::Response{200, "Totally Fine", {}, ""};
        return d;
    };
    auto transport = client();
    const wire::Delivery delivery = send(*transport, get("/scim/v2/Users?startIndex=1&count=2"));
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(delivery.response->reason == "Totally Fine");
    BOOST_TEST(delivery.response->body.empty());
    BOOST_REQUIRE(app.seen.size() == 1u);
    BOOST_TEST(app.seen[0].header("Content-Length").empty());  // a GET without a body sends no length
}

BOOST_FIXTURE_TEST_CASE(keep_alive_reuses_one_connection, Loopback) {
    // Setup
    serve();
    std::vector<std::string> log;
    server->set_access_log([&log](const wire::Request& r, const wire::Delivery& d) {
        log.push_back(r.target + " " + std::to_string(d.response ? d.response->status : 0));
    });
    auto transport = client();
    // Act
    const wire::Delivery first = send(*transport, get("/scim/v2/Users?startIndex=1&count=2"));
    const wire::Delivery second = send(*transport, get("/scim/v2/Users/42"));
    // Assert
    BOOST_TEST(first.response.has_value());
    BOOST_TEST(second.response.has_value());
    BOOST_TEST(server->connections_accepted() == 1u);
    BOOST_TEST(transport->connections_opened() == 1u);
    BOOST_TEST(transport->idle_connections() == 1u);
    const std::vector<std::string> expected{"/scim/v2/Users?startIndex=1&count=2 200", "/scim/v2/Users/42 200"};
    BOOST_TEST(log == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(requests_beyond_max_connections_wait_for_a_free_one, Loopback) {
    // Setup: one connection allowed, three requests at once, each answered after 30 ms
    serve();
    app.script = [](const wire::Request&) { return respond(200, "{}", 30ms); };
    HttpTransportOptions options;
    options.max_connections = 1;
    auto transport = client(options);
    std::vector<wire::Delivery> done;
    // Act
    for (const char* target : {"/scim/v2/Users/1", "/scim/v2/Users/2", "/scim/v2/Users/3"})
        asio::co_spawn(ioc, transport->send(get(target)),
                       [&done](std::exception_ptr, wire::Delivery d) { done.push_back(std::move(d)); });
    BOOST_REQUIRE(run_until(ioc, [&done] { return done.size() == 3; }));
    // Assert
    for (const auto& d : done) BOOST_TEST(d.response.has_value());
    BOOST_TEST(transport->connections_opened() == 1u);
    BOOST_TEST(server->connections_accepted() == 1u);
    BOOST_TEST(done[2].elapsed.count() >= 90);  // the last one waited for the two before it
}

BOOST_FIXTURE_TEST_CASE(reconnects_once_when_the_server_closed_an_idle_connection, Loopback) {
    // Setup: the server drops idle keep-alive connections after 100 ms
    HttpServerOptions options;
    options.read_timeout = 100ms;
    serve(options);
    auto transport = client();
    BOOST_REQUIRE(send(*transport, get("/scim/v2/Users/1")).response);
    BOOST_REQUIRE(run_until(ioc, [this] { return server->open_connections() == 0; }));
    // Act
    const wire::Delivery delivery = send(*transport, get("/scim/v2/Users/2"));
    // Assert
    BOOST_TEST(failure_of(delivery) == wire::to_string(wire::TransportFailure::none));
    BOOST_TEST(delivery.response.has_value());
    BOOST_TEST(transport->connections_opened() == 2u);
    BOOST_TEST(app.seen.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(connection_refused_on_a_closed_port, Loopback) {
    // Setup: a port that was just free
    tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    const std::uint16_t port = probe.local_endpoint().port();
    probe.close();
    HttpTransport transport(ioc.get_executor(), Origin{false, "127.0.0.1", port});
    // Act
    const wire::Delivery delivery = send(transport, get("/scim/v2/Users"));
    // Assert
    BOOST_TEST(!delivery.response);
    BOOST_TEST(failure_of(delivery) == wire::to_string(wire::TransportFailure::connection_refused));
    BOOST_TEST(!delivery.failure_text.empty());
}

BOOST_FIXTURE_TEST_CASE(read_timeout_after_configured_silence, Loopback) {
    // Setup: the app answers after 5 s; the client waits 200 ms
    serve();
    app.script = [](const wire::Request&) { return respond(200, "{}", 5s); };
    HttpTransportOptions options;
    options.read_timeout = 200ms;
    auto transport = client(options);
    // Act
    const wire::Delivery delivery = send(*transport, get("/scim/v2/Users"));
    // Assert
    BOOST_TEST(!delivery.response);
    BOOST_TEST(failure_of(delivery) == wire::to_string(wire::TransportFailure::timeout));
    BOOST_TEST(delivery.elapsed.count() >= 200);
    BOOST_TEST(delivery.elapsed.count() < 1000);
    BOOST_TEST(transport->idle_connections() == 0u);  // a timed-out connection is not reused
}

BOOST_FIXTURE_TEST_CASE(server_plays_delays_resets_and_silent_timeouts, Loopback) {
    // Setup
    serve();
    auto transport = client();
    // Act, Assert: a delayed response
    app.script = [](const wire::Request&) { return respond(200, "{}", 150ms); };
    const wire::Delivery delayed = send(*transport, get("/a"));
    BOOST_TEST(delayed.response.has_value());
    BOOST_TEST(delayed.elapsed.count() >= 150);
    // A reset, on a fresh connection so there is no transparent retry
    transport->close_idle();
    app.script = [](const wire::Request&) { return fail(wire::TransportFailure::connection_reset, 0ms); };
    const wire::Delivery reset = send(*transport, get("/b"));
    BOOST_TEST(failure_of(reset) == wire::to_string(wire::TransportFailure::connection_reset));
    // A silent hold of 150 ms, then a close: the client, with a longer read timeout, sees the connection end
    app.script = [](const wire::Request&) { return fail(wire::TransportFailure::timeout, 150ms); };
    const wire::Delivery held = send(*transport, get("/c"));
    BOOST_TEST(failure_of(held) == wire::to_string(wire::TransportFailure::connection_reset));
    BOOST_TEST(held.elapsed.count() >= 150);
    BOOST_TEST(app.seen.size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(admin_route_is_tried_first, Loopback) {
    serve();
    server->set_admin([](const wire::Request& r) -> std::optional<wire::Response> {
        if (r.path() != "/admin/ping") return std::nullopt;
        return wire::Response{200, "OK", {{"Content-Type", "text/plain"}}, "pong"};
    });
    auto transport = client();
    const wire::Delivery admin = send(*transport, get("/admin/ping"));
    const wire::Delivery scim = send(*transport, get("/scim/v2/Users"));
    BOOST_REQUIRE(admin.response);
    BOOST_TEST(admin.response->body == "pong");
    BOOST_REQUIRE(scim.response);
    BOOST_TEST(scim.response->body == "{}");
    BOOST_REQUIRE(app.seen.size() == 1u);
    BOOST_TEST(app.seen[0].target == "/scim/v2/Users");
    BOOST_TEST(server->requests_handled() == 2u);
}

BOOST_FIXTURE_TEST_CASE(malformed_request_line_gets_400_and_close, Loopback) {
    serve();
    const RawResult r = raw("this is not http\r\n\r\n");
    BOOST_TEST(r.received.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0u);
    BOOST_TEST(r.received.find("urn:ietf:params:scim:api:messages:2.0:Error") != std::string::npos);
    BOOST_TEST(r.end == asio::error::eof);
    BOOST_TEST(app.seen.empty());
}

BOOST_FIXTURE_TEST_CASE(oversize_body_gets_413_with_a_scim_error, Loopback) {
    // Setup: the default 1 MiB limit, and a body one byte over it
    serve();
    std::vector<wire::Request> logged;
    server->set_access_log([&logged](const wire::Request& r, const wire::Delivery&) { logged.push_back(r); });
    auto transport = client();
    wire::Request request = get("/scim/v2/Users");
    request.method = "POST";
    request.body.assign(1024 * 1024 + 1, 'x');
    // Act
    const wire::Delivery delivery = send(*transport, request);
    // Assert
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(delivery.response->status == 413);
    BOOST_TEST(delivery.response->header("Content-Type") == "application/scim+json; charset=utf-8");
    BOOST_TEST(delivery.response->body.find("\"status\":\"413\"") != std::string::npos);
    BOOST_TEST(delivery.response->header("Connection") == "close");
    BOOST_TEST(app.seen.empty());
    BOOST_REQUIRE(logged.size() == 1u);
    BOOST_TEST(logged[0].target == "/scim/v2/Users");
}

BOOST_FIXTURE_TEST_CASE(a_scim_1_1_server_answers_its_own_errors_in_1_1_form, Loopback) {
    // Setup: a server in front of a SCIM 1.1 app (docs/okta-behaviour.md §2.14), and a body one byte over the limit
    HttpServerOptions options;
    options.error_format = oktasim::ScimVersion::v1_1;
    serve(options);
    auto transport = client();
    wire::Request request = get("/scim/v1/Users");
    request.method = "POST";
    request.body.assign(1024 * 1024 + 1, 'x');
    // Act
    const wire::Delivery delivery = send(*transport, request);
    // Assert: the Errors form Okta's 1.1 client reads, not SCIM 2.0's error schema
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(delivery.response->status == 413);
    BOOST_TEST(delivery.response->header("Content-Type") == "application/json");
    BOOST_TEST(delivery.response->body == R"({"Errors":[{"description":"Request body larger than 1048576 bytes","code":413}]})");
}

BOOST_FIXTURE_TEST_CASE(oversize_headers_get_431, Loopback) {
    serve();
    auto transport = client();
    wire::Request request = get("/scim/v2/Users");
    request.headers.push_back({"X-Padding", std::string(9000, 'p')});
    const wire::Delivery delivery = send(*transport, request);
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(delivery.response->status == 431);
    BOOST_TEST(app.seen.empty());
}

BOOST_FIXTURE_TEST_CASE(stalled_half_request_is_closed_after_the_read_timeout, Loopback) {
    // Setup
    HttpServerOptions options;
    options.read_timeout = 200ms;
    serve(options);
    // Act: half a header, then silence
    const RawResult r = raw("GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // Assert: closed without an answer, after the timeout
    BOOST_TEST(r.received.empty());
    BOOST_TEST(r.end == asio::error::eof);
    BOOST_TEST(r.elapsed.count() >= 200);
    BOOST_TEST(r.elapsed.count() < 1000);
    BOOST_TEST(app.seen.empty());
}

BOOST_FIXTURE_TEST_CASE(abrupt_disconnects_do_not_stop_the_server, Loopback) {
    // Setup
    serve();
    app.script = [](const wire::Request&) { return respond(200, "{}", 100ms); };
    // Act: one client resets mid-request, another right after sending a request the app answers late
    raw("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"partial\":", true);
    raw("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n\r\n", true);
    BOOST_REQUIRE(run_until(ioc, [this] { return server->open_connections() == 0; }));
    auto transport = client();
    const wire::Delivery delivery = send(*transport, get("/scim/v2/Users/7"));
    // Assert
    BOOST_REQUIRE(delivery.response);
    BOOST_TEST(delivery.response->status == 200);
    BOOST_TEST(server->connections_accepted() == 3u);
    BOOST_TEST(app.seen.back().target == "/scim/v2/Users/7");
}

BOOST_FIXTURE_TEST_CASE(stop_answers_a_delayed_response_at_once_and_releases_everything, Loopback) {
    // Setup: the app would answer after 5 s
    serve();
    app.script = [](const wire::Request&) { return respond(200, "{}", 5s); };
    auto transport = client();
    std::optional<wire::Delivery> delivery;
    asio::co_spawn(ioc, transport->send(get("/scim/v2/Users")),
                   [&delivery](std::exception_ptr, wire::Delivery d) { delivery = std::move(d); });
    BOOST_REQUIRE(run_until(ioc, [this] { return !app.seen.empty(); }));
    // Act
    const auto stopped_at = steady::now();
    server->stop();
    BOOST_REQUIRE(run_until(ioc, [&delivery] { return delivery.has_value(); }));
    // Assert
    BOOST_TEST(since(stopped_at).count() < 1000);
    BOOST_REQUIRE(delivery->response);
    BOOST_TEST(delivery->response->header("Connection") == "close");
    BOOST_TEST(!server->running());
}

BOOST_AUTO_TEST_CASE(tls_serves_insecure_clients_and_fails_verification_against_the_system_store) {
    // Setup
    const SelfSigned identity = make_self_signed();
    ssl::context tls(ssl::context::tls_server);
    tls.use_certificate_chain(asio::buffer(identity.cert_pem));
    tls.use_private_key(asio::buffer(identity.key_pem), ssl::context::pem);
    Loopback lb;
    lb.server = std::make_unique<HttpServer>(lb.ioc, lb.app, tls);
    BOOST_REQUIRE(!lb.server->start());
    // Act, Assert: certificate checks off
    HttpTransportOptions insecure;
    insecure.tls.insecure = true;
    auto relaxed = lb.client(insecure, "https");
    const wire::Delivery ok = lb.send(*relaxed, get("/scim/v2/Users"));
    BOOST_REQUIRE(ok.response);
    BOOST_TEST(ok.response->status == 200);
    BOOST_TEST(ok.response->body == "{}");
    // Verified against the system store: a self-signed certificate is refused
    auto strict = lb.client({}, "https");
    const wire::Delivery refused = lb.send(*strict, get("/scim/v2/Users"));
    BOOST_TEST(!refused.response);
    BOOST_TEST(failure_of(refused) == wire::to_string(wire::TransportFailure::tls));
    BOOST_TEST_MESSAGE("tls failure: " << refused.failure_text);
    // Verified against a CA file holding the certificate: accepted, and the IP address matches
    const auto ca_path = std::filesystem::temp_directory_path() /
                         ("oktasim-http-test-" + std::to_string(lb.server->port()) + ".pem");
    std::ofstream(ca_path) << identity.cert_pem;
    HttpTransportOptions pinned;
    pinned.tls.ca_file = ca_path.string();
    auto trusting = lb.client(pinned, "https");
    const wire::Delivery trusted = lb.send(*trusting, get("/scim/v2/Users"));
    std::filesystem::remove(ca_path);
    BOOST_TEST(trusted.failure_text == "");
    BOOST_TEST(trusted.response.has_value());
    BOOST_TEST(lb.app.seen.size() == 2u);
}

BOOST_AUTO_TEST_CASE(create_reports_an_unreadable_ca_file) {
    asio::io_context ioc;
    std::string error;
    HttpTransportOptions options;
    options.tls.ca_file = "/nonexistent/oktasim-ca.pem";
    BOOST_TEST(!HttpTransport::create(ioc.get_executor(), "https://127.0.0.1:1/", options, error));
    BOOST_TEST(error.find("CA file") != std::string::npos);
    BOOST_TEST(!HttpTransport::create(ioc.get_executor(), "ftp://127.0.0.1/", {}, error));
}

BOOST_AUTO_TEST_SUITE_END()
