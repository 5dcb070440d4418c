// What a client may store: a POST/PUT body without its read-only attributes, its password kept apart.
#include "client_body.hpp"

#include "resource_kind.hpp"
#include "response.hpp"
#include "scim_json.hpp"

#include <algorithm>

namespace oktasim::connectors::simapp::detail {

// Takes a POST/PUT body apart: read-only attributes go, the password is kept aside, defaults are filled in.
// `expected_id` (PUT) must match any id the client sends.
Failure strip_client_attributes(ResourceKind kind, json::object& body, std::optional<std::string_view> expected_id,
                                std::optional<std::string>& password, bool fill_defaults) {
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

}  // namespace oktasim::connectors::simapp::detail
