// The simulated SCIM app: routing, authentication, the Users and Groups resources (filters, paging, PatchOp),
// the discovery documents, scripted faults layered over normal handling, the backend log and the admin API.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include <oktasim/connectors/simapp/secret.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <iterator>
#include <utility>

namespace oktasim::connectors::simapp {
namespace {

using Outcome = SimApp::Outcome;
using Failure = std::optional<Outcome>;  // nullopt: carry on

constexpr std::string_view user_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr std::string_view group_schema = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr std::string_view error_schema = "urn:ietf:params:scim:api:messages:2.0:Error";
constexpr std::string_view list_schema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr std::string_view patch_schema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
constexpr std::string_view provider_config_schema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
constexpr std::string_view resource_type_schema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
constexpr std::string_view schema_schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

constexpr std::int64_t default_count = 100;  // RFC 7644 leaves it to the server; Okta asks for 100 anyway
constexpr std::int64_t max_count = 1000;

struct KindInfo {
    std::string_view endpoint;     // "Users"
    std::string_view noun;         // "User", also the SCIM resourceType
    std::string_view schema;       // core schema URN
    std::string_view unique_attr;  // the attribute clashes are detected on
};

const KindInfo& info(ResourceKind kind) noexcept {
    static constexpr KindInfo user{"Users", "User", user_schema, "userName"};
    static constexpr KindInfo group{"Groups", "Group", group_schema, "displayName"};
    return kind == ResourceKind::user ? user : group;
}

// --- Text helpers -----------------------------------------------------------------------------------------

char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view text, std::string_view suffix) noexcept {
    return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower(c);
    return out;
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

bool is_blank(std::string_view text) noexcept { return trim(text).empty(); }

std::string_view view(const json::string& s) noexcept { return {s.data(), s.size()}; }

// Records why a parse failed and gives the empty optional the parser returns.
std::nullopt_t fail(std::string& why, std::string reason) {
    why = std::move(reason);
    return std::nullopt;
}

// Removes the elements `pred` selects, keeping the others in order; returns how many went.
template <class Pred>
std::size_t erase_where(json::array& items, Pred pred) {
    const auto first = std::remove_if(items.begin(), items.end(), pred);
    const auto removed = static_cast<std::size_t>(items.end() - first);
    items.erase(first, items.end());
    return removed;
}

// --- JSON helpers (SCIM attribute names are case-insensitive, RFC 7643 §2.1) ------------------------------

json::object::iterator find_ci(json::object& object, std::string_view key) {
    return std::find_if(object.begin(), object.end(), [&](const auto& m) { return iequals(m.key(), key); });
}

const json::value* get_ci(const json::object& object, std::string_view key) {
    const auto it = std::find_if(object.begin(), object.end(), [&](const auto& m) { return iequals(m.key(), key); });
    return it == object.end() ? nullptr : &it->value();
}

std::optional<std::string_view> string_ci(const json::object& object, std::string_view key) {
    const json::value* value = get_ci(object, key);
    if (!value || !value->is_string()) return std::nullopt;
    return view(value->get_string());
}

void erase_ci(json::object& object, std::string_view key) {
    if (auto it = find_ci(object, key); it != object.end()) object.stable_erase(it);
}

// The key to write `name` under: the spelling already present, else the schema's spelling, else as given.
std::string key_for(json::object& object, std::string_view name) {
    static constexpr std::array<std::string_view, 26> known = {
        "userName",  "displayName", "name",       "givenName",   "familyName", "middleName",  "formatted",
        "nickName",  "title",       "userType",   "locale",      "timezone",   "active",      "emails",
        "phoneNumbers", "addresses", "externalId", "members",    "value",      "display",     "type",
        "primary",   "employeeNumber", "department", "manager",  "preferredLanguage"};
    if (auto it = find_ci(object, name); it != object.end()) return std::string(it->key());
    for (std::string_view k : known)
        if (iequals(k, name)) return std::string(k);
    return std::string(name);
}

// Objects merge member by member; anything else replaces; null removes (RFC 7644 §3.5.2.3 "replace").
void merge_into(json::object& target, const json::object& source) {
    for (const auto& member : source) {
        const std::string key = key_for(target, member.key());
        const json::value& value = member.value();
        json::value* existing = target.if_contains(key);
        if (value.is_null()) {
            target.stable_erase(key);
        } else if (existing && existing->is_object() && value.is_object()) {
            merge_into(existing->get_object(), value.get_object());
        } else {
            target[key] = value;
        }
    }
}

bool lists_schema(const json::object& body, std::string_view urn) {
    const json::value* schemas = get_ci(body, "schemas");
    if (!schemas || !schemas->is_array()) return false;
    const auto& list = schemas->get_array();
    return std::any_of(list.begin(), list.end(),
                       [&](const json::value& v) { return v.is_string() && iequals(view(v.get_string()), urn); });
}

// --- Responses ----------------------------------------------------------------------------------------------

Outcome make_outcome(int status) {
    Outcome outcome;
    outcome.response.status = status;
    outcome.response.reason = std::string(wire::reason_phrase(status));
    return outcome;
}

void erase_header(std::vector<wire::Header>& headers, std::string_view name) {
    std::erase_if(headers, [&](const wire::Header& h) { return iequals(h.name, name); });
}

// Replaces, in every string and key, what is not well-formed UTF-8 (bytes a request smuggled in, e.g. a filter
// given as %ff%fe that an error detail echoes), so the body stays valid JSON text (RFC 8259 §8.1).
json::value with_valid_utf8(const json::value& value) {
    if (const json::string* text = value.if_string()) return json::string(wire::valid_utf8(view(*text)));
    if (const json::array* list = value.if_array()) {
        json::array out;
        for (const json::value& item : *list) out.push_back(with_valid_utf8(item));
        return out;
    }
    if (const json::object* object = value.if_object()) {
        json::object out;
        for (const auto& member : *object) out[wire::valid_utf8(member.key())] = with_valid_utf8(member.value());
        return out;
    }
    return value;
}

void set_json_body(wire::Response& response, const json::value& body) {
    response.body = json::serialize(body);
    if (!wire::is_valid_utf8(response.body)) response.body = json::serialize(with_valid_utf8(body));
    wire::set_header(response.headers, "Content-Type", std::string(scim_content_type));
}

void clear_body(wire::Response& response) {
    response.body.clear();
    erase_header(response.headers, "Content-Type");
}

Outcome json_outcome(int status, const json::value& body) {
    Outcome outcome = make_outcome(status);
    set_json_body(outcome.response, body);
    return outcome;
}

json::object error_body(int status, std::string_view detail, std::string_view scim_type) {
    json::object body;
    body["schemas"] = json::array{json::string(error_schema)};
    if (!scim_type.empty()) body["scimType"] = scim_type;
    body["detail"] = detail;
    body["status"] = std::to_string(status);  // RFC 7644 §3.12: a string
    return body;
}

Outcome scim_error(int status, std::string detail, std::string_view scim_type = {}) {
    Outcome outcome = json_outcome(status, error_body(status, detail, scim_type));
    outcome.detail = std::move(detail);
    return outcome;
}

Outcome not_found(ResourceKind kind) { return scim_error(404, std::string(info(kind).noun) + " not found"); }

Outcome method_not_allowed(std::string_view method, std::string allow) {
    Outcome outcome = scim_error(405, "Method " + std::string(method) + " is not allowed on this endpoint");
    wire::set_header(outcome.response.headers, "Allow", std::move(allow));
    return outcome;
}

std::optional<json::object> parse_body(std::string_view text, Outcome& failure) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        failure = scim_error(400, "Request body is not valid JSON: " + ec.message(), "invalidSyntax");
        return std::nullopt;
    }
    if (!value.is_object()) {
        failure = scim_error(400, "Request body must be a JSON object", "invalidSyntax");
        return std::nullopt;
    }
    if (const auto where = non_finite_number(value)) {
        failure = scim_error(400, "Request body has a number out of range at " + *where + " (JSON numbers are finite)",
                             "invalidValue");
        return std::nullopt;
    }
    return std::move(value.get_object());
}

json::object list_response(std::int64_t total, std::int64_t start, std::int64_t per_page, json::array resources) {
    json::object body;
    body["schemas"] = json::array{json::string(list_schema)};
    body["totalResults"] = total;
    body["startIndex"] = start;
    body["itemsPerPage"] = per_page;
    body["Resources"] = std::move(resources);
    return body;
}

