// Tests of `oktasim check`: the connection, spec and lifecycle steps against the simulated SCIM app in process (a
// compliant app, a 401 fault, quirks, no PATCH), the text/JSON/JUnit reports, and one loopback run over real HTTP.
#include <oktasim/check/check.hpp>
#include <oktasim/check/report.hpp>
#include <oktasim/connectors/http/http_server.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/connectors/transport.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace oktasim::check {
// For Boost.Test's messages.
inline std::ostream& operator<<(std::ostream& out, Status s) { return out << to_string(s); }
}  // namespace oktasim::check

namespace check = oktasim::check;
namespace simapp = oktasim::connectors::simapp;
namespace scim = oktasim::connectors::scim;
namespace sim = oktasim::sim;
namespace wire = oktasim::wire;
using check::Status;

namespace {

constexpr std::int64_t epoch_ms = 1'713'703'654'228;  // 2024-04-21T12:47:34.228Z
constexpr std::string_view base_url = "https://app.example.test/scim/v2";

// A compliant app with one account (Okta's SPEC test wants one before it runs) and a bearer token.
std::string app_config(std::string_view extra = "") {
    return R"({"auth": {"bearer": "s3cret"},
               "authErrorDetail": "Invalid SCIM token",
               "accounts": [{"userName": "existing@example.com", "active": true,
                             "name": {"givenName": "Existing", "familyName": "User"},
                             "emails": [{"primary": true, "value": "existing@example.com", "type": "work"}]}])" +
           std::string(extra) + "}";
}

check::CheckOptions options_for(std::string_view url, std::uint64_t seed = 42) {
    check::CheckOptions o;
    std::string error;
    auto ep = scim::parse_endpoint(url, error);
    BOOST_REQUIRE_MESSAGE(ep.has_value(), error);
    o.endpoint = std::move(*ep);
    o.auth.mode = scim::Auth::Mode::header;
    o.auth.token = "s3cret";
    o.seed = seed;
    return o;
}

// The simulated app served in process; the check runs over InprocTransport in virtual time.
struct InprocRun {
    sim::EventLoop loop{9, epoch_ms};
    std::unique_ptr<simapp::SimApp> app;
    std::unique_ptr<oktasim::connectors::InprocTransport> transport;
    check::Report report;

    explicit InprocRun(const std::string& config, std::uint64_t seed = 42,
                       const std::function<void(check::CheckOptions&)>& adjust = {}) {
        std::string error;
        auto parsed = simapp::parse_sim_app_config(config, error);
        BOOST_REQUIRE_MESSAGE(parsed.has_value(), "config rejected: " << error);
        app = std::make_unique<simapp::SimApp>(std::move(*parsed), loop.wall_clock(), sim::Prng(3));
        transport = std::make_unique<oktasim::connectors::InprocTransport>(loop, *app);
        report = rerun(seed, adjust);
    }
    // Another check against the same app, which keeps what earlier runs left.
    check::Report rerun(std::uint64_t seed, const std::function<void(check::CheckOptions&)>& adjust = {}) {
        auto options = options_for(base_url, seed);
        if (adjust) adjust(options);
        return check::run_check_on(loop, *transport, options);
    }
    ~InprocRun() { loop.shutdown(); }

    const check::StepResult& step(std::string_view id) const {
        const check::StepResult* s = report.step(id);
        BOOST_REQUIRE_MESSAGE(s != nullptr, "no step " << id);
        return *s;
    }
    std::string text() const {
        std::ostringstream out;
        check::write_text(out, report);
        return out.str();
    }
};

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A server that echoes the Authorization and the body it got: in an X-Echo header, inside every error detail and in
// every other JSON object body. The report must not show the echoed credentials or passwords anywhere.
class EchoingTransport final : public oktasim::connectors::Transport {
public:
    explicit EchoingTransport(oktasim::connectors::Transport& inner) : inner_(inner) {}
    boost::asio::awaitable<wire::Delivery> send(wire::Request request) override {
        const std::string sent = std::string(request.header("Authorization")) + " " + request.body;
        wire::Delivery d = co_await inner_.send(std::move(request));
        if (d.response) {
            d.response->headers.push_back({"X-Echo", sent});
            boost::system::error_code ec;
            boost::json::value v = boost::json::parse(d.response->body, ec);
            if (!ec && v.is_object()) {
                auto& o = v.as_object();
                if (auto* detail = o.if_contains("detail"); detail && detail->is_string())
                    *detail = std::string(detail->as_string()) + " (you sent " + sent + ")";
                else
                    o["echo"] = sent;
                d.response->body = boost::json::serialize(v);
            }
        }
        co_return d;
    }

private:
    oktasim::connectors::Transport& inner_;
};

// The three reports of a run.
struct Outputs {
    std::string text, json, junit;
};

