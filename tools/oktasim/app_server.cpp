// `oktasim app-server`: serves the simulated SCIM app over HTTP(S) for live use, with an admin endpoint to break
// and mend it while it runs and a backend log (file and console) where the app's errors are always visible.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/connectors/http/http_server.hpp>
#include <oktasim/connectors/simapp/admin_api.hpp>
#include <oktasim/connectors/simapp/backend_log.hpp>
#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/text.hpp>
#include <oktasim/sim/clock.hpp>
#include <oktasim/sim/prng.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace oktasim::cli {
namespace {

namespace po = boost::program_options;
namespace asio = boost::asio;
namespace simapp = connectors::simapp;
namespace http = connectors::http;

constexpr std::string_view me = "oktasim app-server";

// A non-negative decimal integer no larger than `max`; nullopt otherwise (lexical_cast would wrap "-1").
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (max - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// Bytes, optionally with a binary K or M suffix ("65536", "64K", "1M", "1MiB").
std::optional<std::size_t> parse_size(std::string_view text) {
    std::uint64_t unit = 1;
    const std::string lowered = wire::to_lower(text);
    std::string_view digits = lowered;
    for (const auto& [suffix, factor] : {std::pair<std::string_view, std::uint64_t>{"kib", 1024}, {"k", 1024},
                                         {"mib", 1024 * 1024}, {"m", 1024 * 1024}}) {
        if (digits.size() > suffix.size() && digits.substr(digits.size() - suffix.size()) == suffix) {
            digits.remove_suffix(suffix.size());
            unit = factor;
            break;
        }
    }
    const auto value = parse_uint(digits, std::numeric_limits<std::uint32_t>::max() / unit);
    if (!value || *value == 0) return std::nullopt;
    return static_cast<std::size_t>(*value * unit);
}

bool read_file(const std::string& path, std::string& out, std::string& why) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        why = "read error";
        return false;
    }
    out = std::move(text).str();
    return true;
}

// Everything the command line decides, checked before anything is opened or bound.
struct Settings {
    std::optional<std::string> config_file;
    std::optional<std::string> scim_version;  // "2.0" or "1.1"
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8080;
    std::optional<std::string> token;
    std::optional<std::pair<std::string, std::string>> basic;
    bool insecure_no_auth = false;
    std::string admin_token;
    std::optional<std::string> log_file;
    bool log_text = false;
    bool quiet = false;
    std::size_t log_capacity = simapp::BackendLog::default_capacity;
    http::HttpServerOptions http;
    std::optional<std::string> tls_cert;
    std::optional<std::string> tls_key;
    std::uint64_t seed = 1;
};

