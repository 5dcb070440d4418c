// The HTTP benchmarks. Each measurement gets a fresh `oktasim app-server` child process, so the server never shares
// the client's thread (the client's engine, connector and event loop run on this process's one thread, the
// server on its own process's; the machine has two cores). wrk runs with one thread against its own fresh server.
#include <oktasim/bench/http_bench.hpp>

#include <oktasim/bench/measure.hpp>
#include <oktasim/bench/process.hpp>
#include <oktasim/bench/push.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sstream>
#include <stdexcept>

namespace oktasim::bench {
namespace {

namespace json = boost::json;
namespace asio = boost::asio;
namespace scim = connectors::scim;

// A name no generated account has: look-ups miss, as the push's look-up of a new user does.
constexpr std::string_view placeholder = "XQXQ";

// The app-server's config: bench_token as its bearer credential (in the file, not on a command line `ps` shows)
// and `accounts` stored accounts named as the push names its users.
std::string server_config(std::size_t accounts) {
    std::string out = R"({"auth":{"bearer":")" + std::string(bench_token) + R"("},"accounts":[)";
    for (std::size_t n = 1; n <= accounts; ++n) {
        const std::string name = "user" + std::to_string(n) + "@example.com";
        if (n > 1) out += ',';
        out += R"({"userName":")" + name + R"(","name":{"givenName":"Grace","familyName":"Hopper"},"emails":[{"primary":true,"value":")" +
               name + R"(","type":"work"}],"displayName":"Grace Hopper","active":true})";
    }
    return out + "]}";
}

// One `oktasim app-server` child on 127.0.0.1 with a free port, serving until destroyed.
class AppServer {
public:
    AppServer(const std::string& exe, std::size_t accounts, std::uint64_t seed)
        : config_(".json", server_config(accounts)),
          process_(ServerProcess::start({exe, "app-server", "--bind", "127.0.0.1", "--port", "0", "--quiet",
                                         "--log-capacity", "1", "--seed", std::to_string(seed), "--config",
                                         config_.path()},
                                        line_, why_)) {
        const auto at = line_.find(" listening on ");
        if (!process_ || at == std::string::npos)
            throw std::runtime_error("bench: cannot start oktasim app-server: " + (why_.empty() ? line_ : why_));
        base_url_ = line_.substr(at + 14);
    }
    const std::string& base_url() const noexcept { return base_url_; }

private:
    TempFile config_;
    std::string line_, why_;  // the server's first line, or why it did not start
    std::optional<ServerProcess> process_;
    std::string base_url_;
};

scim::Endpoint endpoint_of(const std::string& base_url) {
    std::string why;
    auto ep = scim::parse_endpoint(base_url, why);
    if (!ep) throw std::runtime_error("bench: the app-server's URL " + base_url + ": " + why);
    return *ep;
}

scim::Auth bench_auth() {
    scim::Auth auth;
    auth.mode = scim::Auth::Mode::header;
    auth.token = bench_token;
    return auth;
}

// The connector's look-up for `name`, as the push sends it.
wire::Request lookup_request(const scim::Endpoint& ep, const std::string& name) {
    return scim::find_user(ep, bench_auth(), name);
}

// The connector's create for `name`, with the body the push sends for a generated user.
wire::Request create_request(const scim::Endpoint& ep, const std::string& name) {
    const json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                            {"userName", name},
                            {"name", json::object{{"givenName", "Grace"}, {"familyName", "Hopper"}}},
                            {"emails", json::array{json::object{{"primary", true}, {"value", name}, {"type", "work"}}}},
                            {"displayName", "Grace Hopper"},
                            {"externalId", "00uXQXQbench00000000"},
                            {"groups", json::array{}},
                            {"password", "benchpw1"},
                            {"active", true}};
    return scim::create_user(ep, bench_auth(), body);
}

