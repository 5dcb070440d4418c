// `oktasim bench`: the in-process push benchmark against the JSON floor, one fresh child process per N (the same
// executable with a hidden --child flag) so that each N's peak RSS is its own; then the HTTP push, the app-server's
// look-up rate and wrk's figures beside them (tools/src/bench/http_bench.cpp); then the import, in process and over
// HTTP (tools/src/bench/import.cpp), each in a child too. Prints tables or JSON.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/bench/http_bench.hpp>
#include <oktasim/bench/import.hpp>
#include <oktasim/bench/json_floor.hpp>
#include <oktasim/bench/process.hpp>
#include <oktasim/bench/push.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace oktasim::cli {
namespace {

namespace json = boost::json;
namespace po = boost::program_options;

// "10000,100000" -> {10000, 100000}; empty when any item is not a whole number from `least` to 999,999,999.
std::vector<std::size_t> parse_counts(const std::string& text, std::size_t least = 1) {
    std::vector<std::size_t> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) return {};
        const std::size_t n = std::stoul(item);
        if (n < least) return {};
        out.push_back(n);
    }
    return out;
}

// One N, measured in this process: the push first (its peak RSS read before the floor allocates anything), then
// the floor. One JSON object on stdout for the parent.
int run_child(std::size_t users, std::uint64_t seed) {
    const bench::PushFigures push = bench::run_push(users, seed);
    const std::int64_t peak_rss = bench::peak_rss_bytes();
    const bench::FloorFigures floor = bench::run_json_floor(users, seed);
    std::cout << json::serialize(json::object{
                     {"users", users},
                     {"setupWallS", push.setup.wall_s},
                     {"setupCpuS", push.setup.cpu_s},
                     {"pushWallS", push.push.wall_s},
                     {"pushCpuS", push.push.cpu_s},
                     {"provisioned", push.provisioned},
                     {"requests", push.requests},
                     {"peakRssBytes", peak_rss},
                     {"floorWallS", floor.time.wall_s},
                     {"floorCpuS", floor.time.cpu_s},
                     {"floorBytes", floor.bytes},
                 })
              << "\n";
    return exit_ok;
}

double number(const json::object& o, std::string_view key) { return o.at(key).to_number<double>(); }

// One import in this process (`base_url` empty: in process): the figures and the peak RSS, as JSON on stdout.
int run_import_child(std::size_t accounts, std::uint64_t seed, const std::string& base_url) {
    json::object figures = bench::to_json(bench::run_import(accounts, seed, base_url));
    figures["peakRssBytes"] = bench::peak_rss_bytes();
    std::cout << json::serialize(figures) << "\n";
    return exit_ok;
}

