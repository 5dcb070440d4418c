// End-to-end tests of `oktasim app-server`: the real binary as a child process, spoken to over loopback with plain
// Beast/Asio sockets (auth, SCIM, live faults, backend log, limits, slow and vanishing clients, shutdown).
// Nothing sleeps: every wait is on a socket or pipe and is bounded, so a broken server fails a test, not hangs it.
#define BOOST_TEST_MODULE oktasim_app_server
#include <boost/test/unit_test.hpp>

#include "run_oktasim.hpp"
#include "support/self_signed.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// The longest any single wait in these tests may take before it counts as a hang.
constexpr auto guard = 10s;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A scratch file removed at the end of the test.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& name, const std::string& text = {}) {
        path = fs::temp_directory_path() / ("oktasim-app-server-" + std::to_string(::getpid()) + "-" + name);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    }
    ~TempFile() {
        std::error_code ignored;
        fs::remove(path, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

int remaining_ms(steady::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

// One `oktasim` child process: stdout on a pipe we read, stderr in a file, stdin from /dev/null.
class Child {
public:
    explicit Child(const std::vector<std::string>& args) : stderr_file_("stderr-" + std::to_string(++counter_)) {
        int fds[2];
        BOOST_TEST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        out_ = fds[0];
        posix_spawn_file_actions_t actions;
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        ::posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file_.path.c_str(),
                                           O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<std::string> argv_text = {OKTASIM_EXE, "app-server"};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_text) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int spawned = ::posix_spawn(&pid_, OKTASIM_EXE, &actions, nullptr, argv.data(), environ);
        ::posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        BOOST_TEST_REQUIRE(spawned == 0);
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        if (out_ >= 0) ::close(out_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // The next line on the child's stdout (without '\n'); nullopt on EOF or when `guard` runs out.
    std::optional<std::string> read_line() {
        const auto deadline = steady::now() + guard;
        while (true) {
            if (const auto nl = stdout_.find('\n'); nl != std::string::npos) {
                std::string line = stdout_.substr(0, nl);
                stdout_.erase(0, nl + 1);
                return line;
            }
            if (!fill(deadline)) return std::nullopt;
        }
    }

    // Waits (bounded) for the child to exit and returns its exit code; -1 for a signal or a hang (then killed).
    int wait_exit() {
        const auto deadline = steady::now() + guard;
        while (fill(deadline)) {
        }  // the pipe reaches EOF when the child exits
        if (remaining_ms(deadline) == 0) {
            BOOST_ERROR("the child did not exit within the guard time; killing it");
            ::kill(pid_, SIGKILL);
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    // SIGTERM, then the exit code.
    int terminate() {
        BOOST_TEST_REQUIRE(pid_ > 0);
        ::kill(pid_, SIGTERM);
        return wait_exit();
    }

    std::string stderr_text() const { return slurp(stderr_file_.path); }

private:
    // Reads more of stdout; false on EOF, error or deadline.
    bool fill(steady::time_point deadline) {
        pollfd p{out_, POLLIN, 0};
        const int ready = ::poll(&p, 1, remaining_ms(deadline));
        if (ready < 0 && errno == EINTR) return true;
        if (ready <= 0) return false;
        std::array<char, 4096> buf{};
        const ssize_t n = ::read(out_, buf.data(), buf.size());
        if (n <= 0) return n < 0 && errno == EINTR;
        stdout_.append(buf.data(), static_cast<std::size_t>(n));
        return true;
    }

    static inline int counter_ = 0;
    TempFile stderr_file_;
    pid_t pid_ = -1;
    int out_ = -1;
    std::string stdout_;
};

// A running app server: started with `args` plus `--port 0`, its port read from the listening line.
class Server {
public:
    explicit Server(std::vector<std::string> args, const std::string& scheme = "http",
                    const std::string& base_path = "/scim/v2") {
        args.insert(args.end(), {"--port", "0"});
        child_.emplace(args);
        const auto line = child_->read_line();
        BOOST_TEST_REQUIRE(line.has_value(), "no listening line; stderr: " << child_->stderr_text());
        const std::string prefix = "oktasim app-server listening on " + scheme + "://127.0.0.1:";
        BOOST_TEST_REQUIRE(line->rfind(prefix, 0) == 0u, *line);
        const auto slash = line->find('/', prefix.size());
        BOOST_TEST_REQUIRE(slash != std::string::npos, *line);
        BOOST_TEST(line->substr(slash) == base_path);
        port = static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size(), slash - prefix.size())));
        BOOST_TEST_REQUIRE(port != 0);
    }

    // SIGTERM; the server must stop gracefully with exit code 0.
    void stop() {
        const int code = child_->terminate();
        BOOST_TEST(code == 0, "exit code " << code << "; stderr: " << child_->stderr_text());
    }
    std::string stderr_text() const { return child_->stderr_text(); }

    std::uint16_t port = 0;

private:
    std::optional<Child> child_;
};

struct Reply {
    int status = 0;
    std::string body;
    bhttp::fields headers;

    json::value json() const {
        error_code ec;
        json::value value = json::parse(body, ec);
        BOOST_TEST(!ec, "not JSON: " << body);
        return value;
    }
};

// Runs `ioc` until its work is done; the streams' own expiry bounds every operation.
void drive(asio::io_context& ioc) {
    ioc.restart();
    ioc.run();
}

tcp::endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// A plain HTTP/1.1 client connection with every operation bounded by `guard`.
class Client {
public:
    explicit Client(std::uint16_t port) : stream_(ioc_) {
        error_code result = asio::error::would_block;
        stream_.expires_after(guard);
        stream_.async_connect(loopback(port), [&](const error_code& ec) { result = ec; });
        drive(ioc_);
        BOOST_TEST_REQUIRE(!result, "connect: " << result.message());
    }

    Reply request(const std::string& method, const std::string& target, const std::string& body = {},
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
        req.set(bhttp::field::host, "127.0.0.1");
        for (const auto& [name, value] : headers) req.set(name, value);
        if (!body.empty()) {
            req.set(bhttp::field::content_type, "application/scim+json");
            req.body() = body;
        }
        req.prepare_payload();
        error_code result;
        stream_.expires_after(guard);
        bhttp::async_write(stream_, req, [&](const error_code& ec, std::size_t) { result = ec; });
        drive(ioc_);
        BOOST_TEST_REQUIRE(!result, "write: " << result.message());
        return read_reply();
    }

    Reply read_reply() {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        error_code result;
        stream_.expires_after(guard);
        bhttp::async_read(stream_, buffer_, parser, [&](const error_code& ec, std::size_t) { result = ec; });
        drive(ioc_);
        BOOST_TEST_REQUIRE(!result, "read: " << result.message());
        Reply reply;
        reply.status = static_cast<int>(parser.get().result_int());
        reply.body = parser.get().body();
        reply.headers = parser.get().base();
        return reply;
    }

    void send_raw(const std::string& bytes) {
        error_code result;
        stream_.expires_after(guard);
        asio::async_write(stream_, asio::buffer(bytes), [&](const error_code& ec, std::size_t) { result = ec; });
        drive(ioc_);
        BOOST_TEST_REQUIRE(!result, "write: " << result.message());
    }

    // Reads until the server closes the connection (or `guard` passes). What came back, and whether it closed.
    struct Closed {
        bool closed = false;
        std::string data;
        steady::duration after{};
    };
    Closed read_until_closed() {
        Closed out;
        const auto start = steady::now();
        stream_.expires_after(guard);
        std::array<char, 4096> chunk{};
        std::function<void()> next = [&] {
            stream_.async_read_some(asio::buffer(chunk), [&](const error_code& ec, std::size_t n) {
                out.data.append(chunk.data(), n);
                if (!ec) return next();
                out.closed = ec == asio::error::eof || ec == asio::error::connection_reset;
            });
        };
        next();
        drive(ioc_);
        out.after = steady::now() - start;
        return out;
    }

    // Drops the connection with a TCP reset, as a crashed client would.
    void abort() {
        error_code ignored;
        stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);
        stream_.socket().close(ignored);
    }

private:
    asio::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

Reply call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    Client client(port);
    return client.request(method, target, body, headers);
}

// Writes a throwaway self-signed certificate and its key as PEM files.
void write_self_signed(const fs::path& cert_file, const fs::path& key_file) {
    const oktasim::test::SelfSigned identity = oktasim::test::make_self_signed();
    std::ofstream(cert_file, std::ios::binary) << identity.cert_pem;
    std::ofstream(key_file, std::ios::binary) << identity.key_pem;
}

const std::vector<std::pair<std::string, std::string>> scim_auth = {{"Authorization", "Bearer scim-tok"}};
const std::vector<std::pair<std::string, std::string>> admin_auth = {{"Authorization", "Bearer adm-tok"}};
const std::vector<std::string> standard = {"--token", "scim-tok", "--admin-token", "adm-tok"};

std::string user_body(const std::string& user_name) {
    return R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":")" + user_name +
           R"(","password":"s3cret-pw","active":true})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(app_server)

