// A running Okta org: the one place that assembles the event loop, the org model, the System Log, the provisioning
// engine, each app's connector (built through the connector registry from its config's `type`) and the simulated
// downstream apps, and that carries the Okta behaviour around them (Test API Credentials, saving credentials, reading
// the app's accounts back, settling jobs). Front ends (the scenario runner, `check`, the benchmark, tests) drive it
// and watch its event feed.
#pragma once

#include <oktasim/tenant/org_spec.hpp>

#include <oktasim/connectors/http/http_server.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/events.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::tenant {

namespace asio = boost::asio;

struct TenantOptions {
    std::uint64_t seed = 1;
    std::int64_t start_unix_ms = 0;  // virtual time starts here
    // Serve each simulated app on a loopback port and reach it with the HTTP transport (live mode), instead of
    // delivering requests to it in process. The requests and everything the org shows stay the same.
    bool serve_over_http = false;
    // Keep every exchange for transcripts and request expectations; off, exchanges only reach the event feed.
    bool retain_exchanges = true;
    // Keep every System Log event for expectations, the timeline and the JSON lines; off, events only reach the feed.
    bool retain_log_events = true;
    // The stream the org's ids are drawn from ("ids" by default); `check` names one per app flavour and nonce.
    std::string id_stream = "ids";
    // How apps without a simulated downstream reach their server; null: the network (HTTP, TLS, live mode). `check`
    // passes its own, which shares one connection pool and tells the run when each request completes. Not owned.
    engine::TransportProvider* network = nullptr;
    // Registers connector factories beside the built-in ones, before any app is built: an app whose config names
    // one of them gets its connector from it (the tests' scripted "fake", a plugin).
    std::function<void(engine::ConnectorRegistry&)> connectors;
};

// Credentials saved on Provisioning > Integration (the app's connector factory says where they go in its config).
using CredentialChange = engine::CredentialChange;

class Tenant {
public:
    // The spec has been validated (a scenario's loader, or code that builds it); references in it resolve.
    Tenant(const OrgSpec& spec, TenantOptions options);
    // With `loop` shared with other work the caller runs on it (check runs its spec steps beside the org).
    Tenant(const OrgSpec& spec, TenantOptions options, sim::EventLoop& loop);
    // Its jobs stop with it: none runs again, even on a borrowed loop that goes on running (see `Core`).
    ~Tenant();
    Tenant(const Tenant&) = delete;
    Tenant& operator=(const Tenant&) = delete;

    std::uint64_t seed() const noexcept { return options_.seed; }
    sim::EventLoop& loop() noexcept { return *loop_; }
    const sim::EventLoop& loop() const noexcept { return *loop_; }
    engine::Org& org() noexcept { return core_->org; }
    const engine::Org& org() const noexcept { return core_->org; }
    engine::ProvisioningEngine& provisioning() noexcept { return *core_->engine; }
    const engine::ProvisioningEngine& provisioning() const noexcept { return *core_->engine; }
    const engine::SystemLog& log() const noexcept { return core_->log; }
    engine::SystemLog& log() noexcept { return core_->log; }
    // Every exchange so far, when `retain_exchanges` is on (else empty).
    const engine::WireLog& exchanges() const noexcept { return exchanges_; }
    engine::EventFeed& feed() noexcept { return feed_; }
    engine::ConnectorRegistry& registry() noexcept { return registry_; }
    // The id of the i-th user or group, and the key of the i-th app, of the spec it was built from: how a front end
    // that resolved references against the spec (the scenario loader) reaches them, whatever ids the seed generated.
    // Groups made by `create_group` follow the spec's, in the order they were made.
    const std::string& spec_user_id(std::size_t i) const { return spec_user_ids_.at(i); }
    const std::string& spec_group_id(std::size_t i) const { return spec_group_ids_.at(i); }
    const std::string& spec_app_key(std::size_t i) const { return core_->org.apps.at(i)->key; }

    // Adds a user while the org runs, as an admin creating one (nothing is pushed); returns its id (generated from
    // the seed when the spec has none). The spec is checked as a scenario's are: the caller validated it.
    std::string add_user(const UserSpec& spec);
    // An admin creates a group while the org runs (the engine's create_group: push rules it matches push it). Its
    // position follows the groups before it, made or refused: a refused one holds an empty id.
    result<std::string> create_group(std::string name, std::string description, std::string& why);
    // Adds an app while the org runs, with its connector built through the registry (null when its config cannot
    // be built, as at the start) and its simulated downstream, served when the org serves over HTTP.
    engine::App& add_app(const AppSpec& spec);