// Reads the parsed options into `s`; prints the first problem and returns false.
bool read_settings(const po::variables_map& vm, Settings& s) {
    auto fail = [](const std::string& message) {
        std::cerr << me << ": " << message << "\n";
        return false;
    };
    auto text = [&](const char* name) -> std::optional<std::string> {
        return vm.count(name) ? std::optional<std::string>(vm[name].as<std::string>()) : std::nullopt;
    };
    s.config_file = text("config");
    s.bind = vm["bind"].as<std::string>();
    boost::system::error_code ec;
    (void)asio::ip::make_address(s.bind, ec);
    if (ec) return fail("--bind: expected an IP address like 127.0.0.1 or ::1, got '" + s.bind + "'");
    const auto port = parse_uint(vm["port"].as<std::string>(), 65535);
    if (!port) return fail("--port: expected 0 to 65535, got '" + vm["port"].as<std::string>() + "'");
    s.port = static_cast<std::uint16_t>(*port);
    // Blank credentials would turn authentication off (see simapp::is_blank_credential).
    s.token = text("token");
    if (s.token && simapp::is_blank_credential(*s.token)) return fail("--token: must not be empty or only whitespace");
    if (const auto basic = text("basic")) {
        const auto colon = basic->find(':');
        if (colon == std::string::npos || simapp::is_blank_credential(basic->substr(0, colon)))
            return fail("--basic: expected USER:PASS with a non-empty USER");
        if (simapp::is_blank_credential(basic->substr(colon + 1)))
            return fail("--basic: expected USER:PASS with a non-empty PASS");
        s.basic.emplace(basic->substr(0, colon), basic->substr(colon + 1));
    }
    if (s.token && s.basic) return fail("--token and --basic cannot be combined: the app checks one credential");
    s.insecure_no_auth = vm["insecure-no-auth"].as<bool>();
    if (s.insecure_no_auth && (s.token || s.basic))
        return fail("--insecure-no-auth cannot be combined with --token or --basic");
    if (const auto admin = text("admin-token")) {
        if (simapp::is_blank_credential(*admin))
            return fail("--admin-token: must not be empty or only whitespace (leave it out to disable the endpoint)");
        s.admin_token = *admin;
    }
    s.log_file = text("log");
    const std::string format = vm["log-format"].as<std::string>();
    if (format != "jsonl" && format != "text") return fail("--log-format must be jsonl or text, not '" + format + "'");
    s.log_text = format == "text";
    s.quiet = vm["quiet"].as<bool>();
    const auto body = parse_size(vm["body-limit"].as<std::string>());
    if (!body) return fail("--body-limit: expected a size in bytes like 65536, 64K or 1M");
    s.http.body_limit = *body;
    const auto header = parse_size(vm["header-limit"].as<std::string>());
    if (!header) return fail("--header-limit: expected a size in bytes like 8192 or 8K");
    s.http.header_limit = *header;
    const std::string timeout_text = vm["read-timeout"].as<std::string>();
    if (sim::is_overlong_duration(timeout_text))
        return fail("--read-timeout: '" + timeout_text + "' is longer than the longest duration, " +
                    std::string(sim::max_duration_text));
    const auto timeout = sim::parse_duration(timeout_text);
    if (!timeout || *timeout <= sim::Duration{0})
        return fail("--read-timeout: expected a positive duration like \"300ms\" or \"10s\", got '" + timeout_text +
                    "'");
    s.http.read_timeout = *timeout;
    const std::string capacity_text = vm["log-capacity"].as<std::string>();
    const auto capacity = parse_uint(capacity_text, 100'000'000);
    if (!capacity || *capacity == 0)
        return fail("--log-capacity: expected a number of entries from 1 to 100000000, got '" + capacity_text + "'");
    s.log_capacity = static_cast<std::size_t>(*capacity);
    const std::string connections_text = vm["max-connections"].as<std::string>();
    const auto connections = parse_uint(connections_text, 100'000);
    if (!connections || *connections == 0)
        return fail("--max-connections: expected a number from 1 to 100000, got '" + connections_text + "'");
    s.http.max_connections = static_cast<std::size_t>(*connections);
    s.http.bind_address = s.bind;
    s.http.port = s.port;
    s.tls_cert = text("tls-cert");
    s.tls_key = text("tls-key");
    if (s.tls_cert.has_value() != s.tls_key.has_value()) return fail("--tls-cert and --tls-key go together");
    if (const auto version = text("scim-version")) {
        if (!parse_scim_version(*version)) return fail("--scim-version: expected 2.0 or 1.1, got '" + *version + "'");
        s.scim_version = *version;
    }
    if (vm.count("seed")) {
        const auto seed = parse_uint(vm["seed"].as<std::string>(), std::numeric_limits<std::uint64_t>::max());
        if (!seed) return fail("--seed: expected a non-negative integer, got '" + vm["seed"].as<std::string>() + "'");
        s.seed = *seed;
    }
    return true;
}

// Loads the app config (or the defaults) and applies the command line's credentials. Prints problems.
bool load_config(const Settings& s, simapp::SimAppConfig& config) {
    std::string text = "{}", why;
    if (s.config_file && !read_file(*s.config_file, text, why)) {
        std::cerr << me << ": cannot open " << *s.config_file << ": " << why << "\n";
        return false;
    }
    boost::json::object overrides;
    if (s.scim_version) overrides["scimVersion"] = *s.scim_version;
    std::string error;
    auto parsed = simapp::parse_sim_app_config(text, error, overrides);
    if (!parsed) {
        std::cerr << me << ": " << (s.config_file ? *s.config_file : std::string("--scim-version")) << ": " << error << "\n";
        return false;
    }
    config = std::move(*parsed);
    if (s.token) {
        config.auth = {};
        config.auth.kind = simapp::AuthConfig::Kind::bearer;
        config.auth.token = *s.token;
    } else if (s.basic) {
        config.auth = {};
        config.auth.kind = simapp::AuthConfig::Kind::basic;
        config.auth.username = s.basic->first;
        config.auth.password = s.basic->second;
    } else if (s.insecure_no_auth) {
        config.auth = {};
    } else if (config.auth.kind == simapp::AuthConfig::Kind::none) {
        std::cerr << me << ": refusing to serve without credentials: give --token TOKEN, --basic USER:PASS or an "
                  << "\"auth\" object in the --config file (or --insecure-no-auth to accept any request)\n";
        return false;
    }
    return true;
}

bool load_tls(const Settings& s, asio::ssl::context& tls) {
    boost::system::error_code ec;
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1,
                    ec);
    tls.use_certificate_chain_file(*s.tls_cert, ec);
    if (ec) {
        std::cerr << me << ": --tls-cert " << *s.tls_cert << ": cannot use it: " << ec.message() << "\n";
        return false;
    }
    tls.use_private_key_file(*s.tls_key, asio::ssl::context::pem, ec);
    if (ec) {
        std::cerr << me << ": --tls-key " << *s.tls_key << ": cannot use it: " << ec.message() << "\n";
        return false;
    }
    return true;
}