BOOST_AUTO_TEST_CASE(bearer_token_guards_the_scim_api) {
    // Setup
    Server server(standard);
    // Act
    const Reply anonymous = call(server.port, "GET", "/scim/v2/Users");
    const Reply wrong = call(server.port, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer nope"}});
    const Reply admin_token = call(server.port, "GET", "/scim/v2/Users", {}, admin_auth);
    const Reply listed = call(server.port, "GET", "/scim/v2/Users?startIndex=1&count=2", {}, scim_auth);
    const Reply discovery = call(server.port, "GET", "/scim/v2/ServiceProviderConfig", {}, scim_auth);
    // Assert
    for (const Reply* denied : {&anonymous, &wrong, &admin_token}) {
        BOOST_TEST(denied->status == 401);
        BOOST_TEST(denied->json().at("schemas").at(0).as_string() == "urn:ietf:params:scim:api:messages:2.0:Error");
        BOOST_TEST(denied->json().at("status").as_string() == "401");
    }
    BOOST_TEST(listed.status == 200);
    BOOST_TEST(listed.json().at("totalResults").to_number<int>() == 0);
    BOOST_TEST(discovery.status == 200);
    server.stop();
}

// Issue 9, Done when 4: `oktasim check --groups` against `oktasim app-server` over HTTP passes its Group Push steps
// (create, add and remove a member, rename, delete, for an AIW and an OIN app) and leaves no group behind.
BOOST_AUTO_TEST_CASE(check_groups_passes_against_the_app_server) {
    Server server(standard);
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/scim/v2";
    const std::string command = std::string("NO_COLOR=1 timeout 120 '") + OKTASIM_EXE + "' check " + url +
                                " --token scim-tok --groups --only lifecycle --seed 9 2>&1";
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), out);
    for (const char* flavour : {"AIW", "OIN"})
        for (const char* step : {"push a new group", "add a member", "remove the member", "rename in Okta", "unlink"})
            BOOST_TEST(contains(out, std::string("PASS groups: ") + flavour + " app: " + step), flavour << " " << step << "\n" << out);
    const Reply groups = call(server.port, "GET", "/scim/v2/Groups", {}, scim_auth);
    BOOST_TEST(groups.json().at("totalResults").to_number<int>() == 0, groups.body);
    server.stop();
}

