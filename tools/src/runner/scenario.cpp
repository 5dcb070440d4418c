// Loading and validating scenario files: structure, types, references and the connector/downstream configs. Each
// action is read by its entry in steps/ (after the argument checks here), into a typed command; each expectation
// key by its entry in expect/, into a typed part.
#include <oktasim/runner/json_reader.hpp>
#include <oktasim/runner/scenario.hpp>
#include <oktasim/runner/user_template.hpp>

#include "expect/expect.hpp"
#include "steps/steps.hpp"

#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/wire.hpp>
#include <oktasim/sim/clock.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace oktasim::runner {
namespace {


bool check_arg(JsonReader& r, const ArgSpec& a, const json::object& step, const Names& names) {
    switch (a.kind) {
        case Arg::user:
        case Arg::group:
        case Arg::app: return check_ref(r, step, a.key, a.kind, a.required, names);
        case Arg::string: {
            std::string s;
            return r.string(a.key, s, a.required);
        }
        case Arg::boolean: {
            bool b = false;
            return r.boolean(a.key, b, a.required);
        }
        case Arg::object: {
            const json::object* o = nullptr;
            return r.object(a.key, o, a.required);
        }
        case Arg::array: {
            const json::array* arr = nullptr;
            return r.array(a.key, arr, a.required);
        }
        case Arg::duration: {
            std::string d;
            if (!r.string(a.key, d, a.required)) return false;
            if (step.contains(a.key) && sim::is_overlong_duration(d))
                return r.fail(r.path_of(a.key), "\"" + d + "\" is longer than the longest duration, " +
                                                    std::string(sim::max_duration_text), scenario_errc::bad_value);
            if (step.contains(a.key) && !sim::parse_duration(d))
                return r.fail(r.path_of(a.key),
                              "expected a duration like \"250ms\", \"30s\", \"1m30s\" or \"2h\" (units d, h, m, s, ms, "
                              "largest first), got \"" + d + "\"",
                              scenario_errc::bad_value);
            return true;
        }
        case Arg::task_kind: {
            std::string k;
            return r.one_of(a.key, k, engine::task_kind_names, a.required);
        }
        case Arg::any:
            if (a.required && !step.contains(a.key))
                return r.fail(r.path_of(a.key), "missing", scenario_errc::missing_key);
            return true;
    }
    return true;
}

}  // namespace

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

namespace {

// An action step: the entry its "do" names checks the keys and arguments it declares, then reads the command.
std::unique_ptr<Command> read_action(JsonReader& r, const json::object& step, const std::string& action,
                                     const Names& names) {
    const auto& table = action_entries();
    const auto it = std::find_if(table.begin(), table.end(), [&](const ActionEntry& a) { return a.name == action; });
    if (it == table.end()) {
        std::string list;
        for (const auto& a : table) list += (list.empty() ? "" : ", ") + std::string(a.name);
        return r.fail(r.path_of("do"), "unknown action \"" + action + "\"; expected one of: " + list, scenario_errc::bad_value),
               nullptr;
    }
    std::vector<std::string_view> known{"do", "note", "expectError"};
    for (const auto& a : it->args) known.push_back(a.key);
    for (const auto& [k, v] : step) {
        if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end()) {
            std::string list;
            for (auto kk : known) list += (list.empty() ? "" : ", ") + std::string(kk);
            return r.fail(r.path_of(pointer_escape(k)), "unknown key for \"" + action + "\"; expected one of: " + list,
                          scenario_errc::unknown_key),
                   nullptr;
        }
    }
    for (const auto& a : it->args)
        if (!check_arg(r, a, step, names)) return nullptr;
    std::string expect_error;
    if (!r.string("expectError", expect_error)) return nullptr;
    if (it->simulated && !step.contains("expectError") && !check_simulated(r, step, names)) return nullptr;
    StepReader reader{it->name, r, step, names};
    return it->read(reader);
}