// --- Query string -------------------------------------------------------------------------------------------

struct QueryParam {
    std::string name;
    std::string value;
};

// Splits and percent-decodes a query ('+' is a space there). nullopt, with the parameter in `bad`, on a bad escape.
std::optional<std::vector<QueryParam>> parse_query(std::string_view query, std::string& bad) {
    std::vector<QueryParam> params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto name = wire::percent_decode(pair.substr(0, eq), true);
        auto value = wire::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
        if (!name || !value) {
            bad = std::string(pair.substr(0, eq));
            return std::nullopt;
        }
        params.push_back({std::move(*name), std::move(*value)});
    }
    return params;
}

const std::string* find_param(const std::vector<QueryParam>& params, std::string_view name) {
    for (const auto& p : params)
        if (iequals(p.name, name)) return &p.value;
    return nullptr;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return n;
}

struct Paging {
    std::int64_t start = 1;
    std::int64_t count = default_count;
};

// RFC 7644 §3.4.2.4: startIndex < 1 means 1; a negative count means 0. Counts above the maximum are capped.
Failure read_paging(const std::vector<QueryParam>& params, Paging& paging) {
    if (const std::string* text = find_param(params, "startIndex")) {
        const auto n = parse_int(*text);
        if (!n) return scim_error(400, "startIndex must be an integer, not '" + *text + "'", "invalidValue");
        paging.start = std::max<std::int64_t>(*n, 1);
    }
    if (const std::string* text = find_param(params, "count")) {
        const auto n = parse_int(*text);
        if (!n) return scim_error(400, "count must be an integer, not '" + *text + "'", "invalidValue");
        paging.count = std::clamp<std::int64_t>(*n, 0, max_count);
    }
    return std::nullopt;
}

// --- Filters: `attrPath SP "eq" SP compValue`, the only form Okta sends (docs/okta-behaviour.md §2.2, §7.4) --------------

struct Comparison {
    std::string attr;
    json::value value;
};

bool is_name_char(char c) noexcept {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
}

bool is_path_char(char c) noexcept { return is_name_char(c) || c == '.' || c == ':'; }

bool valid_name(std::string_view name) noexcept {
    return !name.empty() && std::isalpha(static_cast<unsigned char>(name.front())) &&
           std::all_of(name.begin(), name.end(), is_name_char);
}

// Drops a core schema URN prefix: "urn:ietf:params:scim:schemas:core:2.0:User:userName" -> "userName".
std::string strip_urn(std::string_view attr) {
    if (!istarts_with(attr, "urn:")) return std::string(attr);
    return std::string(attr.substr(attr.rfind(':') + 1));
}

bool read_value(std::string_view text, std::size_t& i, json::value& out, std::string& why) {
    std::size_t end = i;
    if (text[i] == '"') {
        for (end = i + 1; end < text.size() && text[end] != '"'; ++end)
            if (text[end] == '\\') ++end;
        if (end >= text.size()) {
            why = "unterminated string";
            return false;
        }
        ++end;
    } else {
        while (end < text.size() && text[end] != ' ') ++end;
    }
    boost::system::error_code ec;
    out = json::parse(text.substr(i, end - i), ec);
    if (ec || out.is_object() || out.is_array()) {
        why = "expected a quoted string, true, false, null or a number";
        return false;
    }
    i = end;
    return true;
}

std::optional<Comparison> parse_comparison(std::string_view text, std::string& why) {
    std::size_t i = 0;
    const auto skip_spaces = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] == ' ') ++i;
        return i - start;
    };
    skip_spaces();
    const std::size_t attr_start = i;
    while (i < text.size() && is_path_char(text[i])) ++i;
    Comparison c{strip_urn(text.substr(attr_start, i - attr_start)), nullptr};
    if (c.attr.empty()) return fail(why, "expected an attribute name");
    if (skip_spaces() == 0) return fail(why, "expected a space after '" + c.attr + "'");
    const std::size_t op_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string op = to_lower(text.substr(op_start, i - op_start));
    static constexpr std::array<std::string_view, 9> others = {"ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le"};
    if (op != "eq") {
        const bool known = std::find(others.begin(), others.end(), op) != others.end();
        return fail(why, known ? "operator '" + op + "' is not supported (only eq)" : "expected the operator eq");
    }
    if (skip_spaces() == 0 || i == text.size()) return fail(why, "expected a value after 'eq'");
    if (!read_value(text, i, c.value, why)) return std::nullopt;
    skip_spaces();
    if (i != text.size()) {
        const std::string rest = to_lower(text.substr(i, 4));
        const bool logical = rest.rfind("and ", 0) == 0 || rest.rfind("or ", 0) == 0;
        return fail(why, logical ? "logical operators (and, or) are not supported" : "unexpected text after the value");
    }
    return c;
}

// The canonical name of a filter attribute the endpoint supports, or "" with the reason in `why`.
std::string filter_attribute(ResourceKind kind, const Comparison& c, std::string& why) {
    static constexpr std::array<std::string_view, 4> user_attrs = {"userName", "externalId", "id", "emails.value"};
    static constexpr std::array<std::string_view, 3> group_attrs = {"displayName", "externalId", "id"};
    const auto matches = [&](std::string_view a) { return iequals(a, c.attr); };
    std::string_view found;
    if (kind == ResourceKind::user) {
        if (auto it = std::find_if(user_attrs.begin(), user_attrs.end(), matches); it != user_attrs.end()) found = *it;
    } else if (auto it = std::find_if(group_attrs.begin(), group_attrs.end(), matches); it != group_attrs.end()) {
        found = *it;
    }
    if (found.empty()) {
        why = "filtering " + std::string(info(kind).endpoint) + " on '" + c.attr + "' is not supported";
        return {};
    }
    if (!c.value.is_string()) {
        why = "'" + std::string(found) + "' is compared with a quoted string";
        return {};
    }
    return std::string(found);
}

// RFC 7643 caseExact: userName, emails.value and displayName are not; id and externalId are.
bool filter_matches(std::string_view attr, std::string_view wanted, std::string_view id, const json::object& body,
                    bool case_sensitive_user_name) {
    if (attr == "id") return id == wanted;
    if (attr == "emails.value") {
        const json::value* emails = get_ci(body, "emails");
        if (!emails || !emails->is_array()) return false;
        return std::any_of(emails->get_array().begin(), emails->get_array().end(), [&](const json::value& e) {
            const auto value = e.is_object() ? string_ci(e.get_object(), "value") : std::nullopt;
            return value && iequals(*value, wanted);
        });
    }
    const auto value = string_ci(body, attr);
    if (!value) return false;
    const bool exact = attr == "externalId" || (attr == "userName" && case_sensitive_user_name);
    return exact ? *value == wanted : iequals(*value, wanted);
}

// --- PatchOp (RFC 7644 §3.5.2) ------------------------------------------------------------------------------

struct PatchPath {
    std::string schema;  // an extension schema URN; empty for the core schema
    std::string attr;
    std::optional<Comparison> filter;  // attr[filter]
    std::string sub;                   // attr.sub or attr[filter].sub
};

struct PatchState {
    json::object body;
    bool password_changed = false;
    std::optional<std::string> password;  // nullopt after a remove
};

std::size_t closing_bracket(std::string_view text) {
    bool quoted = false;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (quoted && text[i] == '\\') ++i;
        else if (text[i] == '"') quoted = !quoted;
        else if (!quoted && text[i] == ']') return i;
    }
    return std::string_view::npos;
}