// Issue 11, Done when 3: `oktasim check --scim-version 1.1` runs Okta's SCIM 1.1 checks (discovery, the malformed
// filter answered 400, 1.1 error bodies) and the 1.1 lifecycle and Group Push against `oktasim app-server
// --scim-version 1.1`, and passes; the same checks fail a SCIM 2.0 server, naming the 1.1 error body it lacks.
BOOST_AUTO_TEST_CASE(check_scim11_passes_against_the_1_1_app_server) {
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--scim-version", "1.1"});
    Server v11(args, "http", "/scim/v1");
    Server v20(standard);
    const auto url = [](const Server& s, std::string_view path) {
        return "http://127.0.0.1:" + std::to_string(s.port) + std::string(path);
    };
    // Act
    const auto passed = oktasim_cli_test::oktasim("check " + url(v11, "/scim/v1") +
                                                  " --token scim-tok --scim-version 1.1 --groups --seed 11");
    const auto failed = oktasim_cli_test::oktasim("check " + url(v20, "/scim/v2") +
                                                  " --token scim-tok --scim-version 1.1 --only spec --seed 11");
    // Assert
    BOOST_TEST(passed.exit_code == 0, passed.out);
    for (const char* step : {"PASS spec: /ServiceProviderConfigs: GET 200 with SCIM 1.1 schemas, POST 405",
                             "PASS spec: unknown id returns 404 with a SCIM 1.1 error body",
                             "PASS spec: a malformed filter (an upper-cased userName alone) returns 400",
                             "PASS spec: a bad token gets 401 with a SCIM 1.1 error body",
                             "PASS lifecycle: OIN app: unassign -> deactivate (PATCH active:false)",
                             "PASS lifecycle: OIN app: reassign -> reactivate (look-up, PATCH active:true, PUT profile)",
                             "PASS groups: OIN app: remove the member (PATCH members with \"operation\": \"delete\")"})
        BOOST_TEST(contains(passed.out, step), step << "\n" << passed.out);
    BOOST_TEST(failed.exit_code == 1, failed.out);
    BOOST_TEST(contains(failed.out, "FAIL spec: unknown id returns 404 with a SCIM 1.1 error body"), failed.out);
    BOOST_TEST(contains(failed.out, "the 404 has no SCIM 1.1 error body"), failed.out);
    const Reply list = call(v11.port, "GET", "/scim/v1/Users", {}, scim_auth);
    BOOST_TEST(list.json().at("schemas").at(0).as_string() == "urn:scim:schemas:core:1.0", list.body);
    v11.stop();
    v20.stop();
}

BOOST_AUTO_TEST_CASE(basic_credentials_guard_the_scim_api) {
    // Setup
    Server server({"--basic", "okta:pa:ss"});  // the password may hold ':'
    // Act
    const Reply anonymous = call(server.port, "GET", "/scim/v2/Groups");
    const Reply good = call(server.port, "GET", "/scim/v2/Groups", {}, {{"Authorization", "Basic b2t0YTpwYTpzcw=="}});
    const Reply admin = call(server.port, "GET", "/_oktasim/faults", {}, {{"Authorization", "Basic b2t0YTpwYTpzcw=="}});
    // Assert
    BOOST_TEST(anonymous.status == 401);
    BOOST_TEST(good.status == 200);
    BOOST_TEST(admin.status == 404);  // no --admin-token: no admin endpoint
    server.stop();
}

