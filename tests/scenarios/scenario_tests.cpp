// One named test per shipped fixture (fixtures/scenarios/**.json): every expectation holds, the run is
// byte-identical when repeated with the same seed, and every catalogued failure mode is reached by its fixture.
// `oktasim_scenario_tests [Boost.Test options] -- FIXTURE...` registers only the named fixtures (paths relative to
// fixtures/scenarios/): that is how CTest runs one entry per fixture (tests/CMakeLists.txt).
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <boost/test/unit_test.hpp>

#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/scenario.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace utf = boost::unit_test;
using namespace oktasim;

namespace {

const fs::path fixtures_dir = OKTASIM_FIXTURES_DIR;

std::vector<fs::path> scenario_files() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(fixtures_dir / "scenarios"))
        if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
    std::sort(out.begin(), out.end());  // directory order is unspecified
    return out;
}

runner::RunResult run_file(const fs::path& file) {
    runner::LoadError error;
    auto sc = runner::load_scenario(file.string(), error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    std::ostringstream timeline;
    runner::RunOptions options;
    options.out = &timeline;
    runner::RunResult result = runner::run_scenario(*sc, options);
    BOOST_TEST_INFO("timeline:\n" << timeline.str());
    for (const auto& f : result.failures) BOOST_TEST_INFO(f);
    BOOST_TEST(result.ok());
    return result;
}

// fixtures/expected/<same path>.systemlog.jsonl, when present, must equal the run's System Log byte for byte.
// OKTASIM_UPDATE_GOLDEN=1 rewrites it instead (review the diff before committing).
void compare_golden(const fs::path& file, const std::string& actual) {
    fs::path golden = fixtures_dir / "expected" / fs::relative(file, fixtures_dir / "scenarios");
    golden.replace_extension(".systemlog.jsonl");
    const char* update = std::getenv("OKTASIM_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        if (fs::exists(golden)) std::ofstream(golden, std::ios::binary | std::ios::trunc) << actual;
        return;
    }
    if (!fs::exists(golden)) return;
    std::ifstream in(golden, std::ios::binary);
    const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (expected == actual) return;
    std::istringstream e(expected), a(actual);
    std::string el, al;
    for (int line = 1;; ++line) {
        const bool more_e = static_cast<bool>(std::getline(e, el));
        const bool more_a = static_cast<bool>(std::getline(a, al));
        if (!more_e && !more_a) break;
        if (el != al || more_e != more_a) {
            BOOST_ERROR(golden.string() << ":" << line << " differs\n  expected: " << (more_e ? el : "<end>")
                                        << "\n  actual:   " << (more_a ? al : "<end>")
                                        << "\n(OKTASIM_UPDATE_GOLDEN=1 rewrites the file)");
            break;
        }
    }
}

// §6.1: every LogEvent carries every key of Okta's LogEvent object (null where Okta has nothing to say).
void every_event_has_the_log_event_keys(const std::string& jsonl) {
    std::istringstream in(jsonl);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const boost::json::object event = boost::json::parse(line).as_object();
        for (const char* key : {"uuid", "published", "eventType", "version", "severity", "legacyEventType",
                                "displayMessage", "actor", "client", "device", "authenticationContext",
                                "securityContext", "outcome", "target", "transaction", "debugContext", "request"})
            BOOST_TEST(event.contains(key), "System Log event " << n << " has no " << key);
    }
}

void fixture_passes(const fs::path& file) {
    const std::string jsonl = run_file(file).system_log_jsonl;
    every_event_has_the_log_event_keys(jsonl);
    compare_golden(file, jsonl);
}

