// A scenario's world: the running org (a Tenant built from the scenario's org) and the action steps performed on
// it, plus the run's projections (transcript, request summary, final state).
#pragma once

#include <oktasim/runner/scenario.hpp>

#include <oktasim/tenant/tenant.hpp>

#include <string>
#include <vector>

namespace oktasim::runner {

class World {
public:
    // `over_http`: serve each simulated app on a loopback port and connect to it with the HTTP transport.
    World(const Scenario& scenario, std::uint64_t seed, bool over_http = false);

    // Performs one action step (its command); `why` explains a refusal.
    error_code perform(const Step& step, std::string& why);
    // Runs the loop until no provisioning job is running (rate-limited jobs wait for `advance`). False if stuck.
    bool settle_jobs() { return tenant_.settle_jobs(); }
    // Every SCIM exchange so far, as an HTTP-style transcript with secrets redacted.
    std::string transcript() const;
    // Every exchange so far as a HAR 1.2 log (wire/har.hpp), credentials redacted, virtual timestamps.
    json::object har(const std::string& creator_version) const;
    // The transport-independent projection described in RunResult.
    json::array request_summary() const;
    json::object final_state() const;

    tenant::Tenant& tenant() noexcept { return tenant_; }
    std::uint64_t seed() const noexcept { return tenant_.seed(); }
    const sim::EventLoop& loop() const noexcept { return tenant_.loop(); }
    engine::Org& org() noexcept { return tenant_.org(); }
    const engine::Org& org() const noexcept { return tenant_.org(); }
    const engine::SystemLog& log() const noexcept { return tenant_.log(); }
    const engine::WireLog& wire() const noexcept { return tenant_.exchanges(); }
    engine::ProvisioningEngine& provisioning() noexcept { return tenant_.provisioning(); }
    connectors::simapp::SimApp* downstream(std::string_view app_key) { return tenant_.simulated_app(app_key); }
    result<std::vector<json::object>> read_live_accounts(const std::string& app_key, std::string& why) {
        return tenant_.read_live_accounts(app_key, why);
    }

private:
    tenant::Tenant tenant_;
};

}  // namespace oktasim::runner
