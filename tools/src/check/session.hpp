// Internal to the check library: the state one check run shares between its phases (connection, spec, lifecycle,
// cleanup), the lifecycle's small engine world, and the helpers that record requests and judge answers.
#pragma once

#include <oktasim/check/check.hpp>
#include <oktasim/connectors/scim/scim11.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/tenant/tenant.hpp>
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/ids.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>
#include <oktasim/sim/prng.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::check::detail {

namespace json = boost::json;
namespace scim = connectors::scim;

// Wakes one waiting coroutine. A notify() with nobody waiting is remembered, so the next wait() returns at once.
class Signal {
public:
    explicit Signal(asio::any_io_executor executor) : executor_(std::move(executor)) {}
    void notify();
    asio::awaitable<void> wait();

private:
    asio::any_io_executor executor_;
    std::optional<asio::any_completion_handler<void()>> waiter_;
    bool pending_ = false;
};

// Forwards to another transport and notifies a Signal after every exchange: the lifecycle waits on it for the
// engine's jobs, which make progress only when one of their requests completes (or a virtual timer fires).
class SignalingTransport final : public connectors::Transport {
public:
    SignalingTransport(connectors::Transport& inner, Signal& signal) : inner_(inner), signal_(signal) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override;

private:
    connectors::Transport& inner_;
    Signal& signal_;
};

// Forwards to another transport until closed; then every request fails at once with the reason, unsent. After a
// failed connection test the run closes it, so later steps are skipped instead of failing for the same cause.
class GateTransport final : public connectors::Transport {
public:
    explicit GateTransport(connectors::Transport& inner) : inner_(inner) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override;
    void close(std::string reason) { closed_ = std::move(reason); }
    const std::string& closed() const noexcept { return closed_; }

private:
    connectors::Transport& inner_;
    std::string closed_;
};

// A user the run creates on the server; the userName is also the email.
struct TestUser {
    std::string user_name;
    std::string given_name;
    std::string family_name;
    std::string okta_id;  // the Okta user id the spec step sends as externalId
    std::string display_name() const { return given_name + " " + family_name; }
};

// Every connection the lifecycle's connector opens is the run's shared transport, which tells the run each time a
// request completes (so a waiting step wakes up).
class SignalingTransports final : public engine::TransportProvider {
public:
    SignalingTransports(connectors::Transport& transport, Signal& signal) : transport_(transport), signal_(signal) {}
    std::unique_ptr<engine::Transport> open(std::string_view base_url, const engine::TransportOptions& options,
                                            std::string& why) override;

private:
    connectors::Transport& transport_;
    Signal& signal_;
};

// One flavour's Okta org for the lifecycle, a running Tenant on the run's loop: an app whose scim2 connector talks to
// the server over the shared transport, the To App features of the run (--features), and one active test user.
struct LifecycleWorld {
    LifecycleWorld(sim::EventLoop& loop, connectors::Transport& transport, Signal& signal, const CheckOptions& options,
                   engine::Flavour flavour, const TestUser& test_user, const std::string& group_name);

    // No provisioning job is running or waiting out a rate-limit pause.
    bool idle() const;
    const engine::AppUser* app_user() const;
    const engine::Task* open_task(engine::TaskKind kind) const;

    engine::Flavour flavour;
    TestUser test_user;
    SignalingTransports network;
    tenant::Tenant tenant;
    const engine::WireLog& wire;   // every exchange of this org, in order
    engine::Org& org;
    engine::ProvisioningEngine* provisioning;
    engine::App* app = nullptr;
    engine::User* user = nullptr;
    std::optional<std::string> external_id;  // the account Okta created for the test user
    bool deactivated = false;                // the deactivate step left that account inactive

    // Group Push (--groups): the Okta group the run pushes, and what the server holds of it.
    const engine::PushMapping* push_mapping() const;
    std::string group_id;                     // empty without --groups
    std::string group_name;
    std::optional<std::string> app_group_id;  // the server's id for the pushed group
    bool group_has_member = false;            // the add step left the test user in it
    bool group_deleted = false;               // the delete step removed it from the server
};

