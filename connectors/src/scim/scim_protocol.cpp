// Okta's SCIM requests and response handling, free of I/O.
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <oktasim/connectors/content_coding.hpp>
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <cctype>

namespace oktasim::connectors::scim {
namespace {

// §1.1: every request carries these; bodies add Content-Type and Content-Length.
wire::Request make(const Endpoint& ep, const Auth& auth, std::string method, std::string target,
                   const json::object* body) {
    wire::Request r;
    r.method = std::move(method);
    r.target = ep.base_path + std::move(target);
    const bool v11 = ep.version == ScimVersion::v1_1;
    r.headers.push_back({"Accept", std::string(v11 ? v11_media_type : media_type)});
    r.headers.push_back({"Accept-Charset", "utf-8"});
    if (body) {
        r.body = json::serialize(*body);
        r.headers.push_back({"Content-Type", std::string(v11 ? v11_body_content_type : body_content_type)});
        r.headers.push_back({"Content-Length", std::to_string(r.body.size())});
    }
    r.headers.push_back({"User-Agent", std::string(user_agent)});
    if (const std::string a = auth.authorization(); !a.empty()) r.headers.push_back({"Authorization", a});
    r.headers.push_back({"Host", ep.host});
    r.headers.push_back({"Connection", "Keep-Alive"});
    r.headers.push_back({"Accept-Encoding", std::string(okta_accept_encoding)});
    return r;
}

// The detail Okta shows after "Errors reported by remote server:": SCIM 2.0 `detail`, SCIM 1.1's `Errors`
// descriptions (joined by ", " when there are several), the JSON itself when it has neither, or what the parser says
// about a non-JSON body.
void read_error_detail(const wire::Response& r, Diagnostics& diag) {
    diag.http_status = r.status;
    diag.reason = r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason;
    if (r.body.empty()) return;
    boost::system::error_code ec;
    const json::value v = json::parse(r.body, ec);
    if (ec) {
        diag.body_not_json = true;
        diag.detail = "Invalid JSON: " + invalid_json_message(r.body);
        return;
    }
    if (const auto* o = v.if_object()) {
        if (const auto* d = o->if_contains("detail"); d && d->is_string()) {
            diag.detail = std::string(d->as_string());
            if (const auto* t = o->if_contains("scimType"); t && t->is_string()) diag.scim_type = t->as_string();
            return;
        }
        if (const auto* errs = o->if_contains("Errors"); errs && errs->is_array()) {
            std::string joined;
            for (const auto& e : errs->as_array()) {
                const auto* eo = e.if_object();
                const auto* d = eo ? eo->if_contains("description") : nullptr;
                if (!d || !d->is_string() || d->as_string().empty()) continue;
                if (!joined.empty()) joined += ", ";
                joined += d->as_string();
            }
            if (!joined.empty()) {
                diag.detail = std::move(joined);
                return;
            }
        }
    }
    diag.detail = json::serialize(v);
}

std::optional<sim::Duration> parse_retry_after(std::string_view value) {
    // §5.4: only an integer number of seconds counts; an HTTP-date or anything else means "use the default".
    if (value.empty() || value.size() > 9) return std::nullopt;
    std::int64_t seconds = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return std::nullopt;
        seconds = seconds * 10 + (c - '0');
    }
    return sim::Duration{seconds * 1000};
}

result<json::value> parse_body(const wire::Response& r, Diagnostics& diag) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    if (ec) {
        diag.http_status = r.status;
        diag.reason = r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason;
        diag.body_not_json = true;
        diag.detail = "Invalid JSON: " + invalid_json_message(r.body);
        return make_error_code(connector_errc::invalid_json);
    }
    return v;
}

// A JSON value's type as Jackson names it in its messages ("Number", "String", "null"...).
std::string json_kind(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "a Boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_: return "a Number";
        case json::kind::string: return v.as_string().empty() ? "an empty String" : "a String";
        case json::kind::array: return "an Array";
        case json::kind::object: return "an Object";
    }
    return "a value";
}

bool is_blank(std::string_view s) {
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}

std::int64_t int_field(const json::object& o, std::string_view key, std::string_view lower, bool& ok) {
    const json::value* v = o.if_contains(key);
    if (!v) v = o.if_contains(lower);  // Okta tolerates lower-case keys (§2.9)
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    ok = false;
    return 0;
}

}  // namespace

std::string Auth::authorization() const {
    switch (mode) {
        case Mode::none: return {};
        case Mode::basic: return "Basic " + wire::base64(username + ":" + password);
        case Mode::header: return prefix + token;
        case Mode::oauth2: return "Bearer " + token;
    }
    return {};
}

