// The engine's unit-test rig: the scripted fake connector of tests/support and a fixture
// with a two-user org, one app wired to that connector, an event feed, and exact settling on the job counts.
#pragma once

#include "support/fake_connector.hpp"

#include <oktasim/engine/engine.hpp>

#include <boost/test/unit_test.hpp>

#include <deque>
#include <functional>

namespace oktasim::engine::testing {

namespace json = boost::json;


// The scripted fake connector is the tests' one (tests/support).
using FakeConnector = oktasim::test::FakeConnector;

inline result<json::object> rate_limited(Diagnostics& d, std::optional<sim::Duration> retry_after) {
    d.http_status = 429;
    d.reason = "Too Many Requests";
    d.retry_after = retry_after;
    return make_error_code(connector_errc::rate_limited);
}

inline result<json::object> refused_with(Diagnostics& d, int status) {
    d.http_status = status;
    d.reason = status == 501 ? "Not Implemented" : "Method Not Allowed";
    return make_error_code(status == 501 ? connector_errc::server_error : connector_errc::rejected);
}

struct EngineFixture {
    sim::EventLoop loop{1, 0};
    IdGenerator ids{loop.prng().fork("ids")};
    Org org;
    EventFeed feed;
    SystemLog log{loop, ids, &feed};
    ProvisioningEngine engine{loop, org, log, ids, LogActor{"00uadmin", "User", "admin@example.com", "Admin"}, &feed};
    FakeConnector* fake = nullptr;
    std::string why;

    EngineFixture() {
        for (const char* login : {"alice@example.com", "bob@example.com"}) {
            User u;
            u.id = std::string("00u-") + login;
            u.profile = json::object{{"login", login}, {"firstName", "A"}, {"lastName", "B"}};
            org.users.emplace(u.id, u);
        }
        auto app = std::make_unique<App>();
        app->key = "app";
        app->id = "0oaapp";
        app->label = "App";
        app->to_app.create_users = true;
        auto connector = std::make_unique<FakeConnector>();
        fake = connector.get();
        app->connector = std::move(connector);
        org.apps.push_back(std::move(app));
    }
    ~EngineFixture() { loop.shutdown(); }
    // Runs until no job is queued, running or waiting for a retry (rate-limited jobs stay waiting: run the clock).
    bool settle() { return loop.run_while([this] { return engine.queued_jobs() + engine.running_jobs() > 0; }); }
    // Assigns and provisions alice (account id-alice@example.com), then forgets the calls.
    void provision_alice() {
        BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
        BOOST_TEST_REQUIRE(settle());
        fake->calls.clear();
    }
    const Task* only_task(TaskKind kind) const {
        const Task* found = nullptr;
        for (const auto& t : org.tasks)
            if (t.kind == kind) found = &t;
        return found;
    }
};

}  // namespace oktasim::engine::testing