// An expectation: the entry of each key it gives reads that key (in the registry's order, the order of the checks)
// into a typed part; the step keeps the parts in the order written, too.
bool read_expectation(JsonReader& r, const json::object& expect, const Names& names, Step& step) {
    const auto& table = expectation_entries();
    std::vector<std::string_view> keys;
    for (const auto& e : table) keys.push_back(e.key);
    if (!r.only(keys)) return false;
    if (expect.empty()) {
        std::string list;
        for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
        return r.fail(r.path(), "an expectation needs at least one of: " + list, scenario_errc::missing_key);
    }
    std::map<std::string_view, std::shared_ptr<const Expectation>> parts;
    for (const auto& entry : table) {
        if (!expect.contains(entry.key)) continue;
        ExpectReader reader{entry.key, r, names};
        std::shared_ptr<const Expectation> part = entry.read(reader);
        if (!part) return false;
        step.checks.push_back(part.get());
        parts.emplace(entry.key, std::move(part));
    }
    for (const auto& [key, v] : expect) step.expect.push_back(parts.at(std::string_view(key)));
    step.reported = expect;
    return true;
}

bool read_user(JsonReader& r, const json::object& o, UserSpec& u) {
    const json::object* profile = nullptr;
    const json::object* credentials = nullptr;
    if (!r.only({"id", "status", "profile", "credentials"},
                {"created", "activated", "statusChanged", "lastLogin", "lastUpdated", "passwordChanged", "type",
                 "_links", "_embedded", "transitioningToStatus", "realmId"}))
        return false;
    if (!(r.string("id", u.id) &&
          r.one_of("status", u.status, {"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT",
                                        "SUSPENDED", "DEPROVISIONED"}) &&
          r.object("profile", profile, true) && r.object("credentials", credentials)))
        return false;
    u.profile = *profile;
    JsonReader p(*profile, r.path_of("profile"), *r.error());
    std::string login;
    if (!p.string("login", login, true)) return false;
    if (login.empty()) return p.fail(p.path_of("login"), "must not be empty", scenario_errc::bad_value);
    if (credentials) {
        JsonReader c(*credentials, r.path_of("credentials"), *r.error());
        const json::object* pw = nullptr;
        if (!c.only({"password"}, {"provider", "recovery_question", "emails"}) || !c.object("password", pw)) return false;
        if (pw) {
            JsonReader pr(*pw, c.path_of("password"), *r.error());
            std::string value;
            if (!pr.only({"value"}, {"hash", "hook"}) || !pr.string("value", value)) return false;
            if (pw->contains("value")) u.password = value;
        }
    }
    (void)o;
    return true;
}

bool read_group(JsonReader& r, GroupSpec& g, const Names& names) {
    const json::object* profile = nullptr;
    const json::array* members = nullptr;
    if (!r.only({"id", "profile", "members"},
                {"created", "lastUpdated", "lastMembershipUpdated", "objectClass", "type", "_links", "_embedded"}) ||
        !r.string("id", g.id) || !r.object("profile", profile, true) || !r.array("members", members))
        return false;
    g.profile = *profile;
    JsonReader p(*profile, r.path_of("profile"), *r.error());
    std::string name, description;
    if (!p.string("name", name, true) || !p.string("description", description)) return false;
    if (members) {
        for (std::size_t i = 0; i < members->size(); ++i) {
            const auto& m = (*members)[i];
            const std::string path = r.path_of("members") + "/" + std::to_string(i);
            if (!m.is_string()) return r.fail(path, "expected a user's login or id", scenario_errc::wrong_type);
            const std::string ref(m.as_string());
            if (!names.user(ref))
                return r.fail(path, "no user '" + ref + "' (expected the login or id of a user in /org/users)",
                              scenario_errc::bad_reference);
            g.members.push_back(ref);
        }
    }
    return true;
}

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
        if (name != "USER_PROVISIONING" || !caps) continue;  // To Okta settings are read but not simulated yet
        JsonReader cr(*caps, fr.path_of("capabilities"), *r.error());
        if (!check_capabilities(cr, *caps)) return false;
        app.capabilities = *caps;
    }
    return true;
}