std::optional<PatchPath> parse_patch_path(std::string_view text, std::string_view core_schema, std::string& why) {
    PatchPath path;
    text = trim(text);
    if (istarts_with(text, "urn:")) {
        const auto colon = text.substr(0, text.find('[')).rfind(':');
        if (!iequals(text.substr(0, colon), core_schema)) path.schema = std::string(text.substr(0, colon));
        text.remove_prefix(colon + 1);
    }
    const auto attr_end = text.find_first_of("[.");
    path.attr = std::string(text.substr(0, attr_end));
    if (!valid_name(path.attr)) return fail(why, "expected an attribute name");
    if (attr_end == std::string_view::npos) return path;
    text.remove_prefix(attr_end);
    if (text.front() == '[') {
        const auto close = closing_bracket(text);
        if (close == std::string_view::npos) return fail(why, "missing ']'");
        auto filter = parse_comparison(text.substr(1, close - 1), why);
        if (!filter) return fail(why, "invalid value filter: " + why);
        if (!valid_name(filter->attr)) return fail(why, "a value filter compares a sub-attribute");
        path.filter = std::move(filter);
        text.remove_prefix(close + 1);
        if (text.empty()) return path;
        if (text.front() != '.') return fail(why, "unexpected text after ']'");
    }
    path.sub = std::string(text.substr(1));
    if (!valid_name(path.sub)) return fail(why, "expected a sub-attribute name after '.'");
    return path;
}

void append_unique(json::array& items, const json::value& value) {
    const auto add_one = [&](const json::value& v) {
        if (std::find(items.begin(), items.end(), v) == items.end()) items.push_back(v);
    };
    if (const json::array* list = value.if_array()) {
        for (const auto& v : *list) add_one(v);
    } else {
        add_one(value);
    }
}

// Writes one attribute: "add" appends to multi-valued attributes, complex values merge, null removes.
void assign(json::object& object, const std::string& key, const json::value& value, bool add) {
    json::value* existing = object.if_contains(key);
    if (value.is_null()) {
        object.stable_erase(key);
    } else if (existing && add && existing->is_array()) {
        append_unique(existing->get_array(), value);
    } else if (existing && existing->is_object() && value.is_object()) {
        merge_into(existing->get_object(), value.get_object());
    } else {
        object[key] = value;
    }
}

// Group member ids are case-exact; every other value filter Okta or Entra sends compares case-insensitively.
bool element_matches(const json::object& element, const Comparison& filter, bool case_exact) {
    const json::value* value = get_ci(element, filter.attr);
    if (!value) return false;
    if (value->is_string() && filter.value.is_string()) {
        const auto a = view(value->get_string());
        const auto b = view(filter.value.get_string());
        return case_exact ? a == b : iequals(a, b);
    }
    return *value == filter.value;
}

bool exact_filter(const PatchPath& path) {
    return iequals(path.attr, "members") && iequals(path.filter->attr, "value");
}

void write_element(json::object& element, const PatchPath& path, const json::value& value, bool add) {
    if (path.sub.empty()) merge_into(element, value.get_object());
    else assign(element, key_for(element, path.sub), value, add);
}

Failure set_filtered(json::object& container, const std::string& key, const PatchPath& path,
                     const json::value& value, bool add) {
    json::value& slot = container[key];
    if (slot.is_null()) slot.emplace_array();
    json::array* items = slot.if_array();
    if (!items) return scim_error(400, "Attribute '" + key + "' is not multi-valued", "invalidPath");
    if (path.sub.empty() && !value.is_object())
        return scim_error(400, "A filtered path without a sub-attribute needs an object value", "invalidValue");
    bool matched = false;
    for (json::value& item : *items) {
        json::object* element = item.if_object();
        if (!element || !element_matches(*element, *path.filter, exact_filter(path))) continue;
        matched = true;
        write_element(*element, path, value, add);
    }
    if (!matched) {  // create the element the filter describes, as clients writing emails[type eq "work"] expect
        json::object element;
        element[key_for(element, path.filter->attr)] = path.filter->value;
        write_element(element, path, value, add);
        items->push_back(std::move(element));
    }
    return std::nullopt;
}

Failure set_at(json::object& container, const PatchPath& path, const json::value& value, bool add) {
    const std::string key = key_for(container, path.attr);
    if (path.filter) return set_filtered(container, key, path, value, add);
    if (path.sub.empty()) {
        assign(container, key, value, add);
        return std::nullopt;
    }
    json::value& slot = container[key];
    if (slot.is_null()) slot.emplace_object();
    json::object* parent = slot.if_object();
    if (!parent)
        return scim_error(400, "Attribute '" + key + "' is not complex; use a value filter for multi-valued attributes",
                          "invalidPath");
    assign(*parent, key_for(*parent, path.sub), value, add);
    return std::nullopt;
}

// Removes elements listed in `value` by their "value" (the form Entra uses to remove group members).
void remove_listed(json::array& items, const json::value& value) {
    std::vector<json::value> wanted;
    for (const json::value& v : value.is_array() ? value.get_array() : json::array{value})
        if (const json::value* id = v.is_object() ? get_ci(v.get_object(), "value") : nullptr) wanted.push_back(*id);
    erase_where(items, [&](const json::value& item) {
        const json::value* id = item.is_object() ? get_ci(item.get_object(), "value") : nullptr;
        return id && std::find(wanted.begin(), wanted.end(), *id) != wanted.end();
    });
}

Failure remove_at(json::object& container, const PatchPath& path, const json::value* value) {
    const auto it = find_ci(container, path.attr);
    if (it == container.end()) return std::nullopt;  // removing what is not there changes nothing
    json::value& slot = it->value();
    if (!path.filter && path.sub.empty()) {
        if (value && slot.is_array()) remove_listed(slot.get_array(), *value);
        else container.stable_erase(it);
        return std::nullopt;
    }
    if (!path.filter) {
        if (json::object* parent = slot.if_object()) erase_ci(*parent, path.sub);
        if (json::array* items = slot.if_array())
            for (json::value& item : *items)
                if (json::object* element = item.if_object()) erase_ci(*element, path.sub);
        return std::nullopt;
    }
    json::array* items = slot.if_array();
    if (!items) return scim_error(400, "Attribute '" + path.attr + "' is not multi-valued", "invalidPath");
    const auto hit = [&](const json::value& item) {
        return item.is_object() && element_matches(item.get_object(), *path.filter, exact_filter(path));
    };
    if (path.sub.empty()) {
        erase_where(*items, hit);
    } else {
        for (json::value& item : *items)
            if (hit(item)) erase_ci(item.get_object(), path.sub);
    }
    return std::nullopt;
}

Failure apply_password(bool remove, const PatchPath& path, const json::value* value, PatchState& state) {
    if (path.filter || !path.sub.empty())
        return scim_error(400, "Attribute 'password' has no sub-attributes", "invalidPath");
    if (!remove && (!value || !value->is_string()))
        return scim_error(400, "Attribute 'password' must be a string", "invalidValue");
    state.password_changed = true;
    state.password = remove ? std::nullopt : std::optional<std::string>(value->get_string());
    return std::nullopt;
}

// The object an extension-schema path writes into, created (and listed in "schemas") when missing.
json::object* extension_container(json::object& body, const std::string& urn, bool create) {
    if (auto it = find_ci(body, urn); it != body.end()) return it->value().if_object();
    if (!create) return nullptr;
    const json::value* schemas = get_ci(body, "schemas");
    if (!lists_schema(body, urn) && schemas && schemas->is_array())
        find_ci(body, "schemas")->value().get_array().push_back(json::string(urn));
    return &body[urn].emplace_object();
}

Failure apply_path(ResourceKind kind, std::string_view op, const PatchPath& path, const json::value* value,
                   PatchState& state) {
    const bool remove = op == "remove";
    if (path.schema.empty()) {
        for (std::string_view fixed : {"id", "meta", "schemas"})
            if (iequals(path.attr, fixed))
                return scim_error(400, "Attribute '" + path.attr + "' is read-only", "mutability");
        if (kind == ResourceKind::user && iequals(path.attr, "groups"))
            return scim_error(400, "Attribute 'groups' is read-only; change memberships through /Groups", "mutability");
        if (kind == ResourceKind::user && iequals(path.attr, "password"))
            return apply_password(remove, path, value, state);
    }
    json::object* container = &state.body;
    if (!path.schema.empty()) {
        container = extension_container(state.body, path.schema, !remove);
        if (!container && remove) return std::nullopt;
        if (!container) return scim_error(400, "'" + path.schema + "' does not hold an object", "invalidPath");
    }
    if (remove) return remove_at(*container, path, value);
    return set_at(*container, path, *value, op == "add");
}

