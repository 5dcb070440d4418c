// `oktasim check`: runs Okta's request sequences against a SCIM server (live over HTTP, or the simulated app in
// process) and judges every answer as Okta would: the connection test, the SCIM 2.0 spec test, the engine's lifecycle.
#pragma once

#include <oktasim/connectors/scim/scim_protocol.hpp>
#include <oktasim/connectors/transport.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::check {

namespace asio = boost::asio;

// The parts of a check run, in the order they run. `groups` (Group Push, with --groups) follows each flavour's
// lifecycle and needs it; `cleanup` runs after the others whenever the run created accounts or groups. Neither can
// be selected on its own.
enum class Phase { connection, spec, lifecycle, groups, cleanup };
std::string_view to_string(Phase phase) noexcept;
// "connection", "spec" or "lifecycle" (the selectable phases); nullopt otherwise.
std::optional<Phase> phase_from(std::string_view text) noexcept;

// PASS; FAIL (a required step failed); WARN (passed with findings, or an optional step failed); SKIP (could not
// run because an earlier step it needs failed or found nothing to work on).
enum class Status { pass, fail, warn, skip };
std::string_view to_string(Status status) noexcept;  // "PASS", "FAIL", "WARN", "SKIP"

// A finding that does not stop Okta from working, with the standard it departs from.
struct Warning {
    std::string text;
    std::string reference;  // e.g. "RFC 7644 §3.4.2.4"
};

struct StepResult {
    std::string id;    // stable machine name, e.g. "spec.duplicate", "lifecycle.oin.deactivate"
    std::string name;  // what the text report prints after the status word
    Phase phase = Phase::connection;
    bool required = true;
    Status status = Status::pass;
    std::string problem;         // what went wrong (a failure, or an optional step's failure shown as WARN)
    std::string expected;        // what Okta expects instead
    std::string tenant_message;  // the message an Okta tenant would see; empty when Okta would show none
    std::string note;            // context: why a step was skipped, what Okta would do silently
    std::vector<Warning> warnings;
    std::vector<wire::Exchange> exchanges;  // every request the step caused, in order (formatters redact secrets)
    std::optional<std::size_t> focus;       // index into `exchanges` of the one that shows the problem

    bool failed_optional() const noexcept { return !required && !problem.empty(); }
};

struct Report {
    std::string base_url;
    std::uint64_t seed = 0;
    std::string nonce;      // with the seed, picks the test users' names and ids (printed, so a run can be repeated)
    std::string features;   // the To App features the lifecycle turned on, e.g. "create,update,deactivate"
    std::string timestamp;  // when the run started (the loop's clock), ISO 8601 UTC
    std::string hostname;   // the machine the run came from (JUnit's testsuite hostname); empty: "localhost"
    // Credentials of the run; every formatter replaces them (and their Basic encoding) by [REDACTED] wherever
    // they appear, so a server that echoes them back cannot make the report leak them.
    std::vector<std::string> secrets;
    std::vector<StepResult> steps;
    std::vector<std::string> created;      // userNames of the accounts this run created on the server
    std::vector<std::string> left_active;  // of those, the ones it could not deactivate
    std::vector<std::string> groups_left;  // displayNames of groups the run pushed and could not delete

    std::size_t count(Status status) const noexcept;
    // PASS steps plus WARN steps that passed with findings (an optional step that failed is neither).
    std::size_t passed() const noexcept;
    std::size_t failed() const noexcept { return count(Status::fail); }
    bool ok() const noexcept { return failed() == 0; }
    const StepResult* step(std::string_view id) const noexcept;
};

// The To App features the lifecycle turns on (Provisioning > To App; docs/okta-behaviour.md §3.1). Okta's admin chooses them;
// the default leaves Sync Password off, so servers without password support pass.
struct Features {
    bool create = true;      // Create Users
    bool update = true;      // Update User Attributes
    bool deactivate = true;  // Deactivate Users (which also reactivates)
    bool password = false;   // Sync Password
};
// "create,update,deactivate[,password]" in any order and subset; nullopt, with the bad item in `error`, otherwise.
std::optional<Features> parse_features(std::string_view text, std::string& error);
std::string to_string(const Features& features);

struct CheckOptions {
    connectors::scim::Endpoint endpoint;      // the server's SCIM base URL (see scim::parse_endpoint)
    connectors::scim::Auth auth;              // as configured on Provisioning > Integration
    std::uint64_t seed = 1;                   // picks the test users' names; a run is reproducible from it
    std::string nonce;                        // mixed into names and ids, so runs with one seed do not collide
    Features features;                        // the lifecycle's To App features
    std::set<Phase> phases;                   // empty: all three
    bool groups = false;                      // Group Push steps after each flavour's lifecycle (--groups)
    std::string app_label = "oktasim check";  // the app name in tenant messages
};

// Live HTTP runs wrap their transport so the event loop waits for the network (one shared class).
using LiveTransport = connectors::LiveTransport;

// Runs the selected phases over `transport`, which must reach the origin of `options.endpoint` (wrapped in a
// LiveTransport when it is a network transport). It runs on the loop's executor and drives a ProvisioningEngine on the
// same loop for the lifecycle, so the loop must be running it (run_check_on does); the transport must live until the
// awaitable completes.
asio::awaitable<Report> run_check(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options);

// Spawns run_check on the loop and runs the loop until the check completes. Throws if the loop gets stuck (a bug)
// or an internal error escapes.
Report run_check_on(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options);

}  // namespace oktasim::check