// Requests per second of oktasim's own HTTP client (the connector's transport and pool) sending `requests`
// look-ups that miss, `in_flight` at a time; failures counts answers other than 200.
json::object client_lookups(const std::string& base_url, std::size_t requests, int in_flight) {
    const scim::Endpoint ep = endpoint_of(base_url);
    asio::io_context ioc;
    connectors::http::HttpTransportOptions options;
    options.max_connections = static_cast<std::size_t>(in_flight);
    std::string why;
    auto transport = connectors::http::HttpTransport::create(ioc.get_executor(), base_url, options, why);
    if (!transport) throw std::runtime_error("bench: " + why);
    std::size_t next = 0, failures = 0;
    const auto worker = [&]() -> asio::awaitable<void> {
        while (next < requests) {
            const std::size_t k = next++;
            const wire::Delivery d = co_await transport->send(lookup_request(ep, "absent" + std::to_string(k) + "@example.com"));
            if (!d.response || d.response->status != 200) ++failures;
        }
    };
    const Stopwatch clock;
    for (int i = 0; i < in_flight; ++i) asio::co_spawn(ioc, worker(), asio::detached);
    ioc.run();
    const Usage used = clock.elapsed();
    return {{"requests", requests}, {"failures", failures}, {"wallS", used.wall_s}, {"cpuS", used.cpu_s},
            {"reqPerS", used.wall_s > 0 ? static_cast<double>(requests) / used.wall_s : 0.0}};
}

// A Lua string literal that holds `text` as is.
std::string lua_string(std::string_view text) {
    std::string level = "=";
    while (text.find("]" + level + "]") != std::string_view::npos) level += "=";
    return "[" + level + "[" + std::string(text) + "]" + level + "]";
}

// `text` cut at each placeholder, as a Lua table of strings.
std::string lua_parts(std::string_view text) {
    std::string out = "{";
    for (std::size_t from = 0;;) {
        const auto at = text.find(placeholder, from);
        out += lua_string(text.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) break;
        out += ", ";
        from = at + placeholder.size();
    }
    return out + "}";
}

std::string lua_headers(const wire::Request& r) {
    std::string out = "{";
    for (const auto& h : r.headers) {
        if (h.name == "Host" || h.name == "Content-Length") continue;  // wrk sets both
        out += "[ " + lua_string(h.name) + " ] = " + lua_string(h.value) + ", ";  // "[[" would open a long string
    }
    return out + "}";
}

// wrk's script: the connector's requests with the user name filled in per request. `push`: look-up then create
// for each new name, as a push sends them; else only look-ups, which miss.
std::string wrk_script(const scim::Endpoint& ep, bool push) {
    const std::string name = std::string(placeholder) + "@example.com";
    const wire::Request get = lookup_request(ep, name);
    const wire::Request post = create_request(ep, name);
    std::ostringstream lua;
    lua << "-- oktasim bench: " << (push ? "the push's look-up and create per user" : "look-ups that miss") << "\n"
        << "local get_target = " << lua_parts(get.target) << "\n"
        << "local get_headers = " << lua_headers(get) << "\n"
        << "local post_target = " << lua_parts(post.target) << "\n"
        << "local post_headers = " << lua_headers(post) << "\n"
        << "local post_body = " << lua_parts(post.body) << "\n"
        << "local n = 0\n"
        << "local function fill(parts, id)\n"
        << "  local out = parts[1]\n"
        << "  for i = 2, #parts do out = out .. id .. parts[i] end\n"
        << "  return out\n"
        << "end\n"
        << "request = function()\n"
        << "  n = n + 1\n";
    if (push) {
        lua << "  local id = 'wrk' .. math.floor((n + 1) / 2)\n"
            << "  if n % 2 == 1 then return wrk.format('GET', fill(get_target, id), get_headers) end\n"
            << "  return wrk.format('POST', fill(post_target, id), post_headers, fill(post_body, id))\n";
    } else {
        lua << "  return wrk.format('GET', fill(get_target, 'absent' .. n), get_headers)\n";
    }
    lua << "end\n";
    return lua.str();
}

// The number after `label` in wrk's report ("Requests/sec:   12345.67"); nullopt when absent.
std::optional<double> wrk_figure(const std::string& report, std::string_view label) {
    const auto at = report.find(label);
    if (at == std::string::npos) return std::nullopt;
    std::istringstream in(report.substr(at + label.size()));
    double v = 0;
    if (!(in >> v)) return std::nullopt;
    return v;
}