// Okta's path-less form: {"op":"replace","value":{"active":false}}; each member is applied as its own path.
Failure apply_object(ResourceKind kind, std::string_view id, std::string_view op, const json::object& value,
                     PatchState& state) {
    for (const auto& member : value) {
        const std::string_view key = member.key();
        if (iequals(key, "id")) {
            // Okta's group rename repeats the group's own id; only a different id is an attempt to change it.
            if (member.value().is_string() && view(member.value().get_string()) == id) continue;
            return scim_error(400, "Attribute 'id' is immutable", "mutability");
        }
        if (iequals(key, "meta") || iequals(key, "schemas") || (kind == ResourceKind::user && iequals(key, "groups")))
            continue;  // read-only attributes a client echoes back are ignored (RFC 7644 §3.5.2)
        if (istarts_with(key, "urn:") && member.value().is_object() &&
            (lists_schema(state.body, key) || iends_with(key, ":User") || iends_with(key, ":Group"))) {
            json::object* container = extension_container(state.body, std::string(key), true);
            if (!container) return scim_error(400, "'" + std::string(key) + "' does not hold an object", "invalidPath");
            merge_into(*container, member.value().get_object());
            continue;
        }
        std::string why;
        const auto path = parse_patch_path(key, info(kind).schema, why);
        if (!path) return scim_error(400, "Invalid attribute '" + std::string(key) + "': " + why, "invalidPath");
        if (auto failure = apply_path(kind, op, *path, &member.value(), state)) return failure;
    }
    return std::nullopt;
}

Failure apply_operation(ResourceKind kind, std::string_view id, const json::object& operation, PatchState& state) {
    const auto op_text = string_ci(operation, "op");
    if (!op_text) return scim_error(400, "Each operation needs an 'op' string", "invalidSyntax");
    const std::string op = to_lower(*op_text);
    if (op != "add" && op != "replace" && op != "remove")
        return scim_error(400, "Unknown op '" + std::string(*op_text) + "' (expected add, replace or remove)",
                          "invalidSyntax");
    const json::value* value = get_ci(operation, "value");
    const json::value* path_value = get_ci(operation, "path");
    if (path_value && !path_value->is_string()) return scim_error(400, "'path' must be a string", "invalidPath");
    if (!path_value || is_blank(view(path_value->get_string()))) {
        if (op == "remove") return scim_error(400, "A remove operation needs a path", "noTarget");
        if (!value || !value->is_object())
            return scim_error(400, "An '" + op + "' operation without a path needs an object value", "invalidValue");
        return apply_object(kind, id, op, value->get_object(), state);
    }
    std::string why;
    const std::string_view path_text = view(path_value->get_string());
    const auto path = parse_patch_path(path_text, info(kind).schema, why);
    if (!path) return scim_error(400, "Invalid path '" + std::string(path_text) + "': " + why, "invalidPath");
    if (op != "remove" && !value) return scim_error(400, "Operation '" + op + "' needs a value", "invalidValue");
    return apply_path(kind, op, *path, value, state);
}

// --- Client bodies ------------------------------------------------------------------------------------------

// Takes a POST/PUT body apart: read-only attributes go, the password is kept aside, defaults are filled in.
// `expected_id` (PUT) must match any id the client sends.
Failure strip_client_attributes(ResourceKind kind, json::object& body, std::optional<std::string_view> expected_id,
                                std::optional<std::string>& password, bool fill_defaults = true) {
    if (auto it = find_ci(body, "id"); it != body.end()) {
        const bool same = it->value().is_string() && expected_id && view(it->value().get_string()) == *expected_id;
        if (expected_id && !same) return scim_error(400, "Attribute 'id' is immutable", "mutability");
        body.stable_erase(it);
    }
    erase_ci(body, "meta");
    if (kind == ResourceKind::user) {
        erase_ci(body, "groups");  // derived from group memberships, and Okta echoes it back on PUT
        if (auto it = find_ci(body, "password"); it != body.end()) {
            if (!it->value().is_string())
                return scim_error(400, "Attribute 'password' must be a string", "invalidValue");
            password = std::string(it->value().get_string());
            body.stable_erase(it);
        }
        if (fill_defaults && !get_ci(body, "active")) body["active"] = true;
    }
    if (const json::value* schemas = get_ci(body, "schemas")) {
        const json::array* list = schemas->if_array();
        if (!list || !std::all_of(list->begin(), list->end(), [](const json::value& v) { return v.is_string(); }))
            return scim_error(400, "Attribute 'schemas' must be an array of URNs", "invalidSyntax");
    } else if (fill_defaults) {
        body["schemas"] = json::array{json::string(info(kind).schema)};
    }
    return std::nullopt;
}

// Checks "members" and drops duplicate entries; every member must be a known user id.
template <class KnownUser>
Failure normalize_members(json::object& body, const KnownUser& known_user) {
    const auto it = find_ci(body, "members");
    if (it == body.end()) return std::nullopt;
    if (it->value().is_null()) it->value().emplace_array();
    const json::array* list = it->value().if_array();
    if (!list) return scim_error(400, "Attribute 'members' must be an array", "invalidValue");
    json::array kept;
    std::vector<std::string> seen;
    for (const json::value& member : *list) {
        const auto id = member.is_object() ? string_ci(member.get_object(), "value") : std::nullopt;
        if (!id || id->empty()) return scim_error(400, "Each member needs a 'value' (a user id)", "invalidValue");
        if (!known_user(*id))
            return scim_error(400, "Member '" + std::string(*id) + "' is not a known user", "invalidValue");
        if (std::find(seen.begin(), seen.end(), *id) != seen.end()) continue;
        seen.emplace_back(*id);
        kept.push_back(member);
    }
    it->value() = std::move(kept);
    return std::nullopt;
}

// --- Discovery documents (RFC 7643 §5-7) ----------------------------------------------------------------------

struct AttributeSpec {
    std::string_view name;
    std::string_view type = "string";
    bool multi_valued = false;
    bool required = false;
    std::string_view mutability = "readWrite";
    std::string_view returned = "default";
    std::string_view uniqueness = "none";
    std::vector<AttributeSpec> sub_attributes = {};
};

json::object attribute_json(const AttributeSpec& spec) {
    json::object out;
    out["name"] = spec.name;
    out["type"] = spec.type;
    out["multiValued"] = spec.multi_valued;
    out["required"] = spec.required;
    out["caseExact"] = false;
    out["mutability"] = spec.mutability;
    out["returned"] = spec.returned;
    out["uniqueness"] = spec.uniqueness;
    if (!spec.sub_attributes.empty()) {
        json::array subs;
        for (const auto& sub : spec.sub_attributes) subs.push_back(attribute_json(sub));
        out["subAttributes"] = std::move(subs);
    }
    return out;
}

json::object schema_document(std::string_view base_url, std::string_view urn, std::string_view name,
                             const std::vector<AttributeSpec>& attributes) {
    json::object doc;
    doc["schemas"] = json::array{json::string(schema_schema)};
    doc["id"] = urn;
    doc["name"] = name;
    doc["description"] = std::string(name) + " resources";
    json::array list;
    for (const auto& a : attributes) list.push_back(attribute_json(a));
    doc["attributes"] = std::move(list);
    doc["meta"] = {{"resourceType", "Schema"}, {"location", std::string(base_url) + "/Schemas/" + std::string(urn)}};
    return doc;
}

json::array schema_documents(std::string_view base_url) {
    const std::vector<AttributeSpec> user = {
        {.name = "userName", .required = true, .uniqueness = "server"},
        {.name = "name", .type = "complex",
         .sub_attributes = {{.name = "formatted"},
                            {.name = "familyName"},
                            {.name = "givenName"},
                            {.name = "middleName"}}},
        {.name = "displayName"},
        {.name = "emails", .type = "complex", .multi_valued = true,
         .sub_attributes = {{.name = "value"}, {.name = "type"}, {.name = "primary", .type = "boolean"}}},
        {.name = "active", .type = "boolean"},
        {.name = "password", .mutability = "writeOnly", .returned = "never"},
        {.name = "groups", .type = "complex", .multi_valued = true, .mutability = "readOnly",
         .sub_attributes = {{.name = "value", .mutability = "readOnly"},
                            {.name = "display", .mutability = "readOnly"}}},
    };
    const std::vector<AttributeSpec> group = {
        {.name = "displayName", .required = true},
        {.name = "members", .type = "complex", .multi_valued = true,
         .sub_attributes = {{.name = "value", .mutability = "immutable"}, {.name = "display"}}},
    };
    json::array out;
    out.push_back(schema_document(base_url, user_schema, "User", user));
    out.push_back(schema_document(base_url, group_schema, "Group", group));
    return out;
}

