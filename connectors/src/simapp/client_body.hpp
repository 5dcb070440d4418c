// What a client may store: a POST/PUT body without its read-only attributes, its password kept apart, and a
// group's members checked against the known users.
#pragma once

#include "response.hpp"
#include "scim_json.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::simapp::detail {

Failure strip_client_attributes(ResourceKind kind, json::object& body, std::optional<std::string_view> expected_id,
                                std::optional<std::string>& password, bool fill_defaults = true);

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

}  // namespace oktasim::connectors::simapp::detail
