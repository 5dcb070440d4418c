// The push flows against a scripted fake connector: which operations Okta performs, tasks and states on failure,
// the §5.4 rate-limit schedule in virtual time, and per-app job ordering. No SCIM, no sockets.
#include <oktasim/engine/engine.hpp>

#include <boost/test/unit_test.hpp>

#include <deque>
#include <functional>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;

namespace {

// A Connector whose answers a test scripts, recording each operation it is asked for.
class FakeConnector final : public Connector {
public:
    std::vector<std::string> calls;
    std::deque<std::function<result<json::object>(Diagnostics&)>> creates;  // empty: succeed
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
    asio::awaitable<result<json::object>> replace_user(std::string id, json::object r, Diagnostics&) override {
        calls.push_back("replace " + id);
        co_return r;
    }
    asio::awaitable<result<json::object>> patch_user(std::string id, json::object, Diagnostics&) override {
        calls.push_back("patch " + id);
        co_return json::object{};
    }
    asio::awaitable<result<UserPage>> list_users(std::int64_t, std::int64_t, Diagnostics&) override {
        co_return UserPage{};
    }
};

result<json::object> rate_limited(Diagnostics& d, std::optional<sim::Duration> retry_after) {
    d.http_status = 429;
    d.reason = "Too Many Requests";
    d.retry_after = retry_after;
    return make_error_code(connector_errc::rate_limited);
}

struct EngineFixture {
    sim::EventLoop loop{1, 0};
    IdGenerator ids{loop.prng().fork("ids")};
    Org org;
    SystemLog log{loop, ids};
    ProvisioningEngine engine{loop, org, log, ids, LogActor{"00uadmin", "User", "admin@example.com", "Admin"}};
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
    bool settle() { return loop.run_while([this] { return engine.active_jobs() > 0; }); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(engine_push_flow, EngineFixture)

BOOST_AUTO_TEST_CASE(create_users_off_neither_creates_nor_links_by_default) {
    // Setup
    org.apps[0]->to_app.create_users = false;
    fake->existing = json::object{{"id", "acc-1"}, {"active", true}};
    // Act
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // Assert
    BOOST_TEST(fake->calls == std::vector<std::string>{"find alice@example.com"}, boost::test_tools::per_element());
    const AppUser* au = org.app_user("app", "00u-alice@example.com");
    BOOST_TEST(au->status == "STAGED");
    BOOST_TEST(au->sync_state == "ERROR");
    BOOST_TEST(!au->external_id.has_value());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].message == "Automatic provisioning of user A B to app App failed: User not found");
}

BOOST_AUTO_TEST_CASE(okta_kb_behaviour_links_an_existing_match) {
    org.apps[0]->to_app.create_users = false;
    org.apps[0]->create_users_off = CreateUsersOff::okta_kb;
    fake->existing = json::object{{"id", "acc-1"}, {"active", true}};
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->external_id.value() == "acc-1");
    BOOST_TEST(org.tasks.empty());
}

BOOST_AUTO_TEST_CASE(rate_limited_job_pauses_in_virtual_time_then_succeeds) {
    // Setup: two 429s with Retry-After 30 s, then success: waits of 30 s and 60 s (doubling, §5.4)
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{30'000}); });
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{30'000}); });
    // Act
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // Assert: the paused job does not hold the step; the task says why
    BOOST_TEST(loop.now().count() == 0);
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == "PAUSED");
    loop.run_until(sim::Duration{30'000});
    BOOST_TEST(org.tasks[0].status == "PAUSED");
    loop.run_until(sim::Duration{90'000});
    BOOST_TEST(org.tasks[0].status == "RESOLVED");
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->status == "PROVISIONED");
}

BOOST_AUTO_TEST_CASE(rate_limit_gives_up_after_ten_attempts) {
    for (int i = 0; i < 12; ++i)
        fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, std::nullopt); });
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    loop.run_until_quiescent();
    // 5 min doubling nine times: 5 * (2^9 - 1) minutes of waiting before the 10th and last attempt.
    BOOST_TEST(loop.now().count() == 5 * 511 * 60'000LL);
    BOOST_TEST(org.tasks[0].status == "OPEN");
    BOOST_TEST(org.tasks[0].message == "Automatic provisioning of user A B to app App failed: Rate Limit Exceeded");
    BOOST_TEST(fake->creates.size() == 2u);
}

BOOST_AUTO_TEST_CASE(jobs_for_one_app_run_one_at_a_time_in_order) {
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    const std::vector<std::string> expected{"find alice@example.com", "create alice@example.com", "find bob@example.com",
                                            "create bob@example.com"};
    BOOST_TEST(fake->calls == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(oin_deactivation_is_a_patch_and_aiw_a_get_then_put) {
    BOOST_TEST(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    org.apps[0]->to_app.deactivate_users = true;
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls.back() == "replace id-alice@example.com");
    BOOST_TEST(fake->calls[fake->calls.size() - 2] == "get id-alice@example.com");
    org.apps[0]->flavour = Flavour::oin;
    BOOST_TEST(engine.assign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(engine.unassign_user("app", "bob@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(fake->calls.back() == "patch id-bob@example.com");
}

BOOST_AUTO_TEST_CASE(refusals_name_what_is_wrong) {
    BOOST_TEST(engine.assign_user("nope", "alice@example.com", why).error() == make_error_code(engine_errc::not_found));
    BOOST_TEST(why == "no app 'nope'");
    BOOST_TEST(engine.unassign_user("app", "alice@example.com", why).error() == make_error_code(engine_errc::not_assigned));
    BOOST_TEST(engine.suspend_user("alice@example.com", why).has_value());
    BOOST_TEST(engine.suspend_user("alice@example.com", why).error() == make_error_code(engine_errc::invalid_transition));
}

BOOST_AUTO_TEST_SUITE_END()