// The app object's "credentials": only userNameTemplate changes what oktasim does. credentials.userName comes from
// the login, Okta's default template; any other template is refused rather than silently not applied.
bool read_app_credentials(JsonReader& r, const json::object& credentials) {
    JsonReader c(credentials, r.path_of("credentials"), *r.error());
    const json::object* name_template = nullptr;
    if (!c.only({"userNameTemplate"}, {"scheme", "signing", "userName", "password", "revealPassword", "oauthClient"}) ||
        !c.object("userNameTemplate", name_template))
        return false;
    if (!name_template) return true;
    JsonReader u(*name_template, c.path_of("userNameTemplate"), *r.error());
    std::string text = "${source.login}", s;
    if (!u.only({"template", "type", "userSuffix", "pushStatus"}) || !u.string("template", text) || !u.string("type", s))
        return false;
    if (text != "${source.login}")
        return u.fail(u.path_of("template"),
                      "the username template \"" + text + "\" is not supported yet: oktasim derives credentials.userName "
                      "from the login, Okta's default \"${source.login}\" (use that template, or give each app user's "
                      "credentials.userName in \"appUsers\")",
                      scenario_errc::bad_value);
    return true;
}

bool read_app(JsonReader& r, const json::object& o, AppSpec& app) {
    const json::object* connector = nullptr;
    const json::object* downstream = nullptr;
    const json::object* credentials = nullptr;
    // GET /api/v1/apps/{id} output pastes in as is: Okta's read-only and SSO-side keys are accepted and ignored.
    if (!r.only({"key", "id", "name", "label", "signOnMode", "flavour", "createUsersOff", "apiIntegration",
                 "excludeUsernameUpdates", "pushNullValues", "features", "credentials", "connector", "downstream", "appGroups", "appUsers"},
                {"status", "created", "lastUpdated", "_links", "_embedded", "settings", "accessibility", "visibility",
                 "profile", "universalLogout", "licensing", "orn", "embedded"}))
        return false;
    if (!r.object("credentials", credentials) || (credentials && !read_app_credentials(r, *credentials))) return false;
    if (!(r.string("key", app.key, true) && r.string("id", app.id) && r.string("name", app.name) &&
          r.string("label", app.label, true) &&
          r.one_of("signOnMode", app.sign_on_mode, {"AUTO_LOGIN", "BASIC_AUTH", "BOOKMARK", "BROWSER_PLUGIN",
                                                    "OPENID_CONNECT", "SAML_1_1", "SAML_2_0", "SECURE_PASSWORD_STORE",
                                                    "WS_FEDERATION"}) &&
          r.one_of("flavour", app.flavour, {"AIW", "OIN"}) &&
          r.one_of("createUsersOff", app.create_users_off, {"problem-statement", "okta-kb"}) &&
          r.boolean("apiIntegration", app.api_integration) &&
          r.boolean("excludeUsernameUpdates", app.exclude_username_updates) &&
          r.boolean("pushNullValues", app.push_null_values) &&
          r.object("connector", connector, true) && r.object("downstream", downstream)))
        return false;
    if (const auto* f = o.if_contains("features"); f && !read_features(r, *f, app)) return false;
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

// "org.generate.users": {"count", "status", "profile"}: users from a template, after the listed ones, drawn from the
// scenario's seed (so `--seed` changes the run, not the org).
bool generate_org_users(JsonReader& r, Scenario& sc, Names& names, std::vector<std::string>& logins) {
    UserTemplate tmpl;
    std::int64_t count = 0;
    const json::object* profile = nullptr;
    if (!r.only({"count", "status", "profile"}) || !r.integer("count", count, true) ||
        !r.one_of("status", tmpl.status, {"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED",
                                          "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"}) ||
        !r.object("profile", profile))
        return false;
    if (count < 1 || count > static_cast<std::int64_t>(generated_users_max))
        return r.fail(r.path_of("count"), "expected 1 to " + std::to_string(generated_users_max) + " users, got " +
                                              std::to_string(count), scenario_errc::bad_value);
    if (profile) tmpl.profile = *profile;
    JsonReader p(tmpl.profile, r.path_of("profile"), *r.error());
    std::string login;
    if (!p.string("login", login, true)) return false;
    if (count > 1 && login.find("{n}") == std::string::npos)
        return p.fail(p.path_of("login"), "expected \"{n}\" in the login template, so that each generated user has its "
                                          "own login", scenario_errc::bad_value);
    auto users = generate_users(tmpl, static_cast<std::size_t>(count), sc.seed);
    logins.reserve(users.size());
    for (auto& u : users) {
        std::string lowered = lower(std::string(u.profile.at("login").as_string()));
        if (lowered.empty() || names.user_ids.count(lowered) ||
            !names.user_logins.emplace(lowered, sc.users.size()).second)
            return p.fail(p.path_of("login"), "generated login '" + lowered + "' is empty or duplicates another user",
                          scenario_errc::bad_value);
        logins.push_back(std::move(lowered));
        sc.users.push_back(std::move(u));
    }
    return true;
}

// "org.generate.groups": {"count", "profile", "members"}: groups from a template, after the listed ones.
bool generate_org_groups(JsonReader& r, Scenario& sc, Names& names, const std::vector<std::string>& logins) {
    GroupTemplate tmpl;
    std::int64_t count = 0;
    const json::object* profile = nullptr;
    std::string members = "all";
    if (!r.only({"count", "profile", "members"}) || !r.integer("count", count, true) || !r.object("profile", profile) ||
        !r.one_of("members", members, {"all", "round-robin", "none"}))
        return false;
    if (count < 1 || count > static_cast<std::int64_t>(generated_groups_max))
        return r.fail(r.path_of("count"), "expected 1 to " + std::to_string(generated_groups_max) + " groups, got " +
                                              std::to_string(count), scenario_errc::bad_value);
    if (profile) tmpl.profile = *profile;
    tmpl.members = members == "all"           ? GeneratedMembers::all
                   : members == "round-robin" ? GeneratedMembers::round_robin
                                              : GeneratedMembers::none;
    JsonReader p(tmpl.profile, r.path_of("profile"), *r.error());
    std::string name;
    if (!p.string("name", name, true)) return false;
    if (count > 1 && name.find("{n}") == std::string::npos)
        return p.fail(p.path_of("name"), "expected \"{n}\" in the name template, so that each generated group has its "
                                         "own name", scenario_errc::bad_value);
    for (auto& g : generate_groups(tmpl, static_cast<std::size_t>(count), logins)) {
        const std::string gname(g.profile.at("name").as_string());
        if (names.group_ids.count(gname) || !names.group_names.emplace(gname, sc.groups.size()).second)
            return p.fail(p.path_of("name"), "generated group name '" + gname + "' duplicates another group",
                          scenario_errc::bad_value);
        sc.groups.push_back(std::move(g));
    }
    return true;
}

bool read_org(JsonReader& r, Scenario& sc, Names& names) {
    static const json::object no_generate;
    const json::array* users = nullptr;
    const json::array* groups = nullptr;
    const json::object* admin = nullptr;
    const json::object* generate = nullptr;
    if (!r.only({"url", "admin", "users", "groups", "generate"}) || !r.string("url", sc.org_url) ||
        !r.object("admin", admin) || !r.array("users", users) || !r.array("groups", groups) ||
        !r.object("generate", generate))
        return false;
    const json::object* generate_users_spec = nullptr;
    const json::object* generate_groups_spec = nullptr;
    JsonReader gen(generate ? *generate : no_generate, r.path_of("generate"), *r.error());
    if (generate && (!gen.only({"users", "groups"}) || !gen.object("users", generate_users_spec) ||
                     !gen.object("groups", generate_groups_spec)))
        return false;

    if (admin) {
        JsonReader a(*admin, r.path_of("admin"), *r.error());
        if (!a.only({"id", "login", "displayName"}) || !a.string("id", sc.admin.id) ||
            !a.string("login", sc.admin.login) || !a.string("displayName", sc.admin.display_name))
            return false;
    }
    for (std::size_t i = 0; users && i < users->size(); ++i) {
        const std::string p = r.path_of("users") + "/" + std::to_string(i);
        if (!(*users)[i].is_object()) return r.fail(p, "expected a user object as GET /api/v1/users/{id} returns",
                                                     scenario_errc::wrong_type);
        JsonReader ur((*users)[i].as_object(), p, *r.error());
        UserSpec u;
        if (!read_user(ur, (*users)[i].as_object(), u)) return false;
        const std::string login = lower(std::string(u.profile.at("login").as_string()));
        const auto taken = [&](const std::string& s) { return names.user_ids.count(s) || names.user_logins.count(s); };
        if (taken(login) || (!u.id.empty() && taken(u.id)))
            return r.fail(p, "duplicate user '" + login + "'", scenario_errc::bad_value);
        names.user_logins.emplace(login, sc.users.size());
        if (!u.id.empty()) names.user_ids.emplace(u.id, sc.users.size());
        sc.users.push_back(std::move(u));
    }
    std::vector<std::string> generated_logins;
    if (generate_users_spec) {
        JsonReader gu(*generate_users_spec, gen.path_of("users"), *r.error());
        if (!generate_org_users(gu, sc, names, generated_logins)) return false;
    }
    for (std::size_t i = 0; groups && i < groups->size(); ++i) {
        const std::string p = r.path_of("groups") + "/" + std::to_string(i);
        if (!(*groups)[i].is_object()) return r.fail(p, "expected a group object", scenario_errc::wrong_type);
        JsonReader gr((*groups)[i].as_object(), p, *r.error());
        GroupSpec g;
        if (!read_group(gr, g, names)) return false;
        const std::string name(g.profile.at("name").as_string());
        if (names.group_names.count(name) || names.group_ids.count(name))
            return r.fail(p, "duplicate group '" + name + "'", scenario_errc::bad_value);
        names.group_names.emplace(name, sc.groups.size());
        if (!g.id.empty()) names.group_ids.emplace(g.id, sc.groups.size());
        sc.groups.push_back(std::move(g));
    }
    if (generate_groups_spec) {
        JsonReader gg(*generate_groups_spec, gen.path_of("groups"), *r.error());
        if (!generate_org_groups(gg, sc, names, generated_logins)) return false;
    }
    return true;
}

bool read_steps(JsonReader& r, const json::array& steps, Scenario& sc, const Names& names) {
    sim::Duration advanced{0};  // the sum of the `advance` steps so far, kept below the horizon of virtual time
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string p = r.path_of("steps") + "/" + std::to_string(i);
        if (!steps[i].is_object())
            return r.fail(p, "expected a step object with \"do\" or \"expect\"", scenario_errc::wrong_type);
        const json::object& o = steps[i].as_object();
        JsonReader sr(o, p, *r.error());
        Step step;
        step.path = p;
        if (!sr.string("note", step.note)) return false;
        if (o.contains("do") == o.contains("expect"))
            return r.fail(p, "a step has exactly one of \"do\" (an action) or \"expect\" (an expectation)",
                          scenario_errc::bad_value);
        if (o.contains("do")) {
            if (!sr.string("do", step.action, true)) return false;
            auto command = read_action(sr, o, step.action, names);
            if (!command) return false;
            if ((advanced += command->advances_by()) > sim::Duration{sim::time_horizon})
                return r.fail(sr.path_of("by"), "advances virtual time past its horizon, start + " +
                                                    std::string(sim::max_duration_text), scenario_errc::bad_value);
            step.command = std::move(command);
            sr.string("expectError", step.expect_error);
            // What the run report shows of an action: its references and expected error, never its payload
            // (it may carry credentials, "auth").
            for (const char* key : {"do", "user", "group", "app", "userName", "by", "expectError"})
                if (const auto* v = o.if_contains(key)) step.reported[key] = *v;
        } else {
            const json::object* e = nullptr;
            if (!sr.only({"expect", "note"}) || !sr.object("expect", e, true)) return false;
            JsonReader er(*e, sr.path_of("expect"), *r.error());
            if (!read_expectation(er, *e, names, step)) return false;
        }
        sc.steps.push_back(std::move(step));
    }
    return true;
}

