// List filters: `attrPath SP "eq" SP compValue` (docs/okta-behaviour.md §2.2, §7.4) and `meta.lastModified gt ...`
// (§2.9), parsed, checked against what each endpoint supports, and matched against a resource.
#include "filter.hpp"

#include "resource_kind.hpp"
#include "scim_json.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace oktasim::connectors::simapp::detail {

namespace {

bool is_name_char(char c) noexcept {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
}

bool is_path_char(char c) noexcept { return is_name_char(c) || c == '.' || c == ':'; }

}  // namespace

bool valid_name(std::string_view name) noexcept {
    return !name.empty() && std::isalpha(static_cast<unsigned char>(name.front())) &&
           std::all_of(name.begin(), name.end(), is_name_char);
}

namespace {

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

}  // namespace

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
    static constexpr std::array<std::pair<std::string_view, CompareOp>, 5> supported = {
        {{"eq", CompareOp::eq}, {"gt", CompareOp::gt}, {"ge", CompareOp::ge}, {"lt", CompareOp::lt}, {"le", CompareOp::le}}};
    static constexpr std::array<std::string_view, 5> others = {"ne", "co", "sw", "ew", "pr"};
    const auto known = std::find_if(supported.begin(), supported.end(), [&](const auto& s) { return s.first == op; });
    if (known == supported.end()) {
        const bool unsupported = std::find(others.begin(), others.end(), op) != others.end();
        return fail(why, unsupported ? "operator '" + op + "' is not supported (only eq, gt, ge, lt, le)"
                                     : "expected an operator (eq, gt, ge, lt, le)");
    }
    c.op = known->second;
    if (skip_spaces() == 0 || i == text.size()) return fail(why, "expected a value after '" + op + "'");
    if (!read_value(text, i, c.value, why)) return std::nullopt;
    skip_spaces();
    if (i != text.size()) {
        const std::string rest = to_lower(text.substr(i, 4));
        const bool logical = rest.rfind("and ", 0) == 0 || rest.rfind("or ", 0) == 0;
        return fail(why, logical ? "logical operators (and, or) are not supported" : "unexpected text after the value");
    }
    return c;
}

std::string filter_attribute(ResourceKind kind, const Comparison& c, std::string& why) {
    static constexpr std::string_view last_modified = "meta.lastModified";
    if (iequals(c.attr, last_modified)) {
        if (!c.value.is_string() || !sim::WallClock::parse_timestamp(std::string_view(c.value.get_string()))) {
            why = "'meta.lastModified' is compared with a quoted UTC dateTime like \"2026-01-05T09:00:00Z\"";
            return {};
        }
        return std::string(last_modified);
    }
    if (c.op != CompareOp::eq) {
        why = "ordering operators compare only 'meta.lastModified', not '" + c.attr + "'";
        return {};
    }
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

bool time_matches(CompareOp op, std::int64_t actual_ms, std::int64_t wanted_ms) noexcept {
    switch (op) {
        case CompareOp::eq: return actual_ms == wanted_ms;
        case CompareOp::gt: return actual_ms > wanted_ms;
        case CompareOp::ge: return actual_ms >= wanted_ms;
        case CompareOp::lt: return actual_ms < wanted_ms;
        case CompareOp::le: return actual_ms <= wanted_ms;
    }
    return false;
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

}  // namespace oktasim::connectors::simapp::detail
