// Group Push expectations: "groupPush" (a push mapping as the Push Groups tab shows it: status, error, whether the app
// group is known, the rule that made it, and the Okta users whose accounts it holds as last pushed) and "appGroups" (the simulated app's
// groups in creation order, each by displayName with its members as account userNames).
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

namespace oktasim::runner {
namespace {

// `key` as an array of strings into `out` (kept when present).
bool strings(MatcherReader& m, std::string_view key, std::optional<std::vector<std::string>>& out) {
    const json::array* items = nullptr;
    if (!m.r.array(key, items)) return false;
    if (!items) return true;
    out.emplace();
    for (std::size_t i = 0; i < items->size(); ++i) {
        if (!(*items)[i].is_string())
            return m.r.fail(m.r.path_of(key) + "/" + std::to_string(i),
                            "expected a string, got " + std::string(json_kind((*items)[i])), scenario_errc::wrong_type);
        out->emplace_back((*items)[i].as_string());
    }
    return true;
}

json::value string_array(const std::vector<std::string>& items) {
    json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return a;
}

struct GroupPushMatcher {
    AppRef app;
    GroupRef group;
    std::optional<bool> absent;
    std::optional<std::string> status;
    std::optional<std::string> error;  // a part of the mapping's error message
    std::optional<bool> app_group_id;  // the app group's id is known (created or linked)
    std::optional<std::vector<std::string>> members;  // Okta logins, any order
    std::optional<std::string> rule;  // the push rule that made the mapping; "" for a group pushed by name
};

// The name of the rule that made the mapping ("" for one pushed by name, or when the rule is gone).
std::string rule_of(engine::App& app, const engine::PushMapping& mp) {
    for (const auto& r : app.push_rules)
        if (r.id == mp.rule_id) return r.name;
    return {};
}

class GroupPushExpectation final : public Expectation {
public:
    GroupPushExpectation(std::string_view key, GroupPushMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        engine::Org& org = world.org();
        engine::App& app = *org.app_by_ref(m_.app.key(world.tenant()));
        const std::string& group_id = m_.group.id(world.tenant());
        const engine::PushMapping* mp = app.push_mapping_of(group_id);
        const std::string at = "groupPush " + m_.group.written + " -> " + app.label + ": ";
        if (m_.absent.value_or(false)) {
            if (mp) out.push_back(at + "expected no push mapping, but there is one");
            return;
        }
        if (!mp) {
            out.push_back(at + "the group is not pushed");
            return;
        }
        if (m_.status) compare("status", *m_.status, std::string(engine::to_string(mp->status)), out, at);
        if (m_.rule) compare("rule", *m_.rule, rule_of(app, *mp), out, at);
        if (m_.error && mp->error.find(*m_.error) == std::string::npos)
            out.push_back(at + "error: expected it to contain " + quoted(*m_.error) + ", got " + quoted(mp->error));
        if (m_.app_group_id)
            compare("appGroupId", *m_.app_group_id ? "known" : "none", mp->app_group_id.empty() ? "none" : "known", out, at);
        if (m_.members) {
            std::vector<std::string> expected = *m_.members, actual = member_logins(org, app, *mp);
            std::sort(expected.begin(), expected.end());
            compare("members", json::serialize(string_array(expected)), json::serialize(string_array(actual)), out, at);
        }
    }
    std::string describe() const override { return std::string(key()) + " " + m_.group.written; }
    json::value actual(World& world, const Cursors&) const override {
        engine::Org& org = world.org();
        engine::App& app = *org.app_by_ref(m_.app.key(world.tenant()));
        const engine::PushMapping* mp = app.push_mapping_of(m_.group.id(world.tenant()));
        if (!mp) return nullptr;
        return json::object{{"status", engine::to_string(mp->status)},
                            {"error", mp->error},
                            {"appGroupId", mp->app_group_id},
                            {"rule", rule_of(app, *mp)},
                            {"members", string_array(member_logins(org, app, *mp))}};
    }

private:
    // The logins of the Okta users whose app accounts the app group holds (sorted).
    static std::vector<std::string> member_logins(engine::Org& org, const engine::App& app, const engine::PushMapping& mp) {
        std::vector<std::string> out;
        for (const auto& [key, au] : org.app_users) {
            if (au.app_key != app.key || !au.external_id || !mp.pushed.contains(*au.external_id)) continue;
            if (const auto u = org.users.find(au.user_id); u != org.users.end()) out.push_back(u->second.login());
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    GroupPushMatcher m_;
};

bool read_group_push(MatcherReader& m, GroupPushMatcher& out) {
    return m.r.only({"app", "group", "absent", "status", "error", "appGroupId", "members", "rule"}) && m.app("app", out.app) &&
           m.group("group", out.group) && m.boolean("absent", out.absent) &&
           m.one_of("status", out.status, {"ACTIVE", "INACTIVE", "ERROR"}) && m.string("error", out.error) &&
           m.boolean("appGroupId", out.app_group_id) && strings(m, "members", out.members) && m.string("rule", out.rule);
}

struct AppGroupMatcher {
    std::optional<std::string> display_name;
    std::optional<std::vector<std::string>> members;  // account userNames, in the group's order
};

struct AppGroupsMatcher {
    AppRef app;
    std::vector<AppGroupMatcher> groups;
};

class AppGroupsExpectation final : public Expectation {
public:
    AppGroupsExpectation(std::string_view key, AppGroupsMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors& cursors, std::vector<std::string>& out) const override {
        const json::value listed = actual(world, cursors);
        const json::array& groups = listed.as_array();
        const std::string at = "appGroups " + m_.app.written + ": ";
        compare("groups", std::to_string(m_.groups.size()), std::to_string(groups.size()), out, at);
        for (std::size_t i = 0; i < m_.groups.size() && i < groups.size(); ++i) {
            const AppGroupMatcher& g = m_.groups[i];
            const json::object& a = groups[i].as_object();
            const std::string where = at + "groups[" + std::to_string(i) + "] ";
            if (g.display_name) compare("displayName", *g.display_name, std::string(a.at("displayName").as_string()), out, where);
            if (g.members)
                compare("members", json::serialize(string_array(*g.members)), json::serialize(a.at("members")), out, where);
        }
    }
    std::string describe() const override { return std::string(key()) + " " + m_.app.written; }
    // The app's groups as {displayName, members: [userName...]}; a member the app has no account for shows its value.
    json::value actual(World& world, const Cursors&) const override {
        json::array out;
        auto* app = world.downstream(m_.app.key(world.tenant()));
        if (!app) return out;
        std::map<std::string, std::string, std::less<>> user_names;
        for (const auto& a : app->accounts())
            if (const auto* id = a.if_contains("id"); id && id->is_string())
                if (const auto* n = a.if_contains("userName"); n && n->is_string())
                    user_names.emplace(std::string(id->as_string()), std::string(n->as_string()));
        for (const auto& g : app->groups()) {
            json::array members;
            if (const auto* list = g.if_contains("members"); list && list->is_array())
                for (const auto& member : list->as_array()) {
                    const auto* v = member.is_object() ? member.as_object().if_contains("value") : nullptr;
                    if (!v || !v->is_string()) continue;
                    const auto name = user_names.find(std::string_view(v->as_string()));
                    members.emplace_back(name == user_names.end() ? std::string(v->as_string()) : name->second);
                }
            const auto* dn = g.if_contains("displayName");
            out.push_back(json::object{{"displayName", dn && dn->is_string() ? std::string(dn->as_string()) : std::string()},
                                       {"members", std::move(members)}});
        }
        return out;
    }

private:
    AppGroupsMatcher m_;
};

bool read_app_groups(MatcherReader& m, AppGroupsMatcher& out) {
    const json::array* groups = nullptr;
    if (!(m.r.only({"app", "groups"}) && m.app("app", out.app) && m.simulated() && m.r.array("groups", groups, true)))
        return false;
    for (std::size_t i = 0; i < groups->size(); ++i) {
        const std::string p = m.r.path_of("groups") + "/" + std::to_string(i);
        if (!(*groups)[i].is_object())
            return m.r.fail(p, "expected an object, got " + std::string(json_kind((*groups)[i])), scenario_errc::wrong_type);
        JsonReader gr((*groups)[i].as_object(), p, *m.r.error());
        MatcherReader g{gr, (*groups)[i].as_object(), m.names};
        AppGroupMatcher& gm = out.groups.emplace_back();
        if (!gr.only({"displayName", "members"}) || !g.string("displayName", gm.display_name) ||
            !strings(g, "members", gm.members))
            return false;
    }
    return true;
}

}  // namespace

namespace expect {
ExpectationEntry group_push() {
    return one_matcher<GroupPushExpectation, GroupPushMatcher, read_group_push>("groupPush");
}
ExpectationEntry app_groups() { return one_matcher<AppGroupsExpectation, AppGroupsMatcher, read_app_groups>("appGroups"); }
}  // namespace expect

}  // namespace oktasim::runner
