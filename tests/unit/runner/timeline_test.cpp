// The runner's timeline listens to the tenant's event feed: what is published is what a step reports, tasks once per
// status|attempts change, in the order they were opened.
#include <oktasim/runner/timeline.hpp>

#include <boost/test/unit_test.hpp>

using namespace oktasim;

namespace {

engine::Task task(std::string id, engine::TaskStatus status, int attempts, std::string message = "m") {
    engine::Task t;
    t.id = std::move(id);
    t.status = status;
    t.attempts = attempts;
    t.message = std::move(message);
    return t;
}

std::vector<std::string> ids(const runner::Timeline::Batch& b) {
    std::vector<std::string> out;
    for (const auto& line : b.tasks) out.push_back(line.task.id + (line.opened ? " opened" : ""));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline)

// None of these is in the org: only a timeline that listens to the feed can report them.
BOOST_AUTO_TEST_CASE(reports_what_the_feed_publishes) {
    tenant::Tenant org(tenant::OrgSpec{}, tenant::TenantOptions{});
    runner::Timeline timeline(org);
    BOOST_TEST(timeline.drain().exchanges.empty());

    wire::Exchange x;
    x.app = "acme";
    x.request.method = "GET";
    org.feed().record(x);
    engine::LogEvent e;
    e.event_type = "application.provision.user.push";
    org.feed().log_event(e);
    org.feed().task(task("00tpublished", engine::TaskStatus::open, 1));

    const auto batch = timeline.drain();
    BOOST_TEST_REQUIRE(batch.exchanges.size() == 1u);
    BOOST_TEST(batch.exchanges[0].app == "acme");
    BOOST_TEST_REQUIRE(batch.events.size() == 1u);
    BOOST_TEST(batch.events[0].event_type == "application.provision.user.push");
    BOOST_TEST(ids(batch) == std::vector<std::string>{"00tpublished opened"}, boost::test_tools::per_element());

    const auto next = timeline.drain();
    BOOST_TEST(next.exchanges.empty());
    BOOST_TEST(next.events.empty());
    BOOST_TEST(next.tasks.empty());
}

BOOST_AUTO_TEST_CASE(tasks_once_per_change_in_opening_order) {
    tenant::Tenant org(tenant::OrgSpec{}, tenant::TenantOptions{});
    runner::Timeline timeline(org);
    org.feed().task(task("00tfirst", engine::TaskStatus::open, 1));
    org.feed().task(task("00tsecond", engine::TaskStatus::open, 1));
    BOOST_TEST(ids(timeline.drain()) == (std::vector<std::string>{"00tfirst opened", "00tsecond opened"}),
               boost::test_tools::per_element());

    // A message-only change is no new line; the latest state of a task changed twice is the one reported.
    org.feed().task(task("00tfirst", engine::TaskStatus::open, 1, "other message"));
    org.feed().task(task("00tsecond", engine::TaskStatus::paused, 2));
    org.feed().task(task("00tsecond", engine::TaskStatus::resolved, 3));
    auto batch = timeline.drain();
    BOOST_TEST(ids(batch) == std::vector<std::string>{"00tsecond"}, boost::test_tools::per_element());
    BOOST_TEST(batch.tasks.at(0).task.status == engine::TaskStatus::resolved);

    // Changed in the other order: still reported in the order they were opened.
    org.feed().task(task("00tsecond", engine::TaskStatus::dismissed, 3));
    org.feed().task(task("00tfirst", engine::TaskStatus::resolved, 2));
    BOOST_TEST(ids(timeline.drain()) == (std::vector<std::string>{"00tfirst", "00tsecond"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
