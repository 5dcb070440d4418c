// SCIM's JSON conventions: attribute names compare case-insensitively (RFC 7643 §2.1), objects merge member by
// member; and the small text helpers the simulated app's parsers share.
#include "scim_json.hpp"

#include <array>
#include <cctype>

namespace oktasim::connectors::simapp::detail {

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view text, std::string_view suffix) noexcept {
    return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

bool is_blank(std::string_view text) noexcept { return trim(text).empty(); }

std::nullopt_t fail(std::string& why, std::string reason) {
    why = std::move(reason);
    return std::nullopt;
}

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

}  // namespace oktasim::connectors::simapp::detail
