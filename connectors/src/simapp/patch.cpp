// The PatchOp engine (RFC 7644 §3.5.2): paths with value filters and sub-attributes, extension schemas, Okta's
// path-less form, and the write-only password, applied to a copy of a resource's body.
#include "patch.hpp"

#include "filter.hpp"
#include "resource_kind.hpp"
#include "response.hpp"
#include "scim_json.hpp"

#include <algorithm>
#include <vector>

namespace oktasim::connectors::simapp::detail {

namespace {

struct PatchPath {
    std::string schema;  // an extension schema URN; empty for the core schema
    std::string attr;
    std::optional<Comparison> filter;  // attr[filter]
    std::string sub;                   // attr.sub or attr[filter].sub
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
        if (filter->op != CompareOp::eq) return fail(why, "invalid value filter: only eq compares a value");
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

}  // namespace

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

}  // namespace oktasim::connectors::simapp::detail
