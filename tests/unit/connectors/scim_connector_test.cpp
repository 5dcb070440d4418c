// The scim2 connector under the engine with a transport error injected at each request of a flow in turn: every
// failure point ends in Okta's message for that step ("... : null"), a task, and no lost or repeated request.
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/engine/engine.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;
namespace scim = oktasim::connectors::scim;
namespace simapp = oktasim::connectors::simapp;

namespace {

// Delivers to the simulated app, except that request number `fail_at` (1-based) gets a refused connection.
class FailingTransport final : public connectors::Transport {
public:
    FailingTransport(sim::EventLoop& loop, Downstream& app, int fail_at) : inner_(loop, app), fail_at_(fail_at) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override {
        if (++sent_ == fail_at_) co_return wire::Delivery{std::nullopt, wire::TransportFailure::connection_refused, "refused", {}};
        co_return co_await inner_.send(std::move(request));
    }
    int sent() const noexcept { return sent_; }

private:
    connectors::InprocTransport inner_;
    int fail_at_;
    int sent_ = 0;
};

struct Flow {
    const char* name;
    bool existing_account;  // the app already has the user: link (+ profile push) instead of create
    int requests;           // requests the flow sends when nothing fails
    const char* step_text;  // Okta's step text for each failing request, in order
};

struct World {
    sim::EventLoop loop{3, 0};
    IdGenerator ids{loop.prng().fork("ids")};
    Org org;
    SystemLog log{loop, ids};
    WireLog wire;
    ProvisioningEngine engine{loop, org, log, ids, LogActor{"00uadmin", "User", "admin@example.com", "Admin"}};
    std::unique_ptr<simapp::SimApp> app;
    FailingTransport* transport = nullptr;

    World(bool existing_account, int fail_at) {
        std::string error;
        json::object config{{"accounts", existing_account ? json::array{json::object{{"id", "acc-1"}, {"userName", "alice@example.com"}}}
                                                          : json::array{}}};
        auto parsed = simapp::parse_sim_app_config(json::value(config), error);
        app = std::make_unique<simapp::SimApp>(std::move(*parsed), loop.wall_clock(), loop.prng().fork("app"));
        User u;
        u.id = "00ualice";
        u.profile = json::object{{"login", "alice@example.com"}, {"firstName", "Alice"}, {"lastName", "L"}};
        org.users.emplace(u.id, u);
        auto a = std::make_unique<App>();
        a->key = "app";
        a->id = "0oaapp";
        a->label = "App";
        a->to_app.create_users = true;
        a->to_app.update_user_attributes = true;
        auto t = std::make_unique<FailingTransport>(loop, *app, fail_at);
        transport = t.get();
        a->connector = std::make_unique<scim::ScimConnector>(*scim::parse_endpoint("https://x.test/scim/v2", error),
                                                              scim::Auth{}, std::move(t), loop, wire, "app");
        org.apps.push_back(std::move(a));
    }
    ~World() { loop.shutdown(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_connector)

BOOST_AUTO_TEST_CASE(transport_error_at_each_step_gives_okta_message_and_a_task) {
    const Flow flows[] = {
        {"create", false, 2, "Error while verifying if user alice@example.com exists: null|Error while creating user Alice L: null"},
        {"link", true, 3,
         "Error while verifying if user alice@example.com exists: null|"
         "Error while trying to push profile update for alice@example.com: null|"
         "Error while trying to push profile update for alice@example.com: null"},
    };
    for (const auto& flow : flows) {
        std::vector<std::string> texts;
        for (std::string_view rest = flow.step_text; !rest.empty();) {
            const auto bar = rest.find('|');
            texts.emplace_back(rest.substr(0, bar));
            rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
        }
        for (int k = 1; k <= flow.requests; ++k) {
            BOOST_TEST_CONTEXT(flow.name << ": failure at request " << k) {
                // Setup
                World w(flow.existing_account, k);
                std::string why;
                // Act
                BOOST_TEST(w.engine.assign_user("app", "alice@example.com", why).has_value());
                BOOST_TEST(w.loop.run_while([&] { return w.engine.active_jobs() > 0; }));
                // Assert: the flow stops at the failing request, with that step's message
                BOOST_TEST(w.transport->sent() == k);
                BOOST_TEST(w.wire.exchanges().size() == static_cast<std::size_t>(k));
                BOOST_TEST_REQUIRE(w.org.tasks.size() == 1u);
                BOOST_TEST(w.org.tasks[0].message ==
                           "Automatic provisioning of user Alice L to app App failed: " + texts[static_cast<std::size_t>(k - 1)]);
                BOOST_TEST(w.org.tasks[0].failure_mode.value_or("") == "connection-refused");
                BOOST_TEST(w.org.app_user("app", "00ualice")->sync_state == SyncState::error);
            }
        }
        // And with no failure the flow completes with exactly `requests` requests.
        World ok(flow.existing_account, 0);
        std::string why;
        BOOST_TEST(ok.engine.assign_user("app", "alice@example.com", why).has_value());
        BOOST_TEST(ok.loop.run_while([&] { return ok.engine.active_jobs() > 0; }));
        BOOST_TEST(ok.transport->sent() == flow.requests);
        BOOST_TEST(ok.org.app_user("app", "00ualice")->status == AppUserStatus::provisioned);
    }
}

// Item 12: a 401 with a refresh that cannot be sent (the tokenUrl is not a URL) is not skipped silently: the
// refresh attempt and its reason are recorded with the exchanges, and the 401 stands.
BOOST_AUTO_TEST_CASE(hardening_impossible_token_refresh_is_recorded) {
    sim::EventLoop loop{3, 0};
    WireLog wire;
    std::string error;
    auto parsed = simapp::parse_sim_app_config(json::value(json::object{{"auth", json::object{{"bearer", "other"}}}}), error);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), error);
    simapp::SimApp app(std::move(*parsed), loop.wall_clock(), loop.prng().fork("app"));
    scim::Auth auth;
    auth.mode = scim::Auth::Mode::oauth2;
    auth.token = "AT";
    auth.refresh_token = "RT";
    auth.token_url = "not a url";
    scim::ScimConnector connector(*scim::parse_endpoint("https://x.test/scim/v2", error), auth,
                                  std::make_unique<connectors::InprocTransport>(loop, app), loop, wire, "app");
    Diagnostics diag;
    bool done = false;
    bool ok = true;
    asio::co_spawn(loop.get_executor(), connector.test_credentials(diag),
                   [&](std::exception_ptr e, result<UserPage> page) {
                       if (e) std::rethrow_exception(e);
                       ok = page.has_value();
                       done = true;
                   });
    loop.run_while([&] { return !done; });
    BOOST_REQUIRE(done);
    BOOST_TEST(!ok);
    BOOST_TEST(diag.http_status == 401);
    BOOST_REQUIRE(wire.exchanges().size() == 2u);
    const auto& refresh = wire.exchanges()[1];
    BOOST_TEST(refresh.request.method == "POST");
    BOOST_TEST(refresh.request.target == "not a url");
    BOOST_TEST(!refresh.delivery.response.has_value());
    BOOST_TEST(refresh.delivery.failure_text.rfind("cannot refresh the access token: tokenUrl: ", 0) == 0u,
               refresh.delivery.failure_text);
    loop.shutdown();
}

BOOST_AUTO_TEST_SUITE_END()