// wrk with one thread and `connections` connections for `seconds` against a fresh server.
json::object run_wrk(const std::string& wrk, const std::string& exe, std::size_t accounts, bool push, int connections,
                     int seconds, std::uint64_t seed) {
    const AppServer server(exe, accounts, seed);
    const TempFile script(".lua", wrk_script(endpoint_of(server.base_url()), push));
    const auto report = run_capture({wrk, "-t1", "-c" + std::to_string(connections), "-d" + std::to_string(seconds) + "s",
                                     "-s", script.path(), server.base_url()});
    if (!report) return {{"error", "wrk failed"}};
    const auto rate = wrk_figure(*report, "Requests/sec:");
    return {{"connections", connections},
            {"seconds", seconds},
            {"reqPerS", rate ? json::value(*rate) : json::value(nullptr)},
            {"non2xx", wrk_figure(*report, "Non-2xx or 3xx responses:").value_or(0.0)},
            {"socketErrors", report->find("Socket errors:") != std::string::npos}};
}

}  // namespace

json::object run_http_import(const std::string& exe, std::size_t accounts, std::uint64_t seed) {
    const AppServer server(exe, accounts, seed);
    const auto text = run_capture({exe, "bench", "--import-child", std::to_string(accounts), "--import-url",
                                   server.base_url(), "--seed", std::to_string(seed)});
    if (!text) throw std::runtime_error("bench: the HTTP import of " + std::to_string(accounts) + " accounts failed");
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    if (ec || !v.is_object()) throw std::runtime_error("bench: the HTTP import child printed no figures");
    return std::move(v.as_object());
}

HttpBenchResults run_http_benchmarks(const std::string& exe, const HttpBenchOptions& options) {
    HttpBenchResults out;
    const auto wrk = find_on_path("wrk");
    out.wrk = wrk ? json::object{{"available", true}, {"path", *wrk}}
                  : json::object{{"available", false}, {"why", "wrk is not on PATH (Debian package wrk); its figures are skipped"}};
    if (options.push) {
        for (const int c : options.in_flight) {
            json::object row{{"inFlight", c}, {"users", options.push_users}};
            {
                const AppServer server(exe, 0, options.seed);
                const PushFigures f = run_http_push(options.push_users, options.seed, server.base_url(), c);
                row["setupWallS"] = f.setup.wall_s;
                row["pushWallS"] = f.push.wall_s;
                row["pushCpuS"] = f.push.cpu_s;
                row["provisioned"] = f.provisioned;
                row["requests"] = f.requests;
                row["usersPerS"] = f.push.wall_s > 0 ? static_cast<double>(options.push_users) / f.push.wall_s : 0.0;
                row["reqPerS"] = f.push.wall_s > 0 ? static_cast<double>(f.requests) / f.push.wall_s : 0.0;
                row["clientCpuShare"] = f.push.wall_s > 0 ? f.push.cpu_s / f.push.wall_s : 0.0;
            }
            row["wrk"] = wrk ? json::value(run_wrk(*wrk, exe, 0, true, c, options.wrk_seconds, options.seed)) : json::value(nullptr);
            const json::value* wrk_rate = row["wrk"].is_object() ? row["wrk"].as_object().if_contains("reqPerS") : nullptr;
            row["ratioToWrk"] = wrk_rate && wrk_rate->is_double() && wrk_rate->as_double() > 0
                                    ? json::value(row["reqPerS"].as_double() / wrk_rate->as_double())
                                    : json::value(nullptr);
            out.push.push_back(std::move(row));
        }
    }
    if (options.lookup) {
        for (const std::size_t accounts : options.lookup_accounts) {
            json::object row{{"accounts", accounts}, {"inFlight", options.lookup_in_flight}};
            {
                const AppServer server(exe, accounts, options.seed);
                row["client"] = client_lookups(server.base_url(), options.lookup_requests, options.lookup_in_flight);
            }
            row["wrk"] = wrk ? json::value(run_wrk(*wrk, exe, accounts, false, options.lookup_in_flight, options.wrk_seconds,
                                                   options.seed))
                             : json::value(nullptr);
            out.lookup.push_back(std::move(row));
        }
    }
    return out;
}

}  // namespace oktasim::bench