std::optional<json::object> parse_object(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

// Runs this executable as `bench --child N --seed S` and returns what it printed; nullopt when it failed (its
// stderr has gone to ours).
std::optional<json::object> measure_in_child(std::size_t users, std::uint64_t seed) {
    return parse_object(bench::run_capture({"/proc/self/exe", "bench", "--child", std::to_string(users), "--seed",
                                            std::to_string(seed)}));
}

// The import benchmark: each N in process (a child each) and over HTTP (a child each, from its own app-server).
// Rows: {"where": "in process" | "HTTP", ...the child's figures, "peakRssMiB", "within20Percent"}. Under 100 user
// pages (10,000 accounts) the run is too short to judge the pages' times against each other: within20Percent is
// null then, and no warning is printed.
constexpr double judged_pages_min = 100;
json::array measure_imports(const std::vector<std::size_t>& counts, std::uint64_t seed, bool over_http) {
    json::array rows;
    const auto add = [&](json::object row, std::string_view where) {
        row["where"] = where;
        row["peakRssMiB"] = number(row, "peakRssBytes") / (1024.0 * 1024.0);
        const double ratio = number(row, "lastToFirst");
        if (number(row, "pagesCompared") < judged_pages_min) row["within20Percent"] = nullptr;
        else row["within20Percent"] = ratio > 0 && ratio <= 1.2;
        rows.push_back(std::move(row));
    };
    for (const std::size_t n : counts) {
        auto row = parse_object(bench::run_capture({"/proc/self/exe", "bench", "--import-child", std::to_string(n),
                                                    "--seed", std::to_string(seed)}));
        if (!row) throw std::runtime_error("the in-process import of " + std::to_string(n) + " accounts failed");
        add(std::move(*row), "in process");
    }
    if (over_http)
        for (const std::size_t n : counts) add(bench::run_http_import("/proc/self/exe", n, seed), "HTTP");
    return rows;
}

void print_imports(const json::array& rows) {
    if (rows.empty()) return;
    const auto col = [](int w) { return std::setw(w); };
    std::cout << "\nimport: Import Now of N accounts in pages of 100 (GET /Users?startIndex=..&count=100, then /Groups),\n"
              << "new users auto-confirmed and auto-activated; in process from the simulated app, or over HTTP from\n"
              << "oktasim app-server in its own process; each in its own process. first/last ms: wall time per user\n"
              << "page at the first and the last page, read off a line fitted through the medians of each tenth of\n"
              << "the pages (Okta: 100,000 users per import without slowdown)\n\n"
              << std::right << col(11) << "where" << col(10) << "accounts" << col(7) << "pages" << col(10) << "import s"
              << col(11) << "download s" << col(9) << "pages/s" << col(10) << "first ms" << col(9) << "last ms"
              << col(11) << "last/first" << col(10) << "peak MiB" << "\n";
    std::cout << std::fixed;
    for (const auto& row : rows) {
        const auto& r = row.as_object();
        std::cout << col(11) << r.at("where").as_string().c_str() << col(10) << r.at("accounts").to_number<std::uint64_t>()
                  << col(7) << r.at("pages").to_number<std::uint64_t>() << std::setprecision(2) << col(10)
                  << number(r, "importWallS") << col(11) << number(r, "downloadWallS") << std::setprecision(0) << col(9)
                  << number(r, "pagesPerS") << std::setprecision(3) << col(10) << number(r, "firstPageMs") << col(9)
                  << number(r, "lastPageMs") << std::setprecision(2) << col(11) << number(r, "lastToFirst")
                  << std::setprecision(1) << col(10) << number(r, "peakRssMiB") << "\n";
    }
    for (const auto& row : rows) {
        const auto& r = row.as_object();
        const std::string what = std::string(r.at("where").as_string()) + ", " + json::serialize(r.at("accounts")) + " accounts";
        if (r.at("within20Percent").is_bool() && !r.at("within20Percent").as_bool())
            std::cout << "warning: " << what << ": the last pages took x" << std::setprecision(2)
                      << number(r, "lastToFirst") << " the first (Okta's bar: within 20 %)\n";
        if (r.at("imported") != r.at("accounts"))
            std::cout << "warning: " << what << ": only " << r.at("imported") << " users imported\n";
    }
}

// The derived figures: rates, the ratio to the floor, and growth against the previous N.
void derive(json::array& rows) {
    const json::object* previous = nullptr;
    for (auto& row : rows) {
        auto& r = row.as_object();
        const double n = number(r, "users"), push = number(r, "pushWallS"), floor = number(r, "floorWallS");
        r["usersPerS"] = push > 0 ? n / push : 0.0;
        r["usPerUser"] = push * 1e6 / n;
        r["floorUsPerUser"] = floor * 1e6 / n;
        r["ratioToFloor"] = floor > 0 ? push / floor : 0.0;
        r["peakRssMiB"] = number(r, "peakRssBytes") / (1024.0 * 1024.0);
        if (previous) {
            r["growth"] = number(*previous, "pushWallS") > 0 ? push / number(*previous, "pushWallS") : 0.0;
            r["usersGrowth"] = n / number(*previous, "users");
        } else {
            r["growth"] = nullptr;
            r["usersGrowth"] = nullptr;
        }
        previous = &r;
    }
}

void print_table(const json::array& rows, std::uint64_t seed) {
    std::cout << "oktasim bench: in-process push, N users assigned through a group to an app with Create Users on\n"
              << "(engine, SCIM connector, in-process transport, simulated app; seed " << seed << ", " << OKTASIM_BUILD_TYPE
              << " build; each N in its own process)\n"
              << "floor: the same look-up ListResponse, POST body and 201 body built, serialised and parsed with "
                 "Boost.JSON alone\n\n";
    const auto col = [](int w) { return std::setw(w); };
    std::cout << std::right << col(9) << "users" << col(10) << "setup s" << col(10) << "push s" << col(10) << "cpu s"
              << col(11) << "users/s" << col(10) << "us/user" << col(10) << "floor us" << col(9) << "x floor" << col(11)
              << "peak MiB" << "  growth\n";
    std::cout << std::fixed;
    for (const auto& row : rows) {
        const auto& r = row.as_object();
        std::cout << col(9) << r.at("users").to_number<std::uint64_t>() << std::setprecision(2) << col(10)
                  << number(r, "setupWallS") << col(10) << number(r, "pushWallS") << col(10) << number(r, "pushCpuS")
                  << std::setprecision(0) << col(11) << number(r, "usersPerS") << std::setprecision(1) << col(10)
                  << number(r, "usPerUser") << col(10) << number(r, "floorUsPerUser") << col(9)
                  << number(r, "ratioToFloor") << col(11) << number(r, "peakRssMiB") << "  ";
        if (r.at("growth").is_null()) std::cout << "-";
        else std::cout << "x" << number(r, "growth") << " for x" << std::setprecision(0) << number(r, "usersGrowth") << " users";
        std::cout << "\n";
    }
    for (const auto& row : rows) {
        const auto& r = row.as_object();
        if (r.at("provisioned") != r.at("users"))
            std::cout << "warning: " << r.at("users") << " users: only " << r.at("provisioned") << " provisioned\n";
    }
}

// A figure that may be missing (wrk absent or failed): the number, else "-".
std::string maybe(const json::value* v, int precision) {
    if (!v || !v->is_number()) return "-";
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << v->to_number<double>();
    return out.str();
}

const json::value* wrk_rate(const json::object& row) {
    const json::value& w = row.at("wrk");
    return w.is_object() ? w.as_object().if_contains("reqPerS") : nullptr;
}

// wrk counts answers that are not 2xx/3xx (its script sends only requests that should succeed) and socket errors.
void warn_wrk(const json::object& row, const std::string& what) {
    const json::value& w = row.at("wrk");
    if (!w.is_object()) return;
    if (w.as_object().contains("error")) std::cout << "warning: " << what << ": " << w.at("error").as_string().c_str() << "\n";
    else if (number(w.as_object(), "non2xx") > 0 || w.at("socketErrors").as_bool())
        std::cout << "warning: " << what << ": wrk saw " << number(w.as_object(), "non2xx") << " non-2xx answers"
                  << (w.at("socketErrors").as_bool() ? " and socket errors" : "") << "\n";
}

void print_http(const bench::HttpBenchResults& http) {
    const auto col = [](int w) { return std::setw(w); };
    if (http.wrk.contains("available") && !http.wrk.at("available").as_bool())
        std::cout << "\nwrk: not measured: " << http.wrk.at("why").as_string().c_str() << "\n";
    if (!http.push.empty()) {
        std::cout << "\nHTTP push: the same push through the scim2 connector (keep-alive pool) to oktasim app-server in its own\n"
                  << "process on loopback; in flight = the app's concurrency = the pool's connections. wrk: one thread, the\n"
                  << "same look-up and POST per user at the same concurrency, against a fresh app-server, in this run\n\n"
                  << std::right << col(10) << "in flight" << col(9) << "users" << col(10) << "push s" << col(10) << "users/s"
                  << col(10) << "req/s" << col(12) << "client cpu" << col(12) << "wrk req/s" << col(8) << "x wrk" << "\n";
        for (const auto& row : http.push) {
            const auto& r = row.as_object();
            std::cout << std::fixed << col(10) << r.at("inFlight").as_int64() << col(9) << r.at("users").to_number<std::uint64_t>()
                      << std::setprecision(2) << col(10) << number(r, "pushWallS") << std::setprecision(0) << col(10)
                      << number(r, "usersPerS") << col(10) << number(r, "reqPerS") << col(11)
                      << number(r, "clientCpuShare") * 100 << "%" << col(12) << maybe(wrk_rate(r), 0) << col(8)
                      << maybe(r.if_contains("ratioToWrk"), 2) << "\n";
        }
        for (const auto& row : http.push) {
            const auto& r = row.as_object();
            warn_wrk(r, "HTTP push at " + json::serialize(r.at("inFlight")) + " in flight");
            if (r.at("provisioned") != r.at("users"))
                std::cout << "warning: HTTP push at " << r.at("inFlight") << " in flight: only " << r.at("provisioned")
                          << " of " << r.at("users") << " provisioned\n";
        }
    }
    if (!http.lookup.empty()) {
        const auto& first = http.lookup.front().as_object();
        std::cout << "\nlook-up: GET /Users?filter=userName eq \"...\" (a name not stored, as a push's look-up), "
                  << first.at("inFlight").as_int64() << " in flight, against oktasim app-server holding N accounts\n\n"
                  << std::right << col(10) << "accounts" << col(14) << "client req/s" << col(10) << "vs empty" << col(12)
                  << "wrk req/s" << col(10) << "vs empty" << "\n";
        const double client0 = number(first.at("client").as_object(), "reqPerS");
        const json::value* wrk0 = wrk_rate(first);
        for (const auto& row : http.lookup) {
            const auto& r = row.as_object();
            const double client = number(r.at("client").as_object(), "reqPerS");
            const json::value* w = wrk_rate(r);
            const json::value ratio = w && w->is_number() && wrk0 && wrk0->is_number() && wrk0->to_number<double>() > 0
                                          ? json::value(w->to_number<double>() / wrk0->to_number<double>())
                                          : json::value(nullptr);
            const json::value client_ratio = client0 > 0 ? json::value(client / client0) : json::value(nullptr);
            std::cout << std::fixed << col(10) << r.at("accounts").to_number<std::uint64_t>() << std::setprecision(0)
                      << col(14) << client << col(10) << maybe(&client_ratio, 2) << col(12) << maybe(w, 0) << col(10)
                      << maybe(&ratio, 2) << "\n";
            warn_wrk(r, "look-up at " + json::serialize(r.at("accounts")) + " accounts");
            if (r.at("client").as_object().at("failures").to_number<std::uint64_t>() > 0)
                std::cout << "warning: " << r.at("client").as_object().at("failures") << " look-ups were not answered 200\n";
        }
    }
}

}  // namespace