Outputs outputs_of(const check::Report& report) {
    Outputs o;
    std::ostringstream text, junit;
    check::write_text(text, report);
    check::write_junit(junit, report);
    o.text = text.str();
    o.junit = junit.str();
    o.json = boost::json::serialize(check::to_json(report));
    return o;
}

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t.substr(t.rfind('\n') + 1);
}

bool has_warning(const check::StepResult& s, std::string_view reference) {
    for (const auto& w : s.warnings)
        if (contains(w.reference, reference)) return true;
    return false;
}

const std::vector<std::string> all_steps = {"connection.users",
                                            "connection.groups",
                                            "spec.list",
                                            "spec.get",
                                            "spec.filter-miss",
                                            "spec.unknown-id",
                                            "spec.create",
                                            "spec.verify",
                                            "spec.duplicate",
                                            "spec.case",
                                            "spec.groups",
                                            "spec.bad-token",
                                            "lifecycle.aiw.assign",
                                            "lifecycle.aiw.update",
                                            "lifecycle.aiw.deactivate",
                                            "lifecycle.aiw.reactivate",
                                            "lifecycle.oin.assign",
                                            "lifecycle.oin.update",
                                            "lifecycle.oin.deactivate",
                                            "lifecycle.oin.reactivate",
                                            "cleanup"};

}  // namespace

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(every_step_passes_against_the_simulated_app) {
    InprocRun run(app_config());
    std::vector<std::string> ids;
    for (const auto& s : run.report.steps) ids.push_back(s.id);
    BOOST_TEST(ids == all_steps, boost::test_tools::per_element());
    for (const auto& s : run.report.steps)
        BOOST_TEST(s.status == Status::pass, s.id << " is " << check::to_string(s.status) << ": " << s.problem);
    BOOST_TEST(run.report.ok());
    BOOST_TEST(last_line(run.text()) == std::to_string(all_steps.size()) + " passed, 0 failed");

    // The lifecycle used Okta's wire formats: AIW deactivates with PUT, OIN with PATCH, and nobody DELETEs.
    const auto methods = [&](std::string_view id) {
        std::string out;
        for (const auto& x : run.step(id).exchanges) out += x.request.method + " ";
        return out;
    };
    BOOST_TEST(methods("lifecycle.aiw.assign") == "GET POST GET ");
    BOOST_TEST(methods("lifecycle.aiw.deactivate") == "GET PUT GET ");
    BOOST_TEST(methods("lifecycle.oin.deactivate") == "PATCH GET ");
    for (const auto& s : run.report.steps)
        for (const auto& x : s.exchanges) BOOST_TEST(x.request.method != "DELETE");

    // Everything the run created is left inactive on the server, and the run says so.
    BOOST_TEST(run.report.created.size() == 3u);
    BOOST_TEST(run.report.left_active.empty());
    for (const auto& name : run.report.created) {
        const auto account = run.app->find_account_by_user_name(name);
        BOOST_REQUIRE(account.has_value());
        BOOST_TEST(account->at("active").as_bool() == false, name);
    }
    BOOST_TEST(contains(run.text(), "Okta never sends DELETE"));
}

BOOST_AUTO_TEST_CASE(user_names_come_from_the_seed) {
    InprocRun a(app_config(), 7), b(app_config(), 7), c(app_config(), 8);
    BOOST_TEST(a.report.created == b.report.created, boost::test_tools::per_element());
    BOOST_TEST(a.report.created != c.report.created);
    for (const auto& name : a.report.created) {
        BOOST_TEST(name.rfind("oktasim-check-", 0) == 0u, name);
        BOOST_TEST(contains(name, "@example.com"), name);
    }
}

