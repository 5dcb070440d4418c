// The built-in connector factories: `scim2` (Okta's SCIM 2.0 client, in process or over HTTP).
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors {
namespace {

namespace json = boost::json;

class Scim2Factory final : public engine::ConnectorFactory {
public:
    bool validate(const json::object& config, engine::Problem& problem) const override {
        return scim::parse_scim_config(config, problem).has_value();
    }

    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      engine::Problem& problem) const override {
        auto parsed = scim::parse_scim_config(config, problem);
        if (!parsed) return parsed.error();
        std::unique_ptr<Transport> transport;
        std::unique_ptr<Transport> token_transport;
        if (context.inproc) {
            transport = std::make_unique<InprocTransport>(context.loop, *context.inproc);
        } else {
            // Live mode: a real server at baseUrl. The loop then waits for real I/O when nothing else is due.
            http::HttpTransportOptions options;
            options.tls.ca_file = parsed->ca_file;
            options.tls.insecure = parsed->insecure;
            options.max_connections = static_cast<std::size_t>(parsed->max_connections);
            options.exchange_timeout = parsed->exchange_timeout;
            std::string why;
            auto live = http::HttpTransport::create(context.loop.get_executor(), parsed->endpoint.base_url, options, why);
            if (!live) return unreachable(problem, "/baseUrl", why);
            transport = std::make_unique<LiveTransport>(context.loop, std::move(live));
            // The OAuth token endpoint may live on another origin (an authorization server of its own).
            std::string token_error;
            const auto token = parsed->auth.token_url.empty()
                                   ? std::nullopt
                                   : scim::parse_endpoint(parsed->auth.token_url, token_error);
            if (token && token->host != parsed->endpoint.host) {
                auto other = http::HttpTransport::create(context.loop.get_executor(), parsed->auth.token_url, options, why);
                if (!other) return unreachable(problem, "/auth/tokenUrl", why);
                token_transport = std::make_unique<LiveTransport>(context.loop, std::move(other));
            }
        }
        return std::unique_ptr<engine::Connector>(std::make_unique<scim::ScimConnector>(
            std::move(parsed->endpoint), std::move(parsed->auth), std::move(transport), context.loop, context.wire_log,
            std::move(context.app_key), std::move(token_transport)));
    }
    std::string_view description() const noexcept override {
        return "Okta's SCIM 2.0 client (in process to the simulated app, or over HTTP)";
    }

private:
    static error_code unreachable(engine::Problem& problem, std::string path, std::string why) {
        problem = {std::move(path), std::move(why), make_error_code(scenario_errc::bad_value)};
        return problem.code;
    }
};

}  // namespace

void register_builtin_connectors(engine::ConnectorRegistry& registry) {
    registry.add(std::string(scim::connector_type), std::make_unique<Scim2Factory>());  // first: the default type
}

}  // namespace oktasim::connectors
