// The OAuth 2.0 token endpoint (RFC 6749 §6, refresh only): a refreshed access token becomes the bearer token
// the SCIM API accepts.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "response.hpp"

#include <oktasim/connectors/simapp/secret.hpp>
#include <oktasim/wire/text.hpp>

#include <map>

namespace oktasim::connectors::simapp {

using namespace detail;

// RFC 6749 §6: refresh an access token. The new token replaces the bearer token the SCIM API accepts.
SimApp::Outcome SimApp::token_endpoint(const wire::Request& request) {
    const OAuthConfig& oauth = *config_.oauth;
    const auto oauth_error = [](int status, const std::string& code, const std::string& description) {
        Outcome out = json_outcome(status, json::object{{"error", code}, {"error_description", description}});
        wire::set_header(out.response.headers, "Content-Type", "application/json");
        out.detail = code + ": " + description;
        return out;
    };
    if (request.method != "POST") return oauth_error(405, "invalid_request", "the token endpoint takes POST");
    if (!oauth.client_id.empty()) {
        AuthConfig client;
        client.kind = AuthConfig::Kind::basic;
        client.username = oauth.client_id;
        client.password = oauth.client_secret;
        if (!same_secret(request.header("Authorization"), client.expected_authorization()))
            return oauth_error(401, "invalid_client", "client authentication failed");
    }
    std::map<std::string, std::string, std::less<>> form;
    for (const wire::QueryPair& pair : wire::split_query(request.body)) {  // application/x-www-form-urlencoded
        const auto key = wire::percent_decode(pair.name, true);
        const auto value = wire::percent_decode(pair.value, true);
        if (key && value) form[*key] = *value;
    }
    if (form["grant_type"] != "refresh_token")
        return oauth_error(400, "unsupported_grant_type", "only grant_type=refresh_token is supported here");
    if (!same_secret(form["refresh_token"], oauth.refresh_token))
        return oauth_error(400, "invalid_grant", "the refresh token is invalid or expired");
    const std::string token = "oktasim-at-" + std::to_string(++tokens_issued_);
    auth_.kind = AuthConfig::Kind::bearer;
    auth_.token = token;
    Outcome out = json_outcome(200, json::object{{"access_token", token}, {"token_type", "Bearer"},
                                                 {"expires_in", 3600}, {"scope", "scim"}});
    wire::set_header(out.response.headers, "Content-Type", "application/json");
    wire::set_header(out.response.headers, "Cache-Control", "no-store");
    return out;
}

}  // namespace oktasim::connectors::simapp