BOOST_AUTO_TEST_CASE(post_creates_a_user_that_lists_and_the_admin_sees) {
    // Setup
    Server server(standard);
    // Act
    const Reply created = call(server.port, "POST", "/scim/v2/Users", user_body("ada@example.com"), scim_auth);
    const Reply listed = call(server.port, "GET", "/scim/v2/Users", {}, scim_auth);
    const Reply accounts = call(server.port, "GET", "/_oktasim/accounts", {}, admin_auth);
    // Assert
    BOOST_TEST_REQUIRE(created.status == 201, created.body);
    const std::string id(created.json().at("id").as_string());
    BOOST_TEST(listed.json().at("totalResults").to_number<int>() == 1);
    BOOST_TEST(listed.json().at("Resources").at(0).at("id").as_string() == id);
    BOOST_TEST(accounts.status == 200);
    BOOST_TEST(accounts.json().at(0).at("userName").as_string() == "ada@example.com");
    BOOST_TEST(!contains(server.stderr_text(), "s3cret-pw"));
    server.stop();
}

BOOST_AUTO_TEST_CASE(config_file_supplies_accounts_faults_and_auth) {
    // Setup
    TempFile config("config.json", R"({"auth": {"bearer": "from-file"},
        "accounts": [{"id": "u1", "userName": "grace@example.com"}],
        "faults": [{"name": "no-delete", "match": {"method": "DELETE"}, "respond": {"status": 403}}]})");
    Server server({"--config", config.path.string()});
    // Act
    const Reply listed = call(server.port, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer from-file"}});
    const Reply deleted = call(server.port, "DELETE", "/scim/v2/Users/u1", {}, {{"Authorization", "Bearer from-file"}});
    // Assert
    BOOST_TEST(listed.status == 200);
    BOOST_TEST(listed.json().at("Resources").at(0).at("userName").as_string() == "grace@example.com");
    BOOST_TEST(deleted.status == 403);
    BOOST_TEST(deleted.headers["X-Oktasim-Fault"] == "no-delete");
    server.stop();
}

BOOST_AUTO_TEST_CASE(a_fault_switched_on_live_breaks_the_next_request_and_the_backend_log_shows_it) {
    // Setup
    TempFile log("backend.jsonl");
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--log", log.path.string()});
    Server server(args);
    BOOST_TEST(call(server.port, "GET", "/scim/v2/Users", {}, scim_auth).status == 200);
    // Act: break it
    const Reply refused = call(server.port, "PUT", "/_oktasim/faults", R"([{"name": "outage"}])", admin_auth);
    const Reply unauthorised = call(server.port, "PUT", "/_oktasim/faults",
                                    R"([{"name": "outage", "respond": {"status": 503}}])", scim_auth);
    const Reply set = call(server.port, "PUT", "/_oktasim/faults",
                           R"([{"name": "outage", "match": {"path": "/Users"},
                                "respond": {"status": 503, "detail": "database is down", "retryAfter": "30"}}])",
                           admin_auth);
    const Reply broken = call(server.port, "GET", "/scim/v2/Users?access_token=leaky", {}, scim_auth);
    const Reply text_log = call(server.port, "GET", "/_oktasim/log?format=text", {}, admin_auth);
    // Act: mend it
    const Reply cleared = call(server.port, "DELETE", "/_oktasim/faults", {}, admin_auth);
    const Reply mended = call(server.port, "GET", "/scim/v2/Users", {}, scim_auth);
    // Assert
    BOOST_TEST(refused.status == 400);
    BOOST_TEST(contains(refused.body, "/0"), refused.body);
    BOOST_TEST(unauthorised.status == 401);
    BOOST_TEST(set.status == 200);
    BOOST_TEST(broken.status == 503);
    BOOST_TEST(broken.headers["Retry-After"] == "30");
    BOOST_TEST(broken.headers["X-Oktasim-Fault"] == "outage");
    BOOST_TEST(contains(text_log.body, "GET /scim/v2/Users?access_token=[REDACTED] -> 503 Service Unavailable: "
                                       "database is down [injected fault outage]"),
               text_log.body);
    BOOST_TEST(cleared.status == 204);
    BOOST_TEST(mended.status == 200);
    const std::string jsonl = slurp(log.path);
    BOOST_TEST(contains(jsonl, R"("status":503,"detail":"database is down","fault":"outage")"), jsonl);
    const std::string console = server.stderr_text();
    BOOST_TEST(contains(console, "[injected fault outage]"), console);
    BOOST_TEST(contains(console, "admin: PUT /_oktasim/faults -> 200 OK (faults replaced: 1 fault)"), console);
    server.stop();
    for (const std::string* text : {&jsonl, &console, &text_log.body}) {
        BOOST_TEST(!contains(*text, "leaky"));
        BOOST_TEST(!contains(*text, "scim-tok"));
        BOOST_TEST(!contains(*text, "adm-tok"));
    }
}