// A json::basic_parser handler that builds nothing and finds the first key repeated within one object.
// json::parse keeps the last of repeated keys without a word, which in a scenario silently drops a step list
// or an argument; and its errors carry no position, which basic_parser's consumed-byte count supplies.
class DuplicateKeyFinder {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    std::optional<std::string> duplicate;  // JSON pointer of the repeated key
    bool out_of_range = false;             // a number too large for a double (Boost.JSON reads it as infinity)

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        frames_.push_back({true, {}, {}, 0});
        return true;
    }
    bool on_object_end(std::size_t, error_code&) { return end_container(); }
    bool on_array_begin(error_code&) {
        frames_.push_back({false, {}, {}, 0});
        return true;
    }
    bool on_array_end(std::size_t, error_code&) { return end_container(); }
    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, error_code& ec) {
        key_.append(s.data(), s.size());
        Frame& f = frames_.back();
        f.key = std::move(key_);
        key_.clear();
        if (!f.keys.insert(f.key).second) {
            duplicate = pointer();
            ec = json::error::syntax;  // stops the parser; `duplicate` says why
            return false;
        }
        return true;
    }
    bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
    bool on_string(json::string_view, std::size_t, error_code&) { return scalar(); }
    bool on_number_part(json::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, error_code&) { return scalar(); }
    bool on_uint64(std::uint64_t, json::string_view, error_code&) { return scalar(); }
    bool on_double(double d, json::string_view, error_code& ec) {
        if (std::isfinite(d)) return scalar();
        out_of_range = true;
        ec = json::error::syntax;  // stops the parser; `out_of_range` says why
        return false;
    }
    bool on_bool(bool, error_code&) { return scalar(); }
    bool on_null(error_code&) { return scalar(); }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

