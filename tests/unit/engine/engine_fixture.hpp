// The engine's unit-test rig: a scripted fake connector (recording each operation it is asked for) and a fixture
// with a two-user org, one app wired to that connector, an event feed, and exact settling on the job counts.
#pragma once

#include <oktasim/engine/engine.hpp>

#include <boost/test/unit_test.hpp>

#include <deque>
#include <functional>

namespace oktasim::engine::testing {

namespace json = boost::json;


// A Connector whose answers a test scripts, recording each operation it is asked for.
class FakeConnector final : public Connector {
public:
    std::vector<std::string> calls;
    using Script = std::deque<std::function<result<json::object>(Diagnostics&)>>;
    Script creates;   // empty: succeed
    Script replaces;  // empty: succeed
    Script patches;   // empty: succeed
    std::vector<json::object> patch_bodies, replace_bodies;
    std::optional<json::object> existing;                                   // what find_user returns

    std::string_view type() const noexcept override { return "fake"; }
    asio::awaitable<result<UserPage>> test_credentials(Diagnostics&) override { co_return UserPage{}; }
    asio::awaitable<result<std::optional<json::object>>> find_user(std::string name, Diagnostics&) override {
        calls.push_back("find " + name);
        co_return existing;
    }
    asio::awaitable<result<json::object>> create_user(json::object r, Diagnostics& d) override {
        calls.push_back("create " + std::string(r.at("userName").as_string()));
        if (!creates.empty()) {
            auto next = std::move(creates.front());
            creates.pop_front();
            co_return next(d);
        }
        co_return json::object{{"id", "id-" + std::string(r.at("userName").as_string())}};
    }
    asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics&) override {
        calls.push_back("get " + id);
        co_return json::object{{"id", id}, {"active", true}};
    }
    asio::awaitable<result<json::object>> replace_user(std::string id, json::object r, Diagnostics& d) override {
        calls.push_back("replace " + id);
        replace_bodies.push_back(r);
        if (auto next = pop(replaces)) co_return (*next)(d);
        co_return r;
    }
    asio::awaitable<result<json::object>> patch_user(std::string id, json::object op, Diagnostics& d) override {
        calls.push_back("patch " + id);
        patch_bodies.push_back(op);
        if (auto next = pop(patches)) co_return (*next)(d);
        co_return json::object{};
    }
    static std::optional<Script::value_type> pop(Script& script) {
        if (script.empty()) return std::nullopt;
        auto next = std::move(script.front());
        script.pop_front();
        return next;
    }
    asio::awaitable<result<UserPage>> list_users(std::int64_t, std::int64_t, Diagnostics&) override {
        co_return UserPage{};
    }
};

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