BOOST_AUTO_TEST_CASE(oversize_body_gets_413) {
    // Setup
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--body-limit", "1K"});
    Server server(args);
    // Act
    const Reply small = call(server.port, "POST", "/scim/v2/Users", user_body("small@example.com"), scim_auth);
    const Reply big = call(server.port, "POST", "/scim/v2/Users", std::string(4096, 'x'), scim_auth);
    const Reply log = call(server.port, "GET", "/_oktasim/log?format=text", {}, admin_auth);
    // Assert
    BOOST_TEST(small.status == 201);
    BOOST_TEST(big.status == 413);
    BOOST_TEST(big.json().at("schemas").at(0).as_string() == "urn:ietf:params:scim:api:messages:2.0:Error");
    BOOST_TEST(contains(log.body, "POST /scim/v2/Users -> 413"), log.body);
    server.stop();
}

BOOST_AUTO_TEST_CASE(oversize_header_gets_431) {
    // Setup
    Server server(standard);
    // Act
    const Reply big = call(server.port, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer scim-tok"},
                                                                       {"X-Padding", std::string(16 * 1024, 'p')}});
    const Reply after = call(server.port, "GET", "/scim/v2/Users", {}, scim_auth);
    // Assert
    BOOST_TEST(big.status == 431);
    BOOST_TEST(after.status == 200);
    server.stop();
}

BOOST_AUTO_TEST_CASE(a_client_that_stalls_mid_request_is_disconnected_after_the_read_timeout) {
    // Setup
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--read-timeout", "300ms"});
    Server server(args);
    Client slow(server.port);
    // Act: half a request, then nothing
    slow.send_raw("POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer scim-tok\r\n");
    const auto closed = slow.read_until_closed();
    // Assert: closed without an answer, after the timeout and well before the guard
    BOOST_TEST(closed.closed);
    BOOST_TEST(closed.data.empty(), closed.data);
    const auto after_ms = std::chrono::duration_cast<std::chrono::milliseconds>(closed.after).count();
    BOOST_TEST(after_ms >= 250);
    BOOST_TEST(after_ms < 5000);
    BOOST_TEST(call(server.port, "GET", "/scim/v2/Users", {}, scim_auth).status == 200);
    server.stop();
}

BOOST_AUTO_TEST_CASE(an_abrupt_disconnect_mid_request_leaves_the_server_serving) {
    // Setup
    Server server(standard);
    {
        Client vanishing(server.port);
        // Act: a header promising 1000 bytes, 10 of them, then a reset
        vanishing.send_raw("POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer scim-tok\r\n"
                           "Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{\"userName");
        vanishing.abort();
    }
    {
        Client closing(server.port);
        closing.send_raw("GET /scim/v2/Us");  // and a polite close halfway through the request line
    }
    // Assert
    const Reply next = call(server.port, "POST", "/scim/v2/Users", user_body("next@example.com"), scim_auth);
    BOOST_TEST(next.status == 201);
    const Reply accounts = call(server.port, "GET", "/_oktasim/accounts", {}, admin_auth);
    BOOST_TEST(accounts.json().as_array().size() == 1u);  // the half request created nothing
    server.stop();
}

BOOST_AUTO_TEST_CASE(keep_alive_connection_serves_several_requests) {
    // Setup
    Server server(standard);
    Client client(server.port);
    // Act
    const Reply first = client.request("GET", "/scim/v2/Users", {}, scim_auth);
    const Reply second = client.request("POST", "/scim/v2/Users", user_body("kai@example.com"), scim_auth);
    const Reply third = client.request("GET", "/_oktasim/state", {}, admin_auth);
    // Assert
    BOOST_TEST(first.status == 200);
    BOOST_TEST(second.status == 201);
    BOOST_TEST(third.status == 200);
    BOOST_TEST(third.json().at("auth").as_string() == "bearer");
    server.stop();
}

