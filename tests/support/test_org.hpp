// An Okta org with its provisioning engine, assembled for unit tests that drive the engine directly: an event loop
// in virtual time, the org model, the System Log, a wire log, and users and apps the test adds.
#pragma once

#include <oktasim/engine/engine.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace oktasim::test {

namespace json = boost::json;

struct TestOrg {
    explicit TestOrg(std::uint64_t seed = 1);
    ~TestOrg();  // shuts the loop down first: suspended jobs refer to the engine
    TestOrg(const TestOrg&) = delete;
    TestOrg& operator=(const TestOrg&) = delete;

    // A user with this id and login, named `first last`.
    engine::User& add_user(std::string id, std::string login, std::string first = "A", std::string last = "B");
    // App "app" (id 0oaapp, label App) with Create Users on, served by `connector`.
    engine::App& add_app(std::unique_ptr<engine::Connector> connector);
    // Runs until no provisioning job is queued, running or waiting; false when one is left with nothing to run.
    bool settle();
    // The last task of this kind, whatever its status; nullptr when there is none.
    const engine::Task* last_task(engine::TaskKind kind) const;

    sim::EventLoop loop;
    engine::IdGenerator ids;
    engine::Org org;
    engine::SystemLog log;
    engine::WireLog wire;
    engine::ProvisioningEngine engine;
    std::string why;  // the engine's refusals land here
};

}  // namespace oktasim::test
