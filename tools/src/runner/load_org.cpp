// The loader's "/org" stage: the admin, the users and groups as Okta's API returns them, and users and groups
// generated from a template; each recorded in Names for the references that follow.
#include "loader.hpp"

#include <oktasim/runner/user_template.hpp>

namespace oktasim::runner {
namespace {

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

}  // namespace

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
    names.group_count = sc.groups.size();
    return true;
}

}  // namespace oktasim::runner
