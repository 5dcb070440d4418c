// Tests for the virtual-time event loop: jumping to deadlines, tie order, cancellation and run policies.
#include <oktasim/sim/event_loop.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace oktasim::sim;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

asio::awaitable<void> sleeper(EventLoop& loop, Duration d, std::vector<std::string>& trace, std::string name) {
    co_await sleep_for(loop, d);
    trace.push_back(name + "@" + std::to_string(loop.now().count()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_event_loop)

BOOST_AUTO_TEST_CASE(jumps_to_deadlines_in_time_then_sequence_order) {
    // Setup
    EventLoop loop(1, 0);
    std::vector<std::string> trace;
    asio::co_spawn(loop.context(), sleeper(loop, 2h, trace, "b"), asio::detached);
    asio::co_spawn(loop.context(), sleeper(loop, 5s, trace, "a"), asio::detached);
    asio::co_spawn(loop.context(), sleeper(loop, 2h, trace, "c"), asio::detached);
    // Act
    loop.run_until_quiescent();
    // Assert
    const std::vector<std::string> expected{"a@5000", "b@7200000", "c@7200000"};
    BOOST_TEST(trace == expected, boost::test_tools::per_element());
    BOOST_TEST(loop.pending_timers() == 0u);
}

BOOST_AUTO_TEST_CASE(run_until_stops_at_the_horizon_and_sets_the_clock) {
    EventLoop loop(1, 0);
    std::vector<std::string> trace;
    asio::co_spawn(loop.context(), sleeper(loop, 10s, trace, "early"), asio::detached);
    asio::co_spawn(loop.context(), sleeper(loop, 10min, trace, "late"), asio::detached);
    loop.run_until(Duration{60'000});
    BOOST_TEST(trace.size() == 1u);
    BOOST_TEST(loop.now().count() == 60'000);
    BOOST_TEST(loop.pending_timers() == 1u);
    loop.run_until_quiescent();
    BOOST_TEST(trace.back() == "late@600000");
}

BOOST_AUTO_TEST_CASE(race_with_a_timer_ends_at_the_deadline) {
    using namespace asio::experimental::awaitable_operators;
    EventLoop loop(1, 0);
    std::size_t winner = 99;
    auto race = [&]() -> asio::awaitable<void> {
        Timer hung(loop), deadline(loop);
        hung.expires_after(10min);
        deadline.expires_after(60s);
        auto r = co_await (hung.async_wait(asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
        winner = r.index();
    };
    asio::co_spawn(loop.context(), race(), asio::detached);
    loop.run_until_quiescent();
    BOOST_TEST(winner == 1u);
    BOOST_TEST(loop.now().count() == 60'000);
}

BOOST_AUTO_TEST_CASE(run_while_reports_a_stuck_condition) {
    EventLoop loop(1, 0);
    bool done = false;
    BOOST_TEST(!loop.run_while([&] { return !done; }));
    std::vector<std::string> trace;
    asio::co_spawn(loop.context(), sleeper(loop, 3s, trace, "x"), asio::detached);
    BOOST_TEST(loop.run_while([&] { return trace.empty(); }));
    BOOST_TEST(loop.now().count() == 3000);
}

BOOST_AUTO_TEST_CASE(destroying_the_loop_with_pending_timers_is_clean) {
    std::vector<std::string> trace;
    {
        EventLoop loop(1, 0);
        asio::co_spawn(loop.context(), sleeper(loop, 1h, trace, "never"), asio::detached);
        loop.run_until(Duration{1000});
    }
    BOOST_TEST(trace.empty());
}

BOOST_AUTO_TEST_SUITE_END()
