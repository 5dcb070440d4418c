// Default Okta -> SCIM 2.0 attribute mapping, and the entry points that choose it or the app's profile model.
#include <oktasim/engine/mapping.hpp>

#include <oktasim/engine/scim_urns.hpp>

namespace oktasim::engine {
namespace {

bool has_value(const json::value* v) { return v && !v->is_null() && !(v->is_string() && v->as_string().empty()); }

void copy_if_present(json::object& to, std::string_view to_key, const json::object& from, std::string_view from_key) {
    if (const auto* v = from.if_contains(from_key); has_value(v)) to[to_key] = *v;
}

// Copies a mapped attribute; one without a value is left out, or sent as null with Push Null Values (§2.4).
void copy_mapped(json::object& to, std::string_view to_key, const json::object& from, std::string_view from_key,
                 NullValues nulls) {
    if (const auto* v = from.if_contains(from_key); has_value(v)) to[to_key] = *v;
    else if (nulls == NullValues::push) to[to_key] = nullptr;
}

std::string string_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string display_name(const User& user) {
    const std::string first = user.profile_string("firstName");
    const std::string last = user.profile_string("lastName");
    if (first.empty() && last.empty()) return user.login();
    if (first.empty() || last.empty()) return first + last;
    return first + " " + last;
}

json::object app_user_profile(const User& user) {
    json::object p;
    p["userName"] = user.login();
    copy_if_present(p, "givenName", user.profile, "firstName");
    copy_if_present(p, "familyName", user.profile, "lastName");
    copy_if_present(p, "email", user.profile, "email");
    if (const std::string dn = user.profile_string("displayName"); !dn.empty())
        p["displayName"] = dn;
    else
        p["displayName"] = display_name(user);
    copy_if_present(p, "title", user.profile, "title");
    copy_if_present(p, "locale", user.profile, "locale");
    copy_if_present(p, "department", user.profile, "department");
    copy_if_present(p, "employeeNumber", user.profile, "employeeNumber");
    return p;
}

namespace {

json::object name_of(const json::object& app_profile, NullValues nulls) {
    json::object name;
    copy_mapped(name, "givenName", app_profile, "givenName", nulls);
    copy_mapped(name, "familyName", app_profile, "familyName", nulls);
    return name;
}

json::object enterprise_of(const json::object& app_profile, NullValues nulls) {
    json::object ext;
    copy_mapped(ext, "department", app_profile, "department", nulls);
    copy_mapped(ext, "employeeNumber", app_profile, "employeeNumber", nulls);
    return ext;
}

}  // namespace

json::object scim_create_body(const User& user, const json::object& app_profile, std::string password,
                              NullValues nulls) {
    json::object enterprise = enterprise_of(app_profile, nulls);
    json::array schemas{urn::user};
    if (!enterprise.empty()) schemas.emplace_back(urn::enterprise_user);
    json::object body;
    body["schemas"] = std::move(schemas);
    body["userName"] = string_of(app_profile, "userName");
    if (json::object name = name_of(app_profile, nulls); !name.empty()) body["name"] = std::move(name);
    if (const std::string email = string_of(app_profile, "email"); !email.empty())
        body["emails"] = json::array{json::object{{"primary", true}, {"value", email}, {"type", "work"}}};
    copy_mapped(body, "displayName", app_profile, "displayName", nulls);
    copy_mapped(body, "locale", app_profile, "locale", nulls);
    copy_mapped(body, "title", app_profile, "title", nulls);
    body["externalId"] = user.id;
    body["groups"] = json::array{};
    body["password"] = std::move(password);
    // §2.7: a user not yet activated in Okta (STAGED) is created inactive. PROVISIONED users are activated and
    // only wait for their own first sign-in, so their account is active.
    const bool activated = user.status != UserStatus::staged;
    body["active"] = activated;
    if (!enterprise.empty()) body[urn::enterprise_user] = std::move(enterprise);
    return body;
}

void apply_app_profile(json::object& resource, const json::object& app_profile, bool exclude_username,
                       NullValues nulls) {
    if (!exclude_username) copy_if_present(resource, "userName", app_profile, "userName");
    if (json::object name = name_of(app_profile, nulls); !name.empty()) {
        json::value& target = resource["name"];
        if (!target.is_object()) target = json::object{};
        for (auto& [k, v] : name) target.as_object()[k] = v;
    }
    if (const std::string email = string_of(app_profile, "email"); !email.empty()) {
        json::value& emails = resource["emails"];
        bool replaced = false;
        if (emails.is_array()) {
            for (auto& e : emails.as_array()) {
                if (e.is_object() && e.as_object().if_contains("primary") && e.as_object()["primary"] == true) {
                    e.as_object()["value"] = email;
                    replaced = true;
                }
            }
        }
        if (!replaced) emails = json::array{json::object{{"primary", true}, {"value", email}, {"type", "work"}}};
    }
    copy_mapped(resource, "displayName", app_profile, "displayName", nulls);
    copy_mapped(resource, "locale", app_profile, "locale", nulls);
    copy_mapped(resource, "title", app_profile, "title", nulls);
    if (json::object ext = enterprise_of(app_profile, nulls); !ext.empty()) {
        json::value& target = resource[urn::enterprise_user];
        if (!target.is_object()) target = json::object{};
        for (auto& [k, v] : ext) target.as_object()[k] = v;
        json::value& schemas = resource["schemas"];
        if (schemas.is_array()) {
            bool has = false;
            for (const auto& s : schemas.as_array()) has = has || (s.is_string() && s.as_string() == urn::enterprise_user);
            if (!has) schemas.as_array().emplace_back(urn::enterprise_user);
        }
    }
}

ComputedProfile app_user_profile(const App& app, const User& user, const json::object* stored) {
    if (!app.profile_model) return ComputedProfile{app_user_profile(user), std::nullopt};
    return compute_app_profile(*app.profile_model, user, json::object{}, stored);
}

bool usernames_follow_changes(const App& app) {
    if (!app.profile_model || app.api_integration) return true;  // the default model maps many attributes on update
    const ProfileModel& m = *app.profile_model;
    if (m.username.type == UserNameFormat::Type::custom) return true;
    std::size_t pushed = 0;
    for (const auto& mapping : m.to_app) {
        if (mapping.push_status != PushStatus::push) continue;
        if (mapping.target == "userName") return true;  // H-AUTOUSR: the override keeps usernames in sync
        ++pushed;
    }
    return pushed > 1;
}

std::string user_name_of(const json::object& app_profile, const User& user) {
    const std::string name = string_of(app_profile, "userName");
    return name.empty() ? user.login() : name;
}

json::object scim_create_body(const App& app, const User& user, const json::object& app_profile, std::string password,
                              std::optional<ProfileProblem>& problem) {
    const NullValues nulls = app.push_null_values ? NullValues::push : NullValues::omit;
    if (!app.profile_model) return scim_create_body(user, app_profile, std::move(password), nulls);
    json::object body{{"schemas", json::array{urn::user}}};
    problem = write_profile(*app.profile_model, app_profile, body, nulls == NullValues::push);
    body["externalId"] = user.id;
    body["groups"] = json::array{};
    body["password"] = std::move(password);
    body["active"] = user.status != UserStatus::staged;  // as the default body (§2.7)
    return body;
}

json::object scim_link_body(const App& app, const User& user, const json::object& app_profile, std::string_view id,
                            std::optional<ProfileProblem>& problem) {
    json::object created = scim_create_body(app, user, app_profile, std::string(), problem);
    json::object body{{"schemas", created["schemas"]}, {"id", id}};
    for (auto& [key, value] : created)
        if (key != "schemas" && key != "password") body[key] = std::move(value);
    return body;
}

std::optional<ProfileProblem> apply_app_profile(const App& app, json::object& resource, const json::object& app_profile) {
    const NullValues nulls = app.push_null_values ? NullValues::push : NullValues::omit;
    if (!app.profile_model) {
        apply_app_profile(resource, app_profile, app.exclude_username_updates, nulls);
        return std::nullopt;
    }
    return write_profile(*app.profile_model, app_profile, resource, nulls == NullValues::push, !app.exclude_username_updates);
}

json::object patch_replace(json::object value) {
    return json::object{
        {"schemas", json::array{urn::patch_op}},
        {"Operations", json::array{json::object{{"op", "replace"}, {"value", std::move(value)}}}},
    };
}

}  // namespace oktasim::engine
