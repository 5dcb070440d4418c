// The engine's event feed and exact job counts: each job's phases in order, counts that reach zero exactly when the
// last job finishes, a rate-limited job counted as waiting, and task, app-user and System Log changes as they happen.
#include "engine_fixture.hpp"

#include <map>
#include <set>

using namespace oktasim;
using namespace oktasim::engine;

namespace {

using testing::EngineFixture;
using testing::rate_limited;

// Keeps what the feed reports, plus the engine's counts at each job event.
struct Recorder final : EventObserver {
    explicit Recorder(const ProvisioningEngine& e) : engine(e) {}
    const ProvisioningEngine& engine;
    std::vector<std::string> jobs;         // "<user> <kind> <phase>"
    std::vector<std::string> counts;       // "q r w" after each job event
    std::vector<std::string> tasks;        // "<kind> <status>"
    std::vector<std::string> app_users;    // "<user> <status> <syncState>"
    std::vector<std::string> removed;      // user ids
    std::vector<std::string> log_events;   // event types

    static std::string_view name(JobPhase p) {
        switch (p) {
            case JobPhase::queued: return "queued";
            case JobPhase::running: return "running";
            case JobPhase::waiting_retry: return "waiting_retry";
            case JobPhase::finished: return "finished";
        }
        return "?";
    }
    void on_job(const JobEvent& j) override {
        jobs.push_back(j.user_id + " " + j.kind + " " + std::string(name(j.phase)));
        counts.push_back(std::to_string(engine.queued_jobs()) + " " + std::to_string(engine.running_jobs()) + " " +
                         std::to_string(engine.waiting_jobs()));
    }
    void on_task(const Task& t) override {
        tasks.push_back(std::string(to_string(t.kind)) + " " + std::string(to_string(t.status)));
    }
    void on_app_user(const AppUser& au) override {
        app_users.push_back(au.user_id + " " + std::string(to_string(au.status)) + " " +
                            std::string(to_string(au.sync_state)));
    }
    void on_app_user_removed(const AppUser& au) override { removed.push_back(au.user_id); }
    void on_log_event(const LogEvent& e) override { log_events.push_back(e.event_type); }
};

struct FeedFixture : EngineFixture {
    Recorder seen{engine};
    FeedFixture() { feed.subscribe(seen); }
    ~FeedFixture() { feed.unsubscribe(seen); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(engine_job_phases, FeedFixture)

BOOST_AUTO_TEST_CASE(a_job_is_queued_as_soon_as_an_action_starts_it) {
    BOOST_TEST(engine.jobs_idle());
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    // Before the loop has run at all: the job exists and counts.
    BOOST_TEST(engine.queued_jobs() == 1u);
    BOOST_TEST(engine.running_jobs() == 0u);
    BOOST_TEST(!engine.jobs_idle());
    BOOST_TEST(seen.jobs == std::vector<std::string>{"00u-alice@example.com assignment queued"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(phases_arrive_in_order_and_counts_reach_zero_with_the_last_job) {
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.assign_user("app", "bob@example.com", why).has_value());
    loop.run_until_quiescent();
    const std::vector<std::string> jobs{
        "00u-alice@example.com assignment queued",   "00u-bob@example.com assignment queued",
        "00u-alice@example.com assignment running",  "00u-alice@example.com assignment finished",
        "00u-bob@example.com assignment running",    "00u-bob@example.com assignment finished"};
    BOOST_TEST(seen.jobs == jobs, boost::test_tools::per_element());
    // One app runs one job at a time; the counts are zero exactly at the last "finished".
    const std::vector<std::string> counts{"1 0 0", "2 0 0", "1 1 0", "1 0 0", "0 1 0", "0 0 0"};
    BOOST_TEST(seen.counts == counts, boost::test_tools::per_element());
    BOOST_TEST(engine.jobs_idle());
}

BOOST_AUTO_TEST_CASE(a_rate_limited_job_counts_as_waiting_until_its_retry) {
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{30'000}); });
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // Paused at virtual time 0: not running, not queued, but not idle either.
    BOOST_TEST(engine.waiting_jobs() == 1u);
    BOOST_TEST(engine.active_jobs() == 0u);
    BOOST_TEST(!engine.jobs_idle());
    loop.run_while([this] { return !engine.jobs_idle(); });
    BOOST_TEST(engine.jobs_idle());
    BOOST_TEST(loop.now().count() == 30'000);
    const std::vector<std::string> jobs{
        "00u-alice@example.com assignment queued",  "00u-alice@example.com assignment running",
        "00u-alice@example.com assignment waiting_retry", "00u-alice@example.com assignment queued",
        "00u-alice@example.com assignment running", "00u-alice@example.com assignment finished"};
    BOOST_TEST(seen.jobs == jobs, boost::test_tools::per_element());
    BOOST_TEST(seen.counts[2] == "0 0 1");
    // The task opened, paused, then resolved, each as it happened.
    const std::vector<std::string> tasks{"assignment OPEN", "assignment PAUSED", "assignment RESOLVED"};
    BOOST_TEST(seen.tasks == tasks, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(app_user_changes_and_log_events_are_published_as_they_happen) {
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    const std::vector<std::string> app_users{"00u-alice@example.com STAGED SYNCING",
                                             "00u-alice@example.com STAGED SYNCING",  // the account id arrived
                                             "00u-alice@example.com PROVISIONED SYNCHRONIZED"};
    BOOST_TEST(seen.app_users == app_users, boost::test_tools::per_element());
    BOOST_TEST(seen.log_events ==
                   (std::vector<std::string>{"application.user_membership.add", "application.provision.user.push"}),
               boost::test_tools::per_element());
    BOOST_TEST(seen.log_events.size() == log.events().size());

    BOOST_TEST_REQUIRE(engine.unassign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(seen.removed == std::vector<std::string>{"00u-alice@example.com"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_job_that_steps_aside_lets_the_queued_jobs_run_in_order_then_queues_again) {
    // Queued jobs wait in the lane as descriptions; the rate-limited one waits as a suspended job. Both kinds take
    // the slot in arrival order.
    User carol;
    carol.id = "00u-carol@example.com";
    carol.profile = json::object{{"login", "carol@example.com"}, {"firstName", "C"}, {"lastName", "D"}};
    org.users.emplace(carol.id, carol);
    fake->creates.emplace_back([](Diagnostics& d) { return rate_limited(d, sim::Duration{0}); });
    for (const char* user : {"alice@example.com", "bob@example.com", "carol@example.com"})
        BOOST_TEST_REQUIRE(engine.assign_user("app", user, why).has_value());
    loop.run_while([this] { return !engine.jobs_idle(); });
    const std::vector<std::string> jobs{
        "00u-alice@example.com assignment queued",   "00u-bob@example.com assignment queued",
        "00u-carol@example.com assignment queued",   "00u-alice@example.com assignment running",
        "00u-alice@example.com assignment waiting_retry", "00u-bob@example.com assignment running",
        "00u-bob@example.com assignment finished",   "00u-carol@example.com assignment running",
        "00u-carol@example.com assignment finished", "00u-alice@example.com assignment queued",
        "00u-alice@example.com assignment running",  "00u-alice@example.com assignment finished"};
    BOOST_TEST(seen.jobs == jobs, boost::test_tools::per_element());
    BOOST_TEST(engine.jobs_idle());
    // Transaction ids were drawn in the order the jobs were submitted: each job's events carry its own.
    std::map<std::string, std::string> transaction_of;
    for (const auto& e : log.events()) {
        if (e.transaction_type != "JOB") continue;
        const auto [it, fresh] = transaction_of.emplace(e.targets.at(1).id, e.transaction_id);
        BOOST_TEST(it->second == e.transaction_id);
    }
    BOOST_TEST(transaction_of.size() == 3u);
    std::set<std::string> distinct;
    for (const auto& [user, transaction] : transaction_of) distinct.insert(transaction);
    BOOST_TEST(distinct.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_job_whose_frame_never_ran_still_finishes) {
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    loop.shutdown();  // destroys the unstarted job
    BOOST_TEST(engine.jobs_idle());
    BOOST_TEST(seen.jobs.back() == "00u-alice@example.com assignment finished");
}

BOOST_AUTO_TEST_SUITE_END()