BOOST_AUTO_TEST_CASE(a_401_fails_the_run_with_okta_s_message) {
    const std::string faulty =
        app_config(R"(, "faults": [{"match": {}, "respond": {"status": 401, "detail": "Invalid SCIM token"}}])");
    InprocRun run(faulty);
    BOOST_TEST(!run.report.ok());
    const std::string provider = "Unauthorized. Errors reported by remote server: Invalid SCIM token";

    const auto& connection = run.step("connection.users");
    BOOST_TEST(connection.status == Status::fail);
    BOOST_TEST(connection.tenant_message == "Okta couldn't verify api credentials: " + provider);

    const std::string text = run.text();
    BOOST_TEST(contains(text, "FAIL connection: Test API Credentials: GET /Users?startIndex=1&count=2\n"));
    BOOST_TEST(contains(text, "request:  GET /scim/v2/Users?startIndex=1&count=2 HTTP/1.1"));
    BOOST_TEST(contains(text, "Authorization: Bearer [REDACTED]"));
    BOOST_TEST(!contains(text, "s3cret"));
    BOOST_TEST(contains(text, "response: HTTP/1.1 401 Unauthorized"));
    BOOST_TEST(contains(text, "expected: "));
    BOOST_TEST(contains(text, "tenant:   Okta couldn't verify api credentials: " + provider));
    BOOST_TEST(run.report.failed() > 0u);

    const auto json = check::to_json(run.report);
    BOOST_TEST(json.at("ok").as_bool() == false);
    BOOST_TEST(!contains(boost::json::serialize(json), "s3cret"));

    // Without the connection test, the lifecycle meets the 401 itself and shows Okta's message for it.
    InprocRun lifecycle(faulty, 42, [](check::CheckOptions& o) { o.phases = {check::Phase::lifecycle}; });
    const auto& assign = lifecycle.step("lifecycle.aiw.assign");
    BOOST_TEST(assign.status == Status::fail);
    BOOST_TEST(contains(assign.tenant_message, "Automatic provisioning of user Oktasim Check"));
    BOOST_TEST(contains(assign.tenant_message, "failed: Error while verifying if user oktasim-check-aiw-"));
    BOOST_TEST(contains(assign.tenant_message, "@example.com exists: " + provider));
    BOOST_TEST(lifecycle.step("lifecycle.aiw.update").status == Status::skip);

    InprocRun spec(faulty, 42, [](check::CheckOptions& o) { o.phases = {check::Phase::spec}; });
    // The bad-token check itself is satisfied: the server does answer 401.
    BOOST_TEST(spec.step("spec.bad-token").status == Status::pass);
    // Optional steps that fail are warnings, not failures.
    BOOST_TEST(spec.step("spec.groups").status == Status::warn);
}

// Item 16: one cause, one failure. After a failed connection test every later step is SKIP with that reason.
BOOST_AUTO_TEST_CASE(hardening_failed_connection_test_skips_later_steps) {
    InprocRun run(
        app_config(R"(, "faults": [{"match": {}, "respond": {"status": 401, "detail": "Invalid SCIM token"}}])"));
    BOOST_TEST(run.step("connection.users").status == Status::fail);
    std::size_t skipped = 0;
    for (const auto& s : run.report.steps) {
        if (s.id == "connection.users") continue;
        BOOST_TEST(s.status == Status::skip, s.id << " is " << check::to_string(s.status));
        BOOST_TEST(s.note == "the connection test failed (401 Unauthorized)", s.id << ": " << s.note);
        BOOST_TEST(s.exchanges.empty(), s.id);
        ++skipped;
    }
    BOOST_TEST(skipped == all_steps.size() - 2);  // every step but the connection test and the cleanup (nothing made)
    BOOST_TEST(run.report.failed() == 1u);
    BOOST_TEST(last_line(run.text()) == "0 passed, 1 failed, " + std::to_string(skipped) + " skipped");
    BOOST_TEST(contains(run.text(), "SKIP spec: create a user returns 201 Created (POST /Users)\n"
                                    "    skipped:  the connection test failed (401 Unauthorized)\n"));
    // Only the connection test reached the server.
    std::size_t requests = 0;
    for (const auto& s : run.report.steps) requests += s.exchanges.size();
    BOOST_TEST(requests == 1u);
}

BOOST_AUTO_TEST_CASE(quirks_are_warnings_with_their_rfc) {
    InprocRun run(app_config(R"(, "quirks": {"itemsPerPageEchoesCount": true, "caseSensitiveUserNameFilter": true})"));
    BOOST_TEST(run.report.ok());
    bool items_per_page = false;
    for (const auto& s : run.report.steps) items_per_page = items_per_page || has_warning(s, "RFC 7644 §3.4.2.4");
    BOOST_TEST(items_per_page);
    const auto& case_step = run.step("spec.case");
    BOOST_TEST(case_step.status == Status::warn);
    BOOST_TEST(has_warning(case_step, "RFC 7643 §4.1.1"));
    const std::string text = run.text();
    BOOST_TEST(contains(text, "WARN spec: upper-case userName filter finds the user\n"));
    BOOST_TEST(contains(text, "case-sensitively"));
    BOOST_TEST(contains(text, "(RFC 7644 §3.4.2.4)"));
    BOOST_TEST(last_line(text) == std::to_string(run.report.passed()) + " passed, 0 failed");
}

