// An Okta org for unit tests that drive the engine directly: a tenant::Tenant in virtual time with the admin
// "00uadmin", the tests' "fake" connector type registered, and users and apps the test adds.
#pragma once

#include <oktasim/tenant/tenant.hpp>

#include <cstdint>
#include <string>

namespace oktasim::test {

namespace json = boost::json;

struct TestOrg {
    // `network`: how apps without a simulated downstream reach their server (a test's transports); null: none.
    explicit TestOrg(std::uint64_t seed = 1, engine::TransportProvider* network = nullptr);
    TestOrg(const TestOrg&) = delete;
    TestOrg& operator=(const TestOrg&) = delete;

    // A user with this id and login, named `first last`.
    engine::User& add_user(std::string id, std::string login, std::string first = "A", std::string last = "B");
    // App "app" (id 0oaapp, label App) with Create Users on, its connector built from `connector` (the fake by
    // default: reach it with fake_of).
    engine::App& add_app(json::object connector = json::object{{"type", "fake"}});
    // Runs until no provisioning job is running; false when one is left with nothing to run.
    bool settle();
    // The last task of this kind, whatever its status; nullptr when there is none.
    const engine::Task* last_task(engine::TaskKind kind) const;

    tenant::Tenant tenant;
    sim::EventLoop& loop;
    engine::Org& org;
    engine::SystemLog& log;
    const engine::WireLog& wire;
    engine::ProvisioningEngine& engine;
    std::string why;  // the engine's refusals land here
};

}  // namespace oktasim::test
