// The scim2 factory checks its own config and reports a structured problem (a JSON path relative to the config, a
// message, a scenario_errc); the registry picks the factory by the config's "type", the first registered being the
// default; the factory reaches its app only through the host's TransportProvider and reports to an ExchangeRecorder.
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/scim/scim_config.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/connectors/transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
namespace json = boost::json;
namespace scim = oktasim::connectors::scim;
namespace asio = boost::asio;

namespace {

engine::Problem problem_of(std::string_view config_json) {
    engine::Problem problem;
    const auto parsed = scim::parse_scim_config(json::parse(config_json).as_object(), problem);
    BOOST_TEST(!parsed.has_value(), config_json);
    BOOST_TEST((parsed.has_value() || parsed.error() == problem.code));
    return problem;
}

// A factory that accepts anything, registered beside the built-in one.
class AnyConfig final : public engine::ConnectorFactory {
public:
    bool validate(const json::object&, engine::Problem&) const override { return true; }
    result<std::unique_ptr<engine::Connector>> create(const json::object&, engine::ConnectorContext,
                                                      engine::Problem&) const override {
        return make_error_code(connector_errc::unsupported);
    }
    std::string_view description() const noexcept override { return "test"; }
};

// A host that routes every origin to one simulated app, remembering what the connector asked for.
class Host final : public engine::TransportProvider {
public:
    Host(sim::EventLoop& loop, engine::Downstream& app) : loop_(loop), app_(app) {}
    std::unique_ptr<engine::Transport> open(std::string_view base_url, const engine::TransportOptions& options,
                                            std::string& why) override {
        opened.emplace_back(base_url);
        max_connections = options.max_connections;
        if (refuse) {
            why = "no route to " + std::string(base_url);
            return nullptr;
        }
        return std::make_unique<connectors::InprocTransport>(loop_, app_);
    }
    std::vector<std::string> opened;
    std::size_t max_connections = 0;
    bool refuse = false;

private:
    sim::EventLoop& loop_;
    engine::Downstream& app_;
};

class Targets final : public engine::ExchangeRecorder {
public:
    void record(wire::Exchange x) override { seen.push_back(x.app + " " + x.request.method + " " + x.request.target); }
    std::vector<std::string> seen;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_config)

BOOST_AUTO_TEST_CASE(the_factory_reaches_its_app_through_the_host) {
    // Setup
    sim::EventLoop loop{1, 0};
    std::string error;
    auto app_config = connectors::simapp::parse_sim_app_config(std::string_view("{}"), error);
    connectors::simapp::SimApp app(std::move(*app_config), loop.wall_clock(), loop.prng().fork("app"));
    Host host(loop, app);
    Targets recorder;
    engine::ConnectorRegistry registry;
    connectors::register_builtin_connectors(registry);
    const json::object config = json::parse(R"({"baseUrl": "https://app.test/scim/v2", "maxConnections": 8,
        "auth": {"mode": "oauth2", "accessToken": "a", "refreshToken": "r", "tokenUrl": "https://login.test/token"}})")
                                    .as_object();
    engine::Problem problem;
    // Act
    auto made = registry.factory_for(config)->create(config, {loop, recorder, "acme", host}, problem);
    BOOST_TEST_REQUIRE(made.has_value(), problem.to_string());
    Diagnostics d;
    bool done = false;
    asio::co_spawn(loop.get_executor(), (*made)->test_credentials(d), [&](std::exception_ptr e, auto page) {
        if (e) std::rethrow_exception(e);
        BOOST_TEST(page.has_value(), d.provider_message());
        done = true;
    });
    loop.run_while([&] { return !done; });
    // Assert: one transport per origin, the config's pool size, every exchange reported to the recorder
    BOOST_TEST(host.opened == (std::vector<std::string>{"https://app.test/scim/v2", "https://login.test/token"}));
    BOOST_TEST(host.max_connections == 8u);
    BOOST_TEST(recorder.seen == (std::vector<std::string>{"acme GET /scim/v2/Users?startIndex=1&count=2"}));
    // A host that cannot reach the app: the factory says so at the key that names it.
    host.refuse = true;
    auto refused = registry.factory_for(config)->create(config, {loop, recorder, "acme", host}, problem);
    BOOST_TEST(!refused.has_value());
    BOOST_TEST(problem.to_string() == "/baseUrl: no route to https://app.test/scim/v2");
    loop.shutdown();
}