private:
    struct Frame {
        bool object;
        std::set<std::string, std::less<>> keys;
        std::string key;    // objects: the key being read
        std::size_t index;  // arrays: the element being read
    };

    bool scalar() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
        return true;
    }
    bool end_container() {
        frames_.pop_back();
        return scalar();
    }
    std::string pointer() const {
        std::string out;
        for (const Frame& f : frames_) out += "/" + (f.object ? pointer_escape(f.key) : std::to_string(f.index));
        return out;
    }

    std::vector<Frame> frames_;
    std::string key_;
};

// "line 3, column 14" of a byte offset (columns count bytes, from 1).
std::string position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
    const std::size_t newline = text.substr(0, offset).rfind('\n');
    const std::size_t column = offset - (newline == std::string_view::npos ? 0 : newline + 1) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629 §4: no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos. Boost.JSON rejects these too, but only says "syntax error".
std::size_t first_invalid_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    for (std::size_t i = 0; i < text.size();) {
        const unsigned c = byte(i);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (c < 0x80) n = 1;
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else return i;
        for (std::size_t k = 1; k < n; ++k) {
            const unsigned b = byte(i + k);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
        }
        i += n;
    }
    return std::string_view::npos;
}

// What a JSON syntax error at `offset` most likely is, in words a scenario author can act on.
std::string syntax_error(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "syntax error: the file ends inside a value (an unclosed string, '{' or '[')";
    const auto c = static_cast<unsigned char>(text[offset]);
    const std::string_view rest = text.substr(offset);
    const std::size_t before = offset == 0 ? std::string_view::npos : text.find_last_not_of(" \t\r\n", offset - 1);
    const char previous = before == std::string_view::npos ? '\0' : text[before];
    if (c == '/')
        return "syntax error: JSON has no comments (remove the comment, or move the text into a \"note\" or "
               "\"description\")";
    if ((c == '}' || c == ']') && previous == ',')
        return std::string("syntax error: a trailing comma before '") + char(c) + "' (JSON allows none; remove the comma)";
    if (rest.rfind("NaN", 0) == 0 || rest.rfind("Infinity", 0) == 0 || rest.rfind("nan", 0) == 0 ||
        rest.rfind("inf", 0) == 0)
        return "syntax error: NaN and Infinity are not JSON (numbers must be finite, written in decimal)";
    if (offset > 0 && text[offset - 1] == '\\' && c >= 0x20 && c < 0x7F)
        return std::string("syntax error: invalid escape '\\") + char(c) +
               "' in a string (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)";
    if (offset >= 6 && text[offset - 6] == '\\' && (text[offset - 5] == 'u' || text[offset - 5] == 'U') &&
        (text[offset - 4] == 'd' || text[offset - 4] == 'D'))
        return "syntax error: a \\u escape of a UTF-16 surrogate must be a high surrogate (\\uD800-\\uDBFF) followed by "
               "a low one (\\uDC00-\\uDFFF)";
    if (c < 0x20)
        return "syntax error: control character " + hex_byte(c) +
               " (inside a string write it as an escape such as \\n, \\t or \\u00" + hex_byte(c).substr(2) + ")";
    if (c == '\'') return "syntax error: strings and keys are written in double quotes in JSON, not single quotes";
    if (c >= 0x7F) return "syntax error: unexpected byte " + hex_byte(c);
    return std::string("syntax error: unexpected '") + char(c) + "'";
}