int bench_command(const std::vector<std::string>& args) {
    po::options_description options("Usage: oktasim bench [options]\n\nWithout --in-process, --http, --lookup or --import, runs all four.\n\nOptions");
    options.add_options()("help,h", "show this help")(
        "in-process", po::bool_switch(), "the in-process push against the JSON floor")(
        "http", po::bool_switch(), "the push over HTTP to oktasim app-server, and wrk's rate beside it")(
        "lookup", po::bool_switch(), "the app-server's look-up rate at several store sizes, and wrk's")(
        "import", po::bool_switch(), "the import of N accounts, in process and over HTTP from oktasim app-server")(
        "import-accounts", po::value<std::string>()->default_value("100000"), "N[,N...]: accounts per import")(
        "import-http", po::value<bool>()->default_value(true), "with --import: also over HTTP (true or false)")(
        "users", po::value<std::string>()->default_value("10000,100000,1000000"), "N[,N...]: user counts (in process)")(
        "http-users", po::value<std::size_t>()->default_value(10'000), "users per HTTP push")(
        "in-flight", po::value<std::string>()->default_value("1,8,64"), "C[,C...]: requests in flight over HTTP, 1 to 64")(
        "lookup-accounts", po::value<std::string>()->default_value("0,10000,100000"), "N[,N...]: accounts stored")(
        "lookup-requests", po::value<std::size_t>()->default_value(20'000), "look-ups per store size (oktasim's client)")(
        "wrk-seconds", po::value<int>()->default_value(5), "duration of each wrk run, 1 to 600")(
        "seed", po::value<std::uint64_t>()->default_value(1), "seed of the generated users and the simulation")(
        "format", po::value<std::string>()->default_value("text"), "text or json");
    po::options_description hidden;
    hidden.add_options()("child", po::value<std::size_t>(), "")("import-child", po::value<std::size_t>(), "")(
        "import-url", po::value<std::string>()->default_value(""), "");
    po::variables_map vm;
    if (!parse(args, "oktasim bench", options, hidden, "", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
    if (vm.count("child")) return run_child(vm["child"].as<std::size_t>(), seed);
    if (vm.count("import-child"))
        return run_import_child(vm["import-child"].as<std::size_t>(), seed, vm["import-url"].as<std::string>());
    const std::string format = vm["format"].as<std::string>();
    if (format != "text" && format != "json") {
        std::cerr << "oktasim bench: --format: expected \"text\" or \"json\", got \"" << format << "\"\n";
        return exit_usage;
    }
    const std::vector<std::size_t> counts = parse_counts(vm["users"].as<std::string>());
    if (counts.empty()) {
        std::cerr << "oktasim bench: --users: expected whole numbers from 1 to 999999999 separated by commas, got \""
                  << vm["users"].as<std::string>() << "\"\n";
        return exit_usage;
    }
    const bool pick =
        vm["in-process"].as<bool>() || vm["http"].as<bool>() || vm["lookup"].as<bool>() || vm["import"].as<bool>();
    const std::vector<std::size_t> import_counts = parse_counts(vm["import-accounts"].as<std::string>());
    if (import_counts.empty()) {
        std::cerr << "oktasim bench: --import-accounts: expected whole numbers from 1 to 999999999 separated by commas, got \""
                  << vm["import-accounts"].as<std::string>() << "\"\n";
        return exit_usage;
    }
    bench::HttpBenchOptions http;
    http.push = !pick || vm["http"].as<bool>();
    http.lookup = !pick || vm["lookup"].as<bool>();
    http.seed = seed;
    http.push_users = vm["http-users"].as<std::size_t>();
    if (http.push_users == 0 || http.push_users > 10'000'000) {
        std::cerr << "oktasim bench: --http-users: expected a number from 1 to 10000000\n";
        return exit_usage;
    }
    http.in_flight.clear();
    for (const std::size_t c : parse_counts(vm["in-flight"].as<std::string>())) http.in_flight.push_back(static_cast<int>(c));
    if (http.in_flight.empty() || std::any_of(http.in_flight.begin(), http.in_flight.end(), [](int c) { return c > 64; })) {
        std::cerr << "oktasim bench: --in-flight: expected numbers from 1 to 64 separated by commas, got \""
                  << vm["in-flight"].as<std::string>() << "\"\n";
        return exit_usage;
    }
    http.lookup_accounts = parse_counts(vm["lookup-accounts"].as<std::string>(), 0);
    if (http.lookup_accounts.empty() ||
        std::any_of(http.lookup_accounts.begin(), http.lookup_accounts.end(), [](std::size_t n) { return n > 10'000'000; })) {
        std::cerr << "oktasim bench: --lookup-accounts: expected numbers from 0 to 10000000 separated by commas, got \""
                  << vm["lookup-accounts"].as<std::string>() << "\"\n";
        return exit_usage;
    }
    http.lookup_requests = vm["lookup-requests"].as<std::size_t>();
    if (http.lookup_requests == 0 || http.lookup_requests > 100'000'000) {
        std::cerr << "oktasim bench: --lookup-requests: expected a number from 1 to 100000000\n";
        return exit_usage;
    }
    http.wrk_seconds = vm["wrk-seconds"].as<int>();
    if (http.wrk_seconds < 1 || http.wrk_seconds > 600) {
        std::cerr << "oktasim bench: --wrk-seconds: expected a number from 1 to 600\n";
        return exit_usage;
    }
    json::array rows;
    for (const std::size_t n : !pick || vm["in-process"].as<bool>() ? counts : std::vector<std::size_t>{}) {
        auto row = measure_in_child(n, seed);
        if (!row) {
            std::cerr << "oktasim bench: the measurement of " << n << " users failed\n";
            return exit_internal;
        }
        rows.push_back(std::move(*row));
    }
    derive(rows);
    bench::HttpBenchResults measured;
    if (http.push || http.lookup) {
        try {
            measured = bench::run_http_benchmarks("/proc/self/exe", http);
        } catch (const std::exception& e) {
            std::cerr << "oktasim bench: " << e.what() << "\n";
            return exit_internal;
        }
    }
    json::array imports;
    if (!pick || vm["import"].as<bool>()) {
        try {
            imports = measure_imports(import_counts, seed, vm["import-http"].as<bool>());
        } catch (const std::exception& e) {
            std::cerr << "oktasim bench: " << e.what() << "\n";
            return exit_internal;
        }
    }
    if (format == "json") {
        std::cout << json::serialize(json::object{{"benchmark", "oktasim bench"},
                                                  {"seed", seed},
                                                  {"buildType", OKTASIM_BUILD_TYPE},
                                                  {"results", std::move(rows)},
                                                  {"httpPush", std::move(measured.push)},
                                                  {"lookup", std::move(measured.lookup)},
                                                  {"wrk", std::move(measured.wrk)},
                                                  {"import", std::move(imports)}})
                  << "\n";
    } else {
        if (!rows.empty()) print_table(rows, seed);
        print_http(measured);
        print_imports(imports);
    }
    return exit_ok;
}

}  // namespace oktasim::cli