json::array resource_type_documents(std::string_view base_url) {
    json::array out;
    for (ResourceKind kind : {ResourceKind::user, ResourceKind::group}) {
        const KindInfo& k = info(kind);
        json::object doc;
        doc["schemas"] = json::array{json::string(resource_type_schema)};
        doc["id"] = k.noun;
        doc["name"] = k.noun;
        doc["endpoint"] = "/" + std::string(k.endpoint);
        doc["description"] = std::string(k.noun) + " resources";
        doc["schema"] = k.schema;
        doc["meta"] = {{"resourceType", "ResourceType"},
                       {"location", std::string(base_url) + "/ResourceTypes/" + std::string(k.noun)}};
        out.push_back(std::move(doc));
    }
    return out;
}

json::array authentication_schemes(const AuthConfig& auth) {
    const auto scheme = [](std::string_view type, std::string_view name, std::string_view description) {
        json::array out;
        out.push_back(json::object{{"type", type}, {"name", name}, {"description", description}, {"primary", true}});
        return out;
    };
    switch (auth.kind) {
        case AuthConfig::Kind::none: return {};
        case AuthConfig::Kind::bearer:
            return scheme("oauthbearertoken", "OAuth Bearer Token", "A bearer token in the Authorization header");
        case AuthConfig::Kind::basic:
            return scheme("httpbasic", "HTTP Basic", "Username and password with HTTP Basic authentication");
        case AuthConfig::Kind::header:
            return scheme("oauthbearertoken", "HTTP Header", "A fixed value in the Authorization header");
    }
    return {};
}

json::object service_provider_config(std::string_view base_url, const AuthConfig& auth, const Quirks& quirks) {
    json::object doc;
    doc["schemas"] = json::array{json::string(provider_config_schema)};
    doc["patch"] = {{"supported", !quirks.no_patch}};
    doc["bulk"] = {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}};
    doc["filter"] = {{"supported", true}, {"maxResults", max_count}};
    doc["changePassword"] = {{"supported", true}};
    doc["sort"] = {{"supported", false}};
    doc["etag"] = {{"supported", false}};
    doc["authenticationSchemes"] = authentication_schemes(auth);
    doc["meta"] = {{"resourceType", "ServiceProviderConfig"},
                   {"location", std::string(base_url) + "/ServiceProviderConfig"}};
    return doc;
}

// --- Misc -------------------------------------------------------------------------------------------------

std::string make_uuid(sim::Prng& prng) {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::uint64_t hi = prng.next();
    std::uint64_t lo = prng.next();
    hi = (hi & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};                 // version 4
    lo = (lo & ~(std::uint64_t{0x3} << 62)) | (std::uint64_t{0x2} << 62);       // RFC 4122 variant
    std::string hex;
    for (const std::uint64_t word : {hi, lo})
        for (int shift = 60; shift >= 0; shift -= 4) hex.push_back(digits[(word >> shift) & 0xF]);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

// Non-empty path segments, percent-decoded; nullopt on a malformed escape.
std::optional<std::vector<std::string>> split_segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (segment.empty()) continue;
        auto decoded = wire::percent_decode(segment);
        if (!decoded) return std::nullopt;
        out.push_back(std::move(*decoded));
    }
    return out;
}

std::string www_authenticate(const AuthConfig& auth) {
    std::string scheme = auth.kind == AuthConfig::Kind::basic ? "Basic" : "Bearer";
    if (auth.kind == AuthConfig::Kind::header && auth.header.find(' ') != std::string::npos)
        scheme = auth.header.substr(0, auth.header.find(' '));
    return scheme + " realm=\"scim\"";
}

// The scheme word of an Authorization value and the credentials after it; no scheme when there is no space.
std::pair<std::string_view, std::string_view> split_scheme(std::string_view value) {
    const auto space = value.find(' ');
    if (space == std::string_view::npos) return {{}, value};
    return {value.substr(0, space), trim(value.substr(space + 1))};
}

// Applies a processed-or-not fault response on top of `outcome` (see FaultResponse for the rules).
void shape_response(const FaultResponse& r, bool processed, Outcome& outcome) {
    wire::Response& response = outcome.response;
    if (r.status) {
        response.status = *r.status;
        response.reason = std::string(wire::reason_phrase(*r.status));
    }
    const int status = response.status;
    if (r.status || r.body || r.empty_body) outcome.detail = r.detail.value_or("");
    if (r.empty_body || status == 204 || status == 304) {
        clear_body(response);
    } else if (r.body) {
        response.body = *r.body;
        wire::set_header(response.headers, "Content-Type", r.content_type.value_or(std::string(scim_content_type)));
    } else if (r.detail || (r.status && status >= 400)) {
        outcome.detail = r.detail.value_or(std::string(wire::reason_phrase(status)));
        set_json_body(response, error_body(status, outcome.detail, r.scim_type.value_or("")));
    } else if (!processed) {
        clear_body(response);
    }
    if (r.content_type && !response.body.empty()) wire::set_header(response.headers, "Content-Type", *r.content_type);
    if (r.retry_after) wire::set_header(response.headers, "Retry-After", *r.retry_after);
    if (status < 200 || status >= 300) erase_header(response.headers, "Location");
}

}  // namespace

// --- Construction and request handling --------------------------------------------------------------------------

SimApp::SimApp(SimAppConfig config, sim::WallClock wall, sim::Prng prng)
    : config_(std::move(config)), wall_(wall), prng_(prng), auth_(std::move(config_.auth)),
      faults_(std::move(config_.faults)) {
    config_.auth = {};
    config_.faults.clear();
    for (const auto& account : config_.accounts) load(Kind::user, account);
    for (const auto& group : config_.groups) load(Kind::group, group);
    config_.accounts.clear();
    config_.groups.clear();
}

void SimApp::load(Kind kind, const json::object& configured) {
    json::object body = configured;
    Resource resource;
    resource.created = resource.last_modified = wall_.timestamp(sim::TimePoint{0});
    if (const json::value* meta = get_ci(body, "meta"); meta && meta->is_object()) {
        if (const auto created = string_ci(meta->get_object(), "created")) resource.created = *created;
        if (const auto modified = string_ci(meta->get_object(), "lastModified")) resource.last_modified = *modified;
    }
    const auto id = string_ci(body, "id");
    resource.id = id && !id->empty() && !find(kind, *id) ? std::string(*id) : new_id();
    std::optional<std::string> password;
    // Configured resources were checked by parse_sim_app_config; a hand-built config gets the same cleanup.
    (void)strip_client_attributes(kind, body, std::nullopt, password);
    if (password) passwords_[resource.id] = *password;
    resource.body = std::move(body);
    insert(kind, std::move(resource));
}

std::optional<std::string> SimApp::relative_path(std::string_view path) const {
    const std::string_view base = config_.base_path;
    if (path.substr(0, base.size()) != base) return std::nullopt;
    const std::string_view rest = path.substr(base.size());
    if (!rest.empty() && rest.front() != '/') return std::nullopt;  // "/scim/v2x" is not under "/scim/v2"
    return std::string(rest);
}

wire::Delivery SimApp::handle(const wire::Request& request, sim::TimePoint now) {
    const auto relative = relative_path(request.path());
    const auto selection = faults_.select(request.method, relative);
    BackendLogEntry entry;
    entry.at = now;
    entry.timestamp = wall_.timestamp(now);
    entry.method = request.method;
    entry.target = request.target;
    wire::Delivery delivery;
    if (selection && !selection->fault->respond.processes()) {
        delivery = inject(*selection, std::nullopt, entry);
    } else {
        Outcome outcome = serve(request, relative, now);
        if (selection) {
            delivery = inject(*selection, std::move(outcome), entry);
        } else {
            entry.status = outcome.response.status;
            entry.detail = std::move(outcome.detail);
            delivery.response = std::move(outcome.response);
        }
    }
    if (delivery.response)
        encode_response_body(*delivery.response, request.header("Accept-Encoding"), config_.compress_responses);
    log_.record(std::move(entry));
    return delivery;
}

