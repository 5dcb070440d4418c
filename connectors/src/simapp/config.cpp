// Parsing the simulated app's JSON configuration. Strict on purpose: a misspelt key in a scenario would otherwise
// silently leave the app in its default state and the scenario would test something else than intended.
#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>

namespace oktasim::connectors::simapp {
namespace {

using engine::JsonReader;
using engine::Problem;

// Stands in for a list, so readers of its elements can report "<list>/<index>/...".
const json::object& no_members() {
    static const json::object empty;
    return empty;
}

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Reads a credential, refusing a blank one (see is_blank_credential).
bool read_credential(JsonReader& reader, std::string_view key, std::optional<std::string>& out) {
    if (!reader.non_empty_string(key, out)) return false;
    if (out && is_blank_credential(*out)) return reader.fail_at(key, "expected a credential, not only whitespace");
    return true;
}

bool parse_basic(const json::value& value, const std::string& path, AuthConfig& auth, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (!value.is_object())
        return reader.wrong_type("", "an object with \"username\" and \"password\"", value);
    std::optional<std::string> username, password;
    if (!reader.only({"username", "password"}) || !reader.non_empty_string("username", username) ||
        !reader.string("password", password))
        return false;
    if (!reader.require("username", "a string") || !reader.require("password", "a string")) return false;
    if (username->find(':') != std::string::npos)
        return reader.fail_at("username", "must not contain ':' (RFC 7617 Basic credentials)");
    if (!read_credential(reader, "username", username) || !read_credential(reader, "password", password))
        return false;
    auth.username = *username;
    auth.password = *password;
    return true;
}

bool parse_base_path(JsonReader& reader, SimAppConfig& config) {
    std::optional<std::string> base;
    if (!reader.string("basePath", base)) return false;
    if (!base) return true;
    if ((!base->empty() && base->front() != '/') || base->find_first_of("?# ") != std::string::npos)
        return reader.fail_at("basePath", "expected a path like \"/scim/v2\"");
    while (!base->empty() && base->back() == '/') base->pop_back();
    config.base_path = *base;
    return true;
}

bool parse_public_url(JsonReader& reader, SimAppConfig& config) {
    std::optional<std::string> url;
    if (!reader.string("publicUrl", url)) return false;
    if (!url) return true;
    const std::string l = wire::to_lower(*url);
    const std::size_t scheme = l.rfind("https://", 0) == 0 ? 8 : l.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme == 0 || url->size() == scheme || (*url)[scheme] == '/' ||
        url->find_first_of("?# ") != std::string::npos)
        return reader.fail_at("publicUrl", "expected an absolute http(s) URL like \"https://app.example.test\"");
    while (url->back() == '/') url->pop_back();
    config.public_url = *url;
    return true;
}

bool parse_quirks(const json::value& value, const std::string& path, Quirks& quirks, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (!value.is_object()) return reader.wrong_type("", "an object", value);
    std::optional<bool> echo, case_sensitive, no_patch;
    if (!reader.only({"itemsPerPageEchoesCount", "caseSensitiveUserNameFilter", "noPatch"}) ||
        !reader.boolean("itemsPerPageEchoesCount", echo) ||
        !reader.boolean("caseSensitiveUserNameFilter", case_sensitive) || !reader.boolean("noPatch", no_patch))
        return false;
    quirks.items_per_page_echoes_count = echo.value_or(false);
    quirks.case_sensitive_user_name_filter = case_sensitive.value_or(false);
    quirks.no_patch = no_patch.value_or(false);
    return true;
}

// Checks the attributes the app itself relies on; every other SCIM attribute is the app's data, taken as is.
bool check_resource(JsonReader& reader, bool is_user) {
    const std::string_view unique = is_user ? "userName" : "displayName";
    std::optional<std::string> id, name, password;
    std::optional<bool> active;
    if (!reader.non_empty_string("id", id) || !reader.string(unique, name)) return false;
    if (!reader.require(unique, is_user ? "a string (every account needs a userName)"
                                        : "a string (every group needs a displayName)"))
        return false;
    if (is_blank(*name)) return reader.fail_at(unique, "expected a non-blank string");
    if (is_user && (!reader.boolean("active", active) || !reader.string("password", password))) return false;
    if (const json::value* schemas = reader.get("schemas")) {
        const json::array* list = schemas->if_array();
        if (!list || !std::all_of(list->begin(), list->end(), [](const json::value& v) { return v.is_string(); }))
            return reader.fail_at("schemas", "expected an array of schema URNs", scenario_errc::wrong_type);
    }
    const json::object* meta = nullptr;
    if (!reader.object("meta", meta)) return false;
    if (!meta) return true;
    JsonReader meta_reader = reader.child("meta", *meta);
    for (std::string_view key : {"created", "lastModified"}) {
        const json::value* stamp = meta_reader.get(key);
        if (stamp && (!stamp->is_string() || !sim::WallClock::parse_timestamp(stamp->get_string())))
            return meta_reader.fail_at(key, "expected a timestamp like \"2024-04-21T12:47:34.228Z\"");
    }
    return true;
}

using IdPaths = std::map<std::string, std::string, std::less<>>;  // id -> path of the resource that has it

bool check_members(JsonReader& reader, const IdPaths& account_ids) {
    const json::value* members = reader.get("members");
    if (!members || members->is_null()) return true;
    if (!members->is_array()) return reader.wrong_type("members", "an array of {\"value\": account id}", *members);
    const JsonReader list_reader = reader.child("members", no_members());
    std::size_t index = 0;
    for (const json::value& member : members->get_array()) {
        const json::object* object = member.if_object();
        JsonReader mr = list_reader.child(std::to_string(index++), object ? *object : no_members());
        const json::value* value = object ? object->if_contains("value") : nullptr;
        if (!value || !value->is_string() || value->get_string().empty())
            return mr.fail_at(object ? "value" : "",
                              "expected a member object with a non-empty \"value\" (an account id)",
                              scenario_errc::wrong_type);
        if (!account_ids.count(std::string_view(value->get_string())))
            return mr.fail_at("value", "no account has id \"" + std::string(value->get_string()) +
                                           "\" (give the account an explicit \"id\")",
                              scenario_errc::bad_reference);
    }
    return true;
}

// Parses "accounts" or "groups": checks each resource and that userNames/displayNames and ids are unique.
// `ids` receives the resources' explicit ids; group members must name one of `account_ids`.
bool parse_resources(const json::value& value, JsonReader& parent, bool is_user, std::vector<json::object>& out,
                     IdPaths& ids, const IdPaths& account_ids) {
    const std::string_view key = is_user ? "accounts" : "groups";
    const json::array* list = value.if_array();
    if (!list)
        return parent.fail_at(key,
                              is_user ? "expected an array of SCIM User objects"
                                      : "expected an array of SCIM Group objects",
                              scenario_errc::wrong_type);
    const std::string_view unique = is_user ? "userName" : "displayName";
    const JsonReader list_reader = parent.child(key, no_members());
    std::map<std::string, std::string> names;  // lower-cased name -> path of the resource that has it
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json::object* object = (*list)[i].if_object();
        JsonReader reader = list_reader.child(std::to_string(i), object ? *object : no_members());
        if (!object) return reader.wrong_type("", "an object", (*list)[i]);
        if (!check_resource(reader, is_user)) return false;
        if (!is_user && !check_members(reader, account_ids)) return false;
        const auto [at, fresh] = names.emplace(wire::to_lower(object->at(unique).get_string()), reader.path());
        if (!fresh)
            return reader.fail_at(unique, "duplicate " + std::string(unique) + " (already used by " + at->second + ")");
        if (const json::value* id = object->if_contains("id")) {
            const auto [where, unused] = ids.emplace(std::string(id->get_string()), reader.path());
            if (!unused) return reader.fail_at("id", "duplicate id (already used by " + where->second + ")");
        }
        out.push_back(*object);
    }
    return true;
}