void fixture_is_deterministic(const fs::path& file) {
    runner::LoadError error;
    auto sc = runner::load_scenario(file.string(), error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    std::ostringstream first, second;
    runner::RunOptions options;
    options.format = runner::OutputFormat::json;
    options.out = &first;
    const auto a = runner::run_scenario(*sc, options);
    options.out = &second;
    const auto b = runner::run_scenario(*sc, options);
    BOOST_TEST(!first.str().empty());
    BOOST_TEST(first.str() == second.str());
    BOOST_TEST(a.transcript == b.transcript);
}

// Done-when of the HTTP issue: the same scenario in process and against the simulated app served over loopback
// HTTP gives the same requests, task messages and app-user states. Scenarios with scripted delays are left out:
// over a socket a delay is real time (a 60 s timeout would take 60 s).
bool uses_delays(const fs::path& file) {
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.find("\"delay\"") != std::string::npos;
}

std::string per_app(const boost::json::array& requests) {
    std::map<std::string, boost::json::array> by_app;
    for (const auto& r : requests) by_app[std::string(r.at("app").as_string())].push_back(r);
    std::string out;
    for (const auto& [app, list] : by_app) out += app + ": " + boost::json::serialize(list) + "\n";
    return out;
}

void same_over_http(const fs::path& file) {
    runner::LoadError error;
    auto sc = runner::load_scenario(file.string(), error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    std::ostringstream sink;
    runner::RunOptions options;
    options.out = &sink;
    const auto inproc = runner::run_scenario(*sc, options);
    options.transport = runner::DownstreamTransport::http;
    const auto http = runner::run_scenario(*sc, options);
    // Each app's requests come in the same order. Jobs for different apps run concurrently, and over a socket
    // their interleaving follows the network, so the comparison is per app. Expectations about the transport
    // itself (a Host header, "connection refused" where a socket shows a reset) are not compared.
    BOOST_TEST(per_app(http.requests) == per_app(inproc.requests));
    BOOST_TEST(boost::json::serialize(http.final_state) == boost::json::serialize(inproc.final_state));
}

void failure_mode_is_reached(engine::failure_mode mode) {
    const auto& m = engine::info(mode);
    const fs::path file = fixtures_dir / std::string(m.fixture);
    BOOST_TEST_REQUIRE(fs::exists(file), "the catalogue names " << file << ", which does not exist");
    const auto result = run_file(file);
    BOOST_TEST(result.probes[static_cast<std::size_t>(mode)] > 0u,
               "fixture " << file << " does not reach failure mode " << m.name);
}

std::string test_name(const fs::path& file) {
    std::string name = fs::relative(file, fixtures_dir / "scenarios").replace_extension().string();
    std::replace(name.begin(), name.end(), '/', '.');
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

// The fixtures named after `--` on the command line, or every shipped one when none is named.
std::vector<fs::path> selected_files(bool& ok) {
    auto& master = utf::framework::master_test_suite();
    std::vector<fs::path> named;
    for (int i = 1; i < master.argc; ++i) {
        const std::string arg = master.argv[i];
        if (arg == "--") continue;
        const fs::path file = fixtures_dir / "scenarios" / arg;
        if (!fs::is_regular_file(file)) {
            std::cerr << "oktasim_scenario_tests: no fixture " << file.string()
                      << " (give paths relative to fixtures/scenarios/)\n";
            ok = false;
        }
        named.push_back(file);
    }
    return named.empty() ? scenario_files() : named;
}

}  // namespace

bool init_unit_test() {
    utf::framework::master_test_suite().p_name.value = "oktasim_scenarios";
    bool ok = true;
    const std::vector<fs::path> files = selected_files(ok);
    if (!ok) return false;
    auto* passes = BOOST_TEST_SUITE("fixtures");
    auto* deterministic = BOOST_TEST_SUITE("determinism");
    for (const auto& file : files) {
        passes->add(utf::make_test_case([file] { fixture_passes(file); }, test_name(file), __FILE__, __LINE__));
        deterministic->add(utf::make_test_case([file] { fixture_is_deterministic(file); }, test_name(file), __FILE__, __LINE__));
    }
    auto* over_http = BOOST_TEST_SUITE("over_http");
    for (const auto& file : files) {
        if (!uses_delays(file))
            over_http->add(utf::make_test_case([file] { same_over_http(file); }, test_name(file), __FILE__, __LINE__));
    }
    utf::framework::master_test_suite().add(over_http);
    auto* catalogue = BOOST_TEST_SUITE("catalogue");
    for (const auto& m : engine::failure_modes) {
        std::string name(m.name);
        std::replace(name.begin(), name.end(), '-', '_');
        const auto mode = m.mode;
        catalogue->add(utf::make_test_case([mode] { failure_mode_is_reached(mode); }, name, __FILE__, __LINE__));
    }
    utf::framework::master_test_suite().add(passes);
    utf::framework::master_test_suite().add(deterministic);
    utf::framework::master_test_suite().add(catalogue);
    return true;
}

int main(int argc, char* argv[]) { return utf::unit_test_main(&init_unit_test, argc, argv); }