wire::Delivery SimApp::inject(const FaultSet::Selection& selection, std::optional<Outcome> processed,
                              BackendLogEntry& entry) const {
    const FaultResponse& r = selection.fault->respond;
    wire::Delivery delivery;
    delivery.elapsed = r.delay.value_or(sim::Duration{0});
    entry.fault = selection.label;
    entry.delay = delivery.elapsed;
    if (r.refuse || r.reset) {
        delivery.failure =
            r.refuse ? wire::TransportFailure::connection_refused : wire::TransportFailure::connection_reset;
        delivery.failure_text = r.refuse ? "Connection refused" : "Connection reset by peer";
        entry.failure = delivery.failure;
        if (processed)
            entry.detail = "processed as " + std::to_string(processed->response.status) +
                           " before the connection was reset";
        return delivery;
    }
    const bool was_processed = processed.has_value();
    Outcome outcome = was_processed ? std::move(*processed) : make_outcome(r.status.value_or(200));
    shape_response(r, was_processed, outcome);
    wire::set_header(outcome.response.headers, std::string(fault_header), selection.label);
    entry.status = outcome.response.status;
    entry.detail = outcome.detail;
    delivery.response = std::move(outcome.response);
    return delivery;
}

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
    std::string_view body = request.body;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        const auto eq = pair.find('=');
        const auto key = wire::percent_decode(pair.substr(0, eq), true);
        const auto value = wire::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
        if (key && value) form[*key] = *value;
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
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

SimApp::Outcome SimApp::serve(const wire::Request& request, const std::optional<std::string>& relative,
                              sim::TimePoint now) {
    if (config_.oauth && request.path() == config_.oauth->token_path) return token_endpoint(request);
    // A wrong base URL never reaches the SCIM handler, so it is not even asked for credentials.
    if (!relative) {
        // The web framework in front of the SCIM handler answers, in its own (non-SCIM) shape: this is what a
        // wrong base URL looks like to Okta, and why its look-up fails instead of reading "no such user".
        const std::string message = "No route for " + request.method + " " + std::string(request.path());
        Outcome outcome = json_outcome(404, json::object{{"error", "Not Found"}, {"message", message}, {"status", 404}});
        wire::set_header(outcome.response.headers, "Content-Type", "application/json");
        outcome.detail = message + " (the SCIM base path is " + (config_.base_path.empty() ? "/" : config_.base_path) + ")";
        return outcome;
    }
    if (auto denied = check_auth(request)) return std::move(*denied);
    const auto segments = split_segments(*relative);
    if (!segments) return scim_error(404, "Malformed path " + std::string(request.path()));
    if (segments->empty()) return scim_error(404, "No resource at the SCIM base path");
    const std::string& head = segments->front();
    if (head == "Users") return route_resources(Kind::user, *segments, request, now);
    if (head == "Groups") return route_resources(Kind::group, *segments, request, now);
    if (head == "ServiceProviderConfig" || head == "Schemas" || head == "ResourceTypes")
        return route_discovery(*segments, request);
    return scim_error(404, "Unknown endpoint /" + head);
}

std::optional<SimApp::Outcome> SimApp::check_auth(const wire::Request& request) const {
    if (auth_.kind == AuthConfig::Kind::none) return std::nullopt;
    const std::string_view got = trim(request.header("Authorization"));
    const std::string expected = auth_.expected_authorization();
    const auto [scheme, credentials] = split_scheme(got);
    // Every credential is compared with same_secret (constant time over a digest), the scheme word as text.
    bool ok = false;
    if (auth_.kind == AuthConfig::Kind::header) {
        ok = same_secret(got, trim(expected));
    } else {
        const auto [want_scheme, want_credentials] = split_scheme(expected);
        const bool same_credentials = same_secret(credentials, want_credentials);
        ok = iequals(scheme, want_scheme) && same_credentials;
    }
    if (ok) return std::nullopt;
    Outcome denied = scim_error(401, config_.auth_error_detail);
    // The log says why without repeating the credential: the scheme word is safe, the rest is not.
    denied.detail += got.empty()         ? " (no Authorization header)"
                     : scheme.empty()    ? " (an Authorization value without a scheme that does not match)"
                                         : " (" + std::string(scheme) + " credentials that do not match)";
    wire::set_header(denied.response.headers, "WWW-Authenticate", www_authenticate(auth_));
    return denied;
}

SimApp::Outcome SimApp::route_resources(Kind kind, const std::vector<std::string>& segments,
                                        const wire::Request& request, sim::TimePoint now) {
    const std::string& method = request.method;
    if (segments.size() == 1) {
        if (method == "GET") return list(kind, request);
        if (method == "POST") return create(kind, request, now);
        return method_not_allowed(method, "GET, POST");
    }
    if (segments.size() != 2) return scim_error(404, "Unknown endpoint " + std::string(request.path()));
    const std::string& id = segments[1];
    if (method == "GET") return get(kind, id);
    if (method == "PUT") return replace(kind, id, request, now);
    if (method == "DELETE") return remove(kind, id, now);
    if (method == "PATCH" && config_.quirks.no_patch) return scim_error(501, "PATCH is not supported");
    if (method == "PATCH") return patch(kind, id, request, now);
    return method_not_allowed(method, config_.quirks.no_patch ? "GET, PUT, DELETE" : "GET, PUT, PATCH, DELETE");
}

SimApp::Outcome SimApp::route_discovery(const std::vector<std::string>& segments, const wire::Request& request) const {
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    const std::string base_url = config_.public_url + config_.base_path;
    const std::string& head = segments.front();
    if (head == "ServiceProviderConfig") {
        if (segments.size() != 1) return scim_error(404, "Unknown endpoint " + std::string(request.path()));
        return json_outcome(200, service_provider_config(base_url, auth_, config_.quirks));
    }
    json::array docs = head == "Schemas" ? schema_documents(base_url) : resource_type_documents(base_url);
    if (segments.size() == 1) {
        const auto n = static_cast<std::int64_t>(docs.size());
        return json_outcome(200, list_response(n, 1, n, std::move(docs)));
    }
    if (segments.size() == 2)
        for (const json::value& doc : docs)
            if (view(doc.get_object().at("id").get_string()) == segments[1]) return json_outcome(200, doc);
    return scim_error(404, head == "Schemas" ? "Schema not found" : "Resource type not found");
}

// --- Resource operations --------------------------------------------------------------------------------

SimApp::Outcome SimApp::list(Kind kind, const wire::Request& request) const {
    std::string bad;
    const auto params = parse_query(request.query(), bad);
    if (!params)
        return scim_error(400, "Malformed percent-encoding in query parameter '" + bad + "'",
                          iequals(bad, "filter") ? "invalidFilter" : "invalidSyntax");
    Paging paging;
    if (auto failure = read_paging(*params, paging)) return std::move(*failure);
    std::optional<Comparison> filter;
    std::string attr;
    if (const std::string* text = find_param(*params, "filter")) {
        std::string why;
        filter = parse_comparison(*text, why);
        if (filter) attr = filter_attribute(kind, *filter, why);
        if (!filter || attr.empty()) return scim_error(400, "Invalid filter '" + *text + "': " + why, "invalidFilter");
    }
    const Store& items = store(kind);
    json::array page;
    std::int64_t total = 0;
    if (!filter) {  // the page straight from the store, nothing copied
        total = static_cast<std::int64_t>(items.items.size());
        if (paging.start - 1 < total) {
            auto it = std::next(items.items.begin(), static_cast<std::ptrdiff_t>(paging.start - 1));
            for (std::int64_t n = 0; it != items.items.end() && n < paging.count; ++it, ++n)
                page.push_back(render(kind, it->second));
        }
    } else {
        const std::string_view wanted = view(filter->value.get_string());
        const auto matches = [&](const Resource& r) {
            return filter_matches(attr, wanted, r.id, r.body, config_.quirks.case_sensitive_user_name_filter);
        };
        std::vector<const Resource*> hits;
        if (auto candidates = indexed(kind, attr, wanted)) {
            for (const Resource* r : *candidates)
                if (matches(*r)) hits.push_back(r);
        } else {
            for (const auto& [seq, r] : items.items)
                if (matches(r)) hits.push_back(&r);
        }
        total = static_cast<std::int64_t>(hits.size());
        for (std::int64_t i = paging.start - 1; i < total && i - (paging.start - 1) < paging.count; ++i)
            page.push_back(render(kind, *hits[static_cast<std::size_t>(i)]));
    }
    const std::int64_t per_page =
        config_.quirks.items_per_page_echoes_count ? paging.count : static_cast<std::int64_t>(page.size());
    return json_outcome(200, list_response(total, paging.start, per_page, std::move(page)));
}