bool parse_patch_response(JsonReader& reader, SimAppConfig& config) {
    std::optional<std::string> mode;
    if (!reader.string("patchResponse", mode)) return false;
    if (!mode || *mode == "resource") return true;
    if (*mode != "no-content") return reader.fail_at("patchResponse", "expected \"resource\" or \"no-content\"");
    config.patch_response = PatchResponse::no_content;
    return true;
}

bool parse_compress_responses(JsonReader& reader, SimAppConfig& config) {
    std::optional<std::string> coding;
    if (!reader.string("compressResponses", coding)) return false;
    if (!coding) return true;
    if (*coding != "gzip" && *coding != "deflate")
        return reader.fail_at("compressResponses", "expected \"gzip\" or \"deflate\"");
    config.compress_responses = *content_coding_from(*coding);
    return true;
}

bool parse_oauth(const json::value& value, const std::string& path, SimAppConfig& config, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (!value.is_object()) return reader.wrong_type("", "an object like {\"refreshToken\": \"...\"}", value);
    std::optional<std::string> token_path, refresh, client_id, client_secret;
    if (!reader.only({"tokenPath", "refreshToken", "clientId", "clientSecret"}) ||
        !reader.non_empty_string("tokenPath", token_path) || !read_credential(reader, "refreshToken", refresh) ||
        !read_credential(reader, "clientId", client_id) || !read_credential(reader, "clientSecret", client_secret))
        return false;
    if (!reader.require("refreshToken", "the refresh token the app accepts")) return false;
    if (client_id.has_value() != client_secret.has_value())
        return reader.fail_at(client_id ? "clientSecret" : "clientId",
                              "missing; \"clientId\" and \"clientSecret\" go together (Basic client authentication)",
                              scenario_errc::missing_key);
    if (token_path && token_path->front() != '/')
        return reader.fail_at("tokenPath", "expected a path starting with \"/\"");
    OAuthConfig oauth;
    if (token_path) oauth.token_path = *token_path;
    oauth.refresh_token = *refresh;
    oauth.client_id = client_id.value_or("");
    oauth.client_secret = client_secret.value_or("");
    config.oauth = std::move(oauth);
    return true;
}