BOOST_AUTO_TEST_CASE(a_server_without_patch_fails_the_oin_deactivation) {
    InprocRun run(app_config(R"(, "quirks": {"noPatch": true})"));
    BOOST_TEST(!run.report.ok());
    for (std::string_view id : {"lifecycle.aiw.assign", "lifecycle.aiw.update", "lifecycle.aiw.deactivate",
                                "lifecycle.aiw.reactivate", "lifecycle.oin.assign", "lifecycle.oin.update"})
        BOOST_TEST(run.step(id).status == Status::pass, id);
    const auto& deactivate = run.step("lifecycle.oin.deactivate");
    BOOST_TEST(deactivate.status == Status::fail);
    BOOST_TEST(contains(deactivate.tenant_message, "Automatic deactivation of user OktasimUpdated Check"),
               deactivate.tenant_message);
    BOOST_TEST(contains(deactivate.tenant_message,
                        "Not Implemented. Errors reported by remote server: PATCH is not supported"));
    BOOST_REQUIRE(deactivate.focus.has_value());
    BOOST_TEST(deactivate.exchanges[*deactivate.focus].request.method == "PATCH");
    BOOST_TEST(run.step("lifecycle.oin.reactivate").status == Status::skip);
    // The cleanup still deactivates the OIN user, the AIW way.
    BOOST_TEST(run.report.left_active.empty());
    BOOST_TEST(run.step("cleanup").status == Status::pass);
    BOOST_TEST(contains(run.text(), "FAIL lifecycle: OIN app: unassign -> deactivate (PATCH active:false)\n"));
}

BOOST_AUTO_TEST_CASE(only_selects_phases) {
    std::string error;
    auto parsed = simapp::parse_sim_app_config(app_config(), error);
    BOOST_REQUIRE(parsed.has_value());
    sim::EventLoop loop(1, epoch_ms);
    simapp::SimApp app(std::move(*parsed), loop.wall_clock(), sim::Prng(3));
    oktasim::connectors::InprocTransport transport(loop, app);
    auto options = options_for(base_url);
    options.phases = {check::Phase::connection};
    const auto report = check::run_check_on(loop, transport, options);
    BOOST_TEST(report.steps.size() == 2u);
    BOOST_TEST(report.created.empty());
    BOOST_TEST((check::phase_from("lifecycle") == check::Phase::lifecycle));
    BOOST_TEST(!check::phase_from("cleanup").has_value());
    loop.shutdown();
}

BOOST_AUTO_TEST_CASE(junit_xml_is_well_formed_and_escaped) {
    InprocRun run(app_config(
        R"(, "faults": [{"match": {}, "respond": {"status": 401, "detail": "Invalid <SCIM> token & \"more\""}}])"));
    // A step whose texts carry everything XML must escape, control characters and invalid UTF-8 included.
    check::StepResult odd;
    odd.id = "spec.odd";
    odd.name = "spec: <odd> & \"quoted\" 'name'";
    odd.phase = check::Phase::spec;
    odd.problem = std::string("bad \x01 byte \xff and ]]> end");
    odd.expected = "<nothing>";
    odd.status = Status::fail;
    run.report.steps.push_back(odd);

    std::ostringstream out;
    check::write_junit(out, run.report);
    const std::string xml = out.str();
    BOOST_TEST(contains(xml, "Invalid &lt;SCIM&gt; token &amp; &quot;more&quot;"));
    BOOST_TEST(!contains(xml, "s3cret"));

    namespace pt = boost::property_tree;
    pt::ptree tree;
    std::istringstream in(xml);
    BOOST_REQUIRE_NO_THROW(pt::read_xml(in, tree));
    const pt::ptree& suites = tree.get_child("testsuites");
    BOOST_TEST(suites.get<std::size_t>("<xmlattr>.tests") == run.report.steps.size());
    BOOST_TEST(suites.get<std::size_t>("<xmlattr>.failures") == run.report.failed());
    std::size_t cases = 0, failures = 0, skipped = 0;
    bool odd_found = false;
    for (const auto& [name, suite] : suites) {
        if (name != "testsuite") continue;
        for (const auto& [case_name, testcase] : suite) {
            if (case_name != "testcase") continue;
            ++cases;
            failures += testcase.count("failure");
            skipped += testcase.count("skipped");
            if (testcase.get<std::string>("<xmlattr>.name") == "spec: <odd> & \"quoted\" 'name'") {
                odd_found = true;
                BOOST_TEST(contains(testcase.get<std::string>("failure.<xmlattr>.message"), "bad \xEF\xBF\xBD byte"));
            }
        }
    }
    BOOST_TEST(cases == run.report.steps.size());
    BOOST_TEST(failures == run.report.failed());
    BOOST_TEST(skipped == run.report.count(Status::skip));
    BOOST_TEST(odd_found);

    BOOST_TEST(check::xml_escape("a<b>&\"'\x02") == "a&lt;b&gt;&amp;&quot;&apos;\xEF\xBF\xBD");
    BOOST_TEST(check::valid_utf8("ok \xc3\xa9 \xc3") == "ok \xc3\xa9 \xEF\xBF\xBD");
    BOOST_TEST(check::truncate_body("abcdef", 3) == "abc... (6 bytes)");
    BOOST_TEST(wire::redact_body(R"({"password":"x","a":{"password":"y"}})") ==
               R"({"password":"[REDACTED]","a":{"password":"[REDACTED]"}})");
}