SimApp::Outcome SimApp::get(Kind kind, std::string_view id) const {
    const Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    return json_outcome(200, render(kind, *resource));
}

SimApp::Outcome SimApp::create(Kind kind, const wire::Request& request, sim::TimePoint now) {
    Outcome failure;
    auto body = parse_body(request.body, failure);
    if (!body) return failure;
    std::optional<std::string> password;
    if (auto bad = strip_client_attributes(kind, *body, std::nullopt, password)) return std::move(*bad);
    if (auto bad = validate(kind, *body, {})) return std::move(*bad);
    Resource resource;
    resource.id = new_id();
    resource.body = std::move(*body);
    resource.created = resource.last_modified = wall_.timestamp(now);
    if (password) passwords_[resource.id] = std::move(*password);
    return modified(kind, insert(kind, std::move(resource)), 201, true);
}

SimApp::Outcome SimApp::replace(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now) {
    Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    Outcome failure;
    auto body = parse_body(request.body, failure);
    if (!body) return failure;
    std::optional<std::string> password;
    if (auto bad = strip_client_attributes(kind, *body, resource->id, password)) return std::move(*bad);
    if (auto bad = validate(kind, *body, resource->id)) return std::move(*bad);
    set_body(kind, *resource, std::move(*body));
    if (password) passwords_[resource->id] = std::move(*password);
    touch(*resource, now);
    return modified(kind, *resource, 200, false);
}

SimApp::Outcome SimApp::patch(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now) {
    Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    Outcome failure;
    const auto body = parse_body(request.body, failure);
    if (!body) return failure;
    if (!lists_schema(*body, patch_schema))
        return scim_error(400, "A PATCH body must list the schema " + std::string(patch_schema), "invalidSyntax");
    const json::value* operations = get_ci(*body, "Operations");
    if (!operations || !operations->is_array())
        return scim_error(400, "A PATCH body needs an 'Operations' array", "invalidSyntax");
    // Operations apply to a copy: one failing operation leaves the resource untouched (RFC 7644 §3.5.2).
    PatchState state{resource->body, false, std::nullopt};
    for (const json::value& operation : operations->get_array()) {
        if (!operation.is_object()) return scim_error(400, "Each operation must be an object", "invalidSyntax");
        if (auto bad = apply_operation(kind, resource->id, operation.get_object(), state)) return std::move(*bad);
    }
    if (auto bad = validate(kind, state.body, resource->id)) return std::move(*bad);
    set_body(kind, *resource, std::move(state.body));
    if (state.password_changed && state.password) passwords_[resource->id] = *state.password;
    if (state.password_changed && !state.password) passwords_.erase(resource->id);
    touch(*resource, now);
    if (config_.patch_response == PatchResponse::no_content) return make_outcome(204);
    return modified(kind, *resource, 200, false);
}

SimApp::Outcome SimApp::remove(Kind kind, std::string_view id, sim::TimePoint now) {
    const Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    const std::string removed = resource->id;
    erase(kind, *resource);
    if (kind == Kind::user) {
        passwords_.erase(removed);
        drop_memberships(removed, now);
    }
    return make_outcome(204);
}

SimApp::Outcome SimApp::modified(Kind kind, const Resource& resource, int status, bool with_location) const {
    Outcome outcome = json_outcome(status, render(kind, resource));
    if (with_location) wire::set_header(outcome.response.headers, "Location", location(kind, resource.id));
    return outcome;
}

std::optional<SimApp::Outcome> SimApp::validate(Kind kind, json::object& body, std::string_view self_id) const {
    const KindInfo& k = info(kind);
    const auto name = string_ci(body, k.unique_attr);
    if (!name || is_blank(*name))
        return scim_error(400,
                          "Attribute '" + std::string(k.unique_attr) + "' is required and must be a non-blank string",
                          "invalidValue");
    const Store& items = store(kind);
    if (const auto named = items.by_name.find(to_lower(*name)); named != items.by_name.end())
        for (const std::uint64_t seq : named->second)
            if (items.items.at(seq).id != self_id)
                return scim_error(409, std::string(k.noun) + " already exists in the database.", "uniqueness");
    if (kind == Kind::group)
        return normalize_members(body, [this](std::string_view id) { return find(Kind::user, id) != nullptr; });
    // Strict servers refuse Entra-style string booleans ("False") instead of guessing.
    if (const json::value* active = get_ci(body, "active"); active && !active->is_bool())
        return scim_error(400, "Attribute 'active' must be a boolean, not " + json::serialize(*active), "invalidValue");
    return std::nullopt;
}

// --- Storage helpers ----------------------------------------------------------------------------------------

const SimApp::Resource* SimApp::find(Kind kind, std::string_view id) const {
    const Store& items = store(kind);
    const auto it = items.by_id.find(id);
    return it == items.by_id.end() ? nullptr : &items.items.at(it->second);
}

SimApp::Resource* SimApp::find(Kind kind, std::string_view id) {
    return const_cast<Resource*>(std::as_const(*this).find(kind, id));
}

const SimApp::Resource* SimApp::find_user_by_name(std::string_view user_name) const {
    return first_named(Kind::user, user_name);
}

const SimApp::Resource* SimApp::first_named(Kind kind, std::string_view name) const {
    const Store& items = store(kind);
    const auto it = items.by_name.find(to_lower(name));
    return it == items.by_name.end() || it->second.empty() ? nullptr : &items.items.at(*it->second.begin());
}

// --- Indexes: every write to a Store goes through these four ---------------------------------------------

SimApp::Resource& SimApp::insert(Kind kind, Resource resource) {
    Store& items = store(kind);
    resource.seq = items.next_seq++;
    Resource& stored = items.items.emplace(resource.seq, std::move(resource)).first->second;
    index(kind, stored, true);
    return stored;
}

void SimApp::set_body(Kind kind, Resource& resource, json::object body) {
    index(kind, resource, false);
    resource.body = std::move(body);
    index(kind, resource, true);
}

void SimApp::erase(Kind kind, const Resource& resource) {
    const std::uint64_t seq = resource.seq;  // not a reference into the node being erased
    index(kind, resource, false);
    store(kind).items.erase(seq);
}

// Keys come from the same accessors the filter and `validate` compare with, so a look-up finds what a scan would.
void SimApp::index(Kind kind, const Resource& resource, bool add) {
    Store& items = store(kind);
    const auto keep = [&](std::map<std::string, Seqs, std::less<>>& map, std::string key) {
        if (add) {
            map[std::move(key)].insert(resource.seq);
        } else if (const auto it = map.find(key); it != map.end()) {
            it->second.erase(resource.seq);
            if (it->second.empty()) map.erase(it);
        }
    };
    if (add) items.by_id.emplace(resource.id, resource.seq);
    else if (const auto it = items.by_id.find(resource.id); it != items.by_id.end() && it->second == resource.seq)
        items.by_id.erase(it);
    if (const auto name = string_ci(resource.body, info(kind).unique_attr)) keep(items.by_name, to_lower(*name));
    if (const auto external = string_ci(resource.body, "externalId")) keep(items.by_external_id, std::string(*external));
}

std::optional<std::vector<const SimApp::Resource*>> SimApp::indexed(Kind kind, std::string_view attr,
                                                                     std::string_view wanted) const {
    const Store& items = store(kind);
    std::vector<const Resource*> out;
    const auto add_all = [&](const std::map<std::string, Seqs, std::less<>>& map, std::string_view key) {
        if (const auto it = map.find(key); it != map.end())
            for (const std::uint64_t seq : it->second) out.push_back(&items.items.at(seq));
        return out;
    };
    if (attr == "id") {
        if (const Resource* r = find(kind, wanted)) out.push_back(r);
        return out;
    }
    if (attr == info(kind).unique_attr) return add_all(items.by_name, to_lower(wanted));
    if (attr == "externalId") return add_all(items.by_external_id, wanted);
    return std::nullopt;
}

SimApp::Resource* SimApp::find_user_by_name(std::string_view user_name) {
    return const_cast<Resource*>(std::as_const(*this).find_user_by_name(user_name));
}

