// Group Push's admin actions (docs/okta-behaviour.md §2.10): push a group (a new app group, or a link to an existing one
// by name), Push Now, deactivate and reactivate a mapping, unlink (delete the app group, or leave it); and the org
// changes that make a pushed group's members in the app change. Names are resolved here; the GroupPusher acts.
#include "group_pusher.hpp"
#include "log_targets.hpp"
#include "refusal.hpp"

#include <algorithm>

namespace oktasim::engine {
std::string_view to_string(PushMappingStatus s) noexcept {
    switch (s) {
        case PushMappingStatus::active: return "ACTIVE";
        case PushMappingStatus::inactive: return "INACTIVE";
        case PushMappingStatus::error: return "ERROR";
    }
    return "ACTIVE";
}

PushMapping* App::push_mapping_of(std::string_view group_id) {
    for (auto& m : push_mappings)
        if (m.group_id == group_id) return &m;
    return nullptr;
}

PushRule* App::push_rule_named(std::string_view rule_name) {
    for (auto& r : push_rules)
        if (r.name == rule_name) return &r;
    return nullptr;
}

bool App::assigns_group(std::string_view group_id) const {
    return std::find(assigned_groups.begin(), assigned_groups.end(), group_id) != assigned_groups.end();
}

std::string GroupPusher::cannot_push(const App& app) {
    if (!app.api_integration) return "provisioning is not enabled for " + app.label;
    if (!app.connector || !app.connector->capabilities().groups) return "the connector of " + app.label + " cannot push groups";
    return {};
}

void GroupPusher::add_mapping(App& app, const Group& group, std::string link_to, std::string rule_id) {
    PushMapping m;
    m.id = jobs_.ids().next("0gp");
    m.group_id = group.id;
    m.link_to = std::move(link_to);
    m.rule_id = std::move(rule_id);
    app.push_mappings.push_back(std::move(m));
    schedule(app, app.push_mappings.back());
}

result<void> GroupPusher::push(App& app, Group& group, std::string_view link_to, std::string& why) {
    if (std::string no = cannot_push(app); !no.empty()) return refuse(engine_errc::provisioning_disabled, why, std::move(no));
    if (app.push_mapping_of(group.id))
        return refuse(engine_errc::already_assigned, why, "group " + group.name() + " is already pushed to " + app.label);
    // §2.10: Okta does not support using the same group for assignment and push.
    if (app.assigns_group(group.id))
        return refuse(engine_errc::invalid_transition, why,
                      "group " + group.name() + " is assigned to " + app.label +
                          ": Okta does not support using the same group for assignment and Group Push");
    add_mapping(app, group, std::string(link_to), {});
    return {};
}

result<void> GroupPusher::push_now(App& app, Group& group, std::string& why) {
    PushMapping* m = app.push_mapping_of(group.id);
    if (!m) return refuse(engine_errc::not_assigned, why, "group " + group.name() + " is not pushed to " + app.label);
    if (m->status == PushMappingStatus::inactive)
        return refuse(engine_errc::invalid_transition, why, "the push of group " + group.name() + " is deactivated");
    m->full = true;
    m->stale = false;
    schedule(app, *m);
    return {};
}

result<void> GroupPusher::set_active(App& app, Group& group, bool active, std::string& why) {
    PushMapping* m = app.push_mapping_of(group.id);
    if (!m) return refuse(engine_errc::not_assigned, why, "group " + group.name() + " is not pushed to " + app.label);
    const bool inactive = m->status == PushMappingStatus::inactive;
    if (active == !inactive)
        return refuse(engine_errc::invalid_transition, why,
                      "the push of group " + group.name() + " is already " + (active ? "active" : "deactivated"));
    emit(event(active ? okta_event::group_push_activate : okta_event::group_push_deactivate, app, &group, true));
    if (!active) {
        m->status = PushMappingStatus::inactive;  // the group stays in the app; nothing is pushed
        return {};
    }
    m->status = PushMappingStatus::active;
    m->error.clear();
    m->full = true;  // §2.10: reactivation pushes memberships immediately
    schedule(app, *m);
    return {};
}

result<void> GroupPusher::unlink(App& app, Group& group, bool delete_in_app, std::string& why) {
    PushMapping* m = app.push_mapping_of(group.id);
    if (!m) return refuse(engine_errc::not_assigned, why, "group " + group.name() + " is not pushed to " + app.label);
    if (!delete_in_app || m->app_group_id.empty()) {
        if (m->busy) {  // the running push ends first; then the mapping goes
            m->unlink = PushMapping::Unlink::leave;
            return {};
        }
        emit(event(okta_event::group_push_removed, app, &group, true));  // "Leave the group in the target app"
        remove_mapping(app, m->id);
        return {};
    }
    m->unlink = PushMapping::Unlink::remove;  // "Delete the group in the target app": DELETE /Groups/{id}
    schedule(app, *m);
    return {};
}

result<void> GroupPusher::retry_all(App& app, std::string& why) {
    bool any = false;
    for (auto& m : app.push_mappings) {
        if (m.status != PushMappingStatus::error) continue;
        any = true;
        m.retries = 0;  // the admin's retry starts a new series of automatic ones
        m.retry_pending = false;
        schedule(app, m);
    }
    if (!any) return refuse(engine_errc::invalid_transition, why, "no pushed group of " + app.label + " is in error");
    return {};
}

void GroupPusher::push_stale(App& app) {
    for (auto& m : app.push_mappings) {
        if (!m.stale || m.status == PushMappingStatus::inactive) continue;
        m.stale = false;
        schedule(app, m);
    }
}

void GroupPusher::group_changed(const Group& group) {
    for (auto& app : jobs_.org().apps)
        if (PushMapping* m = app->push_mapping_of(group.id)) {
            if (m->status == PushMappingStatus::inactive) continue;
            if (!app->group_push.push_memberships_immediately) {
                m->stale = true;  // pushed at the next Push Now
                continue;
            }
            schedule(*app, *m);
        }
}

void GroupPusher::user_changed(const User& user) {
    for (auto& app : jobs_.org().apps) app_user_changed(*app, user);
}

void GroupPusher::app_user_changed(App& app, const User& user) {
    for (auto& m : app.push_mappings) {
        const auto it = jobs_.org().groups.find(m.group_id);
        if (it == jobs_.org().groups.end() || !it->second.has_member(user.id)) continue;
        if (m.status == PushMappingStatus::inactive) continue;
        if (!app.group_push.push_memberships_immediately) {
            m.stale = true;
            continue;
        }
        schedule(app, m);
    }
}

void GroupPusher::remove_mapping(App& app, const std::string& mapping_id) {
    std::erase_if(app.push_mappings, [&](const PushMapping& m) { return m.id == mapping_id; });
}

LogEvent GroupPusher::event(EventText text, const App& app, const Group* group, bool web) const {
    LogEvent e = jobs_.admin_event(text);
    e.transaction_type = web ? "WEB" : "JOB";
    e.transaction_id = jobs_.ids().next(web ? "W" : id_prefix::transaction);
    e.targets.push_back(app_target(app));
    if (group) e.targets.push_back(group_target(*group));
    return e;
}

// --- The engine's forwarders -----------------------------------------------------------------------------------

namespace {

template <class F>
result<void> with_app_and_group(Org& org, std::string_view app_ref, std::string_view group_ref, std::string& why, F f) {
    App* app = org.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    Group* group = org.group_by_ref(group_ref);
    if (!group) return missing("group", group_ref, why);
    return f(*app, *group);
}

}  // namespace

result<void> ProvisioningEngine::push_group(std::string_view app, std::string_view group, std::string_view link_to,
                                            std::string& why) {
    return with_app_and_group(org_, app, group, why, [&](App& a, Group& g) { return pusher_->push(a, g, link_to, why); });
}

result<void> ProvisioningEngine::push_group_now(std::string_view app, std::string_view group, std::string& why) {
    return with_app_and_group(org_, app, group, why, [&](App& a, Group& g) { return pusher_->push_now(a, g, why); });
}

result<void> ProvisioningEngine::set_group_push_active(std::string_view app, std::string_view group, bool active,
                                                       std::string& why) {
    return with_app_and_group(org_, app, group, why,
                              [&](App& a, Group& g) { return pusher_->set_active(a, g, active, why); });
}

result<void> ProvisioningEngine::unlink_pushed_group(std::string_view app, std::string_view group, bool delete_in_app,
                                                     std::string& why) {
    return with_app_and_group(org_, app, group, why,
                              [&](App& a, Group& g) { return pusher_->unlink(a, g, delete_in_app, why); });
}

result<void> ProvisioningEngine::set_group_push_settings(std::string_view app_ref, std::optional<bool> immediately,
                                                         std::optional<bool> rename, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    const bool was_immediate = app->group_push.push_memberships_immediately;
    if (immediately) app->group_push.push_memberships_immediately = *immediately;
    if (rename) app->group_push.rename_app_groups = *rename;
    log_admin(okta_event::app_update, {app_target(*app)});
    if (!was_immediate && app->group_push.push_memberships_immediately) pusher_->push_stale(*app);
    return {};
}

result<void> ProvisioningEngine::retry_group_push(std::string_view app_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    return pusher_->retry_all(*app, why);
}

result<std::string> ProvisioningEngine::create_group(std::string name, std::string description, std::string& why) {
    if (name.empty()) return refuse(engine_errc::invalid_transition, why, "a group's name cannot be empty").error();
    if (org_.group_by_ref(name))
        return refuse(engine_errc::already_assigned, why, "a group named " + name + " already exists").error();
    Group g;
    g.id = ids_.next(id_prefix::group);
    g.profile["name"] = std::move(name);
    if (!description.empty()) g.profile["description"] = std::move(description);
    g.created = g.last_updated = g.last_membership_updated = loop_.timestamp();
    std::string id = g.id;
    const Group& group = org_.groups.emplace(id, std::move(g)).first->second;
    org_.groups_changed();
    log_admin(okta_event::group_create, {group_target(group)});
    pusher_->group_appeared(group);
    return id;
}

result<void> ProvisioningEngine::rename_group(std::string_view group_ref, std::string name, std::string& why) {
    Group* group = org_.group_by_ref(group_ref);
    if (!group) return missing("group", group_ref, why);
    if (name.empty()) return refuse(engine_errc::invalid_transition, why, "a group's name cannot be empty");
    if (const Group* other = org_.group_by_ref(name); other && other->id != group->id)
        return refuse(engine_errc::already_assigned, why, "a group named " + name + " already exists");
    group->profile["name"] = std::move(name);
    group->last_updated = loop_.timestamp();
    org_.groups_changed();
    log_admin(okta_event::group_rename, {group_target(*group)});
    pusher_->group_changed(*group);
    pusher_->group_appeared(*group);
    return {};
}

}  // namespace oktasim::engine
