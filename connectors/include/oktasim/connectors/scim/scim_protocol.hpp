// Okta's SCIM client as pure code: the exact requests Okta sends (docs/okta-behaviour.md §1, §2; SCIM 1.1's media types,
// §2.14) and how it reads the answers, including how each failure maps to an error code and the detail Okta shows.
// No I/O here; scim11.hpp holds the 1.1 bodies.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/message.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace oktasim::connectors::scim {

namespace json = boost::json;

inline constexpr std::string_view user_agent = "Okta SCIM Client 1.0.0";
inline constexpr std::string_view media_type = "application/scim+json";
inline constexpr std::string_view body_content_type = "application/scim+json; charset=utf-8";
// What Okta sends to a SCIM 1.1 server instead (docs/okta-behaviour.md §1.1).
inline constexpr std::string_view v11_media_type = "application/json";
inline constexpr std::string_view v11_body_content_type = "application/json; charset=utf-8";
// The client's names for two of the URNs in scim_urns.hpp (check reads them through these).
inline constexpr std::string_view list_response_schema = urn::list_response;
inline constexpr std::string_view error_schema = urn::error;

// Provisioning > Integration > Authentication Mode (docs/okta-behaviour.md §1.3).
struct Auth {
    enum class Mode { none, basic, header, oauth2 };
    Mode mode = Mode::none;
    std::string username, password;       // basic
    std::string token;                    // header: the API token; oauth2: the access token
    std::string prefix = "Bearer ";       // header mode: what Okta puts before the token ("" for raw tokens)
    std::string refresh_token, token_url, client_id, client_secret;  // oauth2 refresh (used on 401)

    // The Authorization header value; empty when none.
    std::string authorization() const;
};

struct Endpoint {
    ScimVersion version = ScimVersion::v2_0;  // the config's "scimVersion"
    std::string base_url;   // as configured, e.g. "https://app.example.test/scim/v2/"
    std::string host;       // Host header: host[:port]
    std::string base_path;  // path part without a trailing slash, e.g. "/scim/v2"
};

// Parses a base URL ("http[s]://host[:port]/path"); nullopt with `error` set when it is not one.
std::optional<Endpoint> parse_endpoint(std::string_view base_url, std::string& error);

// Request builders: Okta's request lines, headers and bodies.
wire::Request list_users(const Endpoint& ep, const Auth& auth, std::int64_t start_index, std::int64_t count);
// GET /Users?filter=meta.lastModified gt "<since>"&startIndex=..&count=.., the filter percent-encoded: an
// incremental import as Okta's on-premises agent asks for one (docs/okta-behaviour.md §2.9).
wire::Request list_users_changed_since(const Endpoint& ep, const Auth& auth, std::string_view since,
                                       std::int64_t start_index, std::int64_t count);
wire::Request list_groups(const Endpoint& ep, const Auth& auth, std::int64_t start_index, std::int64_t count);
wire::Request find_user(const Endpoint& ep, const Auth& auth, std::string_view user_name);
// GET /Users?filter=<attribute> eq "<value>"&startIndex=1&count=100 (RFC 7644 §3.4.2.2), for any unique attribute.
wire::Request find_user_by(const Endpoint& ep, const Auth& auth, std::string_view attribute, std::string_view value);
wire::Request get_user(const Endpoint& ep, const Auth& auth, std::string_view id);
// GET /Users?filter=<filter> with the filter sent as given, percent-encoded: Okta's 1.1 SPEC test sends a malformed
// one (a bare upper-cased userName) and expects 400 (docs/okta-behaviour.md §2.14).
wire::Request filter_users(const Endpoint& ep, const Auth& auth, std::string_view filter);
// Any request under the base path with Okta's headers (`target` starts with "/"): the check's discovery probes.
wire::Request request_to(const Endpoint& ep, const Auth& auth, std::string method, std::string target,
                         const json::object* body = nullptr);
wire::Request create_user(const Endpoint& ep, const Auth& auth, const json::object& body);
wire::Request replace_user(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body);
wire::Request patch_user(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body);

// Group Push (docs/okta-behaviour.md §2.10; RFC 7644 §3.3-3.6).
wire::Request find_group(const Endpoint& ep, const Auth& auth, std::string_view display_name);
wire::Request get_group(const Endpoint& ep, const Auth& auth, std::string_view id);
wire::Request create_group(const Endpoint& ep, const Auth& auth, const json::object& body);
wire::Request replace_group(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body);
wire::Request patch_group(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body);
wire::Request delete_group(const Endpoint& ep, const Auth& auth, std::string_view id);
// The PatchOp body Okta sends for `patch` to group `id`: the rename repeats the group's id with its new
// displayName; a removed member is a `members[value eq "..."]` path; added members go in one `add`; Push Now
// replaces `members` whole.
json::object group_patch_body(std::string_view id, const engine::GroupPatch& patch);

// OAuth 2 refresh (RFC 6749 §6) at `auth.token_url`: POST grant_type=refresh_token, client credentials as Basic
// when a client id is configured. nullopt with `error` when the token URL is unusable.
std::optional<wire::Request> token_refresh(const Auth& auth, std::string& error);
// The new access token (and a rotated refresh token, when the server sends one) from a token response.
struct TokenGrant {
    std::string access_token;
    std::string refresh_token;  // empty when the server keeps the old one
};
result<TokenGrant> read_token(const wire::Delivery& d, Diagnostics& diag);

// Response readers. Each fills `diag` and returns an error code from connector_errc on failure.
// A failed delivery (no response) or a non-success status.
error_code check_delivery(const wire::Delivery& d, Diagnostics& diag);
// A response that must carry a resource with an `id` (create, get, replace, patch with a body).
result<json::object> read_resource(const wire::Delivery& d, Diagnostics& diag);
// A PATCH response: a resource (200) or nothing (204).
result<json::object> read_patch(const wire::Delivery& d, Diagnostics& diag);
// A DELETE answer: any success status (Okta expects 204), the body ignored.
error_code read_delete(const wire::Delivery& d, Diagnostics& diag);
// A ListResponse.
result<engine::ResourcePage> read_list(const wire::Delivery& d, Diagnostics& diag);
// The look-up answer: the first match, nullopt for "not found" (200 with no Resources, or 404 with a SCIM error
// body: SCIM 2.0's error schema, or for `version` 1.1 also a non-empty "Errors"), or an error.
result<std::optional<json::object>> read_lookup(const wire::Delivery& d, Diagnostics& diag,
                                                ScimVersion version = ScimVersion::v2_0);

// What Okta's JSON parser (Jackson) says about a body that is not JSON, e.g.
// "Unexpected character ('<' (code 60)): expected a valid value (...)".
std::string invalid_json_message(std::string_view body);

}  // namespace oktasim::connectors::scim