// Writes each backend log entry as it is recorded (it observes the log): to the --log file in its format, and
// readably to stderr. The in-memory log is a bounded ring; this sink still receives every line.
class LogSink {
public:
    LogSink(std::ofstream* file, bool text, bool quiet) : file_(file), text_(text), quiet_(quiet) {}

    void write(const simapp::BackendLogEntry& entry) {
        if (!quiet_) std::cerr << entry.to_text() << "\n";
        if (file_) {
            *file_ << (text_ ? entry.to_text() : boost::json::serialize(entry.to_json())) << "\n";
            file_->flush();
        }
    }

private:
    std::ofstream* file_;
    bool text_;
    bool quiet_;
};

// ": <detail>" of an error response's SCIM error body, for console lines; empty otherwise.
std::string error_detail(const wire::Delivery& delivery) {
    if (!delivery.response || delivery.response->status < 400) return {};
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(delivery.response->body, ec);
    const boost::json::object* object = ec ? nullptr : body.if_object();
    const boost::json::value* detail = object ? object->if_contains("detail") : nullptr;
    return detail && detail->is_string() ? ": " + std::string(detail->get_string()) : std::string();
}

std::string url_host(const std::string& bind) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(bind, ec);
    return !ec && address.is_v6() ? "[" + bind + "]" : bind;
}