    // The app's simulated downstream; nullptr for an app that talks to a live server.
    connectors::simapp::SimApp* simulated_app(std::string_view app_key);
    const connectors::simapp::SimApp* simulated_app(std::string_view app_key) const;
    // The loopback server of a simulated app when serving over HTTP; nullptr otherwise.
    const connectors::http::HttpServer* server(std::string_view app_key) const;

    // Runs the loop until no provisioning job is running. A job waiting out a rate-limit pause stays waiting: its
    // time passes with `advance`. False when a job is stuck (no work and no timer): a bug in oktasim.
    bool settle_jobs();
    // Runs the loop, virtual time included, until no job is queued, running or waiting for a retry.
    bool settle_all_jobs();
    // Lets virtual time pass, running what falls due.
    void advance(sim::Duration by);
    // Runs `operation` on the loop to its end (other jobs run meanwhile); false when it cannot finish.
    bool run_to_end(std::function<asio::awaitable<void>()> operation);

    // Okta's connection test, GET /Users?startIndex=1&count=2 (docs/okta-behaviour.md §2.1), logged as
    // application.configuration.update with `display_message` (e.g. "Test API credentials").
    result<void> test_credentials(std::string_view app_key, std::string_view display_message, std::string& why);
    // Save on Provisioning > Integration: the new values are stored and the connector rebuilt, then Okta probes the
    // server with them. A failed probe fails the save with the error the Save shows; the values stay saved.
    result<void> save_credentials(std::string_view app_key, const CredentialChange& change, std::string& why);
    // A live app's users, listed a page of 100 at a time (Okta's list request; for SCIM, GET /Users) by a
    // connector of its own that records nothing, so expectations on requests do not see it.
    result<std::vector<json::object>> read_live_accounts(std::string_view app_key, std::string& why);

private:
    void build(const OrgSpec& spec);
    engine::App& make_app(const AppSpec& spec);  // into the org, with its simulated app; not yet connected
    void add_app_user(const engine::App& app, const AppUserSpec& spec, const std::string& t0);
    void serve(engine::App& app);
    void point_at_server(engine::App& app, const connectors::http::HttpServer& server);
    error_code connect(engine::App& app, std::string& why);
    // A connector for `app` as its config stands, reporting its exchanges to `recorder`.
    result<std::unique_ptr<engine::Connector>> make_connector(const engine::App& app, engine::ExchangeRecorder& recorder,
                                                              std::string& why);

    // Retains exchanges (when asked) and publishes each one on the feed.
    class ExchangeTap final : public engine::ExchangeRecorder {
    public:
        ExchangeTap(Tenant& t) : tenant_(t) {}
        void record(wire::Exchange x) override;

    private:
        Tenant& tenant_;
    };

    // What a job refers to while it lives. Jobs run on an executor that holds the Core (job_executor.hpp), so a job
    // still suspended on a borrowed loop when the Tenant goes finds these parts when its frame is destroyed; and
    // `alive`, cleared by ~Tenant, makes that executor destroy such a job instead of running it again.
    struct Core {
        Core(sim::EventLoop& loop, sim::Prng id_stream, engine::EventFeed* feed)
            : ids(std::move(id_stream)), log(loop, ids, feed) {}
        bool alive = true;
        engine::IdGenerator ids;
        engine::SystemLog log;
        engine::Org org;
        std::optional<engine::ProvisioningEngine> engine;
    };
    // The loop's executor behind Core::alive: the org's jobs and operations run on it.
    asio::any_io_executor job_executor() const;

    TenantOptions options_;
    std::unique_ptr<sim::EventLoop> own_loop_;
    sim::EventLoop* loop_;
    engine::EventFeed feed_;
    std::shared_ptr<Core> core_;
    engine::WireLog exchanges_;
    ExchangeTap tap_{*this};
    engine::ConnectorRegistry registry_;
    std::map<std::string, std::unique_ptr<connectors::simapp::SimApp>, std::less<>> simulated_apps_;
    std::vector<std::string> spec_user_ids_, spec_group_ids_;  // in spec order
    std::map<std::string, std::unique_ptr<connectors::http::HttpServer>, std::less<>> servers_;
    // App key -> its connector config when it was first served: later saves may name that server again.
    std::map<std::string, json::object, std::less<>> first_configs_;
};

}  // namespace oktasim::tenant
