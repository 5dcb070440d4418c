// A Tenant on a borrowed loop may go with jobs in flight: none of its jobs runs again, and the loop's owner can go
// on running the loop and shut it down (under the asan preset: with no use of the gone org).
#include <oktasim/tenant/tenant.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

using namespace oktasim;
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The network as the loop's owner holds it: every request waits until the test answers it, and the provider
// counts the sends that went on after their answer (a job of the gone Tenant running again).
class HeldNetwork final : public engine::TransportProvider {
public:
    using Reply = asio::any_completion_handler<void(boost::system::error_code)>;

    std::unique_ptr<engine::Transport> open(std::string_view, const engine::TransportOptions&, std::string&) override {
        return std::make_unique<Held>(*this);
    }
    std::size_t held() const noexcept { return replies_.size(); }
    // Answers every held request through the loop (as a socket's completion would come).
    void answer_all(sim::EventLoop& loop) {
        for (auto& r : replies_) loop.complete(std::move(r), {});
        replies_.clear();
    }
    int resumed = 0;

private:
    class Held final : public engine::Transport {
    public:
        explicit Held(HeldNetwork& network) : network_(&network) {}
        asio::awaitable<wire::Delivery> send(wire::Request) override {
            HeldNetwork* network = network_;  // in the frame: this transport may be gone when the reply comes
            const auto park = [network](Reply reply) { network->replies_.push_back(std::move(reply)); };
            co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(boost::system::error_code)>(
                park, asio::use_awaitable);
            ++network->resumed;
            wire::Delivery d;
            d.response = wire::Response{200, "OK", {}, R"({"Resources":[],"totalResults":0})"};
            co_return d;
        }

    private:
        HeldNetwork* network_;
    };
    std::vector<Reply> replies_;
};

tenant::OrgSpec one_user_one_app() {
    tenant::OrgSpec spec;
    tenant::UserSpec u;
    u.profile = json::object{{"login", "alice@example.com"}, {"firstName", "A"}, {"lastName", "B"}};
    spec.users.push_back(std::move(u));
    tenant::AppSpec a;
    a.key = "app";
    a.capabilities = json::object{{"create", json::object{{"lifecycleCreate", json::object{{"status", "ENABLED"}}}}}};
    a.connector = json::object{{"type", "scim2"}, {"baseUrl", "https://app.test/scim/v2"}};
    spec.apps.push_back(std::move(a));
    return spec;
}

// Builds the org on `loop`, assigns alice (a job starts), runs the loop until the job's first request is held when
// `until_sent`, and lets the Tenant go.
void assign_and_go(sim::EventLoop& loop, HeldNetwork& network, bool until_sent) {
    tenant::TenantOptions options;
    options.network = &network;
    tenant::Tenant tenant(one_user_one_app(), options, loop);
    std::string why;
    BOOST_TEST_REQUIRE(tenant.provisioning().assign_user("app", "alice@example.com", why).has_value(), why);
    if (!until_sent) {
        BOOST_TEST(tenant.provisioning().queued_jobs() == 1u);  // not started: its frame waits in the loop
        return;
    }
    BOOST_TEST_REQUIRE(loop.run_while([&] { return network.held() == 0; }));
    BOOST_TEST(tenant.provisioning().running_jobs() == 1u);  // the look-up is in flight
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tenant_lifetime)

BOOST_AUTO_TEST_CASE(a_tenant_gone_from_a_borrowed_loop_leaves_no_job_running) {
    sim::EventLoop loop(1, 0);
    HeldNetwork network;
    assign_and_go(loop, network, true);
    // The owner's loop goes on: the reply to the gone org's request arrives, and nothing of that org runs.
    network.answer_all(loop);
    loop.run_until_quiescent();
    BOOST_TEST(network.resumed == 0);
    loop.shutdown();
}

BOOST_AUTO_TEST_CASE(a_tenant_gone_from_a_borrowed_loop_with_jobs_queued_leaves_the_loop_to_shut_down) {
    sim::EventLoop loop(1, 0);
    HeldNetwork network;
    assign_and_go(loop, network, false);
    loop.run_until_quiescent();
    BOOST_TEST(network.resumed == 0);
    BOOST_TEST(network.held() == 0u);  // the job never ran, so never sent
    loop.shutdown();
}

BOOST_AUTO_TEST_CASE(a_tenant_gone_with_a_job_in_flight_lets_the_loop_owner_shut_down_at_once) {
    sim::EventLoop loop(1, 0);
    HeldNetwork network;
    assign_and_go(loop, network, true);
    network.answer_all(loop);  // the reply is queued in the loop, not yet delivered
    loop.shutdown();           // destroys it, and with it the job's frame
    BOOST_TEST(network.resumed == 0);
}

BOOST_AUTO_TEST_SUITE_END()