po::options_description describe() {
    po::options_description options(
        "Usage: oktasim app-server [options]\n\n"
        "Serves the simulated SCIM app (/Users, /Groups, /ServiceProviderConfig, /Schemas, /ResourceTypes; SCIM 1.1\n"
        "with --scim-version 1.1, /ServiceProviderConfigs) over HTTP until SIGINT or SIGTERM. Prints \"oktasim app-server listening on URL\" on stdout once it accepts\n"
        "connections; the backend log goes to --log and, readably, to stderr.\n\nOptions");
    options.add_options()
        ("config", po::value<std::string>(), "the simulated app's JSON config (a scenario's \"downstream\" object: "
                                             "accounts, groups, auth, faults...)")
        ("bind", po::value<std::string>()->default_value("127.0.0.1"), "address to listen on")
        ("port", po::value<std::string>()->default_value("8080"), "port to listen on; 0 picks a free one")
        ("token", po::value<std::string>(), "accept \"Authorization: Bearer T\" (overrides the config's auth; "
                                            "ps shows it to local users, an \"auth\" in --config does not)")
        ("basic", po::value<std::string>(), "accept Basic credentials USER:PASS (overrides the config's auth)")
        ("insecure-no-auth", po::bool_switch(), "serve SCIM without checking credentials at all")
        ("admin-token", po::value<std::string>(), "enable the admin endpoint /_oktasim/ for \"Authorization: "
                                                  "Bearer T\" (faults, accounts, log, state); off without it")
        ("log", po::value<std::string>(), "append the backend log to this file")
        ("log-format", po::value<std::string>()->default_value("jsonl"), "jsonl or text, for --log")
        ("log-capacity", po::value<std::string>()->default_value(std::to_string(simapp::BackendLog::default_capacity)),
         "entries the in-memory backend log (/_oktasim/log) keeps; older ones are dropped and counted, --log still "
         "gets every line")
        ("quiet,q", po::bool_switch(), "do not echo the backend log to stderr")
        ("body-limit", po::value<std::string>()->default_value("1M"), "largest request body (bytes, or 64K, 1M); "
                                                                      "larger gets 413")
        ("header-limit", po::value<std::string>()->default_value("8K"), "largest request header; larger gets 431")
        ("read-timeout", po::value<std::string>()->default_value("10s"), "time a client has to send a whole "
                                                                         "request (and idle keep-alive limit), at "
                                                                         "most 36525d")
        ("max-connections", po::value<std::string>()->default_value("256"),
         "open connections served at once; when full, the connection that has waited longest for its request "
         "head, if over a tenth of --read-timeout (at most 1s), makes room (idle keep-alive: closed, else 408), "
         "and otherwise a newcomer gets 503 with Retry-After: 1")
        ("tls-cert", po::value<std::string>(), "serve HTTPS with this PEM certificate chain (with --tls-key)")
        ("tls-key", po::value<std::string>(), "the PEM private key for --tls-cert")
        ("seed", po::value<std::string>(), "seed for the ids the app generates (default 1)")
        ("scim-version", po::value<std::string>(), "2.0 or 1.1: the SCIM version to serve (overrides the config's "
                                                   "\"scimVersion\"; 1.1 serves /scim/v1 unless the config sets basePath)")
        ("help,h", "show this help");
    return options;
}