std::optional<Endpoint> parse_endpoint(std::string_view base_url, std::string& error) {
    auto u = boost::urls::parse_absolute_uri(base_url);
    if (!u) {
        error = "expected an absolute URL like \"https://app.example.com/scim/v2\"";
        return std::nullopt;
    }
    const std::string scheme(u->scheme());
    if (scheme != "http" && scheme != "https") {
        error = "expected an http:// or https:// URL";
        return std::nullopt;
    }
    if (u->host().empty()) {
        error = "the URL has no host";
        return std::nullopt;
    }
    if (u->has_query() || u->has_fragment()) {
        error = "the base URL must not have a query or fragment";
        return std::nullopt;
    }
    Endpoint ep;
    ep.base_url = std::string(base_url);
    ep.host = std::string(u->host());
    if (u->has_port()) ep.host += ":" + std::string(u->port());
    ep.base_path = std::string(u->encoded_path());
    while (!ep.base_path.empty() && ep.base_path.back() == '/') ep.base_path.pop_back();
    return ep;
}

wire::Request list_users(const Endpoint& ep, const Auth& auth, std::int64_t start_index, std::int64_t count) {
    return make(ep, auth, "GET", "/Users?startIndex=" + std::to_string(start_index) + "&count=" + std::to_string(count),
                nullptr);
}

wire::Request list_groups(const Endpoint& ep, const Auth& auth, std::int64_t start_index, std::int64_t count) {
    return make(ep, auth, "GET", "/Groups?startIndex=" + std::to_string(start_index) + "&count=" + std::to_string(count),
                nullptr);
}

