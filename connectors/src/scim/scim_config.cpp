// Reading the scim2 connector's config: keys, types, the Authentication Mode's credentials, URLs and limits.
#include <oktasim/connectors/scim/scim_config.hpp>

#include <oktasim/engine/connector.hpp>

namespace oktasim::connectors::scim {
namespace {

using engine::JsonReader;

// A credential: a valid header value, and not empty or blank, which would send no authentication at all while
// the config reads as if it did.
bool check_credential(JsonReader& a, const json::object& auth, std::string_view key, bool required, std::string& out) {
    if (!a.string(key, out, required)) return false;
    if (!auth.contains(key)) return true;
    if (!engine::check_header_value(a, key, out)) return false;
    if (out.find_first_not_of(" \t") == std::string::npos)
        return a.fail(a.path_of(key), out.empty() ? "must not be empty: an empty credential authenticates nothing"
                                                  : "must not be only whitespace: a blank credential authenticates nothing",
                      scenario_errc::bad_value);
    return true;
}

// Provisioning > Integration > Authentication Mode (docs/okta-behaviour.md §1.3), with the keys each mode takes
// listed in messages.
bool read_auth(JsonReader& a, const json::object& o, Auth& auth) {
    std::string mode;
    if (!a.one_of("mode", mode, {"none", "basic", "header", "oauth2"}, true)) return false;
    if (mode == "none") return a.only({"mode"});
    if (mode == "basic") {
        auth.mode = Auth::Mode::basic;
        return a.only({"mode", "username", "password"}) && check_credential(a, o, "username", true, auth.username) &&
               check_credential(a, o, "password", true, auth.password);
    }
    if (mode == "header") {
        auth.mode = Auth::Mode::header;
        return a.only({"mode", "token", "prefix"}) && check_credential(a, o, "token", true, auth.token) &&
               a.string("prefix", auth.prefix) && engine::check_header_value(a, "prefix", auth.prefix);
    }
    auth.mode = Auth::Mode::oauth2;
    return a.only({"mode", "accessToken", "refreshToken", "tokenUrl", "clientId", "clientSecret"}) &&
           check_credential(a, o, "accessToken", true, auth.token) &&
           check_credential(a, o, "refreshToken", false, auth.refresh_token) && a.string("tokenUrl", auth.token_url) &&
           engine::check_header_value(a, "tokenUrl", auth.token_url) && a.string("clientId", auth.client_id) &&
           engine::check_header_value(a, "clientId", auth.client_id) &&
           check_credential(a, o, "clientSecret", false, auth.client_secret);
}

// What the shapes alone do not say: a refresh needs both its parts, and the token endpoint must be a URL.
bool check_refresh(JsonReader& a, const Auth& auth) {
    if (auth.refresh_token.empty() != auth.token_url.empty())
        return auth.token_url.empty()
                   ? a.fail(a.path_of("tokenUrl"), "missing; a refreshToken needs the token endpoint's URL",
                            scenario_errc::bad_value)
                   : a.fail(a.path_of("refreshToken"), "missing; a tokenUrl is only used with a refreshToken",
                            scenario_errc::bad_value);
    std::string why;
    if (!auth.token_url.empty() && !parse_endpoint(auth.token_url, why))
        return a.fail(a.path_of("tokenUrl"), why, scenario_errc::bad_value);
    return true;
}

std::vector<std::string_view> config_keys() {
    std::vector<std::string_view> keys(engine::generic_connector_keys.begin(), engine::generic_connector_keys.end());
    for (std::string_view own :
         {"scimVersion", "baseUrl", "auth", "tls", "maxConnections", "exchangeTimeout", "incrementalImport"})
        keys.push_back(own);
    return keys;
}

}  // namespace

result<ScimConfig> parse_scim_config(const json::object& config, engine::Problem& problem) {
    problem = {};
    JsonReader c(config, "", problem);
    ScimConfig out;
    std::string base_url;
    std::string version = "2.0";
    const json::object* auth = nullptr;
    const json::object* tls = nullptr;
    // Shapes first, then what each value means, so that a wrong type is reported before a bad value elsewhere.
    if (!c.only(config_keys()) || !c.one_of("scimVersion", version, {"2.0", "1.1"}) ||
        !c.string("baseUrl", base_url, true) || !c.object("auth", auth) ||
        !c.object("tls", tls) || !c.integer("maxConnections", out.max_connections) || !c.boolean("incrementalImport", out.incremental_import))
        return problem.code;
    const json::object no_auth;
    JsonReader a(auth ? *auth : no_auth, c.path_of("auth"), problem);
    if (auth && !read_auth(a, *auth, out.auth)) return problem.code;
    if (tls) {
        JsonReader t(*tls, c.path_of("tls"), problem);
        if (!t.only({"caFile", "insecure"}) || !t.string("caFile", out.ca_file) || !t.boolean("insecure", out.insecure))
            return problem.code;
    }
    std::string why;
    auto endpoint = parse_endpoint(base_url, why);
    if (!endpoint) return c.fail(c.path_of("baseUrl"), why, scenario_errc::bad_value), problem.code;
    out.endpoint = std::move(*endpoint);
    out.endpoint.version = parse_scim_version(version).value_or(ScimVersion::v2_0);  // one_of checked it
    if (auth && !check_refresh(a, out.auth)) return problem.code;
    if (out.max_connections < 1 || out.max_connections > 64)
        return c.fail(c.path_of("maxConnections"), "expected an integer from 1 to 64", scenario_errc::bad_value),
               problem.code;
    if (const json::value* t = config.if_contains("exchangeTimeout")) {
        const auto d = t->is_string() ? sim::parse_duration(t->as_string()) : std::nullopt;
        if (!d || d->count() <= 0 || *d > sim::Duration{86'400'000})
            return c.fail(c.path_of("exchangeTimeout"), "expected a duration from 1ms to 1d, like \"120s\"",
                          scenario_errc::bad_value),
                   problem.code;
        out.exchange_timeout = *d;
    }
    return out;
}

}  // namespace oktasim::connectors::scim
