// The engine's unit-test rig: the scripted fake connector of tests/support and a fixture (a TestOrg) with a
// two-user org, one app wired to that connector, its event feed, and exact settling on the job counts.
#pragma once

#include "support/fake_connector.hpp"
#include "support/test_org.hpp"

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

// Alice and bob (ids 00u-<login>, named A B) and app "app" served by the fake connector, on a TestOrg's Tenant.
struct EngineFixture : oktasim::test::TestOrg {
    EventFeed& feed = tenant.feed();
    FakeConnector* fake = nullptr;

    EngineFixture() {
        for (const char* login : {"alice@example.com", "bob@example.com"}) add_user(std::string("00u-") + login, login);
        fake = oktasim::test::fake_of(add_app());
    }
    // Runs until no job is queued, running or waiting for a retry (rate-limited jobs stay waiting: run the clock).
    bool settle() { return tenant.settle_jobs(); }
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
