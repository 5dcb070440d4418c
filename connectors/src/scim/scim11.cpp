// SCIM 1.1 bodies as Okta's client sends and reads them: URN translation both ways, user and group PATCHes.
#include <oktasim/connectors/scim/scim11.hpp>

#include <oktasim/engine/scim_urns.hpp>

#include <boost/json/array.hpp>

#include <algorithm>

namespace oktasim::connectors::scim::v11 {
namespace {

// `schemas` with each URN mapped by `map`, each listed once, in the order first seen.
void map_schemas(json::object& resource, std::string_view (*map)(std::string_view, Kind), Kind kind) {
    json::value* schemas = resource.if_contains("schemas");
    if (!schemas || !schemas->is_array()) return;
    json::array out;
    for (const auto& s : schemas->as_array()) {
        json::value mapped = s.is_string() ? json::value(json::string(map(s.as_string(), kind))) : s;
        if (std::find(out.begin(), out.end(), mapped) == out.end()) out.push_back(std::move(mapped));
    }
    *schemas = std::move(out);
}

std::string_view to_v11_urn(std::string_view urn, Kind) {
    if (urn == urn::user || urn == urn::group) return urn::v1::core;
    if (urn == urn::enterprise_user) return urn::v1::enterprise_user;
    return urn;
}

std::string_view from_v11_urn(std::string_view urn, Kind kind) {
    if (urn == urn::v1::core) return kind == Kind::user ? urn::user : urn::group;
    if (urn == urn::v1::enterprise_user) return urn::enterprise_user;
    return urn;
}

void move_key(json::object& resource, std::string_view from, std::string_view to) {
    auto it = resource.find(from);
    if (it == resource.end()) return;
    json::value moved = std::move(it->value());
    resource.erase(it);
    resource[to] = std::move(moved);
}

// A path 1.1's partial-resource PATCH can carry: one attribute name, no sub-attribute or value filter.
bool plain_attribute(std::string_view path) {
    return !path.empty() && path.find_first_of(".[]\" ") == std::string_view::npos;
}

json::object core_body() { return json::object{{"schemas", json::array{json::string(urn::v1::core)}}}; }

}  // namespace

json::object to_v11(json::object resource) {
    map_schemas(resource, to_v11_urn, Kind::user);
    move_key(resource, urn::enterprise_user, urn::v1::enterprise_user);
    return resource;
}

json::object from_v11(json::object resource, Kind kind) {
    map_schemas(resource, from_v11_urn, kind);
    if (kind == Kind::user) move_key(resource, urn::v1::enterprise_user, urn::enterprise_user);
    return resource;
}

std::optional<json::object> user_patch(std::string_view id, const json::object& patch_op) {
    json::object body = core_body();
    body["id"] = id;
    json::array removed;
    const json::value* operations = patch_op.if_contains("Operations");
    if (!operations || !operations->is_array()) return std::nullopt;
    for (const auto& op : operations->as_array()) {
        const json::object* o = op.if_object();
        if (!o) return std::nullopt;
        const json::value* verb = o->if_contains("op");
        const json::value* path = o->if_contains("path");
        const json::value* value = o->if_contains("value");
        if (!verb || !verb->is_string() || (path && !path->is_string())) return std::nullopt;
        const std::string_view name = verb->as_string();
        if (name == "remove") {
            if (!path || !plain_attribute(path->as_string())) return std::nullopt;
            removed.push_back(path->as_string());
        } else if (name == "replace" || name == "add") {
            if (!value) return std::nullopt;
            // SCIM 1.1 adds a list's values to the ones the server has: a replace clears the list first.
            const auto set = [&](std::string_view key, const json::value& v) {
                if (name == "replace" && v.is_array()) removed.push_back(json::string(key));
                body[key] = v;
            };
            if (path) {
                if (!plain_attribute(path->as_string())) return std::nullopt;
                set(path->as_string(), *value);
            } else if (const json::object* values = value->if_object()) {
                for (const auto& [key, v] : *values) set(key, v);
            } else {
                return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
    }
    if (!removed.empty()) body["meta"] = json::object{{"attributes", std::move(removed)}};
    return body;
}

json::object group_rename(std::string_view id, std::string_view display_name) {
    json::object body = core_body();
    body["id"] = id;
    body["displayName"] = display_name;
    return body;
}

std::optional<json::object> group_members(const engine::GroupPatch& patch) {
    if (patch.remove.empty() && patch.add.empty() && !patch.members) return std::nullopt;
    json::object body = core_body();
    json::array members;
    if (patch.members) {
        // Push Now: the whole list replaces the old one.
        body["meta"] = json::object{{"attributes", json::array{"members"}}};
        members = engine::member_values(*patch.members);
    } else {
        for (const auto& value : patch.remove)
            members.push_back(json::object{{"value", value}, {"operation", "delete"}});
        for (auto& added : engine::member_values(patch.add)) members.push_back(std::move(added));
    }
    body["members"] = std::move(members);
    return body;
}

}  // namespace oktasim::connectors::scim::v11