// Over real HTTP on 127.0.0.1: the simulated app behind HttpServer, the check over HttpTransport, one io_context.
BOOST_AUTO_TEST_CASE(loopback_http_run_passes_with_okta_s_user_agent) {
    namespace http = oktasim::connectors::http;
    sim::EventLoop loop(5, epoch_ms);
    std::string error;
    auto parsed = simapp::parse_sim_app_config(app_config(), error);
    BOOST_REQUIRE(parsed.has_value());
    simapp::SimApp app(std::move(*parsed), loop.wall_clock(), sim::Prng(3));
    http::HttpServer server(loop.context(), app);
    std::vector<std::string> user_agents;
    server.set_access_log([&user_agents](const wire::Request& r, const wire::Delivery&) {
        user_agents.emplace_back(r.header("User-Agent"));
    });
    BOOST_REQUIRE(!server.start());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/scim/v2";
    auto http_transport = http::HttpTransport::create(loop.get_executor(), url, {}, error);
    BOOST_REQUIRE_MESSAGE(http_transport != nullptr, error);
    auto transport = std::make_unique<check::LiveTransport>(loop, std::move(http_transport));

    const check::Report report = check::run_check_on(loop, *transport, options_for(url));
    for (const auto& s : report.steps)
        BOOST_TEST(s.status == Status::pass, s.id << " is " << check::to_string(s.status) << ": " << s.problem);
    BOOST_TEST(report.ok());
    BOOST_TEST(report.steps.size() == all_steps.size());
    BOOST_TEST(report.left_active.empty());
    BOOST_TEST(user_agents.size() > 20u);
    for (const auto& ua : user_agents) BOOST_TEST(ua == "Okta SCIM Client 1.0.0");

    server.stop();
    transport.reset();
}

// Item 3: secrets planted in every credential of check never appear in any output, even when the server echoes them.
BOOST_AUTO_TEST_CASE(hardening_planted_secrets_never_reach_any_output) {
    struct Mode {
        std::string app_auth;  // the simulated app's "auth"
        std::function<void(scim::Auth&)> set;
        std::vector<std::string> secrets;
    };
    const std::string basic = wire::base64("planted-user:PLANTED-PASS-2");
    const std::vector<Mode> modes = {
        {R"({"bearer": "PLANTED-TOKEN-1"})",
         [](scim::Auth& a) {
             a.mode = scim::Auth::Mode::header;
             a.token = "PLANTED-TOKEN-1";
         },
         {"PLANTED-TOKEN-1"}},
        {R"({"header": "SSWS PLANTED-SSWS-4"})",
         [](scim::Auth& a) {
             a.mode = scim::Auth::Mode::header;
             a.prefix = "SSWS ";
             a.token = "PLANTED-SSWS-4";
         },
         {"PLANTED-SSWS-4"}},
        {R"({"basic": {"username": "planted-user", "password": "PLANTED-PASS-2"}})",
         [](scim::Auth& a) {
             a.mode = scim::Auth::Mode::basic;
             a.username = "planted-user";
             a.password = "PLANTED-PASS-2";
         },
         {"PLANTED-PASS-2", basic}},
        {R"({"bearer": "PLANTED-OAUTH-3"})",
         [](scim::Auth& a) {
             a.mode = scim::Auth::Mode::oauth2;
             a.token = "PLANTED-OAUTH-3";
         },
         {"PLANTED-OAUTH-3"}},
    };
    for (const auto& mode : modes) {
        // A compliant app but for one rejected POST, so a failure (and its server detail) shows in the text too.
        const std::string config = R"({"auth": )" + mode.app_auth + R"(,
            "accounts": [{"userName": "existing@example.com", "active": true,
                          "name": {"givenName": "Existing", "familyName": "User"}}],
            "faults": [{"match": {"method": "POST", "path": "/Users", "nth": 1},
                        "respond": {"status": 400, "detail": "rejected"}}]})";
        std::string error;
        auto parsed = simapp::parse_sim_app_config(config, error);
        BOOST_REQUIRE_MESSAGE(parsed.has_value(), error);
        sim::EventLoop loop(9, epoch_ms);
        simapp::SimApp app(std::move(*parsed), loop.wall_clock(), sim::Prng(3));
        oktasim::connectors::InprocTransport inproc(loop, app);
        EchoingTransport echoing(inproc);
        auto options = options_for(base_url);
        options.auth = {};
        mode.set(options.auth);
        options.features.password = true;  // passwords on the wire too
        const check::Report report = check::run_check_on(loop, echoing, options);
        BOOST_TEST(report.step("connection.users")->status == Status::pass, mode.app_auth);
        BOOST_TEST(report.step("spec.create")->status == Status::fail, mode.app_auth);
        const Outputs out = outputs_of(report);
        BOOST_TEST(contains(out.text, "(you sent "), mode.app_auth);  // the echo is shown, redacted
        for (const auto& secret : mode.secrets) {
            BOOST_TEST(!contains(out.text, secret), secret << " in the text report");
            BOOST_TEST(!contains(out.json, secret), secret << " in the JSON report");
            BOOST_TEST(!contains(out.junit, secret), secret << " in the JUnit report");
        }
        // Passwords in request bodies are redacted too (Sync Password is on), even where the server echoes them.
        BOOST_TEST(contains(out.json, R"(\"password\":\"[REDACTED]\")"));
        std::size_t passwords = 0;
        for (const auto& s : report.steps) {
            for (const auto& x : s.exchanges) {
                boost::system::error_code ec;
                const auto body = boost::json::parse(x.request.body, ec);
                const auto* o = ec ? nullptr : body.if_object();
                const auto* pw = o ? o->if_contains("password") : nullptr;
                if (!pw || !pw->is_string()) continue;
                const std::string password(pw->as_string());
                ++passwords;
                BOOST_TEST(!contains(out.text, password), password << " in the text report");
                BOOST_TEST(!contains(out.json, password), password << " in the JSON report");
                BOOST_TEST(!contains(out.junit, password), password << " in the JUnit report");
            }
        }
        BOOST_TEST(passwords >= 3u);  // the spec user's and each lifecycle create
        loop.shutdown();
    }
}

