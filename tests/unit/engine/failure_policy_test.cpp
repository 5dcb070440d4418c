// The failure class drives Okta's retries: a plugin's own error codes, mapped to a class by their category, make the
// engine pause and retry (rate_limited), open a task with Retry (transient) or reach the credentials row (auth).
#include "engine_fixture.hpp"

#include <oktasim/engine/failure_policy.hpp>

using namespace oktasim;
using namespace oktasim::engine;

namespace {

using testing::EngineFixture;

// A connector plugin's own error codes, which oktasim's engine has never heard of.
enum class plugin_errc { throttled = 1, flaky, bad_token, refused, unmapped };

class PluginCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "test.plugin"; }
    std::string message(int ev) const override { return "plugin error " + std::to_string(ev); }
    boost::system::error_condition default_error_condition(int ev) const noexcept override {
        switch (static_cast<plugin_errc>(ev)) {
            case plugin_errc::throttled: return failure_class::rate_limited;
            case plugin_errc::flaky: return failure_class::transient;
            case plugin_errc::bad_token: return failure_class::auth;
            case plugin_errc::refused: return failure_class::permanent;
            case plugin_errc::unmapped: break;
        }
        return {ev, *this};
    }
};

const PluginCategory plugin_category;

error_code plugin_error(plugin_errc e) { return {static_cast<int>(e), plugin_category}; }

// The fake's next create fails with the plugin's code.
void fail_next_create(testing::FakeConnector& fake, plugin_errc e) {
    fake.creates.emplace_back([e](Diagnostics&) -> result<json::object> { return plugin_error(e); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_failure_policy)

BOOST_AUTO_TEST_CASE(an_error_codes_class_is_what_its_category_maps_it_to) {
    BOOST_TEST((class_of(plugin_error(plugin_errc::throttled)) == failure_class::rate_limited));
    BOOST_TEST((class_of(plugin_error(plugin_errc::flaky)) == failure_class::transient));
    BOOST_TEST((class_of(plugin_error(plugin_errc::bad_token)) == failure_class::auth));
    BOOST_TEST((class_of(plugin_error(plugin_errc::unmapped)) == failure_class::permanent));
    BOOST_TEST((class_of(make_error_code(connector_errc::timeout)) == failure_class::transient));
    BOOST_TEST((retry_rule(plugin_error(plugin_errc::throttled)) == RetryRule::pause_and_retry));
    BOOST_TEST((retry_rule(make_error_code(connector_errc::server_error)) == RetryRule::open_task));
}

BOOST_AUTO_TEST_CASE(catalogued_codes_reach_their_own_rows_and_plugin_codes_their_classs) {
    const Diagnostics none;
    Diagnostics with_wait;
    with_wait.retry_after = sim::Duration{10'000};
    BOOST_TEST((failure_mode_of(make_error_code(connector_errc::forbidden), none, false) ==
                failure_mode::insufficient_permissions));
    BOOST_TEST((failure_mode_of(make_error_code(connector_errc::not_found), none, true) == failure_mode::wrong_base_path));
    BOOST_TEST(!failure_mode_of(make_error_code(connector_errc::server_error), none, false).has_value());
    BOOST_TEST((failure_mode_of(plugin_error(plugin_errc::bad_token), none, false) == failure_mode::invalid_credentials));
    BOOST_TEST((failure_mode_of(plugin_error(plugin_errc::throttled), none, false) ==
                failure_mode::rate_limited_default_wait));
    BOOST_TEST((failure_mode_of(plugin_error(plugin_errc::throttled), with_wait, false) ==
                failure_mode::rate_limited_retry_after));
    BOOST_TEST(!failure_mode_of(plugin_error(plugin_errc::flaky), none, false).has_value());
}

BOOST_FIXTURE_TEST_CASE(a_plugin_code_classed_rate_limited_pauses_and_retries_by_itself, EngineFixture) {
    fail_next_create(*fake, plugin_errc::throttled);
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // §5.4 as for a 429: the task pauses, the job waits (5 minutes: a plugin code carries no Retry-After).
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == TaskStatus::paused);
    BOOST_TEST(engine.waiting_jobs() == 1u);
    BOOST_TEST(engine.probes()[static_cast<std::size_t>(failure_mode::rate_limited_default_wait)] > 0u);
    BOOST_TEST(loop.run_while([this] { return !engine.jobs_idle(); }));
    BOOST_TEST(loop.now().count() == 5 * 60'000);
    BOOST_TEST(org.tasks[0].status == TaskStatus::resolved);
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->status == AppUserStatus::provisioned);
}

BOOST_FIXTURE_TEST_CASE(a_plugin_code_classed_transient_opens_a_task_that_retry_clears, EngineFixture) {
    fail_next_create(*fake, plugin_errc::flaky);
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    // No pause, no automatic retry (§5.3): the job is over, at virtual time 0, and a task with Retry waits.
    BOOST_TEST(engine.jobs_idle());
    BOOST_TEST(loop.now().count() == 0);
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == TaskStatus::open);
    BOOST_TEST(org.tasks[0].retryable);
    BOOST_TEST(!org.tasks[0].failure_mode.has_value());
    BOOST_TEST(org.app_user("app", "00u-alice@example.com")->sync_state == SyncState::error);
    BOOST_TEST_REQUIRE(engine.retry_task(org.tasks[0].id, why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST(org.tasks[0].status == TaskStatus::resolved);
}

BOOST_FIXTURE_TEST_CASE(a_plugin_code_classed_auth_reaches_the_credentials_row, EngineFixture) {
    fail_next_create(*fake, plugin_errc::bad_token);
    BOOST_TEST_REQUIRE(engine.assign_user("app", "alice@example.com", why).has_value());
    BOOST_TEST(settle());
    BOOST_TEST_REQUIRE(org.tasks.size() == 1u);
    BOOST_TEST(org.tasks[0].status == TaskStatus::open);
    BOOST_TEST(org.tasks[0].failure_mode.value_or("") == "invalid-credentials");
}

BOOST_AUTO_TEST_SUITE_END()
