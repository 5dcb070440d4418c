// The scim2 connector under the engine with a transport error injected at each request of a flow in turn: every
// failure point ends in Okta's message for that step ("... : null"), a task, and no lost or repeated request.
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/engine/engine.hpp>

#include "support/fail_each_request.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;
namespace scim = oktasim::connectors::scim;
namespace simapp = oktasim::connectors::simapp;

namespace {

// Alice, and app "app" (Create Users and Update User Attributes on) whose scim2 connector reaches the simulated app
// through a FailingTransport; `existing_account`: the app already has an account for alice.
// The host side of the test: every transport the connector opens reaches `app` in process through a
// FailingTransport (the last one opened is `transport`).
struct FailingNetwork final : engine::TransportProvider {
    sim::EventLoop* loop = nullptr;
    simapp::SimApp* app = nullptr;
    test::FailingTransport* transport = nullptr;
    std::unique_ptr<engine::Transport> open(std::string_view, const engine::TransportOptions&, std::string&) override {
        auto t = std::make_unique<test::FailingTransport>(std::make_unique<connectors::InprocTransport>(*loop, *app));
        transport = t.get();
        return t;
    }
};

struct World : test::TestOrg {
    FailingNetwork network;
    std::unique_ptr<simapp::SimApp> app;
    test::FailingTransport* transport = nullptr;
    App* okta_app = nullptr;

    explicit World(bool existing_account) : TestOrg(3, &network) {
        std::string error;
        json::object config{{"accounts", existing_account ? json::array{json::object{{"id", "acc-1"}, {"userName", "alice@example.com"}}}
                                                          : json::array{}}};
        auto parsed = simapp::parse_sim_app_config(json::value(config), error);
        app = std::make_unique<simapp::SimApp>(std::move(*parsed), loop.wall_clock(), loop.prng().fork("app"));
        add_user("00ualice", "alice@example.com", "Alice", "L");
        network.loop = &loop;
        network.app = app.get();
        okta_app = &add_app(json::object{{"type", "scim2"}, {"baseUrl", "https://x.test/scim/v2"}});
        transport = network.transport;
        okta_app->to_app.update_user_attributes = true;
    }
    ~World() { loop.shutdown(); }  // before the simulated app goes: suspended jobs refer to it
    // Assigns alice and lets her account be created (or linked) with nothing failing.
    void provision_alice() {
        BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
        BOOST_TEST_REQUIRE(settle());
        BOOST_TEST_REQUIRE(org.app_user("app", "00ualice")->status == AppUserStatus::provisioned);
    }
};

std::vector<std::string> split_bars(std::string_view text) {
    std::vector<std::string> out;
    for (std::string_view rest = text; !rest.empty();) {
        const auto bar = rest.find('|');
        out.emplace_back(rest.substr(0, bar));
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_connector)

BOOST_AUTO_TEST_CASE(transport_error_at_each_step_gives_okta_message_and_a_task) {
    struct Flow {
        const char* name;
        bool existing_account;  // the app already has the user: link (+ profile push) instead of create
        int requests;           // requests the flow sends when nothing fails
        const char* step_text;  // Okta's step text for each failing request, in order
    };
    const Flow flows[] = {
        {"create", false, 2, "Error while verifying if user alice@example.com exists: null|Error while creating user Alice L: null"},
        {"link", true, 3,
         "Error while verifying if user alice@example.com exists: null|"
         "Error while trying to push profile update for alice@example.com: null|"
         "Error while trying to push profile update for alice@example.com: null"},
    };
    for (const auto& flow : flows) {
        BOOST_TEST_CONTEXT(flow.name) {
            const std::vector<std::string> texts = split_bars(flow.step_text);
            const int requests = test::fail_at_each_request(
                [&](int k) {
                    World w(flow.existing_account);
                    w.transport->fail_at(k);
                    BOOST_TEST(w.engine.assign_user("app", "alice@example.com", w.why).has_value());
                    const test::FlowOutcome out = test::outcome_of(w, *w.transport);
                    // Every request the flow asked for was recorded, the refused one included.
                    BOOST_TEST(w.wire.exchanges().size() == static_cast<std::size_t>(out.sent));
                    const AppUser* au = w.org.app_user("app", "00ualice");
                    BOOST_TEST_REQUIRE(au != nullptr);
                    if (k == 0) BOOST_TEST(au->status == AppUserStatus::provisioned);
                    if (k > 0) BOOST_TEST(au->sync_state == SyncState::error);
                    return out;
                },
                [&](int k, const test::FlowOutcome& out) {
                    BOOST_TEST(out.open[0].message == "Automatic provisioning of user Alice L to app App failed: " +
                                                          texts[static_cast<std::size_t>(k - 1)]);
                    BOOST_TEST(out.open[0].failure_mode.value_or("") == "connection-refused");
                });
            BOOST_TEST(requests == flow.requests);
        }
    }
}

// The To App flows after provisioning: a profile push (GET then PUT in both flavours) and the deactivation that
// unassigning sends (AIW: GET then PUT; OIN: one PATCH). A refused request at any point leaves one open task with
// Okta's message for the flow, never a hung job.
BOOST_AUTO_TEST_CASE(transport_error_at_each_step_of_profile_push_and_deactivation) {
    struct Flow {
        const char* name;
        Flavour flavour;
        bool deprovision;     // else a profile push
        int requests;         // requests the flow sends when nothing fails
        TaskKind kind;        // the task it opens on failure
        const char* message;  // Okta's message, whichever request failed
        const char* mode;     // the failure mode the task names
    };
    const char* push = "Automatic profile push of Alice L to app App failed: Error while trying to push profile update "
                       "for alice@example.com: null";
    const char* deactivate = "Automatic deactivation of user Alice L in app App failed: Error while deactivating user "
                             "alice@example.com: null";
    const Flow flows[] = {
        {"profile push (AIW)", Flavour::aiw, false, 2, TaskKind::profile_push, push, "connection-refused"},
        {"profile push (OIN)", Flavour::oin, false, 2, TaskKind::profile_push, push, "connection-refused"},
        {"deactivation (AIW)", Flavour::aiw, true, 2, TaskKind::deprovision, deactivate, "failed-deprovisioning"},
        {"deactivation (OIN)", Flavour::oin, true, 1, TaskKind::deprovision, deactivate, "failed-deprovisioning"},
    };
    for (const auto& flow : flows) {
        BOOST_TEST_CONTEXT(flow.name) {
            const int requests = test::fail_at_each_request(
                [&](int k) {
                    World w(false);
                    w.okta_app->flavour = flow.flavour;
                    w.okta_app->to_app.deactivate_users = true;
                    w.provision_alice();
                    w.transport->fail_at(k);
                    if (flow.deprovision)
                        BOOST_TEST(w.engine.unassign_user("app", "alice@example.com", w.why).has_value(), w.why);
                    else
                        BOOST_TEST(w.engine.update_user_profile("alice@example.com", json::object{{"title", "Engineer"}}, w.why)
                                       .has_value(), w.why);
                    return test::outcome_of(w, *w.transport);
                },
                [&](int, const test::FlowOutcome& out) {
                    BOOST_TEST(out.open[0].kind == flow.kind);
                    BOOST_TEST(out.open[0].message == flow.message);
                    BOOST_TEST(out.open[0].failure_mode.value_or("") == flow.mode);
                });
            BOOST_TEST(requests == flow.requests);
        }
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