// Item 10: control characters a server sends are escaped, and its long texts are cut, in every output.
BOOST_AUTO_TEST_CASE(hardening_server_text_is_escaped_and_capped) {
    const std::string detail = "\\u001b[2J\\u001b[31mred\\r\\u0000nul\\u009b" + std::string(100'000, 'x');
    InprocRun run(app_config(R"(, "faults": [{"match": {"method": "POST", "path": "/Users", "nth": 1},
                                              "respond": {"status": 400, "detail": ")" +
                             detail + R"("}}])"));
    const auto& create = run.step("spec.create");
    BOOST_TEST(create.status == Status::fail);
    BOOST_TEST(create.tenant_message.size() > 100'000u);  // the report itself keeps the server's words
    const Outputs out = outputs_of(run.report);
    for (const std::string* o : {&out.text, &out.junit}) {
        BOOST_TEST(!contains(*o, "\x1b"));
        BOOST_TEST(!contains(*o, "\r"));
        BOOST_TEST(!contains(*o, std::string_view("\0", 1)));
        BOOST_TEST(!contains(*o, "\xc2\x9b"));
        BOOST_TEST(o->size() < 60'000u, o->size());  // not 100 KB per quote
    }
    BOOST_TEST(contains(out.text, "\\x1b[2J\\x1b[31mred\\x0d\\x00nul\\u009b"));
    BOOST_TEST(contains(out.text, "... (1"));  // where it was cut: "... (N bytes)"
    // JSON: the parsed strings hold no raw control characters either, and are capped.
    const auto json = boost::json::parse(out.json);
    for (const auto& step : json.at("steps").as_array()) {
        if (step.at("id").as_string() != "spec.create") continue;
        const std::string tenant(step.at("tenantMessage").as_string());
        BOOST_TEST(!contains(tenant, "\x1b"));
        BOOST_TEST(contains(tenant, "\\x1b[2J"));
        BOOST_TEST(tenant.size() < 3000u);
    }
    BOOST_TEST(check::escape_controls("a\x1b[0m\r\n\tb\x7f\xc2\x85") == "a\\x1b[0m\\x0d\n\tb\\x7f\\u0085");
    BOOST_TEST(check::escape_controls("caf\xc3\xa9 \xc2\xa0") == "caf\xc3\xa9 \xc2\xa0");  // not C1: left alone
}

// Item 14: --features chooses the lifecycle's To App features; the labels say what is sent.
BOOST_AUTO_TEST_CASE(hardening_features_choose_what_the_lifecycle_sends) {
    std::string bad;
    const auto defaults = check::Features{};
    BOOST_TEST(check::to_string(defaults) == "create,update,deactivate");
    BOOST_TEST(!check::parse_features("create,bogus", bad).has_value());
    BOOST_TEST(bad == "bogus");
    const auto with_password = check::parse_features("create,update,deactivate,password", bad);
    BOOST_REQUIRE(with_password.has_value());
    BOOST_TEST(with_password->password);

    const auto sends_password = [](const check::StepResult& s) {
        for (const auto& x : s.exchanges)
            if (contains(x.request.body, "\"password\"") && x.request.method != "POST") return true;
        return false;
    };
    // Default: Sync Password off, so no step sends a password after the create.
    InprocRun plain(app_config());
    BOOST_TEST(plain.report.ok());
    BOOST_TEST(plain.report.features == "create,update,deactivate");
    for (const auto& s : plain.report.steps) BOOST_TEST(!sends_password(s), s.id);
    BOOST_TEST(plain.step("lifecycle.oin.reactivate").name ==
               "lifecycle: OIN app: reassign -> reactivate (look-up, PATCH active:true, GET + PUT profile)");
    BOOST_TEST(plain.step("lifecycle.aiw.reactivate").name ==
               "lifecycle: AIW app: reassign -> reactivate (look-up, GET + PUT active:true and profile)");

    InprocRun password(app_config(), 42, [&](check::CheckOptions& o) { o.features = *with_password; });
    BOOST_TEST(password.report.ok());
    BOOST_TEST(sends_password(password.step("lifecycle.oin.reactivate")));
    BOOST_TEST(password.step("lifecycle.oin.reactivate").name ==
               "lifecycle: OIN app: reassign -> reactivate (look-up, PATCH active:true, GET + PUT profile, PATCH "
               "password)");

    InprocRun no_deactivate(app_config(), 42, [&](check::CheckOptions& o) {
        o.features = *check::parse_features("create,update", bad);
    });
    BOOST_TEST(no_deactivate.report.ok());
    for (std::string_view id : {"lifecycle.aiw.deactivate", "lifecycle.aiw.reactivate", "lifecycle.oin.deactivate"}) {
        BOOST_TEST(no_deactivate.step(id).status == Status::skip, id);
        BOOST_TEST(contains(no_deactivate.step(id).note, "Deactivate Users is off (--features)"), id);
    }
    BOOST_TEST(no_deactivate.report.left_active.empty());  // the cleanup still deactivates what was made
}

// Item 15: names and ids come from the seed and the nonce, so a second run against the same server does not collide.
BOOST_AUTO_TEST_CASE(hardening_nonce_gives_each_run_its_own_users) {
    const auto externals = [](const check::Report& r) {
        std::string out;
        for (const auto& x : r.step("spec.create")->exchanges)
            if (x.request.method == "POST")
                out = std::string(boost::json::parse(x.request.body).at("externalId").as_string());
        return out;
    };
    const auto with_nonce = [](std::string nonce) {
        return [nonce](check::CheckOptions& o) { o.nonce = nonce; };
    };
    InprocRun a(app_config(), 7, with_nonce("abc123")), b(app_config(), 7, with_nonce("abc123")),
        c(app_config(), 7, with_nonce("xyz789"));
    BOOST_TEST(a.report.created == b.report.created, boost::test_tools::per_element());
    BOOST_TEST(externals(a.report) == externals(b.report));
    BOOST_TEST(a.report.created != c.report.created);
    BOOST_TEST(externals(a.report) != externals(c.report));
    BOOST_TEST(externals(a.report) != "00u00000000000000000");
    BOOST_TEST(externals(a.report).rfind("00u", 0) == 0u);
    BOOST_TEST(externals(a.report).size() == 20u);
    BOOST_TEST(contains(a.text(), "(seed 7, nonce abc123; features create,update,deactivate)"));

    // Two runs against one server that keeps its data: both pass, and each cleans up after itself.
    InprocRun first(app_config(), 7, with_nonce("first"));
    for (const check::Report& report : {first.report, first.rerun(7, with_nonce("second"))}) {
        BOOST_TEST(report.ok(), report.nonce);
        for (const auto& s : report.steps)
            BOOST_TEST(s.status != Status::fail, report.nonce << ": " << s.id << ": " << s.problem);
        BOOST_TEST(report.left_active.empty());
        BOOST_TEST(report.created.size() == 3u);
    }
    BOOST_TEST(first.app->find_account_by_user_name(first.report.created.front()).has_value());
}

// Item 17: JUnit carries the run's timestamp and the host it ran on.
BOOST_AUTO_TEST_CASE(hardening_junit_has_timestamp_and_hostname) {
    InprocRun run(app_config());
    run.report.hostname = "ci-runner-7";
    std::ostringstream out;
    check::write_junit(out, run.report);
    namespace pt = boost::property_tree;
    pt::ptree tree;
    std::istringstream in(out.str());
    BOOST_REQUIRE_NO_THROW(pt::read_xml(in, tree));
    std::size_t suites = 0;
    for (const auto& [name, suite] : tree.get_child("testsuites")) {
        if (name != "testsuite") continue;
        ++suites;
        BOOST_TEST(suite.get<std::string>("<xmlattr>.timestamp") == "2024-04-21T12:47:34");
        BOOST_TEST(suite.get<std::string>("<xmlattr>.hostname") == "ci-runner-7");
    }
    BOOST_TEST(suites == 4u);
    run.report.hostname.clear();
    std::ostringstream fallback;
    check::write_junit(fallback, run.report);
    BOOST_TEST(contains(fallback.str(), "hostname=\"localhost\""));
}


// --groups (issue 9): after each flavour's lifecycle, Okta's Group Push runs against the server with the exact
// requests of docs/okta-behaviour.md §2.10, and each step reads the group back.
BOOST_AUTO_TEST_CASE(groups_push_create_add_remove_rename_delete) {
    InprocRun run(app_config(), 42, [](check::CheckOptions& o) { o.groups = true; });
    for (const auto& s : run.report.steps)
        BOOST_TEST(s.status == Status::pass, s.id << " is " << check::to_string(s.status) << ": " << s.problem);
    const auto methods = [&](std::string_view id) {
        std::string out;
        for (const auto& x : run.step(id).exchanges) out += x.request.method + " ";
        return out;
    };
    const auto body = [&](std::string_view id, std::size_t i) { return run.step(id).exchanges.at(i).request.body; };
    for (std::string_view f : {"aiw", "oin"}) {
        const std::string g = "groups." + std::string(f) + ".";
        BOOST_TEST(methods(g + "create") == "POST GET ", f);
        BOOST_TEST(contains(body(g + "create", 0), R"("members":[])"), body(g + "create", 0));
        BOOST_TEST(methods(g + "delete") == "DELETE GET ", f);
        BOOST_TEST(run.step(g + "delete").exchanges.at(1).delivery.response->status == 404);
    }
    BOOST_TEST(methods("groups.oin.add") == "PATCH GET ");
    BOOST_TEST(contains(body("groups.oin.add", 0), R"({"op":"add","path":"members","value":[{"value":")"),
               body("groups.oin.add", 0));
    BOOST_TEST(methods("groups.oin.remove") == "PATCH GET ");
    BOOST_TEST(contains(body("groups.oin.remove", 0), R"({"op":"remove","path":"members[value eq \")"),
               body("groups.oin.remove", 0));
    BOOST_TEST(methods("groups.oin.rename") == "PATCH GET ");
    BOOST_TEST(contains(body("groups.oin.rename", 0), R"(-renamed"}})"), body("groups.oin.rename", 0));
    BOOST_TEST(methods("groups.aiw.add") == "PUT GET ");
    BOOST_TEST(methods("groups.aiw.remove") == "PUT GET ");
    BOOST_TEST(contains(body("groups.aiw.remove", 0), R"("members":[])"), body("groups.aiw.remove", 0));
    BOOST_TEST(methods("groups.aiw.rename") == "PUT GET ");
    // The run deleted what it pushed; the text report shows the phase.
    BOOST_TEST(run.app->groups().empty());
    BOOST_TEST(run.report.groups_left.empty());
    BOOST_TEST(contains(run.text(), "PASS groups: OIN app: remove the member (PATCH remove members[value eq \"...\"])\n"),
               run.text());
}

// Without --groups nothing touches /Groups beyond the connection and spec reads.
BOOST_AUTO_TEST_CASE(groups_steps_only_with_the_flag) {
    InprocRun run(app_config());
    for (const auto& s : run.report.steps) {
        BOOST_TEST((s.phase != check::Phase::groups), s.id);
        for (const auto& x : s.exchanges)
            BOOST_TEST(!(x.request.method != "GET" && contains(x.request.path(), "/Groups")), s.id);
    }
}

// A server that refuses Okta's membership PATCH: the add step fails with the message the Push Groups tab shows, the
// later member step is skipped, and the cleanup still deletes the group.
BOOST_AUTO_TEST_CASE(groups_a_rejected_member_patch_fails_with_okta_s_message) {
    InprocRun run(app_config(R"(, "faults": [{"name": "no-members", "match": {"method": "PATCH", "path": "/Groups/*"},
                                 "respond": {"status": 400, "detail": "Unknown member value"}}])"),
                  42, [](check::CheckOptions& o) { o.groups = true; });
    BOOST_TEST(!run.report.ok());
    const auto& add = run.step("groups.oin.add");
    BOOST_TEST(add.status == Status::fail);
    BOOST_TEST(contains(add.tenant_message, "Error while updating user group oktasim-check-group-oin-"), add.tenant_message);
    BOOST_TEST(contains(add.tenant_message, "Bad Request. Errors reported by remote server: Unknown member value"),
               add.tenant_message);
    BOOST_REQUIRE(add.focus.has_value());
    BOOST_TEST(add.exchanges[*add.focus].request.method == "PATCH");
    BOOST_TEST(run.step("groups.oin.remove").status == Status::skip);
    BOOST_TEST(run.step("groups.aiw.add").status == Status::pass);  // AIW pushes with PUT
    BOOST_TEST(run.report.groups_left.empty());
    BOOST_TEST(run.app->groups().empty());
}

BOOST_AUTO_TEST_SUITE_END()