bool read_auth(const json::value& value, const std::string& path, AuthConfig& auth, Problem& problem);

bool parse_top_level(JsonReader& reader, SimAppConfig& config, Problem& problem) {
    std::optional<std::string> type, detail, version;
    if (!reader.only({"type", "scimVersion", "basePath", "publicUrl", "auth", "authErrorDetail", "accounts", "groups",
                      "patchResponse", "compressResponses", "quirks", "faults", "oauth"}) ||
        !reader.string("type", type) || !reader.string("scimVersion", version) || !parse_base_path(reader, config) ||
        !parse_public_url(reader, config) || !reader.non_empty_string("authErrorDetail", detail) ||
        !parse_patch_response(reader, config) || !parse_compress_responses(reader, config))
        return false;
    if (type && *type != "simulated") return reader.fail_at("type", "expected \"simulated\"");
    if (version && !parse_scim_version(*version)) return reader.fail_at("scimVersion", "expected \"2.0\" or \"1.1\"");
    if (version && parse_scim_version(*version) == ScimVersion::v1_1) {
        config.scim_version = ScimVersion::v1_1;
        // Okta's 1.1 reference serves /scim/v1; a configured basePath wins.
        if (!reader.get("basePath")) config.base_path = "/scim/v1";
    }
    if (detail) config.auth_error_detail = *detail;
    if (const json::value* auth = reader.get("auth");
        auth && !read_auth(*auth, reader.path_of("auth"), config.auth, problem))
        return false;
    if (const json::value* quirks = reader.get("quirks");
        quirks && !parse_quirks(*quirks, reader.path_of("quirks"), config.quirks, problem))
        return false;
    if (const json::value* oauth = reader.get("oauth");
        oauth && !parse_oauth(*oauth, reader.path_of("oauth"), config, problem))
        return false;
    return true;
}