BOOST_AUTO_TEST_CASE(tls_cert_and_key_serve_https) {
    // Setup
    TempFile cert("cert.pem"), key("key.pem");
    write_self_signed(cert.path, key.path);
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--tls-cert", cert.path.string(), "--tls-key", key.path.string()});
    Server server(args, "https");
    asio::io_context ioc;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_verify_mode(asio::ssl::verify_none);  // self-signed: this test is about serving TLS, not trust
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    error_code result;
    beast::get_lowest_layer(stream).expires_after(guard);
    // Act
    beast::get_lowest_layer(stream).async_connect(loopback(server.port), [&](const error_code& ec) {
        if (ec) {
            result = ec;
            return;
        }
        stream.async_handshake(asio::ssl::stream_base::client, [&](const error_code& hec) { result = hec; });
    });
    drive(ioc);
    BOOST_TEST_REQUIRE(!result, "TLS handshake: " << result.message());
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/scim/v2/Users", 11};
    req.set(bhttp::field::host, "localhost");
    req.set(bhttp::field::authorization, "Bearer scim-tok");
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::async_write(stream, req, [&](const error_code& ec, std::size_t) {
        if (ec) {
            result = ec;
            return;
        }
        bhttp::async_read(stream, buffer, res, [&](const error_code& rec, std::size_t) { result = rec; });
    });
    drive(ioc);
    // Assert
    BOOST_TEST_REQUIRE(!result, "HTTPS exchange: " << result.message());
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(contains(res.body(), "ListResponse"));
    server.stop();
}

BOOST_AUTO_TEST_CASE(refuses_to_start_without_credentials_unless_insecure) {
    // Act
    Child refused({"--port", "0"});
    const int code = refused.wait_exit();
    // Assert
    BOOST_TEST(code == 2);
    const std::string message = refused.stderr_text();
    BOOST_TEST(contains(message, "refusing to serve without credentials"), message);
    BOOST_TEST(contains(message, "--token"), message);
    BOOST_TEST(contains(message, "--insecure-no-auth"), message);

    // Act: explicitly insecure
    Server insecure({"--insecure-no-auth"});
    const Reply anonymous = call(insecure.port, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(anonymous.status == 200);
    BOOST_TEST(contains(insecure.stderr_text(), "WARNING"));
    insecure.stop();
}

BOOST_AUTO_TEST_CASE(bad_input_exits_two_with_a_message) {
    TempFile config("bad.json", R"({"faults": [{"match": {"method": "GET"}, "respond": {"status": "soon"}}]})");
    TempFile not_json("not.json", "{\"accounts\": [");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--token", "t", "--config", config.path.string()},
         config.path.string() + ": /faults/0/respond/status: expected an integer"},
        {{"--token", "t", "--config", not_json.path.string()}, not_json.path.string() + ": /: invalid JSON"},
        {{"--token", "t", "--config", "/nonexistent/app.json"}, "cannot open /nonexistent/app.json"},
        {{"--token", "t", "--port", "70000"}, "--port"},
        {{"--token", "t", "--bind", "localhost:1"}, "--bind"},
        {{"--token", "t", "--basic", "u:p"}, "cannot be combined"},
        {{"--token", "t", "--insecure-no-auth"}, "cannot be combined"},
        {{"--token", "t", "--read-timeout", "soon"}, "--read-timeout"},
        {{"--token", "t", "--body-limit", "-1"}, "--body-limit"},
        {{"--token", "t", "--log-format", "xml"}, "--log-format"},
        {{"--token", "t", "--tls-cert", "/nonexistent/cert.pem"}, "--tls-cert and --tls-key go together"},
        {{"--token", "t", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"},
         "/nonexistent/cert.pem"},
        {{"--token", "t", "--no-such-option"}, "no-such-option"},
    };
    for (const auto& [args, expected] : cases) {
        // Act
        Child child(args);
        const int code = child.wait_exit();
        // Assert
        BOOST_TEST(code == 2, expected);
        BOOST_TEST(contains(child.stderr_text(), expected), child.stderr_text() << " lacks " << expected);
    }
    Child help({"--help"});
    const auto first = help.read_line();
    BOOST_TEST(help.wait_exit() == 0);
    BOOST_TEST((first && contains(*first, "oktasim app-server")));
}

