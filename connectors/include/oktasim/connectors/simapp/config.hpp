// Configuration of the simulated SCIM app (a scenario's "downstream" object, or the app server's file), read
// strictly (engine::JsonReader): every problem names the JSON path and what was expected; unknown keys are errors.
#pragma once

#include <oktasim/connectors/content_coding.hpp>
#include <oktasim/connectors/simapp/fault.hpp>
#include <oktasim/engine/error.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oktasim::connectors::simapp {

namespace json = boost::json;

// How the app checks the Authorization header (docs/okta-behaviour.md §1.3).
struct AuthConfig {
    enum class Kind { none, bearer, basic, header };
    Kind kind = Kind::none;
    std::string token;     // bearer: the expected token
    std::string username;  // basic
    std::string password;  // basic
    std::string header;    // header: the exact Authorization value expected

    // The Authorization value the app accepts (empty for none).
    std::string expected_authorization() const;
    // "none", "bearer", "basic" or "header": safe to log, unlike the credentials.
    std::string_view kind_name() const noexcept;
};

struct Quirks {
    bool items_per_page_echoes_count = false;     // itemsPerPage = requested count (a common server bug)
    bool case_sensitive_user_name_filter = false;  // `userName eq` compares case-sensitively (RFC: it must not)
    bool no_patch = false;                         // PATCH is not implemented (501)
};

enum class PatchResponse { resource, no_content };

// An OAuth 2 token endpoint the app serves beside its SCIM API, so Okta's refresh on 401 can be exercised: a POST
// with grant_type=refresh_token and the configured refresh token issues a new access token, which the app then
// accepts as its bearer token (docs/okta-behaviour.md §1.3: refresh tokens are used if the authorization server issues them).
struct OAuthConfig {
    std::string token_path = "/oauth2/v1/token";
    std::string refresh_token;
    std::string client_id;      // when set, the token request needs Basic client credentials
    std::string client_secret;
};

struct SimAppConfig {
    // "scimVersion": "1.1" serves SCIM 1.1 as Okta's 1.1 reference shows it (docs/okta-behaviour.md §2.14): 1.1 URNs,
    // {"Errors": [...]} bodies, partial-resource PATCH, /ServiceProviderConfigs, application/json.
    ScimVersion scim_version = ScimVersion::v2_0;
    std::string base_path = "/scim/v2";  // no trailing slash; empty = served at the root ("/scim/v1" for 1.1)
    std::string public_url = "https://app.example.test";
    AuthConfig auth;
    std::string auth_error_detail = "Authentication failed: missing or invalid credentials";
    std::vector<json::object> accounts;  // SCIM Users as configured (normalised by SimApp)
    std::vector<json::object> groups;    // SCIM Groups as configured
    PatchResponse patch_response = PatchResponse::resource;
    ContentCoding compress_responses = ContentCoding::identity;  // encode bodies when the request accepts it
    Quirks quirks;
    std::vector<Fault> faults;
    std::optional<OAuthConfig> oauth;
};

// Parses the config object; on failure `problem` says where and what was expected (the JSON path is relative to
// the config object, e.g. `/faults/2/respond/delay`). The string forms give Problem::to_string().
result<SimAppConfig> parse_sim_app_config(const json::value& value, engine::Problem& problem);
result<SimAppConfig> parse_sim_app_config(const json::value& value, std::string& error);
// Parses JSON text (the app server's file) without exceptions, then the config, with `overrides` (the app server's
// flags, e.g. {"scimVersion": "1.1"}) set on the top-level object first, so one reader checks them all.
result<SimAppConfig> parse_sim_app_config(std::string_view text, std::string& error,
                                          const json::object& overrides = {});
// Parses an "auth" value on its own (the admin endpoint's "set auth"); `path` prefixes the problem's path.
result<AuthConfig> parse_auth_config(const json::value& value, std::string_view path, engine::Problem& problem);
result<AuthConfig> parse_auth_config(const json::value& value, std::string_view path, std::string& error);

// True for a credential that is empty or only whitespace. Such a value cannot be told from "no credentials" by a
// request with a blank or trimmed Authorization header, so accepting it would turn authentication off: the config
// and the app server's flags refuse it.
bool is_blank_credential(std::string_view text) noexcept;

// The JSON Pointer ("/accounts/0/x") of the first number in `value` that is not finite, nullopt when all are.
// Boost.JSON reads an out-of-range literal such as 1e999999 as infinity, which no JSON text can hold: stored, it
// would make every later response that shows it invalid JSON, so the config and request bodies refuse it.
std::optional<std::string> non_finite_number(const json::value& value);

}  // namespace oktasim::connectors::simapp
