// `oktasim check BASE_URL`: Okta's connection test, SCIM 2.0 spec test and engine lifecycle against a live SCIM
// server over HTTP(S); prints the report (text or JSON), optionally writes JUnit XML, and sets the exit code.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/check/check.hpp>
#include <oktasim/check/report.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/clock.hpp>
#include <oktasim/sim/prng.hpp>

#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <unistd.h>

namespace oktasim::cli {
namespace po = boost::program_options;

namespace {

constexpr std::string_view check_about = R"(Usage: oktasim check [options] BASE_URL

Runs Okta's request sequences against a live SCIM 2.0 server and reports each step as Okta would:
  connection  Okta's connection test: GET /Users?startIndex=1&count=2, GET /Groups?startIndex=1&count=100
  spec        the checks of Okta's SCIM 2.0 spec test: list shape, get by id, filter miss, unknown id -> 404,
              create -> 201, duplicate -> 409, upper-case userName filter, bad token -> 401
  lifecycle   Okta's provisioning engine, as an AIW app and as an OIN app: assign -> create, profile update,
              unassign -> deactivate, reassign -> reactivate
  groups      with --groups, after each app's lifecycle: Group Push of a new group (POST /Groups), add the test
              user (OIN: PATCH add; AIW: PUT), remove it (OIN: PATCH remove members[value eq "..."]; AIW: PUT),
              rename it in Okta, and unlink with "Delete the group in the target app" (DELETE /Groups/{id})
The run creates test users named oktasim-check-...@example.com and deactivates them at the end: Okta never
sends DELETE /Users to a SCIM server, so neither does this check (groups named oktasim-check-group-... that
--groups pushed are deleted, as Okta's unlink does). Names and ids come from the seed and a per-run nonce
(both printed; --seed alone repeats a run exactly, --nonce too), so runs against a server that keeps its data do
not collide. The lifecycle's To App features default to create,update,deactivate (Sync Password off).

Exit codes: 0 every required step passed, 1 a required step failed, 2 bad usage.

Options)";

bool parse_only(const std::vector<std::string>& values, std::set<check::Phase>& phases) {
    for (const auto& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t comma = std::min(value.find(',', start), value.size());
            const std::string item = value.substr(start, comma - start);
            const auto phase = check::phase_from(item);
            if (!phase) {
                std::cerr << "oktasim check: --only takes connection, spec or lifecycle, not '" << item << "'\n";
                return false;
            }
            phases.insert(*phase);
            start = comma + 1;
        }
    }
    return true;
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

// A credential must hold something besides whitespace (an empty one would turn authentication off on many servers)
// and no control character (CR LF would start a new header on the wire). `what` names it in the message.
bool usable_credential(std::string_view value, std::string_view what) {
    if (!wire::valid_header_value(value)) {
        std::cerr << "oktasim check: " << what << " contains a control character (CR, LF, ...), which cannot go into "
                  << "an HTTP header\n";
        return false;
    }
    if (blank(value)) {
        std::cerr << "oktasim check: " << what << " is empty (or only whitespace)\n";
        return false;
    }
    return true;
}

// Builds the Authorization mode from --token/--token-prefix, --basic and --oauth-token; false on a usage error.
bool parse_auth(const po::variables_map& vm, connectors::scim::Auth& auth) {
    const int modes = static_cast<int>(vm.count("token") + vm.count("basic") + vm.count("oauth-token"));
    if (modes > 1) {
        std::cerr << "oktasim check: give only one of --token, --basic and --oauth-token\n";
        return false;
    }
    if (vm.count("token-prefix") && !vm.count("token")) {
        std::cerr << "oktasim check: --token-prefix needs --token\n";
        return false;
    }
    if (vm.count("token")) {
        auth.mode = connectors::scim::Auth::Mode::header;
        auth.token = vm["token"].as<std::string>();
        if (!usable_credential(auth.token, "--token")) return false;
        if (vm.count("token-prefix")) {
            auth.prefix = vm["token-prefix"].as<std::string>();  // may be empty: a raw token
            if (!wire::valid_header_value(auth.prefix)) {
                std::cerr << "oktasim check: --token-prefix contains a control character (CR, LF, ...), which cannot "
                          << "go into an HTTP header\n";
                return false;
            }
        }
    } else if (vm.count("basic")) {
        const std::string basic = vm["basic"].as<std::string>();
        const auto colon = basic.find(':');
        if (colon == std::string::npos) {
            std::cerr << "oktasim check: --basic takes USER:PASS\n";
            return false;
        }
        auth.mode = connectors::scim::Auth::Mode::basic;
        auth.username = basic.substr(0, colon);
        auth.password = basic.substr(colon + 1);
        if (!usable_credential(auth.username, "--basic USER (before the ':')") ||
            !usable_credential(auth.password, "--basic PASS (after the ':')"))
            return false;
    } else if (vm.count("oauth-token")) {
        auth.mode = connectors::scim::Auth::Mode::oauth2;
        auth.token = vm["oauth-token"].as<std::string>();
        if (!usable_credential(auth.token, "--oauth-token")) return false;
    }
    return true;
}

std::uint64_t random_seed() {
    std::random_device device;
    const auto now = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    return ((static_cast<std::uint64_t>(device()) << 32) ^ device() ^ now) & 0xFFFFFFFFFFFFull;  // short to retype
}

// A nonce is mixed into names: letters and digits only, so it reads well in a userName.
bool valid_nonce(std::string_view nonce) {
    return !nonce.empty() && nonce.size() <= 32 &&
           std::all_of(nonce.begin(), nonce.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

// A positive duration flag; prints the error and returns nullopt otherwise.
std::optional<sim::Duration> duration_flag(const po::variables_map& vm, std::string_view flag) {
    const auto d = sim::parse_duration(vm[std::string(flag)].as<std::string>());
    if (!d || d->count() <= 0) {
        std::cerr << "oktasim check: --" << flag << " takes a duration like 60s, 500ms or 2m\n";
        return std::nullopt;
    }
    return d;
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
    po::options_description options{std::string(check_about)};
    // clang-format off
    options.add_options()
        ("token", po::value<std::string>(), "HTTP Header auth: sends \"Authorization: Bearer T\"")
        ("token-prefix", po::value<std::string>(), "text before the token (default \"Bearer \"; \"\" for a raw token)")
        ("basic", po::value<std::string>(), "Basic auth with USER:PASS")
        ("oauth-token", po::value<std::string>(), "OAuth 2.0 access token: sends \"Authorization: Bearer T\"")
        ("cacert", po::value<std::string>(), "trust the CA certificates in this PEM file instead of the system's")
        ("insecure", po::bool_switch(), "skip TLS certificate and host name checks (self-signed test servers)")
        ("format", po::value<std::string>()->default_value("text"), "text or json (on stdout)")
        ("junit", po::value<std::string>(), "also write the results as JUnit XML to this file")
        ("record", po::value<std::string>(), "also write every exchange as a HAR 1.2 file (secrets redacted)")
        ("seed", po::value<std::uint64_t>(), "seed for the test users' names and ids (default: random, printed in the report)")
        ("nonce", po::value<std::string>(), "letters and digits mixed into names and ids (default: random; from --seed when given)")
        ("only", po::value<std::vector<std::string>>()->composing(), "only connection, spec or lifecycle (repeatable)")
        ("groups", po::bool_switch(), "also run the Group Push steps (create, add and remove a member, rename, delete)")
        ("scim-version", po::value<std::string>()->default_value("2.0"),
         "2.0 or 1.1: the SCIM version the server speaks; 1.1 runs Okta's SCIM 1.1 spec checks and its 1.1 requests")
        ("features", po::value<std::string>()->default_value("create,update,deactivate"),
         "the lifecycle's To App features: create,update,deactivate[,password] (password = Sync Password)")
        ("timeout", po::value<std::string>()->default_value("60s"), "read timeout: socket silence per request (Okta's: 60s)")
        ("exchange-timeout", po::value<std::string>()->default_value("120s"),
         "overall deadline of one request and its response, however the server drips it")
        ("color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is respected)")
        ("help,h", "show this help");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("url", po::value<std::vector<std::string>>(), "");
    po::variables_map vm;
    if (!parse(args, "oktasim check", options, hidden, "url", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    const auto urls = vm.count("url") ? vm["url"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (urls.size() != 1) {
        std::cerr << "oktasim check: give exactly one BASE_URL, e.g. https://app.example.com/scim/v2\n\n" << options;
        return exit_usage;
    }
    const std::string format = vm["format"].as<std::string>();
    if (format != "text" && format != "json") {
        std::cerr << "oktasim check: --format must be text or json, not '" << format << "'\n";
        return exit_usage;
    }
    const auto timeout = duration_flag(vm, "timeout");
    if (!timeout) return exit_usage;
    const auto exchange_timeout = duration_flag(vm, "exchange-timeout");
    if (!exchange_timeout) return exit_usage;
    const std::string color = vm["color"].as<std::string>();
    if (!color_mode_ok(color, "check")) return exit_usage;

    check::CheckOptions check_options;
    std::string error;
    auto endpoint = connectors::scim::parse_endpoint(urls.front(), error);
    if (!endpoint) {
        std::cerr << "oktasim check: BASE_URL: " << error << "\n";
        return exit_usage;
    }
    check_options.endpoint = std::move(*endpoint);
    const std::string version = vm["scim-version"].as<std::string>();
    const auto parsed_version = parse_scim_version(version);
    if (!parsed_version) {
        std::cerr << "oktasim check: --scim-version: expected 2.0 or 1.1, got '" << version << "'\n";
        return exit_usage;
    }
    check_options.endpoint.version = *parsed_version;
    if (!parse_auth(vm, check_options.auth)) return exit_usage;
    if (vm.count("only") && !parse_only(vm["only"].as<std::vector<std::string>>(), check_options.phases))
        return exit_usage;
    check_options.groups = vm["groups"].as<bool>();
    if (check_options.groups && !check_options.phases.empty() && !check_options.phases.count(check::Phase::lifecycle)) {
        std::cerr << "oktasim check: --groups needs the lifecycle phase (its test user is the pushed group's member); "
                     "add --only lifecycle\n";
        return exit_usage;
    }
    std::string bad_feature;
    const auto features = check::parse_features(vm["features"].as<std::string>(), bad_feature);
    if (!features) {
        std::cerr << "oktasim check: --features takes create, update, deactivate and password, comma-separated, not '"
                  << bad_feature << "'\n";
        return exit_usage;
    }
    check_options.features = *features;
    check_options.seed = vm.count("seed") ? vm["seed"].as<std::uint64_t>() : random_seed();
    if (vm.count("nonce")) {
        check_options.nonce = vm["nonce"].as<std::string>();
        if (!valid_nonce(check_options.nonce)) {
            std::cerr << "oktasim check: --nonce takes 1 to 32 letters and digits\n";
            return exit_usage;
        }
    } else {
        // From the seed when one was given (the run repeats exactly), else fresh for this run.
        sim::Prng nonce(vm.count("seed") ? check_options.seed : random_seed());
        check_options.nonce = nonce.fork("check:nonce").text(sim::alphabet_alnum_lower, 6);
    }

    std::ofstream junit;
    if (vm.count("junit")) {
        junit.open(vm["junit"].as<std::string>(), std::ios::binary | std::ios::trunc);
        if (!junit) {
            std::cerr << "oktasim check: cannot write " << vm["junit"].as<std::string>() << "\n";
            return exit_usage;
        }
    }

    std::ofstream record;
    if (vm.count("record")) {
        record.open(vm["record"].as<std::string>(), std::ios::binary | std::ios::trunc);
        if (!record) {
            std::cerr << "oktasim check: cannot write " << vm["record"].as<std::string>() << "\n";
            return exit_usage;
        }
    }

    // Live: virtual time orders the engine's timers; the network runs in real time (LiveTransport tells the loop).
    const auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    sim::EventLoop loop(check_options.seed, now_ms);
    connectors::http::HttpTransportOptions transport_options;
    if (vm.count("cacert")) transport_options.tls.ca_file = vm["cacert"].as<std::string>();
    transport_options.tls.insecure = vm["insecure"].as<bool>();
    transport_options.read_timeout = *timeout;
    transport_options.exchange_timeout = *exchange_timeout;
    auto http = connectors::http::HttpTransport::create(loop.get_executor(), urls.front(), transport_options, error);
    if (!http) {
        std::cerr << "oktasim check: " << error << "\n";
        return exit_usage;
    }
    check::LiveTransport transport(loop, std::move(http));

    check::Report report = check::run_check_on(loop, transport, std::move(check_options));
    report.hostname = host_name();
    if (format == "json") {
        std::cout << boost::json::serialize(check::to_json(report)) << "\n";
    } else {
        check::TextOptions text;
        text.color = want_color(color);
        check::write_text(std::cout, report, text);
    }
    if (record.is_open()) {
        record << boost::json::serialize(check::to_har(report, OKTASIM_VERSION)) << "\n";
        record.flush();
        if (!record) {
            std::cerr << "oktasim check: could not write " << vm["record"].as<std::string>() << "\n";
            return exit_usage;
        }
    }
    if (junit.is_open()) {
        check::write_junit(junit, report);
        junit.flush();
        if (!junit) {
            std::cerr << "oktasim check: could not write " << vm["junit"].as<std::string>() << "\n";
            return exit_usage;
        }
    }
    return report.ok() ? exit_ok : exit_failed;
}

}  // namespace oktasim::cli
