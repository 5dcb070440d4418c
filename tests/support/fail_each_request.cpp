// The fail-at-each-request helper and the transport that refuses the k-th request.
#include "support/fail_each_request.hpp"

#include <boost/test/unit_test.hpp>

namespace oktasim::test {

asio::awaitable<wire::Delivery> FailingTransport::send(wire::Request request) {
    if (++sent_ == fail_at_)
        co_return wire::Delivery{std::nullopt, wire::TransportFailure::connection_refused, "refused", {}};
    co_return co_await inner_->send(std::move(request));
}

FlowOutcome outcome_of(TestOrg& org, const FailingTransport& transport) {
    FlowOutcome out;
    out.settled = org.settle();
    out.sent = transport.sent();
    for (const auto& t : org.org.tasks)
        if (engine::is_open(t.status)) out.open.push_back(t);
    return out;
}

int fail_at_each_request(const FlowRun& run, const std::function<void(int, const FlowOutcome&)>& check) {
    const FlowOutcome clean = run(0);
    BOOST_TEST_CONTEXT("nothing fails") {
        BOOST_TEST(clean.settled);
        BOOST_TEST(clean.open.empty());
        BOOST_TEST_REQUIRE(clean.sent > 0);
    }
    for (int k = 1; k <= clean.sent; ++k) {
        BOOST_TEST_CONTEXT("request " << k << " of " << clean.sent << " refused") {
            const FlowOutcome failed = run(k);
            BOOST_TEST(failed.settled);
            BOOST_TEST(failed.sent == k);
            BOOST_TEST_REQUIRE(failed.open.size() == 1u);
            BOOST_TEST(!failed.open[0].message.empty());
            if (check) check(k, failed);
        }
    }
    return clean.sent;
}

}  // namespace oktasim::test
