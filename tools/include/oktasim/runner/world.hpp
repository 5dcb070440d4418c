// A scenario's simulated world: the event loop, the org, its System Log, the provisioning engine, the apps'
// connectors and their simulated downstream apps. Builds it from a Scenario and performs action steps on it.
#pragma once

#include <oktasim/runner/scenario.hpp>

#include <oktasim/connectors/http/http_server.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace oktasim::runner {

class World {
public:
    // `over_http`: serve each simulated app on a loopback port and connect to it with the HTTP transport.
    World(const Scenario& scenario, std::uint64_t seed, bool over_http = false);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Performs one action step; `why` explains a refusal.
    error_code perform(const Step& step, std::string& why);
    // Runs the loop until no provisioning job is running (rate-limited jobs wait for `advance`). False if stuck.
    bool settle_jobs();
    // Every SCIM exchange so far, as an HTTP-style transcript with secrets redacted.
    std::string transcript() const;
    // The transport-independent projection described in RunResult.
    json::array request_summary() const;
    json::object final_state() const;

    connectors::simapp::SimApp* downstream(std::string_view app_key);
    // A live app's users, read from its server with Okta's list request (GET /Users, pages of 100) on a side
    // channel that is not recorded, so expectations on "requests" do not see it.
    result<std::vector<json::object>> read_live_accounts(const std::string& app_key, std::string& why);

    std::uint64_t seed;
    sim::EventLoop loop;
    engine::IdGenerator ids;
    engine::SystemLog log;
    engine::WireLog wire;
    engine::ConnectorRegistry registry;
    std::map<std::string, std::unique_ptr<connectors::simapp::SimApp>, std::less<>> downstreams;
    engine::Org org;
    std::optional<engine::ProvisioningEngine> provisioning;
    std::map<std::string, std::unique_ptr<connectors::http::HttpServer>, std::less<>> servers;
    std::map<std::string, std::string> scenario_hosts_;  // app key -> the host its scenario's baseUrl names

private:
    void build(const Scenario& scenario, bool over_http);
    void add_app_user(const engine::App& app, const AppUserSpec& spec, const std::string& t0);
    void serve(const std::string& app_key, engine::App& app);
    void point_at_server(engine::App& app, const connectors::http::HttpServer& server);
    error_code connect(engine::App& app, std::string& why);
    error_code app_side(const Step& step, std::string& why);
    error_code task_action(const Step& step, std::string& why);
    // Okta's connection test, GET /Users?startIndex=1&count=2 (§2.1), logged as application.configuration.update
    // with `display_message`: "Test API Credentials", and Save on the API integration.
    error_code test_credentials(engine::App& app, std::string_view display_message, std::string& why);
    error_code save_credentials(const Step& step, std::string& why);
};

}  // namespace oktasim::runner