BOOST_AUTO_TEST_CASE(hardening_blank_credentials_and_overlong_durations_refuse_to_start) {
    // Every credential must be non-empty after trimming whitespace, or authentication would be off.
    TempFile header_space("blank-header.json", R"({"auth": {"header": " "}})");
    TempFile header_tab("tab-header.json", R"({"auth": {"header": "\t"}})");
    TempFile basic_blank("blank-basic.json", R"({"auth": {"basic": {"username": "u", "password": " "}}})");
    TempFile refresh_blank("blank-refresh.json", R"({"auth": {"bearer": "b"}, "oauth": {"refreshToken": "\t"}})");
    TempFile secret_blank("blank-secret.json",
                          R"({"auth": {"bearer": "b"}, "oauth": {"refreshToken": "r", "clientId": "c", "clientSecret": " "}})");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--config", header_space.path.string()}, header_space.path.string() + ": /auth/header: expected a credential"},
        {{"--config", header_tab.path.string()}, header_tab.path.string() + ": /auth/header: expected a credential"},
        {{"--config", basic_blank.path.string()}, "/auth/basic/password: expected a credential"},
        {{"--config", refresh_blank.path.string()}, "/oauth/refreshToken: expected a credential"},
        {{"--config", secret_blank.path.string()}, "/oauth/clientSecret: expected a credential"},
        {{"--token", " "}, "--token: must not be empty or only whitespace"},
        {{"--token", "\t\n"}, "--token: must not be empty or only whitespace"},
        {{"--basic", "user:"}, "--basic: expected USER:PASS with a non-empty PASS"},
        {{"--basic", "user: "}, "--basic: expected USER:PASS with a non-empty PASS"},
        {{"--basic", ":pass"}, "--basic: expected USER:PASS with a non-empty USER"},
        {{"--basic", " :pass"}, "--basic: expected USER:PASS with a non-empty USER"},
        {{"--token", "t", "--admin-token", " "}, "--admin-token: must not be empty or only whitespace"},
        {{"--token", "t", "--read-timeout", "110000d"},
         "--read-timeout: '110000d' is longer than the longest duration, 36525d (100 years)"},
        {{"--token", "t", "--log-capacity", "0"}, "--log-capacity"},
        {{"--token", "t", "--max-connections", "0"}, "--max-connections"},
    };
    for (const auto& [args, expected] : cases) {
        // Act
        Child child(args);
        const int code = child.wait_exit();
        // Assert
        BOOST_TEST(code == 2, expected);
        BOOST_TEST(contains(child.stderr_text(), expected), child.stderr_text() << " lacks " << expected);
    }
}

BOOST_AUTO_TEST_CASE(hardening_in_memory_log_is_a_bounded_ring_while_the_log_file_gets_every_line) {
    // Setup
    TempFile log("ring.jsonl");
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--log-capacity", "3", "--log", log.path.string(), "--quiet"});
    Server server(args);
    // Act: more requests than the log keeps
    for (int i = 1; i <= 5; ++i) BOOST_TEST(call(server.port, "GET", "/scim/v2/Users/" + std::to_string(i), {},
                                                 scim_auth).status == 404);
    const Reply jsonl = call(server.port, "GET", "/_oktasim/log", {}, admin_auth);
    const Reply state = call(server.port, "GET", "/_oktasim/state", {}, admin_auth);
    server.stop();
    // Assert
    BOOST_TEST(jsonl.status == 200);
    BOOST_TEST(jsonl.headers["X-Oktasim-Log-Dropped"] == "2");
    BOOST_TEST(jsonl.headers["X-Oktasim-Log-Capacity"] == "3");
    std::vector<std::string> lines;
    std::istringstream in(jsonl.body);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    BOOST_REQUIRE(lines.size() == 4u);  // the dropped-count line, then the 3 kept entries
    BOOST_TEST(lines[0] == R"({"dropped":2,"capacity":3})");
    BOOST_TEST(contains(lines[1], R"("target":"/scim/v2/Users/3")"), lines[1]);
    BOOST_TEST(contains(lines[3], R"("target":"/scim/v2/Users/5")"), lines[3]);
    BOOST_TEST(state.json().at("requests").to_number<int>() == 5);
    const std::string file = slurp(log.path);
    BOOST_TEST(std::count(file.begin(), file.end(), '\n') == 5);
    BOOST_TEST(contains(file, R"("target":"/scim/v2/Users/1")"), file);
}

BOOST_AUTO_TEST_CASE(hardening_over_limit_connections_get_503_with_retry_after) {
    // Setup: a limit of 2, and two connections whose requests are being read (each has had its "100 Continue")
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--max-connections", "2", "--quiet"});
    Server server(args);
    const std::string body = user_body("busy@example.com");
    const std::string head = "POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer scim-tok\r\n"
                             "Content-Type: application/scim+json\r\nExpect: 100-continue\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n";
    Client first(server.port), second(server.port);
    first.send_raw(head);
    BOOST_TEST_REQUIRE(first.read_reply().status == 100);
    second.send_raw(head);
    BOOST_TEST_REQUIRE(second.read_reply().status == 100);
    // Act: a third connection
    Client third(server.port);
    const Reply refused = third.read_reply();
    const auto closed = third.read_until_closed();
    // Assert: answered, not silently closed
    BOOST_TEST(refused.status == 503);
    BOOST_TEST(refused.headers["Retry-After"] == "1");
    BOOST_TEST(refused.headers["Connection"] == "close");
    BOOST_TEST(refused.json().at("status").as_string() == "503");
    BOOST_TEST(contains(refused.json().at("detail").as_string(), "limit of 2 connections"));
    BOOST_TEST(closed.closed);
    // The busy connections carry on, and once they are done a newcomer is served
    first.send_raw(body);
    BOOST_TEST(first.read_reply().status == 201);
    second.send_raw(body);
    BOOST_TEST(second.read_reply().status == 409);  // the same userName
    first.abort();
    second.abort();
    server.stop();
}

