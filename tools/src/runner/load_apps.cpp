// The loader's "/apps" stage: each app object as Okta's API returns it (features and capabilities, credentials),
// its connector config (checked by the connector's factory) and simulated downstream, and its starting assignments.
#include "loader.hpp"

#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/profile_model.hpp>

#include <algorithm>

namespace oktasim::runner {

// Splits "/a/b: message" (the form the connector and simulated-app parsers use) into path and message.
std::pair<std::string, std::string> split_error(const std::string& why) {
    const auto colon = why.find(": ");
    if (why.empty() || why.front() != '/' || colon == std::string::npos) return {"", why};
    return {why.substr(0, colon), why.substr(colon + 2)};
}

// The simulated app's parsers report their own scenario_errc; keep it, or say bad_value.
scenario_errc code_of(const error_code& ec) {
    return ec.category() == scenario_category() ? static_cast<scenario_errc>(ec.value()) : scenario_errc::bad_value;
}

namespace {

// The faults' "contentType" and "retryAfter" are sent verbatim as response headers by the simulated app.
bool check_fault_headers(JsonReader& r, const json::array& faults, const std::string& path) {
    for (std::size_t i = 0; i < faults.size(); ++i) {
        const auto* fault = faults[i].if_object();
        const auto* respond = fault ? fault->if_contains("respond") : nullptr;
        if (!respond || !respond->is_object()) continue;  // the simulated app's parser says what is wrong
        JsonReader x(respond->as_object(), path + "/" + std::to_string(i) + "/respond", *r.error());
        for (std::string_view key : {"contentType", "retryAfter"}) {
            const auto* v = respond->as_object().if_contains(key);
            if (v && v->is_string() && !check_header_value(x, key, std::string(v->as_string()))) return false;
        }
    }
    return true;
}

}  // namespace

bool check_faults(JsonReader& r, const json::array& faults, const std::string& path) {
    if (!check_fault_headers(r, faults, path)) return false;
    const json::value probe = json::object{{"faults", faults}};
    std::string why;
    const auto parsed = connectors::simapp::parse_sim_app_config(probe, why);
    if (parsed) return true;
    auto [sub, message] = split_error(why);
    // The parser's paths are relative to a config object; here the array itself sits at `path`.
    if (sub.rfind("/faults", 0) == 0) sub = sub.substr(7);
    return r.fail(path + sub, message, code_of(parsed.error()));
}

// USER_PROVISIONING capabilities, key by key, so that every message lists what Okta's API defines there.
// engine::apply_capabilities runs afterwards as well: it is what the engine applies.
bool check_capabilities(JsonReader& r, const json::object& caps) {
    const auto status = [](JsonReader& x) {
        std::string s;
        return x.one_of("status", s, {"ENABLED", "DISABLED"});
    };
    const auto status_only = [&](JsonReader& parent, std::string_view key, const json::object* o) {
        if (!o) return true;
        JsonReader x(*o, parent.path_of(key), *parent.error());
        return x.only({"status"}) && status(x);
    };
    const json::object* create = nullptr;
    const json::object* update = nullptr;
    if (!r.only({"create", "update"}) || !r.object("create", create) || !r.object("update", update)) return false;
    if (create) {
        JsonReader c(*create, r.path_of("create"), *r.error());
        const json::object* lifecycle_create = nullptr;
        if (!c.only({"lifecycleCreate"}) || !c.object("lifecycleCreate", lifecycle_create) ||
            !status_only(c, "lifecycleCreate", lifecycle_create))
            return false;
    }
    if (update) {
        JsonReader u(*update, r.path_of("update"), *r.error());
        const json::object* profile = nullptr;
        const json::object* deactivate = nullptr;
        const json::object* password = nullptr;
        if (!u.only({"profile", "lifecycleDeactivate", "password"}) || !u.object("profile", profile) ||
            !u.object("lifecycleDeactivate", deactivate) || !u.object("password", password) ||
            !status_only(u, "profile", profile) || !status_only(u, "lifecycleDeactivate", deactivate))
            return false;
        if (password) {
            JsonReader pw(*password, u.path_of("password"), *r.error());
            std::string s;
            if (!pw.only({"status", "seed", "change"}) || !status(pw) || !pw.one_of("seed", s, {"RANDOM", "OKTA"}) ||
                !pw.one_of("change", s, {"KEEP_EXISTING", "CHANGE"}))
                return false;
        }
    }
    engine::ToAppSettings scratch;
    std::string why;
    if (!engine::apply_capabilities(caps, scratch, why)) {
        auto [sub, message] = split_error(why);
        return r.fail(r.path() + sub, message, scenario_errc::bad_value);
    }
    return true;
}

bool check_inbound_capabilities(JsonReader& r, const std::string& path, const json::object& caps,
                                const AppSpec* app) {
    engine::ToOktaSettings settings;
    engine::ImportSafeguards safeguards;
    engine::Problem problem;
    if (engine::apply_inbound_capabilities(caps, settings, safeguards, problem) &&
        (!app || (engine::check_sourcing_allowed(settings, app->flavour == "AIW", problem) &&
                  engine::check_match_attributes_mapped(settings, app->profile_model.get(), problem))))
        return true;
    return r.fail(path + problem.path, problem.message, scenario_errc::bad_value);
}

namespace {

bool read_features(JsonReader& r, const json::value& features, AppSpec& app) {
    const std::string path = r.path_of("features");
    std::vector<std::pair<std::string, const json::object*>> list;
    if (features.is_object()) {
        list.emplace_back(path, &features.as_object());
    } else if (features.is_array()) {
        for (std::size_t i = 0; i < features.as_array().size(); ++i) {
            const auto& f = features.as_array()[i];
            const std::string p = path + "/" + std::to_string(i);
            if (!f.is_object())
                return r.fail(p, "expected a feature object as GET /api/v1/apps/{id}/features returns, got " +
                                     std::string(json_kind(f)) + " (the app object's own string list, such as "
                                     "\"PUSH_NEW_USERS\", is not read: replace it with GET /api/v1/apps/{id}/features "
                                     "output, which carries the settings)",
                              scenario_errc::wrong_type);
            list.emplace_back(p, &f.as_object());
        }
    } else {
        return r.fail(path, "expected the array GET /api/v1/apps/{id}/features returns, or one feature object",
                      scenario_errc::wrong_type);
    }
    for (const auto& [p, f] : list) {
        JsonReader fr(*f, p, *r.error());
        std::string name, status;
        const json::object* caps = nullptr;
        if (!fr.only({"name", "status", "description", "capabilities"}, {"_links"}) ||
            !fr.one_of("name", name, {"USER_PROVISIONING", "INBOUND_PROVISIONING"}, true) ||
            !fr.one_of("status", status, {"ENABLED", "DISABLED"}) || !fr.object("capabilities", caps))
            return false;
        if (!caps) continue;
        if (name == "INBOUND_PROVISIONING") {
            if (!check_inbound_capabilities(r, fr.path_of("capabilities"), *caps, &app)) return false;
            app.inbound_capabilities = *caps;
            continue;
        }
        JsonReader cr(*caps, fr.path_of("capabilities"), *r.error());
        if (!check_capabilities(cr, *caps)) return false;
        app.capabilities = *caps;
    }
    return true;
}

// The app object's "credentials": only userNameTemplate changes what oktasim does (the app's username format, §7 of
// okta-mappings.md). Okta's default, {"template": "${source.login}", "type": "BUILT_IN"}, is no profile model.
bool read_app_credentials(JsonReader& r, const json::object& credentials, engine::UserNameFormat& format, bool& given) {
    JsonReader c(credentials, r.path_of("credentials"), *r.error());
    const json::object* name_template = nullptr;
    if (!c.only({"userNameTemplate"}, {"scheme", "signing", "userName", "password", "revealPassword", "oauthClient"}) ||
        !c.object("userNameTemplate", name_template))
        return false;
    if (!name_template) return true;
    JsonReader u(*name_template, c.path_of("userNameTemplate"), *r.error());
    if (!engine::read_username_format(u, format)) return false;
    given = !(format.type == engine::UserNameFormat::Type::built_in && format.text == "${source.login}") &&
            format.type != engine::UserNameFormat::Type::none;
    return true;
}

// "appUserSchema" (GET /api/v1/meta/schemas/apps/{appId}/default), "mappings" (GET /api/v1/mappings/{id} objects) and
// the username format: the app's profile model, or none when the scenario gives none of them (the §13.4 default).
bool read_profile_model(JsonReader& r, const json::object* schema, const json::array* mappings,
                        engine::UserNameFormat format, bool format_given, AppSpec& app) {
    if (!schema && !mappings && !format_given) return true;
    auto model = std::make_shared<engine::ProfileModel>();
    model->username = std::move(format);
    if (schema) {
        JsonReader s(*schema, r.path_of("appUserSchema"), *r.error());
        if (!engine::read_app_user_schema(s, model->schema)) return false;
    } else {
        model->schema = engine::ProfileModel::default_schema();
    }
    bool to_app_given = false;
    for (std::size_t i = 0; mappings && i < mappings->size(); ++i) {
        const std::string p = r.path_of("mappings") + "/" + std::to_string(i);
        if (!(*mappings)[i].is_object())
            return r.fail(p, "expected a mapping as GET /api/v1/mappings/{id} returns it, got " +
                                 std::string(json_kind((*mappings)[i])),
                          scenario_errc::wrong_type);
        JsonReader m((*mappings)[i].as_object(), p, *r.error());
        std::vector<engine::PropertyMapping> read;
        bool to_okta = false;
        if (!engine::read_to_app_mapping(m, model->schema, read, to_okta)) return false;
        if (to_okta) {
            if (!model->to_okta.empty()) return m.fail(p, "a second App to Okta mapping: an app has one", scenario_errc::bad_value);
            model->to_okta = std::move(read);
            continue;
        }
        if (to_app_given) return m.fail(p, "a second Okta to App mapping: an app has one", scenario_errc::bad_value);
        to_app_given = true;
        model->to_app = std::move(read);
    }
    if (!to_app_given) model->to_app = engine::ProfileModel::default_mappings(model->schema);
    app.profile_model = std::move(model);
    return true;
}

bool read_app(JsonReader& r, const json::object& o, AppSpec& app) {
    const json::object* connector = nullptr;
    const json::object* downstream = nullptr;
    const json::object* credentials = nullptr;
    // GET /api/v1/apps/{id} output pastes in as is: Okta's read-only and SSO-side keys are accepted and ignored.
    if (!r.only({"key", "id", "name", "label", "signOnMode", "flavour", "createUsersOff", "groupPushCreate", "apiIntegration",
                 "excludeUsernameUpdates", "pushNullValues", "importGroups", "groupPushSettings", "features", "credentials", "connector", "downstream", "appGroups", "appUsers",
                 "appUserSchema", "mappings"},
                {"status", "created", "lastUpdated", "_links", "_embedded", "settings", "accessibility", "visibility",
                 "profile", "universalLogout", "licensing", "orn", "embedded"}))
        return false;
    engine::UserNameFormat format;
    bool format_given = false;
    const json::object* schema = nullptr;
    const json::array* mappings = nullptr;
    if (!r.object("credentials", credentials) ||
        (credentials && !read_app_credentials(r, *credentials, format, format_given)) ||
        !r.object("appUserSchema", schema) || !r.array("mappings", mappings) ||
        !read_profile_model(r, schema, mappings, std::move(format), format_given, app))
        return false;
    if (!(r.string("key", app.key, true) && r.string("id", app.id) && r.string("name", app.name) &&
          r.string("label", app.label, true) &&
          r.one_of("signOnMode", app.sign_on_mode, {"AUTO_LOGIN", "BASIC_AUTH", "BOOKMARK", "BROWSER_PLUGIN",
                                                    "OPENID_CONNECT", "SAML_1_1", "SAML_2_0", "SECURE_PASSWORD_STORE",
                                                    "WS_FEDERATION"}) &&
          r.one_of("flavour", app.flavour, {"AIW", "OIN"}) &&
          r.one_of("createUsersOff", app.create_users_off, {"problem-statement", "okta-kb"}) &&
          r.one_of("groupPushCreate", app.group_push_create, {"documented", "aiw-field"}) &&
          r.boolean("apiIntegration", app.api_integration) &&
          r.boolean("excludeUsernameUpdates", app.exclude_username_updates) &&
          r.boolean("pushNullValues", app.push_null_values) && r.boolean("importGroups", app.import_groups) &&
          r.object("connector", connector, true) && r.object("downstream", downstream)))
        return false;
    if (const auto* f = o.if_contains("features"); f && !read_features(r, *f, app)) return false;
    const json::object* push_settings = nullptr;
    if (!r.object("groupPushSettings", push_settings)) return false;
    if (push_settings) {
        JsonReader g(*push_settings, r.path_of("groupPushSettings"), *r.error());
        if (!g.only({"pushMembershipsImmediately", "renameAppGroups"}) ||
            !g.boolean("pushMembershipsImmediately", app.push_memberships_immediately) ||
            !g.boolean("renameAppGroups", app.rename_app_groups))
            return false;
    }
    // Generic connector settings, whatever the type: read here and kept from the type's own config.
    json::object generic_keys_removed;
    if (connector->contains("concurrency")) {
        JsonReader g(*connector, r.path_of("connector"), *r.error());
        std::int64_t n = 1;
        if (!g.integer("concurrency", n)) return false;
        if (n < 1 || n > max_app_concurrency)
            return r.fail(g.path_of("concurrency"), "expected an integer from 1 to " + std::to_string(max_app_concurrency),
                          scenario_errc::bad_value);
        app.concurrency = static_cast<int>(n);
        generic_keys_removed = *connector;
        generic_keys_removed.erase("concurrency");
        connector = &generic_keys_removed;
    }
    // The type picks the factory; the rest is the connector's own, checked by that factory.
    const engine::ConnectorRegistry& registry = connector_registry();
    const std::vector<std::string> types = registry.names();
    std::string type = registry.default_type();
    JsonReader c(*connector, r.path_of("connector"), *r.error());
    if (!c.one_of("type", type, std::vector<std::string_view>(types.begin(), types.end()))) return false;
    engine::Problem problem;
    if (!registry.find(type)->validate(*connector, problem))
        return r.fail(c.path() + problem.path, problem.message, code_of(problem.code));
    app.connector = *connector;
    std::string why;
    if (downstream) {
        if (const auto* faults = downstream->if_contains("faults"); faults && faults->is_array() &&
            !check_fault_headers(r, faults->as_array(), r.path_of("downstream") + "/faults"))
            return false;
        const auto parsed = connectors::simapp::parse_sim_app_config(json::value(*downstream), why);
        if (!parsed) {
            auto [sub, message] = split_error(why);
            return r.fail(r.path_of("downstream") + sub, message, code_of(parsed.error()));
        }
        app.downstream = *downstream;
    }
    return true;
}

// The user spec a reference (id or login, any case) names; null if none.
const UserSpec* find_user(const Scenario& sc, std::string_view ref) {
    for (const auto& u : sc.users) {
        if ((!u.id.empty() && u.id == ref) || lower(std::string(u.profile.at("login").as_string())) == lower(ref)) return &u;
    }
    return nullptr;
}

const GroupSpec* find_group(const Scenario& sc, std::string_view ref) {
    for (const auto& g : sc.groups) {
        if ((!g.id.empty() && g.id == ref) || g.profile.at("name").as_string() == ref) return &g;
    }
    return nullptr;
}

bool is_member(const Scenario& sc, const GroupSpec& g, const UserSpec& u) {
    return std::any_of(g.members.begin(), g.members.end(), [&](const std::string& m) { return find_user(sc, m) == &u; });
}

// "appGroups" (GET /api/v1/apps/{id}/groups output) and "appUsers" (GET /api/v1/apps/{id}/users output): the
// tenant's assignments when the scenario starts. Every member of an assigned group needs its app user, and a
// GROUP-scope app user needs one of its groups assigned, so the state is one Okta could be in.
bool read_app_state(JsonReader& r, const json::object& o, AppSpec& app, const Scenario& sc) {
    const json::array* groups = nullptr;
    const json::array* users = nullptr;
    if (!r.array("appGroups", groups) || !r.array("appUsers", users)) return false;
    std::vector<const GroupSpec*> assigned;
    for (std::size_t i = 0; groups && i < groups->size(); ++i) {
        const std::string p = r.path_of("appGroups") + "/" + std::to_string(i);
        if (!(*groups)[i].is_object())
            return r.fail(p, "expected a group assignment as GET /api/v1/apps/{id}/groups returns, got " +
                                 std::string(json_kind((*groups)[i])), scenario_errc::wrong_type);
        JsonReader g((*groups)[i].as_object(), p, *r.error());
        std::string id;
        if (!g.only({"id"}, {"priority", "profile", "lastUpdated", "_links", "_embedded"}) || !g.string("id", id, true))
            return false;
        const GroupSpec* group = find_group(sc, id);
        if (!group)
            return g.fail(g.path_of("id"), "no group '" + id + "' (expected the id or name of a group in /org/groups)",
                          scenario_errc::bad_reference);
        if (std::find(assigned.begin(), assigned.end(), group) != assigned.end())
            return g.fail(g.path_of("id"), "group '" + id + "' is assigned twice", scenario_errc::bad_value);
        assigned.push_back(group);
        app.groups.push_back(id);
    }
    std::vector<const UserSpec*> seen;
    for (std::size_t i = 0; users && i < users->size(); ++i) {
        const std::string p = r.path_of("appUsers") + "/" + std::to_string(i);
        if (!(*users)[i].is_object())
            return r.fail(p, "expected an app user as GET /api/v1/apps/{id}/users returns, got " +
                                 std::string(json_kind((*users)[i])), scenario_errc::wrong_type);
        const json::object& au = (*users)[i].as_object();
        JsonReader a(au, p, *r.error());
        AppUserSpec spec;
        std::string status, sync_state;
        const json::object* credentials = nullptr;
        const json::object* profile = nullptr;
        if (!a.only({"id", "externalId", "scope", "status", "syncState", "credentials", "profile"},
                    {"created", "lastUpdated", "statusChanged", "passwordChanged", "lastSync", "_links", "_embedded"}) ||
            !a.string("id", spec.user, true) || !a.one_of("scope", spec.scope, {"USER", "GROUP"}) ||
            !a.one_of("status", status, engine::app_user_status_names) ||
            !a.one_of("syncState", sync_state, engine::sync_state_names) ||
            !a.object("credentials", credentials) || !a.object("profile", profile))
            return false;
        // one_of has checked each spelling against the same table `*_from` reads.
        if (!status.empty()) spec.status = engine::app_user_status_from(status);
        if (!sync_state.empty()) spec.sync_state = engine::sync_state_from(sync_state);
        if (const json::value* ext = au.if_contains("externalId"); ext && !ext->is_null()) {
            if (!ext->is_string() || ext->as_string().empty())
                return a.fail(a.path_of("externalId"), "expected the account's id in the app (a non-empty string) or null",
                              ext->is_string() ? scenario_errc::bad_value : scenario_errc::wrong_type);
            spec.external_id = std::string(ext->as_string());
        }
        if (credentials) {
            JsonReader c(*credentials, a.path_of("credentials"), *r.error());
            std::string name;
            if (!c.only({"userName"}, {"password"}) || !c.string("userName", name)) return false;
            if (credentials->contains("userName")) spec.user_name = name;
        }
        if (profile) spec.profile = *profile;
        const UserSpec* user = find_user(sc, spec.user);
        if (!user)
            return a.fail(a.path_of("id"), "no user '" + spec.user + "' (expected the id of a user in /org/users)",
                          scenario_errc::bad_reference);
        if (std::find(seen.begin(), seen.end(), user) != seen.end())
            return a.fail(a.path_of("id"), "user '" + spec.user + "' has two app users in this app", scenario_errc::bad_value);
        if (user->status == "DEPROVISIONED")
            return a.fail(a.path_of("id"), "user '" + spec.user + "' is DEPROVISIONED in /org/users, and Okta removes a "
                                           "deactivated user's assignments", scenario_errc::bad_value);
        const bool in_group = std::any_of(assigned.begin(), assigned.end(), [&](const GroupSpec* g) { return is_member(sc, *g, *user); });
        if (spec.scope == "GROUP" && !in_group)
            return a.fail(a.path_of("scope"), "GROUP scope needs a group assignment: list a group that has '" + spec.user +
                                                  "' as a member in \"appGroups\" (GET /api/v1/apps/{id}/groups output)",
                          scenario_errc::bad_reference);
        seen.push_back(user);
        app.app_users.push_back(std::move(spec));
    }
    for (std::size_t i = 0; i < assigned.size(); ++i) {
        for (const auto& m : assigned[i]->members) {
            const UserSpec* user = find_user(sc, m);
            if (user->status == "DEPROVISIONED" || std::find(seen.begin(), seen.end(), user) != seen.end()) continue;
            return r.fail(r.path_of("appGroups") + "/" + std::to_string(i),
                          "member '" + m + "' of this group has no entry in \"appUsers\"; Okta gives every member of an "
                          "assigned group an app user (paste GET /api/v1/apps/{id}/users output)",
                          scenario_errc::bad_value);
        }
    }
    (void)o;
    return true;
}

}  // namespace

bool read_apps(JsonReader& r, const json::array& apps, Scenario& sc, Names& names) {
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const std::string p = "/apps/" + std::to_string(i);
        if (!apps[i].is_object())
            return r.fail(p, "expected an app object, got " + std::string(json_kind(apps[i])), scenario_errc::wrong_type);
        JsonReader ar(apps[i].as_object(), p, *r.error());
        AppSpec app;
        if (!read_app(ar, apps[i].as_object(), app) || !read_app_state(ar, apps[i].as_object(), app, sc)) return false;
        if (names.apps.count(app.key)) return r.fail(p + "/key", "duplicate app key '" + app.key + "'", scenario_errc::bad_value);
        names.apps.emplace(app.key, sc.apps.size());
        names.connectors.emplace(app.key, app.connector);
        if (app.downstream) names.simulated.insert(app.key);
        sc.apps.push_back(std::move(app));
    }
    return true;
}

}  // namespace oktasim::runner
