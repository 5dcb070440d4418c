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
};

// Credentials saved on Provisioning > Integration: what changes in the app's connector configuration.
struct CredentialChange {
    std::optional<json::value> auth;
    std::optional<json::value> base_url;
};

class Tenant {
public:
    // The spec has been validated (a scenario's loader, or code that builds it); references in it resolve.
    Tenant(const OrgSpec& spec, TenantOptions options);
    // With `loop` shared with other work the caller runs on it (check runs its spec steps beside the org).
    Tenant(const OrgSpec& spec, TenantOptions options, sim::EventLoop& loop);
    ~Tenant();
    Tenant(const Tenant&) = delete;
    Tenant& operator=(const Tenant&) = delete;

    std::uint64_t seed() const noexcept { return options_.seed; }
    sim::EventLoop& loop() noexcept { return *loop_; }
    const sim::EventLoop& loop() const noexcept { return *loop_; }
    engine::Org& org() noexcept { return org_; }
    const engine::Org& org() const noexcept { return org_; }
    engine::ProvisioningEngine& provisioning() noexcept { return *engine_; }
    const engine::ProvisioningEngine& provisioning() const noexcept { return *engine_; }
    const engine::SystemLog& log() const noexcept { return log_; }
    // Every exchange so far, when `retain_exchanges` is on (else empty).
    const engine::WireLog& exchanges() const noexcept { return exchanges_; }
    engine::EventFeed& feed() noexcept { return feed_; }
    engine::ConnectorRegistry& registry() noexcept { return registry_; }
    // The id of the i-th user or group, and the key of the i-th app, of the spec it was built from: how a front end
    // that resolved references against the spec (the scenario loader) reaches them, whatever ids the seed generated.
    const std::string& spec_user_id(std::size_t i) const { return spec_user_ids_.at(i); }
    const std::string& spec_group_id(std::size_t i) const { return spec_group_ids_.at(i); }
    const std::string& spec_app_key(std::size_t i) const { return org_.apps.at(i)->key; }

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
    // A live app's users, read with Okta's list request (GET /Users, pages of 100) on a side channel that is not
    // recorded, so expectations on requests do not see it.
    result<std::vector<json::object>> read_live_accounts(std::string_view app_key, std::string& why);

private:
    void build(const OrgSpec& spec);
    void add_app_user(const engine::App& app, const AppUserSpec& spec, const std::string& t0);
    void serve(engine::App& app);
    void point_at_server(engine::App& app, const connectors::http::HttpServer& server);
    error_code connect(engine::App& app, std::string& why);

    // Retains exchanges (when asked) and publishes each one on the feed.
    class ExchangeTap final : public engine::ExchangeRecorder {
    public:
        ExchangeTap(Tenant& t) : tenant_(t) {}
        void record(wire::Exchange x) override;

    private:
        Tenant& tenant_;
    };

    TenantOptions options_;
    std::unique_ptr<sim::EventLoop> own_loop_;
    sim::EventLoop* loop_;
    engine::IdGenerator ids_;
    engine::EventFeed feed_;
    engine::SystemLog log_;
    engine::WireLog exchanges_;
    ExchangeTap tap_{*this};
    engine::ConnectorRegistry registry_;
    std::map<std::string, std::unique_ptr<connectors::simapp::SimApp>, std::less<>> simulated_apps_;
    engine::Org org_;
    std::vector<std::string> spec_user_ids_, spec_group_ids_;  // in spec order
    std::optional<engine::ProvisioningEngine> engine_;
    std::map<std::string, std::unique_ptr<connectors::http::HttpServer>, std::less<>> servers_;
    std::map<std::string, std::string, std::less<>> scenario_hosts_;  // app key -> the host its spec's baseUrl names
};

}  // namespace oktasim::tenant