BOOST_AUTO_TEST_CASE(hardening_slow_clients_cannot_lock_others_out) {
    // Setup: a limit of 2, both taken by clients that send half a request head and then nothing. With a read
    // timeout of 2 s, a newcomer may evict a connection that has waited over 200 ms for its head.
    std::vector<std::string> args = standard;
    args.insert(args.end(), {"--max-connections", "2", "--read-timeout", "2s", "--quiet"});
    Server server(args);
    Client slow1(server.port), slow2(server.port);
    slow1.send_raw("GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    slow2.send_raw("GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // Act: a client that sends whole requests, retrying while it is told to (503 with Retry-After)
    std::vector<int> statuses;
    const auto deadline = steady::now() + guard;
    while (steady::now() < deadline && (statuses.empty() || statuses.back() == 503))
        statuses.push_back(call(server.port, "GET", "/scim/v2/Users", {}, scim_auth).status);
    const auto evicted = slow1.read_until_closed();
    // Assert: served before the slow clients' read timeout; never closed without an answer; the slow client
    // that had waited longest made room and was told why (a read timeout would close it silently)
    BOOST_TEST(statuses.back() == 200);
    BOOST_TEST(std::all_of(statuses.begin(), statuses.end() - 1, [](int status) { return status == 503; }));
    BOOST_TEST(evicted.closed);
    BOOST_TEST(evicted.data.rfind("HTTP/1.1 408 Request Timeout\r\n", 0) == 0u, evicted.data);
    BOOST_TEST(contains(evicted.data, "limit of 2 connections"), evicted.data);
    server.stop();
}

BOOST_AUTO_TEST_CASE(hardening_http11_request_without_host_gets_400) {
    // Setup
    Server server(standard);
    Client no_host(server.port), http10(server.port);
    // Act
    no_host.send_raw("GET /scim/v2/Users HTTP/1.1\r\nAuthorization: Bearer scim-tok\r\n\r\n");
    const Reply refused = no_host.read_reply();
    http10.send_raw("GET /scim/v2/Users HTTP/1.0\r\nAuthorization: Bearer scim-tok\r\n\r\n");
    const Reply old = http10.read_reply();
    // Assert: RFC 9112 section 3.2 requires Host in HTTP/1.1 only
    BOOST_TEST(refused.status == 400);
    BOOST_TEST(contains(refused.json().at("detail").as_string(), "Missing Host header"));
    BOOST_TEST(refused.headers["Connection"] == "close");
    BOOST_TEST(old.status == 200);
    server.stop();
}

BOOST_AUTO_TEST_CASE(hardening_request_transfer_codings_other_than_chunked_are_refused) {
    // Setup
    Server server(standard);
    const std::string head = "POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer scim-tok\r\n"
                             "Content-Type: application/scim+json\r\n";
    Client gzip(server.port), gzip_chunked(server.port);
    // Act: gzip alone leaves the body length unknown; gzip under chunked is a coding the server lacks
    gzip.send_raw(head + "Transfer-Encoding: gzip\r\n\r\n" + user_body("gz@example.com"));
    const Reply unknown_length = gzip.read_reply();
    gzip_chunked.send_raw(head + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nxxxxx\r\n0\r\n\r\n");
    const Reply not_implemented = gzip_chunked.read_reply();
    const Reply accounts = call(server.port, "GET", "/_oktasim/accounts", {}, admin_auth);
    // Assert
    BOOST_TEST(unknown_length.status == 400);
    BOOST_TEST(contains(unknown_length.json().at("detail").as_string(), "must end in chunked"));
    BOOST_TEST(not_implemented.status == 501);
    BOOST_TEST(contains(not_implemented.json().at("detail").as_string(), "\"gzip\" is not implemented"));
    BOOST_TEST(accounts.json().as_array().empty());  // nothing was read as an (empty) body and stored
    server.stop();
}

BOOST_AUTO_TEST_CASE(hardening_overlong_fault_delay_gets_400_and_the_server_lives_on) {
    // Setup
    Server server(standard);
    // Act
    const Reply put = call(server.port, "PUT", "/_oktasim/faults", R"([{"respond": {"delay": "999999999999d"}}])",
                           admin_auth);
    const Reply after = call(server.port, "GET", "/scim/v2/Users", {}, scim_auth);
    // Assert
    BOOST_TEST(put.status == 400);
    BOOST_TEST(contains(put.json().at("detail").as_string(), "/0/respond/delay: longer than the longest delay"));
    BOOST_TEST(after.status == 200);
    server.stop();
}

BOOST_AUTO_TEST_SUITE_END()
