// Reads an app's profile model from Okta's JSON, pasted as the API returns it (okta-mappings.md §7, §10): the app user
// schema, GET /api/v1/mappings/{id} objects and their partial POST bodies, and credentials.userNameTemplate.
#include <oktasim/engine/profile_model.hpp>

#include <oktasim/engine/scim_urns.hpp>

#include <algorithm>

namespace oktasim::engine {
namespace {

bool read_property(JsonReader& r, std::string name, bool base, bool listed_required, SchemaProperty& out) {
    out.name = std::move(name);
    out.base = base;
    std::string type = "string";
    std::int64_t max_length = -1;
    const json::array* allowed = nullptr;
    bool required = listed_required;
    if (!r.only({"title", "description", "type", "items", "enum", "oneOf", "format", "pattern", "minLength", "maxLength",
                 "required", "unique", "default", "externalName", "externalNamespace", "master", "mutability",
                 "permissions", "scope", "union"}) ||
        !r.one_of("type", type, {"string", "boolean", "integer", "number", "array"}) ||
        !r.string("externalName", out.external_name) || !r.string("externalNamespace", out.external_namespace) ||
        !r.array("enum", allowed) || !r.boolean("required", required) || !r.integer("maxLength", max_length))
        return false;
    out.type = type == "boolean" ? PropertyType::boolean
               : type == "integer" ? PropertyType::integer
               : type == "number"  ? PropertyType::number
               : type == "array"   ? PropertyType::array
                                   : PropertyType::string;
    out.required = required || listed_required;
    if (max_length >= 0) out.max_length = max_length;
    if (allowed) out.allowed.assign(allowed->begin(), allowed->end());
    return true;
}

bool read_definition(JsonReader& r, const json::object& definitions, std::string_view key, bool base,
                     std::vector<SchemaProperty>& out) {
    JsonReader defs(definitions, r.path(), *r.error());
    const json::object* def = nullptr;
    if (!defs.object(key, def)) return false;
    if (!def) return true;
    JsonReader d(*def, defs.path_of(key), *r.error());
    const json::object* properties = nullptr;
    const json::array* required = nullptr;
    if (!d.only({"id", "type", "properties", "required"}) || !d.object("properties", properties) ||
        !d.array("required", required))
        return false;
    if (!properties) return true;
    for (const auto& [name, value] : *properties) {
        const std::string p = d.path_of("properties") + "/" + pointer_escape(name);
        if (!value.is_object()) return d.fail(p, "expected a property object, got " + std::string(json_kind(value)), scenario_errc::wrong_type);
        const bool listed = required && std::any_of(required->begin(), required->end(), [&](const json::value& v) {
            return v.is_string() && v.as_string() == name;
        });
        if (std::any_of(out.begin(), out.end(), [&](const SchemaProperty& s) { return s.name == name; }))
            return d.fail(p, "property '" + std::string(name) + "' is defined twice (custom names must not collide with #base)",
                          scenario_errc::bad_value);
        JsonReader pr(value.as_object(), p, *r.error());
        SchemaProperty prop;
        if (!read_property(pr, std::string(name), base, listed, prop)) return false;
        out.push_back(std::move(prop));
    }
    return true;
}

// The schema document's "definitions" (its other keys, Okta's metadata, are accepted), holding only base and custom.
bool read_definitions(JsonReader& r, const json::object*& definitions) {
    if (!r.only({"definitions"}, {"id", "$schema", "name", "title", "description", "lastUpdated", "created", "type",
                                  "properties", "_links"}) ||
        !r.object("definitions", definitions, true))
        return false;
    JsonReader defs(*definitions, r.path_of("definitions"), *r.error());
    return defs.only({"base", "custom"});
}

std::optional<PushStatus> push_status_of(std::string_view s) {
    if (s == "PUSH") return PushStatus::push;
    if (s == "DONT_PUSH") return PushStatus::dont_push;
    return std::nullopt;
}

// One entry of a mapping's "properties": {"expression": "...", "pushStatus": "PUSH" | "DONT_PUSH"}.
bool read_property_mapping(JsonReader& m, const std::string& target, const std::vector<SchemaProperty>* schema,
                           std::vector<PropertyMapping>& mappings) {
    std::string expression, push = "PUSH";
    if (!m.only({"expression", "pushStatus"}) || !m.string("expression", expression, true) ||
        !m.one_of("pushStatus", push, {"PUSH", "DONT_PUSH"}))
        return false;
    if (schema && !std::any_of(schema->begin(), schema->end(), [&](const SchemaProperty& s) { return s.name == target; }))
        return m.fail(m.path(), "no property '" + target + "' in the app user schema", scenario_errc::bad_reference);
    auto parsed = expr::Expression::parse(expression);
    if (!parsed) return m.fail(m.path_of("expression"), parsed.error().message(), scenario_errc::bad_value);
    PropertyMapping pm{target, std::move(*parsed), *push_status_of(push)};
    const auto it = std::find_if(mappings.begin(), mappings.end(), [&](const PropertyMapping& x) { return x.target == target; });
    if (it != mappings.end()) *it = std::move(pm);
    else mappings.push_back(std::move(pm));
    return true;
}

// `schema` null: targets are not checked (App to Okta: Okta user attributes).
bool read_properties(JsonReader& r, const json::object& properties, const std::vector<SchemaProperty>* schema,
                     std::vector<PropertyMapping>& mappings, bool allow_null) {
    for (const auto& [name, value] : properties) {
        const std::string p = r.path_of("properties") + "/" + pointer_escape(name);
        const std::string target(name);
        if (value.is_null() && allow_null) {  // POST's `null` removes the property's mapping
            std::erase_if(mappings, [&](const PropertyMapping& m) { return m.target == target; });
            continue;
        }
        if (!value.is_object())
            return r.fail(p, std::string("expected {\"expression\", \"pushStatus\"}") + (allow_null ? " or null" : "") +
                                 ", got " + std::string(json_kind(value)),
                          scenario_errc::wrong_type);
        JsonReader m(value.as_object(), p, *r.error());
        if (!read_property_mapping(m, target, schema, mappings)) return false;
    }
    return true;
}

}  // namespace

const SchemaProperty* ProfileModel::property(std::string_view name) const {
    for (const auto& p : schema)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<SchemaProperty> ProfileModel::default_schema() {
    const std::string core(urn::user), enterprise(urn::enterprise_user);
    auto prop = [](std::string name, bool base, std::string external, std::string ns) {
        SchemaProperty p;
        p.name = std::move(name);
        p.base = base;
        p.external_name = std::move(external);
        p.external_namespace = std::move(ns);
        return p;
    };
    std::vector<SchemaProperty> s{
        prop("userName", true, "userName", core),
        prop("givenName", true, "name.givenName", core),
        prop("familyName", true, "name.familyName", core),
        prop("email", false, "emails.^[primary==true].value", core),
        prop("emailType", false, "emails.^[primary==true].type", core),
        prop("displayName", false, "displayName", core),
        prop("locale", false, "locale", core),
        prop("title", false, "title", core),
        prop("department", false, "department", enterprise),
        prop("employeeNumber", false, "employeeNumber", enterprise),
    };
    s[0].required = true;
    s[0].max_length = 100;
    return s;
}

bool read_app_user_schema(JsonReader& r, std::vector<SchemaProperty>& out) {
    const json::object* definitions = nullptr;
    if (!read_definitions(r, definitions)) return false;
    JsonReader defs(*definitions, r.path_of("definitions"), *r.error());
    out.clear();
    if (!read_definition(defs, *definitions, "base", true, out) || !read_definition(defs, *definitions, "custom", false, out))
        return false;
    if (!std::any_of(out.begin(), out.end(), [](const SchemaProperty& s) { return s.name == "userName"; }))
        return defs.fail(defs.path_of("base") + "/properties",
                         "expected the base property userName (every app user schema has it)", scenario_errc::missing_key);
    return true;
}

bool read_to_app_mapping(JsonReader& r, const std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& out,
                         bool& to_okta) {
    const json::object* source = nullptr;
    const json::object* target = nullptr;
    const json::object* properties = nullptr;
    if (!r.only({"source", "target", "properties"}, {"id", "_links"}) || !r.object("source", source, true) ||
        !r.object("target", target, true) || !r.object("properties", properties, true))
        return false;
    JsonReader s(*source, r.path_of("source"), *r.error());
    JsonReader t(*target, r.path_of("target"), *r.error());
    std::string source_type, target_type;
    if (!s.only({"type"}, {"id", "name", "_links"}) || !s.one_of("type", source_type, {"user", "appuser"}, true) ||
        !t.only({"type"}, {"id", "name", "_links"}) || !t.one_of("type", target_type, {"user", "appuser"}, true))
        return false;
    if (source_type == target_type)
        return t.fail(t.path_of("type"),
                      "Same type source/target mappings aren't supported: a mapping is between Okta (user) and an app (appuser)",
                      scenario_errc::bad_value);
    to_okta = source_type == "appuser";
    out.clear();
    return read_properties(r, *properties, to_okta ? nullptr : &schema, out, false);
}

bool apply_mapping_update(JsonReader& r, const std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& mappings) {
    const json::object* properties = nullptr;
    if (!r.only({"properties"}, {"id", "source", "target", "_links"}) || !r.object("properties", properties, true))
        return false;
    return read_properties(r, *properties, &schema, mappings, true);
}

bool apply_schema_update(JsonReader& r, std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& mappings) {
    const json::object* definitions = nullptr;
    if (!read_definitions(r, definitions)) return false;
    JsonReader defs(*definitions, r.path_of("definitions"), *r.error());
    for (const bool base : {true, false}) {
        const std::string_view key = base ? "base" : "custom";
        const json::object* def = nullptr;
        if (!defs.object(key, def)) return false;
        if (!def) continue;
        JsonReader d(*def, defs.path_of(key), *r.error());
        const json::object* properties = nullptr;
        if (!d.only({"id", "type", "properties", "required"}) || !d.object("properties", properties)) return false;
        for (const auto& [name, value] : properties ? *properties : json::object{}) {
            const std::string p = d.path_of("properties") + "/" + pointer_escape(name);
            const std::string n(name);
            const auto it = std::find_if(schema.begin(), schema.end(), [&](const SchemaProperty& s) { return s.name == n; });
            if (value.is_null()) {  // "You must set properties explicitly to null to remove them"
                if (base || (it != schema.end() && it->base))
                    return d.fail(p, "a base property cannot be removed", scenario_errc::bad_value);
                if (it != schema.end()) schema.erase(it);
                std::erase_if(mappings, [&](const PropertyMapping& m) { return m.target == n; });
                continue;
            }
            if (!value.is_object())
                return d.fail(p, "expected a property object or null, got " + std::string(json_kind(value)), scenario_errc::wrong_type);
            if (it != schema.end() && it->base != base)
                return d.fail(p, "property '" + n + "' is a " + (it->base ? "base" : "custom") + " property",
                              scenario_errc::bad_value);
            JsonReader pr(value.as_object(), p, *r.error());
            SchemaProperty prop;
            if (!read_property(pr, n, base, false, prop)) return false;
            if (it != schema.end()) *it = std::move(prop);
            else schema.push_back(std::move(prop));
        }
    }
    return true;
}

bool read_username_format(JsonReader& r, UserNameFormat& out) {
    std::string type = "BUILT_IN", push = "PUSH";
    if (!r.only({"template", "type", "suffix", "userSuffix", "pushStatus"}) || !r.string("template", out.text) ||
        !r.one_of("type", type, {"NONE", "BUILT_IN", "CUSTOM"}) || !r.string("suffix", out.suffix) ||
        !r.string("userSuffix", out.suffix) || !r.one_of("pushStatus", push, {"PUSH", "DONT_PUSH", "NOT_CONFIGURED"}))
        return false;
    out.type = type == "NONE" ? UserNameFormat::Type::none
               : type == "CUSTOM" ? UserNameFormat::Type::custom
                                  : UserNameFormat::Type::built_in;
    // NOT_CONFIGURED (OAS) is taken as PUSH: pushStatus is "effective only for the CUSTOM type" (§7).
    out.push_status = push == "DONT_PUSH" ? PushStatus::dont_push : PushStatus::push;
    if (out.type == UserNameFormat::Type::none) return true;  // NONE: the Okta username, ${source.login}
    if (out.type == UserNameFormat::Type::custom) {
        auto parsed = expr::Expression::parse(out.text);
        if (!parsed) return r.fail(r.path_of("template"), parsed.error().message(), scenario_errc::bad_value);
        out.custom.emplace(std::move(*parsed));
        return true;
    }
    auto parsed = expr::UsernameTemplate::parse(out.text);
    if (!parsed) return r.fail(r.path_of("template"), parsed.error().message(), scenario_errc::bad_value);
    out.built_in.emplace(std::move(*parsed));
    return true;
}

}  // namespace oktasim::engine
