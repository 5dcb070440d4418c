// INBOUND_PROVISIONING settings as Okta's JSON (docs/okta-behaviour.md §4.1, §3.2): both username-format spellings, the
// match criteria, schedules checked at read time, the oktasim extensions, and errors with their JSON path.
#include <oktasim/engine/import.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim::engine;
namespace json = boost::json;

namespace {

json::object obj(std::string_view text) { return json::parse(text).as_object(); }

struct Applied {
    bool ok;
    ToOktaSettings s;
    ImportSafeguards g;
    Problem problem;
};

Applied apply(std::string_view text) {
    Applied a{};
    a.ok = apply_inbound_capabilities(obj(text), a.s, a.g, a.problem);
    return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_import_settings)

BOOST_AUTO_TEST_CASE(okta_example_reads_and_round_trips) {
    // Okta's documented INBOUND_PROVISIONING capabilities (OAS example), verbatim.
    const Applied a = apply(R"({"importSettings": {"username": {"userNameFormat": "EMAIL"},
        "schedule": {"status": "ENABLED", "fullImport": {"expression": "0 0 * * 0", "timezone": "America/New_York"},
                     "incrementalImport": {"expression": "0 */3 * * *", "timezone": "America/New_York"}}},
        "importRules": {"userCreateAndMatch": {"exactMatchCriteria": "EMAIL", "allowPartialMatch": false,
            "autoConfirmPartialMatch": false, "autoConfirmExactMatch": false, "autoConfirmNewUsers": false,
            "autoActivateNewUsers": false}}})");
    BOOST_TEST_REQUIRE(a.ok, a.problem.to_string());
    BOOST_TEST(a.s.schedule_enabled);
    BOOST_TEST_REQUIRE(a.s.full_schedule.has_value());
    BOOST_TEST(a.s.full_schedule->expression == "0 0 * * 0");
    BOOST_TEST(a.s.incremental_schedule->timezone == "America/New_York");
    BOOST_TEST(a.s.match_email);
    BOOST_TEST(!a.s.match_username);
    const json::object caps = a.s.capabilities();
    BOOST_TEST(caps.at("importSettings").at("schedule").at("fullImport").at("expression").as_string() == "0 0 * * 0");
    BOOST_TEST(caps.at("importRules").at("userCreateAndMatch").at("exactMatchCriteria").as_string() == "EMAIL");
}

BOOST_AUTO_TEST_CASE(both_username_format_spellings_are_read) {
    // §9.5: the schema says usernameFormat, Okta's examples userNameFormat.
    const Applied a = apply(R"({"importSettings": {"username": {"usernameFormat": "CUSTOM",
        "usernameExpression": "String.substringBefore(appuser.email, \"@\") + \"@corp.example\""}}})");
    BOOST_TEST_REQUIRE(a.ok, a.problem.to_string());
    BOOST_TEST((a.s.username_format == UsernameFormat::custom));
    BOOST_TEST_REQUIRE(a.s.username_expr.has_value());
    const json::object app_user{{"email", "ada@acme.example"}};
    oktasim::expr::Context ctx;
    ctx.direction = oktasim::expr::Direction::to_okta;
    ctx.app_user = oktasim::expr::Profile{&app_user, nullptr};
    const auto login = a.s.username_expr->evaluate(ctx);
    BOOST_TEST_REQUIRE(login.has_value());
    BOOST_TEST_REQUIRE(login->if_string() != nullptr);
    BOOST_TEST(*login->if_string() == "ada@corp.example");
}

BOOST_AUTO_TEST_CASE(an_expression_that_does_not_parse_is_refused_with_its_path) {
    const Applied a = apply(R"({"importSettings": {"username": {"userNameFormat": "CUSTOM",
        "userNameExpression": "String.substringBefore(appuser.email, "}}})");
    BOOST_TEST(!a.ok);
    BOOST_TEST(a.problem.path == "/importSettings/username/userNameExpression");
    BOOST_TEST(a.problem.message.find("syntax error in 'String.substringBefore(appuser.email, '") != std::string::npos,
               a.problem.message);
}

BOOST_AUTO_TEST_CASE(criteria_may_combine_username_and_email) {
    const Applied a = apply(R"({"importRules": {"userCreateAndMatch": {"exactMatchCriteria": ["USERNAME", "EMAIL"]}}})");
    BOOST_TEST_REQUIRE(a.ok, a.problem.to_string());
    BOOST_TEST(a.s.match_email);
    BOOST_TEST(a.s.match_username);
    const Applied bad = apply(R"({"importRules": {"userCreateAndMatch": {"exactMatchCriteria": "LOGIN"}}})");
    BOOST_TEST(!bad.ok);
    BOOST_TEST(bad.problem.path == "/importRules/userCreateAndMatch/exactMatchCriteria");
}