std::string SimApp::location(Kind kind, std::string_view id) const {
    return config_.public_url + config_.base_path + "/" + std::string(info(kind).endpoint) + "/" + std::string(id);
}

json::object SimApp::render(Kind kind, const Resource& resource) const {
    json::object out;
    if (const json::value* schemas = get_ci(resource.body, "schemas")) out["schemas"] = *schemas;
    out["id"] = resource.id;
    for (const auto& member : resource.body)
        if (!iequals(member.key(), "schemas")) out.emplace(member.key(), member.value());
    if (kind == Kind::user) {
        json::array memberships;  // derived, read-only (RFC 7643 §4.1.2)
        for (const auto& [seq, group] : groups_.items) {
            const json::value* members = get_ci(group.body, "members");
            if (!members || !members->is_array()) continue;
            const auto& list = members->get_array();
            if (std::none_of(list.begin(), list.end(), [&](const json::value& m) {
                    return m.is_object() && string_ci(m.get_object(), "value") == std::string_view(resource.id);
                }))
                continue;
            json::object entry{{"value", group.id}, {"$ref", location(Kind::group, group.id)}};
            if (const auto name = string_ci(group.body, "displayName")) entry["display"] = *name;
            memberships.push_back(std::move(entry));
        }
        if (!memberships.empty()) out["groups"] = std::move(memberships);
    }
    out["meta"] = {{"resourceType", info(kind).noun},
                   {"created", resource.created},
                   {"lastModified", resource.last_modified},
                   {"location", location(kind, resource.id)},
                   {"version", "W/\"" + std::to_string(resource.version) + "\""}};
    return out;
}

void SimApp::touch(Resource& resource, sim::TimePoint now) const {
    resource.last_modified = wall_.timestamp(now);
    ++resource.version;
}

std::string SimApp::new_id() {
    while (true) {
        std::string id = make_uuid(prng_);
        if (!find(Kind::user, id) && !find(Kind::group, id)) return id;
    }
}

void SimApp::drop_memberships(std::string_view user_id, sim::TimePoint now) {
    for (auto& [seq, group] : groups_.items) {
        const auto it = find_ci(group.body, "members");
        if (it == group.body.end() || !it->value().is_array()) continue;
        json::array& members = it->value().get_array();
        const auto removed = erase_where(members, [&](const json::value& m) {
            return m.is_object() && string_ci(m.get_object(), "value") == user_id;
        });
        if (removed > 0) touch(group, now);
    }
}

// --- Admin API ----------------------------------------------------------------------------------------------

void SimApp::set_faults(std::vector<Fault> faults) { faults_.set(std::move(faults)); }
void SimApp::add_fault(Fault fault) { faults_.add(std::move(fault)); }
void SimApp::clear_faults() { faults_.clear(); }

result<json::object> SimApp::upsert_account(json::object attributes, sim::TimePoint now, std::string& error,
                                            std::string_view current_user_name) {
    error.clear();
    const auto name = string_ci(attributes, "userName");
    if (!name || is_blank(*name)) {
        error = "userName: expected a non-blank string";
        return make_error_code(get_ci(attributes, "userName") ? scenario_errc::wrong_type : scenario_errc::missing_key);
    }
    if (const auto where = non_finite_number(attributes)) {
        error = where->substr(1) + ": expected a finite number (this one is out of range)";
        return make_error_code(scenario_errc::bad_value);
    }
    Resource* existing = find_user_by_name(current_user_name.empty() ? *name : current_user_name);
    const std::string requested_id(string_ci(attributes, "id").value_or(""));
    std::optional<std::string> password;
    auto bad = strip_client_attributes(Kind::user, attributes, std::nullopt, password, existing == nullptr);
    json::object merged = existing ? existing->body : json::object{};
    merge_into(merged, attributes);
    if (!bad) bad = validate(Kind::user, merged, existing ? std::string_view(existing->id) : std::string_view{});
    if (!bad && !existing && !requested_id.empty() && find(Kind::user, requested_id))
        bad = scim_error(409, "id \"" + requested_id + "\" is already used by another account", "uniqueness");
    if (bad) {
        error = bad->detail;
        return make_error_code(scenario_errc::bad_value);
    }
    if (!existing) {
        Resource resource;
        resource.id = requested_id.empty() ? new_id() : requested_id;
        resource.created = resource.last_modified = wall_.timestamp(now);
        resource.body = std::move(merged);
        existing = &insert(Kind::user, std::move(resource));
    } else {
        touch(*existing, now);
        set_body(Kind::user, *existing, std::move(merged));
    }
    if (password) passwords_[existing->id] = std::move(*password);
    return render(Kind::user, *existing);
}

bool SimApp::set_account_active(std::string_view user_name, bool active, sim::TimePoint now) {
    Resource* account = find_user_by_name(user_name);
    if (!account) return false;
    const json::value* current = get_ci(account->body, "active");
    if (current && current->is_bool() && current->get_bool() == active) return true;
    account->body[key_for(account->body, "active")] = active;  // no indexed attribute: no set_body needed
    touch(*account, now);
    return true;
}

bool SimApp::delete_account(std::string_view user_name, sim::TimePoint now) {
    const Resource* account = find_user_by_name(user_name);
    if (!account) return false;
    const std::string id = account->id;
    remove(Kind::user, id, now);
    return true;
}

std::vector<json::object> SimApp::accounts() const {
    std::vector<json::object> out;
    out.reserve(users_.items.size());
    for (const auto& [seq, r] : users_.items) out.push_back(render(Kind::user, r));
    return out;
}

std::optional<json::object> SimApp::find_account(std::string_view id) const {
    const Resource* r = find(Kind::user, id);
    return r ? std::optional<json::object>(render(Kind::user, *r)) : std::nullopt;
}

std::optional<json::object> SimApp::find_account_by_user_name(std::string_view user_name) const {
    const Resource* r = find_user_by_name(user_name);
    return r ? std::optional<json::object>(render(Kind::user, *r)) : std::nullopt;
}

std::optional<std::string> SimApp::password(std::string_view id) const {
    const auto it = passwords_.find(id);
    return it == passwords_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::vector<json::object> SimApp::groups() const {
    std::vector<json::object> out;
    out.reserve(groups_.items.size());
    for (const auto& [seq, r] : groups_.items) out.push_back(render(Kind::group, r));
    return out;
}

std::optional<json::object> SimApp::find_group(std::string_view id) const {
    const Resource* r = find(Kind::group, id);
    return r ? std::optional<json::object>(render(Kind::group, *r)) : std::nullopt;
}

std::optional<json::object> SimApp::find_group_by_display_name(std::string_view display_name) const {
    const Resource* r = first_named(Kind::group, display_name);
    return r ? std::optional<json::object>(render(Kind::group, *r)) : std::nullopt;
}

json::object SimApp::snapshot(Passwords passwords) const {
    json::object out;
    out["basePath"] = config_.base_path;
    out["publicUrl"] = config_.public_url;
    out["auth"] = auth_.kind_name();
    out["patchResponse"] = config_.patch_response == PatchResponse::resource ? "resource" : "no-content";
    out["quirks"] = {{"itemsPerPageEchoesCount", config_.quirks.items_per_page_echoes_count},
                     {"caseSensitiveUserNameFilter", config_.quirks.case_sensitive_user_name_filter},
                     {"noPatch", config_.quirks.no_patch}};
    json::array accounts_json, groups_json, faults_json;
    for (const auto& [seq, r] : users_.items) accounts_json.push_back(render(Kind::user, r));
    for (const auto& [seq, r] : groups_.items) groups_json.push_back(render(Kind::group, r));
    for (std::size_t i = 0; i < faults_.faults().size(); ++i) {
        json::object fault = to_json(faults_.faults()[i]);
        fault["matched"] = faults_.matched(i);
        faults_json.push_back(std::move(fault));
    }
    json::object passwords_json;
    for (const auto& [id, secret] : passwords_)
        passwords_json[id] = passwords == Passwords::include ? secret : std::string("[REDACTED]");
    out["accounts"] = std::move(accounts_json);
    out["groups"] = std::move(groups_json);
    out["passwords"] = std::move(passwords_json);
    out["faults"] = std::move(faults_json);
    out["requests"] = log_.recorded();
    return out;
}

}  // namespace oktasim::connectors::simapp