// The message for a parse failure with error code `ec` at `offset`.
std::string json_error(std::string_view text, std::size_t offset, const error_code& ec) {
    if (ec == json::error::syntax) return syntax_error(text, offset);
    if (ec == json::error::incomplete) return syntax_error(text, text.size());
    if (ec == json::error::too_deep)
        return "nested deeper than " + std::to_string(json::parse_options{}.max_depth) +
               " levels of objects and arrays (no scenario needs that many)";
    if (ec == json::error::exponent_overflow) return "number out of range: its exponent is too large";
    return ec.message();
}

// Parses strict JSON (no comments, no trailing commas, no repeated keys) into `root`. Every error names a line and
// column.
bool parse_json(std::string_view text, json::value& root, LoadError& error) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark, as some editors write
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        error.message = "the file is empty; expected a scenario object";
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    }
    const auto fail = [&](std::size_t offset, const std::string& why) {
        error.message = "not valid JSON at " + position(text, offset) + ": " + why;
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    };
    if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos)
        return fail(bad, "invalid UTF-8 byte " + hex_byte(static_cast<unsigned char>(text[bad])) +
                             " (a scenario file must be UTF-8 text; was it saved in another encoding?)");
    json::basic_parser<DuplicateKeyFinder> scan{json::parse_options{}};
    error_code ec;
    const std::size_t consumed = scan.write_some(false, text.data(), text.size(), ec);
    if (scan.handler().duplicate) {
        error.path = *scan.handler().duplicate;
        error.message = "repeated key (at " + position(text, consumed) +
                        "); JSON objects must not repeat a key, the earlier value would be silently dropped";
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    }
    if (scan.handler().out_of_range) {
        const std::size_t start = text.find_last_not_of("0123456789+-.eE", consumed == 0 ? 0 : consumed - 1);
        return fail(start == std::string_view::npos ? 0 : start + 1,
                    "number out of range (larger than a 64-bit floating-point number can hold)");
    }
    if (ec) return fail(consumed, json_error(text, consumed, ec));
    if (const std::size_t extra = text.find_first_not_of(" \t\r\n", consumed); extra != std::string_view::npos)
        return fail(extra, "syntax error: more text after the end of the scenario object (a second top-level value, "
                           "or one '}' too many?)");
    root = json::parse(text, ec);
    if (ec) return fail(0, json_error(text, 0, ec));  // not expected after the scan, but never trust that silently
    return true;
}

}  // namespace