class Session {
public:
    Session(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    asio::awaitable<void> run();
    Report take_report() { return std::move(report_); }

private:
    // Phases.
    asio::awaitable<void> connection();
    asio::awaitable<void> spec();
    asio::awaitable<void> lifecycle(engine::Flavour flavour);
    asio::awaitable<void> group_push(LifecycleWorld& world);  // groups.cpp
    asio::awaitable<void> cleanup();

    // Spec steps (each records one StepResult).
    asio::awaitable<void> spec_list();
    asio::awaitable<void> spec_get();
    asio::awaitable<void> spec_filter_miss();
    asio::awaitable<void> spec_unknown_id();
    asio::awaitable<void> spec_create();
    asio::awaitable<void> spec_verify();
    asio::awaitable<void> spec_duplicate();
    asio::awaitable<void> spec_case();
    asio::awaitable<void> spec_groups();
    asio::awaitable<void> spec_bad_token();
    // SCIM 1.1 only (Okta's 1.1 SPEC test, docs/okta-behaviour.md §7.1): the discovery endpoints and a malformed filter.
    asio::awaitable<void> spec_discovery_v11(std::string endpoint, bool list);
    asio::awaitable<void> spec_malformed_filter();

    // Group Push steps: runs an admin action, waits for the push, fails the step when the mapping shows an error.
    template <class Act>
    asio::awaitable<bool> group_action(StepResult& step, LifecycleWorld& w, std::string_view expected, Act act);
    asio::awaitable<std::optional<json::object>> read_group(StepResult& step, const std::string& id,
                                                            std::string_view expected);
    // Cleanup: deletes a pushed group the delete step left on the server (true when it is gone).
    asio::awaitable<bool> delete_group_directly(StepResult& step, const std::string& id);

    // Cleanup: deactivates one account (Okta's AIW way, GET then PUT active:false; PATCH if PUT fails).
    asio::awaitable<bool> deactivate_directly(StepResult& step, std::string id);

    // Sends `request` over the transport and records the exchange in `step`.
    asio::awaitable<wire::Delivery> send(StepResult& step, wire::Request request);
    // Resumes once `world` has no job running or paused.
    asio::awaitable<void> settle(const LifecycleWorld& world);

    bool wants(Phase phase) const { return options_.phases.empty() || options_.phases.count(phase) > 0; }
    StepResult make_step(std::string id, std::string name, Phase phase, bool required) const;
    void finish(StepResult step);
    // Adds a warning unless one with the same key was already reported in this run.
    void warn_once(StepResult& step, const std::string& key, std::string text, std::string reference);
    // Checks a ListResponse body; `strict` (Okta's SPEC test) turns shape problems into failures.
    void judge_list(StepResult& step, const json::object& list, bool strict);
    std::string provisioning_prefix(const TestUser& user) const;
    std::string verify_prefix(const TestUser& user, std::string_view looked_up) const;
    std::string profile_push_prefix(std::string_view display, std::string_view login) const;
    void note_posted(const std::string& user_name, const std::optional<std::string>& id);
    void note_sent_passwords();

    // Lifecycle judgements on the world's state after the engine settled.
    void judge_assign(StepResult& step, LifecycleWorld& w);
    void judge_update(StepResult& step, LifecycleWorld& w);
    void judge_deactivate(StepResult& step, LifecycleWorld& w);
    void judge_reactivate(StepResult& step, LifecycleWorld& w);
    void judge_readback(StepResult& step, LifecycleWorld& w, const wire::Delivery& d, std::string_view what);

    const scim::Endpoint& ep() const { return options_.endpoint; }
    bool v11() const { return options_.endpoint.version == ScimVersion::v1_1; }  // --scim-version 1.1
    // "Okta SCIM 2.0 SPEC test step <step20>", or the 1.1 spec test's number for the same check.
    std::string spec_step(int step20, int step11) const {
        return v11() ? "Okta SCIM 1.1 SPEC test step " + std::to_string(step11)
                     : "Okta SCIM 2.0 SPEC test step " + std::to_string(step20);
    }
    const scim::Auth& auth() const { return options_.auth; }

    sim::EventLoop& loop_;
    GateTransport transport_;
    CheckOptions options_;
    Signal signal_;
    Report report_;
    TestUser spec_user_, aiw_user_, oin_user_;
    std::string aiw_group_, oin_group_;  // the displayNames of the groups --groups pushes
    TestUser missing_user_;  // never created: the filter-miss look-up and the bad-token request name it
    std::set<std::string> warned_;
    std::optional<json::object> listed_;  // the first user of the spec list, if any
    std::optional<std::string> spec_id_;  // the id the server gave the spec user
    json::object spec_body_;              // the POST body of the spec user (reused for the duplicate)
    std::vector<std::string> posted_;     // userNames the run sent a POST /Users for, in order
    std::map<std::string, std::set<std::string>> known_ids_;  // userName -> ids the server returned for it
    std::vector<std::unique_ptr<LifecycleWorld>> worlds_;
};

// --- Helpers shared by the check sources ---

// Appends the exchanges `w`'s org made since `mark` (an index into its wire log) to the step.
void collect(StepResult& step, const LifecycleWorld& w, std::size_t mark);
// ": PATCH /scim/v2/Users/... answered 501 Not Implemented" for the exchange that shows the failure, after focusing it.
std::string failing_request(StepResult& step);

namespace flavour {
inline std::string tag(engine::Flavour f) { return f == engine::Flavour::oin ? "oin" : "aiw"; }    // in step ids
inline std::string label(engine::Flavour f) { return f == engine::Flavour::oin ? "OIN" : "AIW"; }  // in step names
}  // namespace flavour
inline bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::optional<json::object> body_object(const wire::Delivery& d);
bool has_schema(const json::object& o, std::string_view urn);
// The string at a JSON Pointer; nullopt when absent or not a string.
std::optional<std::string> string_at(const json::object& o, std::string_view pointer);
const json::value* value_at(const json::object& o, std::string_view pointer);
// "200 OK", "401 Unauthorized", "no response (connection refused: ...)".
std::string describe(const wire::Delivery& d);
// One sentence on why a reader rejected an answer.
std::string problem_of(const wire::Delivery& d, const Diagnostics& diag);
// Records a problem (appended to earlier ones) and, when not yet set, what Okta expects and the tenant's message.
void fail(StepResult& step, std::string_view problem, std::string_view expected, std::string_view tenant = {});
void skip(StepResult& step, std::string why);
// Points `focus` at the last exchange without a 2xx answer, else at the last exchange.
void focus_on_error(StepResult& step);
bool is_success(const wire::Delivery& d);
std::string upper(std::string_view text);
using wire::iequals;
void warn(StepResult& step, std::string text, std::string reference);
// An integer JSON value as int64 (also from uint64); nullopt for anything else.
std::optional<std::int64_t> integer(const json::value* v);
// "absent", "the string \"3\"", ...: what a field holds, for a problem text.
std::string kind_of(const json::value* v);
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace oktasim::check::detail
