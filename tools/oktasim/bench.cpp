// `oktasim bench`: the in-process push benchmark against the JSON floor, one fresh child process per N (the same
// executable with a hidden --child flag) so that each N's peak RSS is its own. Prints a table or JSON.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/bench/json_floor.hpp>
#include <oktasim/bench/push.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace oktasim::cli {
namespace {

namespace json = boost::json;
namespace po = boost::program_options;

// "10000,100000" -> {10000, 100000}; empty when any item is not a whole number from 1 to 100,000,000.
std::vector<std::size_t> parse_counts(const std::string& text) {
    std::vector<std::size_t> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) return {};
        const std::size_t n = std::stoul(item);
        if (n == 0) return {};
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

// Runs this executable as `bench --child N --seed S` and returns what it printed; nullopt when it failed (its
// stderr has gone to ours).
std::optional<json::object> measure_in_child(std::size_t users, std::uint64_t seed) {
    int out[2];
    if (::pipe(out) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::string exe = "/proc/self/exe", command = "bench", child = "--child", n = std::to_string(users),
                seed_flag = "--seed", seed_value = std::to_string(seed);
    char* argv[] = {exe.data(), command.data(), child.data(), n.data(), seed_flag.data(), seed_value.data(), nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string text;
    char buf[4096];
    for (ssize_t got; spawned == 0 && (got = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(got));
    ::close(out[0]);
    if (spawned != 0) return std::nullopt;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

double number(const json::object& o, std::string_view key) { return o.at(key).to_number<double>(); }

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

}  // namespace

int bench_command(const std::vector<std::string>& args) {
    po::options_description options("Usage: oktasim bench [options]\n\nOptions");
    options.add_options()("help,h", "show this help")(
        "users", po::value<std::string>()->default_value("10000,100000,1000000"), "N[,N...]: user counts to measure")(
        "seed", po::value<std::uint64_t>()->default_value(1), "seed of the generated users and the simulation")(
        "format", po::value<std::string>()->default_value("text"), "text or json");
    po::options_description hidden;
    hidden.add_options()("child", po::value<std::size_t>(), "");
    po::variables_map vm;
    if (!parse(args, "oktasim bench", options, hidden, "", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
    if (vm.count("child")) return run_child(vm["child"].as<std::size_t>(), seed);
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
    json::array rows;
    for (const std::size_t n : counts) {
        auto row = measure_in_child(n, seed);
        if (!row) {
            std::cerr << "oktasim bench: the measurement of " << n << " users failed\n";
            return exit_internal;
        }
        rows.push_back(std::move(*row));
    }
    derive(rows);
    if (format == "json") {
        std::cout << json::serialize(json::object{{"benchmark", "push-inproc"},
                                                  {"seed", seed},
                                                  {"buildType", OKTASIM_BUILD_TYPE},
                                                  {"results", std::move(rows)}})
                  << "\n";
    } else {
        print_table(rows, seed);
    }
    return exit_ok;
}

}  // namespace oktasim::cli