BOOST_AUTO_TEST_CASE(problems_carry_a_path_a_message_and_a_kind) {
    const auto mode = problem_of(R"({"baseUrl": "https://a.test", "auth": {"mode": "bearer"}})");
    BOOST_TEST(mode.path == "/auth/mode");
    BOOST_TEST(mode.message == "expected one of \"none\", \"basic\", \"header\", \"oauth2\", got \"bearer\"");
    BOOST_TEST(mode.code == make_error_code(scenario_errc::bad_value));
    const auto missing = problem_of(R"({"type": "scim2"})");
    BOOST_TEST(missing.path == "/baseUrl");
    BOOST_TEST(missing.message == "missing; expected a string");
    BOOST_TEST(missing.code == make_error_code(scenario_errc::missing_key));
    const auto unknown = problem_of(R"({"baseUrl": "https://a.test", "timeout": 5})");
    BOOST_TEST(unknown.to_string() ==
               "/timeout: unknown key; expected one of: type, concurrency, scimVersion, baseUrl, auth, tls, maxConnections, exchangeTimeout, incrementalImport");
    BOOST_TEST(unknown.code == make_error_code(scenario_errc::unknown_key));
    const auto refresh = problem_of(R"({"baseUrl": "https://a.test", "auth": {"mode": "oauth2", "accessToken": "a",
                                        "refreshToken": "r"}})");
    BOOST_TEST(refresh.to_string() == "/auth/tokenUrl: missing; a refreshToken needs the token endpoint's URL");
    const auto blank = problem_of(R"({"baseUrl": "https://a.test", "auth": {"mode": "header", "token": " "}})");
    BOOST_TEST(blank.path == "/auth/token");
    const auto timeout = problem_of(R"({"baseUrl": "https://a.test", "exchangeTimeout": 5})");
    BOOST_TEST(timeout.to_string() == "/exchangeTimeout: expected a duration from 1ms to 1d, like \"120s\"");
}

BOOST_AUTO_TEST_CASE(a_valid_config_reads_into_its_settings) {
    engine::Problem problem;
    const auto parsed = scim::parse_scim_config(
        json::parse(R"({"type": "scim2", "baseUrl": "https://a.test/scim/v2/", "maxConnections": 8,
                        "auth": {"mode": "header", "token": "T", "prefix": ""}, "exchangeTimeout": "30s"})")
            .as_object(),
        problem);
    BOOST_TEST_REQUIRE(parsed.has_value(), problem.to_string());
    BOOST_TEST(parsed->endpoint.base_path == "/scim/v2");
    BOOST_TEST(parsed->auth.authorization() == "T");
    BOOST_TEST(parsed->max_connections == 8);
    BOOST_TEST(parsed->exchange_timeout.count() == 30'000);
}

BOOST_AUTO_TEST_CASE(the_registry_picks_the_factory_by_type) {
    engine::ConnectorRegistry registry;
    connectors::register_builtin_connectors(registry);
    BOOST_TEST(registry.add("other", std::make_unique<AnyConfig>()));
    BOOST_TEST(!registry.add("other", std::make_unique<AnyConfig>()));
    BOOST_TEST(registry.default_type() == "scim2");
    const json::object untyped{{"baseUrl", "https://a.test"}};
    const json::object other{{"type", "other"}, {"anything", 1}};
    BOOST_TEST(registry.type_of(untyped) == "scim2");
    BOOST_TEST(registry.factory_for(untyped) == registry.find("scim2"));
    BOOST_TEST(registry.factory_for(other) == registry.find("other"));
    BOOST_TEST(registry.factory_for(json::object{{"type", "nope"}}) == nullptr);
    BOOST_TEST(registry.factory_for(json::object{{"type", 2}}) == nullptr);
    engine::Problem problem;
    BOOST_TEST(registry.factory_for(other)->validate(other, problem));
    BOOST_TEST(!registry.find("scim2")->validate(other, problem));  // each factory checks only its own keys
    BOOST_TEST(problem.path == "/anything");
}

BOOST_AUTO_TEST_CASE(scim_factory_saves_credentials_and_moves_its_own_urls_to_a_served_origin) {
    const auto factory = scim::make_factory();
    const json::object first = json::parse(R"({"type":"scim2","baseUrl":"https://app.test/scim/v2",
        "auth":{"mode":"oauth2","accessToken":"a","refreshToken":"r","tokenUrl":"https://app.test/oauth/token"}})").as_object();
    const json::object served = factory->served_at(first, first, "http://127.0.0.1:8080");
    BOOST_TEST(served.at("baseUrl").as_string() == "http://127.0.0.1:8080/scim/v2");
    BOOST_TEST(served.at("auth").at("tokenUrl").as_string() == "http://127.0.0.1:8080/oauth/token");
    // A save names the app's first server again for the token, and an authorization server apart for nothing.
    engine::CredentialChange change;
    change.auth = json::parse(R"({"mode":"oauth2","accessToken":"b","refreshToken":"r",
        "tokenUrl":"https://app.test/oauth/token2"})");
    json::object saved = factory->with_credentials(served, change);
    BOOST_TEST(saved.at("baseUrl").as_string() == "http://127.0.0.1:8080/scim/v2");
    BOOST_TEST(saved.at("auth").at("accessToken").as_string() == "b");
    BOOST_TEST(factory->served_at(saved, first, "http://127.0.0.1:8080").at("auth").at("tokenUrl").as_string() ==
               "http://127.0.0.1:8080/oauth/token2");
    change.auth = json::parse(R"({"mode":"oauth2","accessToken":"c","refreshToken":"r",
        "tokenUrl":"https://idp.test/token"})");
    change.base_url = "https://other.test/v2";
    saved = factory->with_credentials(served, change);
    BOOST_TEST(saved.at("baseUrl").as_string() == "https://other.test/v2");
    const json::object again = factory->served_at(saved, first, "http://127.0.0.1:8080");
    BOOST_TEST(again.at("baseUrl").as_string() == "http://127.0.0.1:8080/v2");
    BOOST_TEST(again.at("auth").at("tokenUrl").as_string() == "https://idp.test/token");
}

BOOST_AUTO_TEST_SUITE_END()
