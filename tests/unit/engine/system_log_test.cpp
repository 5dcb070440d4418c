// The System Log's LogEvent shape (docs/okta-behaviour.md §6.1): every key Okta's API lists, and outcome.reason capped at
// 255 characters with the whole text kept in debugContext.debugData.
#include <oktasim/engine/system_log.hpp>

#include "support/test_org.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

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

BOOST_AUTO_TEST_SUITE_END()
