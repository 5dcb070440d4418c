// Runs a loaded scenario: builds the org, the apps, their connectors and simulated downstream apps, performs each
// step on the event loop, checks each expectation, and reports a readable timeline or the System Log as JSON.
#pragma once

#include <oktasim/runner/scenario.hpp>

#include <oktasim/engine/failure_modes.hpp>

#include <boost/json/array.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace oktasim::runner {

enum class OutputFormat { text, json };

// How connectors reach the scenarios' simulated apps: in process (the default, deterministic), or over real
// HTTP on loopback (each simulated app served by an HttpServer on a free 127.0.0.1 port in the same loop).
enum class DownstreamTransport { inproc, http };

struct RunOptions {
    std::optional<std::uint64_t> seed;  // overrides the scenario's seed
    OutputFormat format = OutputFormat::text;
    bool color = false;
    std::ostream* out = nullptr;          // timeline (text) or System Log lines (json); null: nothing
    std::ostream* diagnostics = nullptr;  // expectation failures in json mode; null: `out`
    DownstreamTransport transport = DownstreamTransport::inproc;
    bool show_state = false;    // text: after each expectation, the app users, tasks and accounts it names
    bool record_steps = false;  // fill RunResult::steps (for --report and --junit)
    std::string record_har;     // non-empty: fill RunResult::har, with this creator version (for --record)
};

// One checked step, for machine-readable reports: every expectation, and every action that failed.
struct StepRecord {
    std::string path;         // "/steps/4"
    std::string kind;         // "expect", or the action's name
    std::string description;  // the timeline's line, e.g. "expect appUser alice@example.com"
    std::string at;           // virtual time offset, e.g. "+5m"
    std::vector<std::string> failures;  // expected vs actual, one per difference; empty: it held
    json::value expected;     // the expectation as written (or the action), secrets redacted
    json::value actual;       // what it was compared with (see actual_state), secrets redacted
    bool ok() const noexcept { return failures.empty(); }
};

struct RunResult {
    std::vector<std::string> failures;  // one per failed expectation or action, with expected vs actual
    std::string system_log_jsonl;       // the whole System Log, one JSON event per line
    std::string transcript;             // every SCIM exchange, secrets redacted
    std::array<std::uint64_t, engine::failure_modes.size()> probes{};  // failure modes reached
    std::uint64_t seed = 0;
    // What a tenant and the app saw, independent of the transport: every request (method, target, body, status
    // or failure), and at the end the tasks (message, status) and app users (status, syncState, externalId).
    json::array requests;
    json::object final_state;
    std::vector<StepRecord> steps;  // with RunOptions::record_steps
    json::object har;               // with RunOptions::record_har: every exchange as a HAR 1.2 log
    bool ok() const noexcept { return failures.empty(); }
};

// Runs every step. Throws only for internal errors (bugs); scenario problems are in RunResult::failures.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace oktasim::runner
