// Configuration of the simulated SCIM app (a scenario's "downstream" object, or the app server's file), and the
// strict JSON reader behind it: every error names the JSON path and what was expected; unknown keys are errors.
#pragma once

#include <oktasim/connectors/content_coding.hpp>
#include <oktasim/connectors/simapp/fault.hpp>
#include <oktasim/engine/error.hpp>

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
    std::string base_path = "/scim/v2";  // no trailing slash; empty = served at the root
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

// Parses the config object. On failure `error` reads like `/faults/2/respond/delay: expected a duration like "30s"`.
result<SimAppConfig> parse_sim_app_config(const json::value& value, std::string& error);
// Parses JSON text (the app server's file) without exceptions, then the config.
result<SimAppConfig> parse_sim_app_config(std::string_view text, std::string& error);
// Parses an "auth" value on its own (the admin endpoint's "set auth"); `path` prefixes errors.
result<AuthConfig> parse_auth_config(const json::value& value, std::string_view path, std::string& error);

// Reads one JSON object's members with path-qualified errors. Shared by the config and fault parsers.
// The first failure wins: later calls keep the first message, so a parser may check several fields and stop.
class FieldReader {
public:
    FieldReader(const json::object& object, std::string path, std::string& error, scenario_errc& code)
        : object_(object), path_(std::move(path)), error_(error), code_(code) {}

    // Fails with "<path>/<key>: unknown key" for the first key (in document order) not in `allowed`.
    bool only(std::initializer_list<std::string_view> allowed);
    const json::value* get(std::string_view key) const { return object_.if_contains(key); }

    bool read_string(std::string_view key, std::optional<std::string>& out, bool non_empty = false);
    bool read_bool(std::string_view key, std::optional<bool>& out);
    bool read_uint(std::string_view key, std::optional<std::uint64_t>& out, std::uint64_t min = 0);

    // A reader for the object found at `<path>/<key>`, reporting into the same error.
    FieldReader child(std::string_view key, const json::object& object) const {
        return FieldReader(object, path_of(key), error_, code_);
    }

    // Records a failure at `<path>/<key>` (or at the object itself when `key` is empty); returns false.
    bool fail(std::string_view key, std::string_view what, scenario_errc code = scenario_errc::bad_value);
    // `<path>/<key>` with `key` escaped as a JSON Pointer token; the path itself ("/" at the root) for "".
    std::string path_of(std::string_view key) const;
    const std::string& path() const noexcept { return path_; }

private:
    const json::object& object_;
    std::string path_;
    std::string& error_;
    scenario_errc& code_;
};

// True for a credential that is empty or only whitespace. Such a value cannot be told from "no credentials" by a
// request with a blank or trimmed Authorization header, so accepting it would turn authentication off: the config
// and the app server's flags refuse it.
bool is_blank_credential(std::string_view text) noexcept;

// The JSON Pointer ("/accounts/0/x") of the first number in `value` that is not finite, nullopt when all are.
// Boost.JSON reads an out-of-range literal such as 1e999999 as infinity, which no JSON text can hold: stored, it
// would make every later response that shows it invalid JSON, so the config and request bodies refuse it.
std::optional<std::string> non_finite_number(const json::value& value);

// JSON Pointer escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string json_pointer_token(std::string_view key);
// "expected an object"-style name of a JSON kind, for messages.
std::string_view json_kind_name(const json::value& value) noexcept;

}  // namespace oktasim::connectors::simapp