bool read_auth(const json::value& value, const std::string& path, AuthConfig& auth, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (value.is_string() && value.get_string() == "none") return true;
    const json::object* object = value.if_object();
    if (!object)
        return reader.fail_at("", "expected \"none\" or an object with \"bearer\", \"basic\" or \"header\"",
                              value.is_string() ? scenario_errc::bad_value : scenario_errc::wrong_type);
    if (!reader.only({"bearer", "basic", "header"})) return false;
    if (object->size() != 1)
        return reader.fail_at(object->empty() ? std::string()
                                              : engine::pointer_escape(std::next(object->begin())->key()),
                              object->empty() ? "expected one of \"bearer\", \"basic\" or \"header\""
                                              : "only one authentication mode may be given");
    std::optional<std::string> text;
    if (reader.get("bearer") && read_credential(reader, "bearer", text)) {
        auth.kind = AuthConfig::Kind::bearer;
        auth.token = *text;
    } else if (reader.get("header") && read_credential(reader, "header", text)) {
        auth.kind = AuthConfig::Kind::header;
        auth.header = *text;
    } else if (const json::value* basic = reader.get("basic");
               basic && parse_basic(*basic, reader.path_of("basic"), auth, problem)) {
        auth.kind = AuthConfig::Kind::basic;
    }
    return problem.empty();
}

}  // namespace

std::string AuthConfig::expected_authorization() const {
    switch (kind) {
        case Kind::none: return {};
        case Kind::bearer: return "Bearer " + token;
        case Kind::basic: return "Basic " + wire::base64(username + ":" + password);
        case Kind::header: return header;
    }
    return {};
}

std::string_view AuthConfig::kind_name() const noexcept {
    switch (kind) {
        case Kind::none: return "none";
        case Kind::bearer: return "bearer";
        case Kind::basic: return "basic";
        case Kind::header: return "header";
    }
    return "none";
}

bool is_blank_credential(std::string_view text) noexcept { return is_blank(text); }

std::optional<std::string> non_finite_number(const json::value& value) {
    if (const double* d = value.if_double(); d && !std::isfinite(*d)) return std::string();
    if (const json::array* list = value.if_array()) {
        for (std::size_t i = 0; i < list->size(); ++i)
            if (auto where = non_finite_number((*list)[i])) return "/" + std::to_string(i) + *where;
    }
    if (const json::object* object = value.if_object()) {
        for (const auto& member : *object)
            if (auto where = non_finite_number(member.value()))
                return "/" + engine::pointer_escape(member.key()) + *where;
    }
    return std::nullopt;
}

result<AuthConfig> parse_auth_config(const json::value& value, std::string_view path, Problem& problem) {
    problem = {};
    AuthConfig auth;
    if (!read_auth(value, std::string(path), auth, problem)) return problem.code;
    return auth;
}

result<AuthConfig> parse_auth_config(const json::value& value, std::string_view path, std::string& error) {
    return engine::as_message(error, [&](Problem& problem) { return parse_auth_config(value, path, problem); });
}

result<SimAppConfig> parse_sim_app_config(const json::value& value, Problem& problem) {
    problem = {};
    JsonReader reader(value, "", problem);
    if (!value.is_object()) return reader.wrong_type("", "an object", value), problem.code;
    if (const auto where = non_finite_number(value))
        return reader.fail(*where, "expected a finite number (this one is out of range)", scenario_errc::bad_value),
               problem.code;
    SimAppConfig config;
    if (!parse_top_level(reader, config, problem)) return problem.code;
    IdPaths account_ids, group_ids;
    if (const json::value* accounts = reader.get("accounts");
        accounts && !parse_resources(*accounts, reader, true, config.accounts, account_ids, {}))
        return problem.code;
    if (const json::value* groups = reader.get("groups");
        groups && !parse_resources(*groups, reader, false, config.groups, group_ids, account_ids))
        return problem.code;
    if (const json::value* faults = reader.get("faults")) {
        auto parsed = parse_faults(*faults, reader.path_of("faults"), problem);
        if (!parsed) return parsed.error();
        config.faults = std::move(*parsed);
    }
    return config;
}

result<SimAppConfig> parse_sim_app_config(const json::value& value, std::string& error) {
    return engine::as_message(error, [&](Problem& problem) { return parse_sim_app_config(value, problem); });
}

result<SimAppConfig> parse_sim_app_config(std::string_view text, std::string& error, const json::object& overrides) {
    error.clear();
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        error = Problem{"", "invalid JSON: " + ec.message(), make_error_code(scenario_errc::bad_json)}.to_string();
        return make_error_code(scenario_errc::bad_json);
    }
    if (json::object* top = value.if_object())
        for (const auto& [key, v] : overrides) (*top)[key] = v;
    return parse_sim_app_config(value, error);
}

}  // namespace oktasim::connectors::simapp
