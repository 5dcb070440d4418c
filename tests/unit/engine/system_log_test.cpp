// The System Log's LogEvent shape (docs/okta-behaviour.md §6.1): every key Okta's API lists, and outcome.reason capped at
// 255 characters with the whole text kept in debugContext.debugData; events kept only when retained.
#include <oktasim/engine/system_log.hpp>

#include "support/test_org.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;

BOOST_FIXTURE_TEST_SUITE(engine_system_log, test::TestOrg)

BOOST_AUTO_TEST_CASE(system_log_reason_capped_at_255_full_text_in_debug_data) {
    LogEvent e;
    e.event_type = "application.provision.user.push";
    e.outcome = "FAILURE";
    const std::string message = "Automatic provisioning failed: " + std::string(400 - 31, 'x');
    BOOST_TEST_REQUIRE(message.size() == 400u);
    e.outcome_reason = message;
    const json::object out = SystemLog::to_json(log.emit(e));
    BOOST_TEST(out.at("outcome").at("reason").as_string() == message.substr(0, 255));
    BOOST_TEST(out.at("debugContext").at("debugData").at("errorMessage").as_string() == message);
}

BOOST_AUTO_TEST_CASE(system_log_reason_cut_counts_characters_not_bytes) {
    LogEvent e;
    e.outcome = "FAILURE";
    std::string message;
    for (int i = 0; i < 300; ++i) message += "\xC3\xA9";  // é, two bytes each
    e.outcome_reason = message;
    const json::object out = SystemLog::to_json(log.emit(e));
    BOOST_TEST(out.at("outcome").at("reason").as_string().size() == 255u * 2);  // 255 whole characters, none split
}

BOOST_AUTO_TEST_CASE(system_log_short_reason_is_kept_whole_without_debug_copy) {
    LogEvent e;
    e.outcome = "FAILURE";
    e.outcome_reason = std::string(255, 'y');
    const json::object out = SystemLog::to_json(log.emit(e));
    BOOST_TEST(out.at("outcome").at("reason").as_string().size() == 255u);
    BOOST_TEST(!out.at("debugContext").at("debugData").as_object().contains("errorMessage"));
}

BOOST_AUTO_TEST_CASE(system_log_event_has_every_oas_key) {
    const json::object out = SystemLog::to_json(log.emit(LogEvent{}));
    for (const char* key : {"uuid", "published", "eventType", "version", "severity", "legacyEventType",
                            "displayMessage", "actor", "client", "device", "authenticationContext",
                            "securityContext", "outcome", "target", "transaction", "debugContext", "request"})
        BOOST_TEST(out.contains(key), "missing " << key);
    BOOST_TEST(out.at("device").is_null());
    for (const char* key : {"userAgent", "zone", "device", "id", "ipAddress", "geographicalContext"})
        BOOST_TEST(out.at("client").as_object().contains(key), "missing client." << key);
}

namespace {

struct LogListener final : EventObserver {
    std::vector<std::string> uuids;
    void on_log_event(const LogEvent& e) override { uuids.push_back(e.uuid); }
};

// Two events through a log with the given retention; the uuids its feed heard.
std::vector<std::string> emit_two(bool retain, std::size_t& kept) {
    sim::EventLoop loop(7, 0);
    IdGenerator ids(loop.prng().fork("ids"));
    EventFeed feed;
    LogListener listener;
    feed.subscribe(listener);
    SystemLog log(loop, ids, &feed);
    log.set_retain(retain);
    LogEvent e;
    e.event_type = "application.provision.user.push";
    BOOST_TEST(log.emit(e).event_type == e.event_type);  // the stamped event, retained or not
    BOOST_TEST(!log.emit(e).uuid.empty());
    kept = log.events().size();
    BOOST_TEST(log.to_jsonl().empty() == !retain);
    feed.unsubscribe(listener);
    return listener.uuids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(system_log_not_retained_keeps_nothing_but_stamps_and_feeds_the_same) {
    std::size_t kept_on = 0, kept_off = 0;
    const auto on = emit_two(true, kept_on);
    const auto off = emit_two(false, kept_off);
    BOOST_TEST(kept_on == 2u);
    BOOST_TEST(kept_off == 0u);
    BOOST_TEST(off.size() == 2u);
    BOOST_TEST(on == off, boost::test_tools::per_element());  // same uuids: the ids drawn do not depend on retention
}

BOOST_AUTO_TEST_SUITE_END()
