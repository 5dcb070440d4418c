// Group Push by rule (docs/okta-behaviour.md §2.10): "Find groups by rule" makes a push mapping for each Okta group
// whose name (and, if the rule says so, description) matches, when the rule is made and, while it is active, for each
// group that comes to match later. Deleting a rule unlinks the mappings it made.
#include "group_pusher.hpp"
#include "refusal.hpp"

#include <algorithm>

namespace oktasim::engine {
namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string description_of(const Group& g) {
    const auto* d = g.profile.if_contains("description");
    return d && d->is_string() ? std::string(d->as_string()) : std::string();
}

// Only Okta's own groups are pushed: an APP_GROUP came in from an app's import.
bool rule_matches(const PushRule& rule, const Group& g) {
    if (g.type != "OKTA_GROUP" || !rule.group_name.matches(g.name())) return false;
    return !rule.description || rule.description->matches(description_of(g));
}

// The Okta groups the rule matches, by name (then id) so that the pushes go out in an order the admin can follow.
std::vector<const Group*> groups_matching(const Org& org, const PushRule& rule) {
    std::vector<const Group*> out;
    for (const auto& [id, g] : org.groups)
        if (rule_matches(rule, g)) out.push_back(&g);
    std::sort(out.begin(), out.end(), [](const Group* a, const Group* b) {
        return std::pair(a->name(), a->id) < std::pair(b->name(), b->id);
    });
    return out;
}

// A rule leaves alone a group that is pushed to the app already (by name or by another rule; Okta makes no duplicate
// mapping) or assigned to it (Okta does not support one group for both).
bool free_for(App& app, const Group& g) { return !app.push_mapping_of(g.id) && !app.assigns_group(g.id); }

}  // namespace

bool TextCondition::matches(std::string_view text) const {
    const std::string t = lower_ascii(text), v = lower_ascii(value);
    return match == TextMatch::starts_with ? t.starts_with(v) : t.find(v) != std::string::npos;
}

result<void> GroupPusher::add_rule(App& app, PushRule rule, std::string& why) {
    if (std::string no = cannot_push(app); !no.empty()) return refuse(engine_errc::provisioning_disabled, why, std::move(no));
    if (rule.name.empty()) return refuse(engine_errc::invalid_transition, why, "a push rule needs a name");
    if (app.push_rule_named(rule.name))
        return refuse(engine_errc::already_assigned, why, "a push rule named " + rule.name + " exists for " + app.label);
    if (rule.group_name.value.empty() || (rule.description && rule.description->value.empty()))
        return refuse(engine_errc::invalid_transition, why, "push rule " + rule.name + ": a condition needs a string to match");
    const std::vector<const Group*> matches = groups_matching(jobs_.org(), rule);
    if (matches.size() > push_rule_matches_max)
        return refuse(engine_errc::invalid_transition, why,
                      "push rule " + rule.name + " matches " + std::to_string(matches.size()) +
                          " groups: no more than " + std::to_string(push_rule_matches_max) +
                          " groups can match a rule, so Okta refuses it");
    rule.id = jobs_.ids().next("0pr");
    rule.active = true;
    const std::string rule_id = rule.id;
    app.push_rules.push_back(std::move(rule));
    for (const Group* g : matches)
        if (free_for(app, *g)) add_mapping(app, *g, {}, rule_id);
    return {};
}

result<void> GroupPusher::set_rule_active(App& app, std::string_view name, bool active, std::string& why) {
    PushRule* rule = app.push_rule_named(name);
    if (!rule) return refuse(engine_errc::not_found, why, "no push rule '" + std::string(name) + "' for " + app.label);
    if (rule->active == active)
        return refuse(engine_errc::invalid_transition, why,
                      "push rule " + rule->name + " is already " + (active ? "active" : "deactivated"));
    rule->active = active;
    if (!active) return {};
    // Activated again: it pushes the groups that came to match while it was off, as it does those that match later.
    const std::string rule_id = rule->id;
    for (const Group* g : groups_matching(jobs_.org(), *rule))
        if (free_for(app, *g)) add_mapping(app, *g, {}, rule_id);
    return {};
}

result<void> GroupPusher::delete_rule(App& app, std::string_view name, bool delete_in_app, std::string& why) {
    PushRule* rule = app.push_rule_named(name);
    if (!rule) return refuse(engine_errc::not_found, why, "no push rule '" + std::string(name) + "' for " + app.label);
    const std::string rule_id = rule->id;
    std::erase_if(app.push_rules, [&](const PushRule& r) { return r.id == rule_id; });
    // Every mapping the rule made goes, whether or not its group still matches.
    std::vector<std::string> groups;
    for (const auto& m : app.push_mappings)
        if (m.rule_id == rule_id) groups.push_back(m.group_id);
    for (const auto& id : groups) {
        const auto it = jobs_.org().groups.find(id);
        if (it == jobs_.org().groups.end()) {  // the Okta group is gone: its mapping goes with the rule
            std::erase_if(app.push_mappings, [&](const PushMapping& m) { return m.group_id == id; });
            continue;
        }
        std::string ignored;
        (void)unlink(app, it->second, delete_in_app, ignored);  // cannot be refused: the mapping exists
    }
    return {};
}

void GroupPusher::group_appeared(const Group& group) {
    for (auto& app : jobs_.org().apps) {
        if (app->push_rules.empty() || !free_for(*app, group) || !cannot_push(*app).empty()) continue;
        for (const auto& rule : app->push_rules) {
            if (!rule.active || !rule_matches(rule, group)) continue;
            add_mapping(*app, group, {}, rule.id);
            break;  // one mapping per group and app: the first rule that matches makes it
        }
    }
}

// --- The engine's forwarders -----------------------------------------------------------------------------------

result<void> ProvisioningEngine::add_group_push_rule(std::string_view app_ref, PushRule rule, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    return pusher_->add_rule(*app, std::move(rule), why);
}

result<void> ProvisioningEngine::set_group_push_rule_active(std::string_view app_ref, std::string_view rule, bool active,
                                                            std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    return pusher_->set_rule_active(*app, rule, active, why);
}

result<void> ProvisioningEngine::delete_group_push_rule(std::string_view app_ref, std::string_view rule,
                                                        bool delete_in_app, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    return pusher_->delete_rule(*app, rule, delete_in_app, why);
}

}  // namespace oktasim::engine