BOOST_AUTO_TEST_CASE(match_attributes_alone_or_with_the_criteria) {
    // Act
    const Applied alone = apply(R"({"importRules": {"userCreateAndMatch": {"matchAttributes": ["employeeNumber"]}}})");
    const Applied both = apply(R"({"importRules": {"userCreateAndMatch": {"exactMatchCriteria": "EMAIL",
        "matchAttributes": ["employeeNumber", "costCenter"]}}})");
    const Applied twice = apply(R"({"importRules": {"userCreateAndMatch": {"matchAttributes": ["a", "a"]}}})");
    const Applied empty_name = apply(R"({"importRules": {"userCreateAndMatch": {"matchAttributes": [""]}}})");
    // Assert: attributes alone replace Okta's EMAIL default; with exactMatchCriteria every criterion must hold.
    BOOST_TEST_REQUIRE(alone.ok, alone.problem.to_string());
    BOOST_TEST(!alone.s.match_email);
    BOOST_TEST(!alone.s.match_username);
    BOOST_TEST(alone.s.match_attributes == std::vector<std::string>{"employeeNumber"});
    const json::object caps = alone.s.capabilities();
    const json::object& rules = caps.at("importRules").at("userCreateAndMatch").as_object();
    BOOST_TEST(!rules.contains("exactMatchCriteria"));
    BOOST_TEST(json::serialize(rules.at("matchAttributes")) == R"(["employeeNumber"])");
    BOOST_TEST_REQUIRE(both.ok, both.problem.to_string());
    BOOST_TEST(both.s.match_email);
    BOOST_TEST(both.s.match_attributes.size() == 2u);
    BOOST_TEST(!twice.ok);
    BOOST_TEST(twice.problem.path == "/importRules/userCreateAndMatch/matchAttributes/1");
    BOOST_TEST(!empty_name.ok);
    BOOST_TEST(empty_name.problem.path == "/importRules/userCreateAndMatch/matchAttributes/0");
}

BOOST_AUTO_TEST_CASE(match_attributes_must_be_mapped_to_okta) {
    // Setup
    const Applied a = apply(R"({"importRules": {"userCreateAndMatch": {"matchAttributes": ["lastName", "employeeNumber"]}}})");
    BOOST_TEST_REQUIRE(a.ok);
    Problem unmapped;
    // Act: the default App to Okta mapping writes lastName, not employeeNumber.
    const bool ok = check_match_attributes_mapped(a.s, nullptr, unmapped);
    // Assert
    BOOST_TEST(!ok);
    BOOST_TEST(unmapped.path == "/importRules/userCreateAndMatch/matchAttributes/1");
    BOOST_TEST(unmapped.message.find("\"employeeNumber\" is not mapped from the app user") != std::string::npos,
               unmapped.message);
}

BOOST_AUTO_TEST_CASE(schedule_needs_a_valid_cron_and_zone) {
    const Applied cron = apply(R"({"importSettings": {"schedule": {"status": "ENABLED",
        "fullImport": {"expression": "0 25 * * *", "timezone": "UTC"}}}})");
    BOOST_TEST(!cron.ok);
    BOOST_TEST(cron.problem.path == "/importSettings/schedule/fullImport/expression");
    const Applied zone = apply(R"({"importSettings": {"schedule": {"status": "ENABLED",
        "fullImport": {"expression": "0 0 * * *", "timezone": "Mars/Olympus_Mons"}}}})");
    BOOST_TEST(!zone.ok);
    BOOST_TEST(zone.problem.path == "/importSettings/schedule/fullImport/timezone");
}

BOOST_AUTO_TEST_CASE(extensions_and_unknown_keys) {
    const Applied a = apply(R"({"profileSourcing": {"status": "ENABLED", "whenDeactivatedInApp": "SUSPEND"},
        "importSafeguards": {"app": {"percent": 15}, "org": {"status": "DISABLED"}}})");
    BOOST_TEST_REQUIRE(a.ok, a.problem.to_string());
    BOOST_TEST(a.s.profile_sourcing);
    BOOST_TEST((a.s.when_deactivated == WhenDeactivatedInApp::suspend));
    BOOST_TEST(a.g.app_percent == 15);
    BOOST_TEST(!a.g.org_enabled);
    const Applied bad = apply(R"({"importSafeguards": {"app": {"percent": 120}}})");
    BOOST_TEST(!bad.ok);
    BOOST_TEST(bad.problem.path == "/importSafeguards/app/percent");
    const Applied unknown = apply(R"({"importRules": {"userCreateAndMatch": {"autoConfirm": true}}})");
    BOOST_TEST(!unknown.ok);
    BOOST_TEST(unknown.problem.path == "/importRules/userCreateAndMatch/autoConfirm");
}

BOOST_AUTO_TEST_CASE(profile_sourcing_is_refused_for_aiw_apps) {
    const Applied on = apply(R"({"profileSourcing": {"status": "ENABLED", "whenDeactivatedInApp": "SUSPEND"}})");
    BOOST_TEST_REQUIRE(on.ok);
    Problem aiw, oin, off;
    BOOST_TEST(!check_sourcing_allowed(on.s, true, aiw));
    BOOST_TEST(aiw.path == "/profileSourcing/status");
    BOOST_TEST(aiw.message.find("only OIN apps can source Okta users") != std::string::npos, aiw.message);
    BOOST_TEST(check_sourcing_allowed(on.s, false, oin));
    BOOST_TEST(check_sourcing_allowed(apply("{}").s, true, off));  // off: nothing to refuse
}

BOOST_AUTO_TEST_CASE(summary_words_follow_the_qa_plan) {
    ImportSummary s;
    s.users_scanned = 1;
    s.users_new = 1;
    const auto lines = s.lines();
    BOOST_TEST(lines.at(0) == "1 users scanned!");
    BOOST_TEST(lines.at(1) == "1 new user imported");
    BOOST_TEST(lines.at(2) == "0 existing users updated");
    BOOST_TEST(lines.at(4) == "0 users removed");
    BOOST_TEST(lines.at(5) == "0 groups scanned!");
    BOOST_TEST(lines.at(6) == "0 new groups imported");
}

BOOST_AUTO_TEST_SUITE_END()
