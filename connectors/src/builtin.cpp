// The built-in connector factories: `scim2` (Okta's SCIM 2.0 client, in process or over HTTP).
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors {
namespace {

namespace json = boost::json;

class Scim2Factory final : public engine::ConnectorFactory {
public:
    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      std::string& error) const override {
        auto parsed = scim::parse_scim_config(config, error);
        if (!parsed) return make_error_code(scenario_errc::bad_value);
        std::unique_ptr<Transport> transport;
        if (context.inproc) {
            transport = std::make_unique<InprocTransport>(context.loop, *context.inproc);
        } else {
            error = "/baseUrl: live HTTP connections are not available in this build; give the app a simulated downstream";
            return make_error_code(connector_errc::unsupported);
        }
        return std::unique_ptr<engine::Connector>(std::make_unique<scim::ScimConnector>(
            std::move(parsed->endpoint), std::move(parsed->auth), std::move(transport), context.loop, context.wire_log,
            std::move(context.app_key)));
    }
    std::string_view description() const noexcept override {
        return "Okta's SCIM 2.0 client (in process to the simulated app, or over HTTP)";
    }
};

}  // namespace

void register_builtin_connectors(engine::ConnectorRegistry& registry) {
    registry.add("scim2", std::make_unique<Scim2Factory>());
}

}  // namespace oktasim::connectors