int serve(const Settings& s, simapp::SimAppConfig config) {
    std::ofstream log_file;
    if (s.log_file) {
        log_file.open(*s.log_file, std::ios::binary | std::ios::app);
        if (!log_file) {
            std::cerr << me << ": cannot write --log " << *s.log_file << ": " << std::strerror(errno) << "\n";
            return exit_usage;
        }
    }
    asio::ssl::context tls(asio::ssl::context::tls_server);
    if (s.tls_cert && !load_tls(s, tls)) return exit_usage;

    const auto started = std::chrono::steady_clock::now();
    const sim::WallClock wall(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    const auto now = [started] {
        return std::chrono::duration_cast<sim::TimePoint>(std::chrono::steady_clock::now() - started);
    };
    const std::size_t account_count = config.accounts.size();
    const std::size_t fault_count = config.faults.size();
    simapp::SimApp app(std::move(config), wall, sim::Prng(s.seed).fork("simapp"));
    simapp::AdminApi admin(app, s.admin_token);
    LogSink sink(log_file.is_open() ? &log_file : nullptr, s.log_text, s.quiet);
    app.backend_log().set_capacity(s.log_capacity);
    app.backend_log().set_observer([&sink](const simapp::BackendLogEntry& entry) { sink.write(entry); });
    std::uint64_t logged = 0;  // entries the app had recorded when the previous request was logged

    asio::io_context ioc;
    std::optional<http::HttpServer> server;
    http::HttpServerOptions http_options = s.http;
    http_options.error_format = app.scim_version();  // its own 413s and 400s look like the app's errors
    if (s.tls_cert)
        server.emplace(ioc, app, tls, http_options);
    else
        server.emplace(ioc, app, http_options);
    server->set_now(now);

    std::string change;  // what the admin request being served changed, for its console line
    admin.set_observer([&change](std::string_view what) { change = what; });
    server->set_admin([&admin](const wire::Request& request) { return admin.handle(request); });
    server->set_access_log([&](const wire::Request& request, const wire::Delivery& delivery) {
        const int status = delivery.response ? delivery.response->status : 0;
        const bool app_logged_it = app.backend_log().recorded() != logged;
        if (simapp::is_admin_path(request.path())) {
            if (!s.quiet)
                std::cerr << "admin: " << request.method << " " << simapp::redact_target(request.target) << " -> "
                          << status << " " << wire::reason_phrase(status) << (change.empty() ? "" : " (" + change + ")")
                          << error_detail(delivery) << "\n";
            change.clear();
            return;
        }
        // A 413 is decided before the app sees the request; the app's log still shows it, as a real one would.
        if (status == 413 && !app_logged_it) {
            simapp::BackendLogEntry entry;
            entry.at = now();
            entry.timestamp = wall.timestamp(entry.at);
            entry.method = request.method;
            entry.target = request.target;
            entry.status = 413;
            entry.detail = "Request body larger than " + std::to_string(s.http.body_limit) + " bytes";
            app.backend_log().record(std::move(entry));
        }
        logged = app.backend_log().recorded();
    });

    // Signals are caught before the listening line goes out, so a script may send one as soon as it reads it.
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    int caught = 0;
    signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
        if (ec) return;
        caught = signal_number;
        server->stop();
        ioc.stop();
    });

    if (const auto ec = server->start()) {
        std::cerr << me << ": cannot listen on " << url_host(s.bind) << ":" << s.port << ": " << ec.message() << "\n";
        return exit_usage;
    }
    const std::string base = app.base_path().empty() ? "/" : app.base_path();
    std::cout << me << " listening on " << (s.tls_cert ? "https" : "http") << "://" << url_host(s.bind) << ":"
              << server->port() << base << std::endl;
    if (!s.quiet) {
        std::cerr << me << ": SCIM " << to_string(app.scim_version()) << "; auth " << app.auth().kind_name() << (s.insecure_no_auth ? " (INSECURE: any request is "
                                                                                        "accepted)" : "")
                  << "; admin endpoint " << (admin.enabled() ? "on at /_oktasim/" : "off (no --admin-token)") << "; "
                  << account_count << " account(s), " << fault_count << " fault(s)"
                  << (s.log_file ? "; backend log to " + *s.log_file : std::string()) << "\n";
    }

    ioc.run();
    // Let responses already decided finish and connections close, but never wait long for a stuck client.
    server->stop();
    ioc.restart();
    ioc.run_for(std::chrono::seconds(2));
    server.reset();
    app.backend_log().set_observer(nullptr);
    if (!s.quiet)
        std::cerr << me << ": stopped (" << (caught == SIGINT ? "SIGINT" : caught == SIGTERM ? "SIGTERM" : "done")
                  << ")\n";
    return exit_ok;
}

}  // namespace

int app_server_command(const std::vector<std::string>& args) {
    po::options_description options = describe();
    po::variables_map vm;
    if (!parse(args, me, options, po::options_description(), "", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    Settings settings;
    if (!read_settings(vm, settings)) return exit_usage;
    simapp::SimAppConfig config;
    if (!load_config(settings, config)) return exit_usage;
    if (settings.insecure_no_auth && !settings.quiet)
        std::cerr << me << ": WARNING: --insecure-no-auth: the SCIM API accepts requests without credentials\n";
    // A client that disconnects must not kill the server with SIGPIPE; writes then fail with EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);
    return serve(settings, std::move(config));
}

}  // namespace oktasim::cli