namespace {

// A filter's compare value (RFC 7644 §3.4.2.2): a JSON string, quotes and backslashes escaped.
std::string quoted(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

// GET <resources>?filter=<attribute> eq "<value>"&startIndex=1&count=100, the filter percent-encoded.
wire::Request find_by(const Endpoint& ep, const Auth& auth, std::string_view resources, std::string_view attribute,
                      std::string_view value) {
    const std::string filter = std::string(attribute) + " eq " + quoted(value);
    return make(ep, auth, "GET", std::string(resources) + "?filter=" + wire::percent_encode(filter) +
                                     "&startIndex=1&count=100",
                nullptr);
}

}  // namespace

wire::Request list_users_changed_since(const Endpoint& ep, const Auth& auth, std::string_view since,
                                       std::int64_t start_index, std::int64_t count) {
    const std::string filter = "meta.lastModified gt " + quoted(since);
    return make(ep, auth, "GET",
                "/Users?filter=" + wire::percent_encode(filter) + "&startIndex=" + std::to_string(start_index) +
                    "&count=" + std::to_string(count),
                nullptr);
}

wire::Request find_user(const Endpoint& ep, const Auth& auth, std::string_view user_name) {
    return find_by(ep, auth, "/Users", "userName", user_name);
}

wire::Request find_user_by(const Endpoint& ep, const Auth& auth, std::string_view attribute, std::string_view value) {
    return find_by(ep, auth, "/Users", attribute, value);
}

wire::Request filter_users(const Endpoint& ep, const Auth& auth, std::string_view filter) {
    return make(ep, auth, "GET", "/Users?filter=" + wire::percent_encode(filter), nullptr);
}

wire::Request request_to(const Endpoint& ep, const Auth& auth, std::string method, std::string target,
                         const json::object* body) {
    return make(ep, auth, std::move(method), std::move(target), body);
}

wire::Request get_user(const Endpoint& ep, const Auth& auth, std::string_view id) {
    return make(ep, auth, "GET", "/Users/" + wire::percent_encode(id), nullptr);
}

wire::Request create_user(const Endpoint& ep, const Auth& auth, const json::object& body) {
    return make(ep, auth, "POST", "/Users", &body);
}

wire::Request replace_user(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body) {
    return make(ep, auth, "PUT", "/Users/" + wire::percent_encode(id), &body);
}

wire::Request patch_user(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body) {
    return make(ep, auth, "PATCH", "/Users/" + wire::percent_encode(id), &body);
}

wire::Request find_group(const Endpoint& ep, const Auth& auth, std::string_view display_name) {
    return find_by(ep, auth, "/Groups", "displayName", display_name);
}

wire::Request get_group(const Endpoint& ep, const Auth& auth, std::string_view id) {
    return make(ep, auth, "GET", "/Groups/" + wire::percent_encode(id), nullptr);
}

wire::Request create_group(const Endpoint& ep, const Auth& auth, const json::object& body) {
    return make(ep, auth, "POST", "/Groups", &body);
}

wire::Request replace_group(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body) {
    return make(ep, auth, "PUT", "/Groups/" + wire::percent_encode(id), &body);
}

wire::Request patch_group(const Endpoint& ep, const Auth& auth, std::string_view id, const json::object& body) {
    return make(ep, auth, "PATCH", "/Groups/" + wire::percent_encode(id), &body);
}

wire::Request delete_group(const Endpoint& ep, const Auth& auth, std::string_view id) {
    return make(ep, auth, "DELETE", "/Groups/" + wire::percent_encode(id), nullptr);
}

using engine::member_values;

json::object group_patch_body(std::string_view id, const engine::GroupPatch& patch) {
    json::array operations;
    if (patch.display_name)
        operations.push_back(json::object{
            {"op", "replace"}, {"value", json::object{{"id", id}, {"displayName", *patch.display_name}}}});
    for (const auto& value : patch.remove)
        operations.push_back(json::object{{"op", "remove"}, {"path", "members[value eq " + quoted(value) + "]"}});
    if (!patch.add.empty())
        operations.push_back(json::object{{"op", "add"}, {"path", "members"}, {"value", member_values(patch.add)}});
    if (patch.members)
        operations.push_back(json::object{{"op", "replace"}, {"path", "members"}, {"value", member_values(*patch.members)}});
    return json::object{{"schemas", json::array{urn::patch_op}}, {"Operations", std::move(operations)}};
}

std::optional<wire::Request> token_refresh(const Auth& auth, std::string& error) {
    auto ep = parse_endpoint(auth.token_url, error);
    if (!ep) return std::nullopt;
    wire::Request r;
    r.method = "POST";
    r.target = ep->base_path.empty() ? "/" : ep->base_path;
    r.body = "grant_type=refresh_token&refresh_token=" + wire::percent_encode(auth.refresh_token);
    r.headers.push_back({"Accept", "application/json"});
    r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    r.headers.push_back({"Content-Length", std::to_string(r.body.size())});
    r.headers.push_back({"User-Agent", std::string(user_agent)});
    if (!auth.client_id.empty())
        r.headers.push_back({"Authorization", "Basic " + wire::base64(auth.client_id + ":" + auth.client_secret)});
    r.headers.push_back({"Host", ep->host});
    r.headers.push_back({"Connection", "Keep-Alive"});
    r.headers.push_back({"Accept-Encoding", std::string(okta_accept_encoding)});
    return r;
}

result<TokenGrant> read_token(const wire::Delivery& d, Diagnostics& diag) {
    if (error_code ec = check_delivery(d, diag)) return ec;
    auto v = parse_body(*d.response, diag);
    if (!v) return v.error();
    const json::object* o = v->if_object();
    const json::value* token = o ? o->if_contains("access_token") : nullptr;
    if (!token || !token->is_string() || token->as_string().empty()) return make_error_code(connector_errc::empty_body);
    TokenGrant grant;
    grant.access_token = std::string(token->as_string());
    if (const json::value* refresh = o->if_contains("refresh_token"); refresh && refresh->is_string())
        grant.refresh_token = std::string(refresh->as_string());
    return grant;
}

error_code check_delivery(const wire::Delivery& d, Diagnostics& diag) {
    if (!d.response) {
        diag.http_status = 0;
        if (d.failure == wire::TransportFailure::timeout) {
            diag.transport = "Read timed out";
            return connector_errc::timeout;
        }
        // Okta shows the Java exception's empty message for a refused or dropped connection (§5.2 #13).
        diag.transport = "null";
        return connector_errc::connection_failed;
    }
    const wire::Response& r = *d.response;
    if (r.status >= 200 && r.status < 300) {
        diag.http_status = r.status;
        diag.reason = r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason;
        return {};
    }
    read_error_detail(r, diag);
    switch (r.status) {
        case 401: return connector_errc::unauthorized;
        case 403: return connector_errc::forbidden;
        case 404: return connector_errc::not_found;
        case 409: return connector_errc::conflict;
        case 429: diag.retry_after = parse_retry_after(r.header("Retry-After")); return connector_errc::rate_limited;
        default: break;
    }
    if (r.status >= 400 && r.status < 500) return connector_errc::rejected;
    if (r.status >= 500) return connector_errc::server_error;
    return connector_errc::unexpected_status;
}

result<json::object> read_resource(const wire::Delivery& d, Diagnostics& diag) {
    if (error_code ec = check_delivery(d, diag)) return ec;
    const wire::Response& r = *d.response;
    if (is_blank(r.body)) return make_error_code(connector_errc::empty_body);
    auto v = parse_body(r, diag);
    if (!v) return v.error();
    const json::object* o = v->if_object();
    if (!o || !o->contains("id")) return make_error_code(connector_errc::empty_body);
    return *o;
}

result<json::object> read_patch(const wire::Delivery& d, Diagnostics& diag) {
    if (error_code ec = check_delivery(d, diag)) return ec;
    if (d.response->status == 204 || is_blank(d.response->body)) return json::object{};
    auto v = parse_body(*d.response, diag);
    if (!v) return v.error();
    if (const json::object* o = v->if_object()) return *o;
    return json::object{};
}

error_code read_delete(const wire::Delivery& d, Diagnostics& diag) { return check_delivery(d, diag); }

result<engine::ResourcePage> read_list(const wire::Delivery& d, Diagnostics& diag) {
    if (error_code ec = check_delivery(d, diag)) return ec;
    auto v = parse_body(*d.response, diag);
    if (!v) return v.error();
    const json::object* o = v->if_object();
    if (!o) return make_error_code(connector_errc::invalid_json);
    engine::ResourcePage page;
    bool ok = true;
    page.total_results = int_field(*o, "totalResults", "totalresults", ok);
    bool paging_ok = true;
    page.start_index = int_field(*o, "startIndex", "startindex", paging_ok);
    page.items_per_page = int_field(*o, "itemsPerPage", "itemsperpage", paging_ok);
    // Okta binds startIndex and itemsPerPage to integers (§2.9): one that is present but not an integer breaks an
    // import's paging; an absent one only leaves the default.
    for (std::string_view key : {"startIndex", "startindex", "itemsPerPage", "itemsperpage"})
        if (const json::value* field = o->if_contains(key); field && !field->is_int64() && !field->is_uint64())
            page.paging_integers = false;
    if (!ok) {
        diag.detail = "the ListResponse has no integer totalResults";
        return make_error_code(connector_errc::invalid_json);
    }
    const json::value* res = o->if_contains("Resources");
    if (!res) res = o->if_contains("resources");
    if (!res || res->is_null()) return page;  // an empty page may leave Resources out
    // Okta binds the list to its types: a wrong type is a parse failure, never data (an id "" would then
    // address the collection).
    const auto malformed = [&](std::string what) {
        diag.http_status = d.response->status;
        diag.reason = d.response->reason.empty() ? std::string(wire::reason_phrase(d.response->status)) : d.response->reason;
        diag.detail = "Invalid JSON: " + what;
        return make_error_code(connector_errc::invalid_json);
    };
    if (!res->is_array()) return malformed("Resources is " + json_kind(*res) + ", expected an Array");
    std::size_t index = 0;
    for (const auto& item : res->as_array()) {
        const std::string at = "Resources[" + std::to_string(index++) + "]";
        if (!item.is_object()) return malformed(at + " is " + json_kind(item) + ", expected an Object");
        const json::value* id = item.as_object().if_contains("id");
        if (!id || !id->is_string() || id->as_string().empty())
            return malformed(at + ".id is " + (id ? json_kind(*id) : std::string("missing")) +
                             ", expected a non-empty String");
        page.resources.push_back(item.as_object());
    }
    return page;
}

result<std::optional<json::object>> read_lookup(const wire::Delivery& d, Diagnostics& diag, ScimVersion version) {
    // §2.2: "not found" may be a 404 with the SCIM error schema; a bare 404 (e.g. a wrong base path) is an error.
    if (d.response && d.response->status == 404) {
        boost::system::error_code ec;
        const json::value v = json::parse(d.response->body, ec);
        const json::object* o = ec ? nullptr : v.if_object();
        const json::value* errors = o && version == ScimVersion::v1_1 ? o->if_contains("Errors") : nullptr;
        if (errors && errors->is_array() && !errors->as_array().empty())
            return std::optional<json::object>{};  // SCIM 1.1's error body
        const json::value* schemas = o ? o->if_contains("schemas") : nullptr;
        if (schemas && schemas->is_array()) {
            for (const auto& s : schemas->as_array())
                if (s.is_string() && s.as_string() == error_schema) return std::optional<json::object>{};
        }
    }
    auto page = read_list(d, diag);
    if (!page) return page.error();
    if (page->resources.empty()) return std::optional<json::object>{};
    return std::optional<json::object>{std::move(page->resources.front())};
}

std::string invalid_json_message(std::string_view body) {
    std::size_t i = 0;
    while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
    static constexpr std::string_view expected =
        "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    if (i == body.size()) return "No content to map due to end-of-input";
    const char c = body[i];
    if (std::isalpha(static_cast<unsigned char>(c))) {
        std::size_t j = i;
        while (j < body.size() && (std::isalnum(static_cast<unsigned char>(body[j])) || body[j] == '_')) ++j;
        return "Unrecognized token '" + std::string(body.substr(i, j - i)) + "': was expecting " + std::string(expected);
    }
    if (c == '{' || c == '[') return std::string("Unexpected end-of-input: expected close marker for ") +
                                     (c == '{' ? "Object" : "Array");
    return "Unexpected character ('" + std::string(1, c) + "' (code " + std::to_string(static_cast<unsigned char>(c)) +
           ")): expected a valid value " + std::string(expected);
}

}  // namespace oktasim::connectors::scim