result<Scenario> parse_scenario(std::string_view text, const std::string& file, LoadError& error) {
    error = LoadError{{}, file};
    json::value root;
    if (!parse_json(text, root, error)) return error.code;
    if (!root.is_object()) {
        error.path = "/";  // the root, so that the message names a position like every other
        error.message = "expected a scenario object, got " + std::string(json_kind(root));
        error.code = make_error_code(scenario_errc::wrong_type);
        return error.code;
    }
    const json::object& o = root.as_object();
    JsonReader r(o, "", error);
    Scenario sc;
    sc.file = file;
    std::int64_t version = 0;
    std::string start = "2026-01-05T09:00:00.000Z";
    const json::object* org = nullptr;
    const json::array* apps = nullptr;
    const json::array* steps = nullptr;
    // The version comes first: a file written for another version should say so, not trip over its new keys.
    if (!o.contains("oktasim"))
        return r.fail("/oktasim", "missing; expected the scenario format version, " + std::to_string(scenario_version) +
                                      " (is this a scenario file?)",
                      scenario_errc::missing_key),
               error.code;
    if (!r.integer("oktasim", version, true)) return error.code;
    if (version != scenario_version) {
        r.fail("/oktasim", "unsupported scenario version " + std::to_string(version) + "; this oktasim reads version " +
                               std::to_string(scenario_version), scenario_errc::unsupported_version);
        return error.code;
    }
    if (!r.only({"$schema", "oktasim", "name", "description", "seed", "start", "org", "apps", "steps"}) ||
        !r.string("name", sc.name, true) || !r.string("description", sc.description) || !r.string("start", start) ||
        !r.object("org", org, true) || !r.array("apps", apps, true) || !r.array("steps", steps, true))
        return error.code;
    std::string schema;
    if (!r.string("$schema", schema)) return error.code;
    if (const json::value* seed = o.if_contains("seed")) {  // the whole uint64 range, as --seed takes it
        if (seed->is_uint64()) sc.seed = seed->as_uint64();
        else if (seed->is_int64() && seed->as_int64() >= 0) sc.seed = static_cast<std::uint64_t>(seed->as_int64());
        else if (seed->is_int64())
            return r.fail("/seed", "expected a non-negative integer, got " + std::to_string(seed->as_int64()),
                          scenario_errc::bad_value),
                   error.code;
        else
            return r.fail("/seed", "expected an integer, got " + std::string(json_kind(*seed)), scenario_errc::wrong_type),
                   error.code;
    }
    const auto epoch = sim::WallClock::parse_timestamp(start);
    if (!epoch)
        return r.fail("/start", "expected a UTC timestamp like \"2026-01-05T09:00:00.000Z\", got \"" + start + "\"",
                      scenario_errc::bad_value),
               error.code;
    sc.start_unix_ms = *epoch;
    Names names;
    JsonReader orgr(*org, "/org", error);
    if (!read_org(orgr, sc, names)) return error.code;
    for (std::size_t i = 0; i < apps->size(); ++i) {
        const std::string p = "/apps/" + std::to_string(i);
        if (!(*apps)[i].is_object())
            return r.fail(p, "expected an app object, got " + std::string(json_kind((*apps)[i])), scenario_errc::wrong_type),
                   error.code;
        JsonReader ar((*apps)[i].as_object(), p, error);
        AppSpec app;
        if (!read_app(ar, (*apps)[i].as_object(), app) || !read_app_state(ar, (*apps)[i].as_object(), app, sc))
            return error.code;
        if (names.apps.count(app.key)) return r.fail(p + "/key", "duplicate app key '" + app.key + "'", scenario_errc::bad_value),
                                              error.code;
        names.apps.emplace(app.key, sc.apps.size());
        names.connectors.emplace(app.key, app.connector);
        if (app.downstream) names.simulated.insert(app.key);
        sc.apps.push_back(std::move(app));
    }
    if (!read_steps(r, *steps, sc, names)) return error.code;
    return sc;
}

result<Scenario> load_scenario(const std::string& file, LoadError& error) {
    error = LoadError{{}, file};
    std::error_code fs_error;
    if (std::filesystem::is_directory(file, fs_error)) {  // a directory opens and reads as an empty file
        error.message = "is a directory; expected a scenario file";
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int why = errno;
        error.message = "cannot open the file" + (why != 0 ? ": " + std::string(std::strerror(why)) : std::string());
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error.message = "cannot read the file";
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    return parse_scenario(text.str(), file, error);
}

const std::vector<std::string>& action_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& a : action_entries()) out.emplace_back(a.name);
        return out;
    }();
    return names;
}

const std::vector<std::string>& expectation_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& e : expectation_entries()) out.emplace_back(e.key);
        return out;
    }();
    return names;
}

std::string LoadError::to_string() const {
    std::string out = file;
    if (!path.empty()) out += ": " + path;
    out += ": " + message;
    // Paths and messages quote keys and values from the file; a control character in one (NUL, ESC, CR) must not
    // reach the terminal raw, where it would hide or rewrite the message.
    std::string shown;
    for (const char c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7F) shown.push_back(c);
        else shown += "\\u00" + hex_byte(u).substr(2);
    }
    return shown;
}

}  // namespace oktasim::runner
