// The scim2 connector's factory: checks its config, opens transports through the host and builds the connector;
// and knows where its config keeps the Integration fields and the server's URLs (credentials saved, served on loopback).
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors::scim {
namespace {

class Scim2Factory final : public engine::ConnectorFactory {
public:
    bool validate(const json::object& config, engine::Problem& problem) const override {
        return parse_scim_config(config, problem).has_value();
    }

    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      engine::Problem& problem) const override {
        auto parsed = parse_scim_config(config, problem);
        if (!parsed) return parsed.error();
        engine::TransportOptions options;
        options.ca_file = parsed->ca_file;
        options.insecure = parsed->insecure;
        options.max_connections = static_cast<std::size_t>(parsed->max_connections);
        options.exchange_timeout = parsed->exchange_timeout;
        std::string why;
        auto transport = context.transports.open(parsed->endpoint.base_url, options, why);
        if (!transport) return unreachable(problem, "/baseUrl", why);
        // The OAuth token endpoint may live on another origin (an authorization server of its own).
        std::unique_ptr<Transport> token_transport;
        std::string token_error;
        const auto token = parsed->auth.token_url.empty() ? std::nullopt
                                                          : parse_endpoint(parsed->auth.token_url, token_error);
        if (token && token->host != parsed->endpoint.host) {
            token_transport = context.transports.open(parsed->auth.token_url, options, why);
            if (!token_transport) return unreachable(problem, "/auth/tokenUrl", why);
        }
        return std::unique_ptr<engine::Connector>(std::make_unique<ScimConnector>(
            std::move(parsed->endpoint), std::move(parsed->auth), std::move(transport), context.loop, context.recorder,
            std::move(context.app_key), std::move(token_transport), parsed->incremental_import));
    }

    std::string_view description() const noexcept override {
        return "Okta's SCIM 2.0 client, or 1.1 with \"scimVersion\": \"1.1\" (in process to the simulated app, or over HTTP)";
    }

    // incrementalImport only with "incrementalImport" in the config (a server that filters on meta.lastModified).
    std::optional<engine::Capabilities> declared_capabilities() const override {
        return capabilities(false);
    }

    json::object with_credentials(const json::object& config, const engine::CredentialChange& change) const override {
        json::object out = config;
        if (change.auth) out["auth"] = *change.auth;
        if (change.base_url) out["baseUrl"] = *change.base_url;
        return out;
    }

    // The base URL moves; so does the OAuth token endpoint when it is on the app's own server (the one the app
    // started with, which later saves may name again, or the current one), not on an authorization server apart.
    json::object served_at(const json::object& config, const json::object& first, std::string_view origin) const override {
        json::object out = config;
        std::string error;
        const auto endpoint = parse_endpoint(string_at(config, "baseUrl"), error);
        if (!endpoint) return out;
        const auto started = parse_endpoint(string_at(first, "baseUrl"), error);
        out["baseUrl"] = std::string(origin) + endpoint->base_path;
        json::value* auth = out.if_contains("auth");
        json::value* token_url = auth && auth->is_object() ? auth->as_object().if_contains("tokenUrl") : nullptr;
        if (!token_url || !token_url->is_string()) return out;
        const auto token = parse_endpoint(std::string(token_url->as_string()), error);
        if (token && ((started && token->host == started->host) || token->host == endpoint->host))
            *token_url = std::string(origin) + token->base_path;
        return out;
    }

private:
    static std::string string_at(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    }
    static error_code unreachable(engine::Problem& problem, std::string path, std::string why) {
        problem = {std::move(path), std::move(why), make_error_code(scenario_errc::bad_value)};
        return problem.code;
    }
};

}  // namespace

std::unique_ptr<engine::ConnectorFactory> make_factory() { return std::make_unique<Scim2Factory>(); }

}  // namespace oktasim::connectors::scim
