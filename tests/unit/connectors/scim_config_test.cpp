// The scim2 factory checks its own config and reports a structured problem (a JSON path relative to the config, a
// message, a scenario_errc); the registry picks the factory by the config's "type", the first registered being the
// default.
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/scim/scim_config.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
namespace json = boost::json;
namespace scim = oktasim::connectors::scim;

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

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_config)

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
               "/timeout: unknown key; expected one of: type, baseUrl, auth, tls, maxConnections, exchangeTimeout");
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

BOOST_AUTO_TEST_SUITE_END()
