// Admin and lifecycle actions: validate, change the org, write the System Log, and start provisioning jobs.
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/engine/passwords.hpp>

#include "group_pusher.hpp"
#include "importer.hpp"
#include "log_targets.hpp"
#include "refusal.hpp"

#include <algorithm>

namespace oktasim::engine {
namespace {

// The admin-action shape: look up what the action names, refuse what Okta refuses (refusal.hpp), change the org, and
// write one System Log event (ProvisioningEngine::log_admin).


bool is_active_status(UserStatus s) {
    return s == UserStatus::active || s == UserStatus::password_expired || s == UserStatus::locked_out ||
           s == UserStatus::recovery;
}

}  // namespace

ProvisioningEngine::ProvisioningEngine(sim::EventLoop& loop, Org& org, SystemLog& log, IdGenerator& ids, LogActor admin,
                                       EventFeed* feed)
    : loop_(loop), org_(org), log_(log), ids_(ids), jobs_(loop, org, log, ids, std::move(admin), feed),
      importer_(std::make_unique<Importer>(*this, jobs_)),
      pusher_(std::make_unique<GroupPusher>(jobs_)) {
    // A pushed group's member is pushed once provisioned in the app, and leaves the app group when unassigned.
    jobs_.set_app_user_hook([this](const AppUser& au) {
        App* app = org_.app_by_ref(au.app_key);
        const auto user = org_.users.find(au.user_id);
        if (app && !app->push_mappings.empty() && user != org_.users.end()) pusher_->app_user_changed(*app, user->second);
    });
}

ProvisioningEngine::~ProvisioningEngine() = default;

std::string ProvisioningEngine::web_transaction() { return ids_.next("W"); }

LogEvent ProvisioningEngine::admin_event(EventText text) const { return jobs_.admin_event(text); }

void ProvisioningEngine::log_admin(EventText text, std::vector<LogTarget> targets, json::object debug_data) {
    LogEvent e = admin_event(text);
    e.transaction_id = web_transaction();
    e.targets = std::move(targets);
    e.debug_data = std::move(debug_data);
    log_.emit(std::move(e));
}

void ProvisioningEngine::set_status(User& user, UserStatus status, EventText text) {
    user.status = status;
    user.status_changed = user.last_updated = loop_.timestamp();
    log_admin(text, {user_target(user)});
    pusher_->user_changed(user);  // §2.10: only active users are pushed
}

void ProvisioningEngine::grant_via_group(User& user, const std::string& group_id) {
    for (auto& app : org_.apps) {
        const auto& g = app->assigned_groups;
        if (std::find(g.begin(), g.end(), group_id) != g.end()) grant(*app, user, false, group_id);
    }
}

// Each job waits in its app's lane as a QueuedJob; the ticket counts it as queued from this moment.
void ProvisioningEngine::start(JobFlow flow, App& app, User& user, TaskKind kind, std::string argument,
                               bool okta_password) {
    jobs_.submit(QueuedJob{flow, &app, std::move(argument), okta_password, JobTicket(jobs_, app, user, kind), {}});
}

void ProvisioningEngine::start_assignment(App& app, User& user) {
    start(JobFlow::assignment, app, user, TaskKind::assignment);
}

void ProvisioningEngine::start_deprovision(App& app, User& user, std::optional<std::string> external_id) {
    if (external_id) start(JobFlow::deprovision, app, user, TaskKind::deprovision, *external_id);
}

void ProvisioningEngine::start_profile_push(App& app, User& user) {
    start(JobFlow::profile_push, app, user, TaskKind::profile_push);
}

void ProvisioningEngine::start_activation(App& app, User& user) {
    start(JobFlow::activation, app, user, TaskKind::assignment);
}

void ProvisioningEngine::start_password_push(App& app, User& user, std::string password, bool okta_password) {
    start(JobFlow::password_push, app, user, TaskKind::password, std::move(password), okta_password);
}

void ProvisioningEngine::grant(App& app, User& user, bool direct, const std::string& group_id) {
    if (AppUser* au = org_.app_user(app.key, user.id)) {
        if (direct) au->direct = true;
        else au->via_groups.insert(group_id);
        jobs_.app_user_changed(*au);
        return;
    }
    AppUser au;
    au.user_id = user.id;
    au.app_key = app.key;
    au.direct = direct;
    if (!direct) au.via_groups.insert(group_id);
    au.profile = app_user_profile(app, user, nullptr).profile;
    au.user_name = user_name_of(au.profile, user);
    au.created = au.last_updated = au.status_changed = loop_.timestamp();
    if (app.api_integration) {
        au.status = AppUserStatus::staged;
        au.sync_state = SyncState::syncing;
    } else {
        // SSO-only assignment (§4.2): nothing is pushed until provisioning is enabled and an admin provisions it.
        au.status = AppUserStatus::active;
        au.sync_state = SyncState::disabled;
        au.assigned_before_provisioning = true;
    }
    jobs_.app_user_changed(org_.app_users.emplace(std::pair{app.key, user.id}, std::move(au)).first->second);

    log_admin(okta_event::app_membership_add, {user_target(user), app_target(app)},
              {{"appname", app.name}, {"scope", direct ? "USER" : "GROUP"}});
    if (app.api_integration) start_assignment(app, user);
}

void ProvisioningEngine::revoke(App& app, User& user, bool direct, const std::string& group_id) {
    AppUser* au = org_.app_user(app.key, user.id);
    if (!au) return;
    if (direct) au->direct = false;
    else au->via_groups.erase(group_id);
    if (au->direct || !au->via_groups.empty()) {
        jobs_.app_user_changed(*au);
        return;
    }

    const std::optional<std::string> external_id = au->external_id;
    const AppUser removed = std::move(*au);
    org_.app_users.erase({app.key, user.id});
    jobs_.app_user_removed(removed);
    for (Task* t : org_.tasks_of(app.key, user.id)) {
        if (t->kind != TaskKind::deprovision && is_open(t->status)) {
            t->status = TaskStatus::resolved;
            t->status_text = task_text::unassigned;
            t->last_updated = loop_.timestamp();
            jobs_.task_changed(*t);
        }
    }
    log_admin(okta_event::app_membership_remove, {user_target(user), app_target(app)}, {{"appname", app.name}});

    if (!app.api_integration || !external_id) return;
    if (app.to_app.deactivate_users) {
        start_deprovision(app, user, external_id);
    } else {
        jobs_.probe(failure_mode::deactivate_off_account_stays_active);  // nothing is sent; the account stays active
    }
}

result<void> ProvisioningEngine::assign_user(std::string_view app_ref, std::string_view user_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!app) return missing("app", app_ref, why);
    if (!user) return missing("user", user_ref, why);
    if (user->status == UserStatus::deprovisioned)
        return refuse(engine_errc::invalid_transition, why, "user " + user->login() + " is deactivated");
    if (const AppUser* au = org_.app_user(app->key, user->id); au && au->direct)
        return refuse(engine_errc::already_assigned, why, user->login() + " is already assigned to " + app->label);
    grant(*app, *user, true, {});
    return {};
}

result<void> ProvisioningEngine::unassign_user(std::string_view app_ref, std::string_view user_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!app) return missing("app", app_ref, why);
    if (!user) return missing("user", user_ref, why);
    const AppUser* au = org_.app_user(app->key, user->id);
    if (!au || !au->direct)
        return refuse(engine_errc::not_assigned, why, user->login() + " is not assigned to " + app->label + " directly");
    revoke(*app, *user, true, {});
    return {};
}

result<void> ProvisioningEngine::assign_group(std::string_view app_ref, std::string_view group_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    Group* group = org_.group_by_ref(group_ref);
    if (!app) return missing("app", app_ref, why);
    if (!group) return missing("group", group_ref, why);
    auto& groups = app->assigned_groups;
    if (std::find(groups.begin(), groups.end(), group->id) != groups.end())
        return refuse(engine_errc::already_assigned, why, "group " + group->name() + " is already assigned to " + app->label);
    // docs/okta-behaviour.md §2.10: Okta does not support using the same group for assignment and push.
    if (app->push_mapping_of(group->id))
        return refuse(engine_errc::invalid_transition, why,
                      "group " + group->name() + " is pushed to " + app->label +
                          ": Okta does not support using the same group for assignment and Group Push");
    groups.push_back(group->id);
    log_admin(okta_event::group_app_add, {group_target(*group), app_target(*app)});
    for (const auto& member : group->members()) {
        User& user = org_.users.at(member);
        if (user.status != UserStatus::deprovisioned) grant(*app, user, false, group->id);
    }
    return {};
}

result<void> ProvisioningEngine::unassign_group(std::string_view app_ref, std::string_view group_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    Group* group = org_.group_by_ref(group_ref);
    if (!app) return missing("app", app_ref, why);
    if (!group) return missing("group", group_ref, why);
    auto& groups = app->assigned_groups;
    const auto it = std::find(groups.begin(), groups.end(), group->id);
    if (it == groups.end())
        return refuse(engine_errc::not_assigned, why, "group " + group->name() + " is not assigned to " + app->label);
    groups.erase(it);
    log_admin(okta_event::group_app_remove, {group_target(*group), app_target(*app)});
    for (const auto& member : group->members()) revoke(*app, org_.users.at(member), false, group->id);
    return {};
}

result<void> ProvisioningEngine::add_group_member(std::string_view group_ref, std::string_view user_ref, std::string& why) {
    Group* group = org_.group_by_ref(group_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!group) return missing("group", group_ref, why);
    if (!user) return missing("user", user_ref, why);
    if (group->has_member(user->id))
        return refuse(engine_errc::already_assigned, why, user->login() + " is already a member of " + group->name());
    group->add_member(user->id);
    group->last_membership_updated = loop_.timestamp();
    log_admin(okta_event::group_member_add, {user_target(*user), group_target(*group)});
    if (user->status != UserStatus::deprovisioned) grant_via_group(*user, group->id);
    pusher_->group_changed(*group);
    return {};
}

result<void> ProvisioningEngine::remove_group_member(std::string_view group_ref, std::string_view user_ref,
                                                     std::string& why) {
    Group* group = org_.group_by_ref(group_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!group) return missing("group", group_ref, why);
    if (!user) return missing("user", user_ref, why);
    if (!group->remove_member(user->id))
        return refuse(engine_errc::not_assigned, why, user->login() + " is not a member of " + group->name());
    group->last_membership_updated = loop_.timestamp();
    log_admin(okta_event::group_member_remove, {user_target(*user), group_target(*group)});
    for (auto& app : org_.apps) revoke(*app, *user, false, group->id);
    pusher_->group_changed(*group);
    return {};
}

result<void> ProvisioningEngine::update_user_profile(std::string_view user_ref, const json::object& changes,
                                                     std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    for (const auto& [k, v] : changes) {
        if (v.is_null()) user->profile.erase(k);
        else user->profile[k] = v;
    }
    if (changes.contains("login")) org_.login_changed();
    user->last_updated = loop_.timestamp();
    log_admin(okta_event::update_profile, {user_target(*user)});

    for (auto& app : org_.apps) {
        AppUser* au = org_.app_user(app->key, user->id);
        if (!au) continue;
        // Only PUSH mappings are evaluated again; the rest of the stored profile stays (okta-mappings.md §5).
        json::object profile = app_user_profile(*app, *user, &au->profile).profile;
        if (!usernames_follow_changes(*app)) {  // KB-USRUPD: the username waits for Update Now
            if (const json::value* kept = au->profile.if_contains("userName")) profile["userName"] = *kept;
        }
        if (profile == au->profile) continue;
        au->profile = std::move(profile);
        if (!app->exclude_username_updates) au->user_name = user_name_of(au->profile, *user);
        au->last_updated = loop_.timestamp();
        jobs_.app_user_changed(*au);
        if (!app->api_integration || !au->external_id) continue;
        if (app->to_app.update_user_attributes) {
            start_profile_push(*app, *user);
        } else {
            jobs_.probe(failure_mode::update_users_off);  // nothing is sent; the app keeps the old values
        }
    }
    return {};
}

result<void> ProvisioningEngine::set_user_password(std::string_view user_ref, std::string password, std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    user->password = password;
    user->password_changed = user->last_updated = loop_.timestamp();
    log_admin(okta_event::update_password, {user_target(*user)});
    for (auto& app : org_.apps) {
        const AppUser* au = org_.app_user(app->key, user->id);
        const auto& s = app->to_app;
        if (!au || !au->external_id || !app->api_integration || !s.sync_password) continue;
        // §2.8: the new Okta password goes out with seed OKTA; with RANDOM only Password Change "CHANGE" sends one.
        if (s.password_seed != "OKTA" && s.password_change != "CHANGE") continue;
        PasswordChoice p = choose_password(PasswordFor::existing_account, s, *user, jobs_.passwords(app->key));
        start_password_push(*app, *user, std::move(p.password), p.okta);
    }
    return {};
}

result<void> ProvisioningEngine::deactivate_user(std::string_view user_ref, std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    if (user->status == UserStatus::deprovisioned)
        return refuse(engine_errc::invalid_transition, why, user->login() + " is already deactivated");
    set_status(*user, UserStatus::deprovisioned, okta_event::user_deactivate);
    // Deactivation removes every assignment (direct ones for good; group ones come back on reactivation).
    for (auto& app : org_.apps) {
        if (AppUser* au = org_.app_user(app->key, user->id)) {
            au->direct = false;
            au->via_groups.clear();
            revoke(*app, *user, true, {});
        }
    }
    return {};
}

result<void> ProvisioningEngine::activate_user(std::string_view user_ref, std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    if (is_active_status(user->status) || user->status == UserStatus::suspended)
        return refuse(engine_errc::invalid_transition, why, user->login() + " is already active");
    const bool reactivation = user->status == UserStatus::deprovisioned;
    // Both are POST .../lifecycle/activate (docs/okta-behaviour.md §4.4): Okta's `reactivate` is for PROVISIONED users.
    set_status(*user, UserStatus::active, okta_event::user_activate);
    if (user->activated.empty()) user->activated = user->status_changed;
    if (!reactivation) {
        // §2.7: accounts created while the user was pending are activated now (with Deactivate Users, which
        // carries the activation lifecycle).
        for (auto& app : org_.apps) {
            const AppUser* au = org_.app_user(app->key, user->id);
            if (au && au->external_id && app->api_integration && app->to_app.deactivate_users)
                start_activation(*app, *user);
        }
    }
    // Group-based assignments return; direct ones do not (docs/okta-behaviour.md §2.6, conflict resolved that way).
    for (const auto& [gid, group] : org_.groups)
        if (group.has_member(user->id)) grant_via_group(*user, gid);
    return {};
}

result<void> ProvisioningEngine::suspend_user(std::string_view user_ref, std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    if (user->status != UserStatus::active)
        return refuse(engine_errc::invalid_transition, why, "only ACTIVE users can be suspended; " + user->login() +
                                                                " is " + std::string(to_string(user->status)));
    set_status(*user, UserStatus::suspended, okta_event::user_suspend);
    return {};  // §2.5: suspending sends nothing to apps and keeps assignments
}

result<void> ProvisioningEngine::unsuspend_user(std::string_view user_ref, std::string& why) {
    User* user = org_.user_by_ref(user_ref);
    if (!user) return missing("user", user_ref, why);
    if (user->status != UserStatus::suspended)
        return refuse(engine_errc::invalid_transition, why, user->login() + " is not suspended");
    set_status(*user, UserStatus::active, okta_event::user_unsuspend);
    return {};
}

namespace {

// Reads `status` ("ENABLED"/"DISABLED") at `path` of a partial capabilities body into `flag`.
bool read_status(const json::object& o, std::string_view path, bool& flag, std::string& why) {
    Problem problem;
    std::string status;
    if (!JsonReader(o, std::string(path), problem).one_of("status", status, {"ENABLED", "DISABLED"})) {
        why = problem.to_string();
        return false;
    }
    if (!status.empty()) flag = status == "ENABLED";
    return true;
}

// Refuses keys of `o` at `path` other than `keys`; each of them but "status", "seed" and "change" is an object.
bool only_keys(const json::object& o, std::initializer_list<std::string_view> keys, std::string_view path,
               std::string& why) {
    Problem problem;
    JsonReader r(o, std::string(path), problem);
    const json::object* member = nullptr;
    bool ok = r.only(keys);
    for (std::string_view k : keys)
        if (ok && k != "status" && k != "seed" && k != "change") ok = r.object(k, member);
    if (!ok) why = problem.to_string();
    return ok;
}

}  // namespace

bool apply_capabilities(const json::object& caps, ToAppSettings& s, std::string& why) {
    if (!only_keys(caps, {"create", "update"}, "", why)) return false;
    if (const auto* c = caps.if_contains("create")) {
        const auto& create = c->as_object();
        if (!only_keys(create, {"lifecycleCreate"}, "/create", why)) return false;
        if (const auto* lc = create.if_contains("lifecycleCreate")) {
            if (!only_keys(lc->as_object(), {"status"}, "/create/lifecycleCreate", why)) return false;
            if (!read_status(lc->as_object(), "/create/lifecycleCreate", s.create_users, why)) return false;
        }
    }
    const auto* u = caps.if_contains("update");
    if (!u) return true;
    const auto& update = u->as_object();
    if (!only_keys(update, {"profile", "lifecycleDeactivate", "password"}, "/update", why)) return false;
    if (const auto* p = update.if_contains("profile")) {
        if (!only_keys(p->as_object(), {"status"}, "/update/profile", why)) return false;
        if (!read_status(p->as_object(), "/update/profile", s.update_user_attributes, why)) return false;
    }
    if (const auto* d = update.if_contains("lifecycleDeactivate")) {
        if (!only_keys(d->as_object(), {"status"}, "/update/lifecycleDeactivate", why)) return false;
        if (!read_status(d->as_object(), "/update/lifecycleDeactivate", s.deactivate_users, why)) return false;
    }
    if (const auto* pw = update.if_contains("password")) {
        const auto& o = pw->as_object();
        if (!only_keys(o, {"status", "seed", "change"}, "/update/password", why)) return false;
        if (!read_status(o, "/update/password", s.sync_password, why)) return false;
        if (const auto* seed = o.if_contains("seed")) {
            if (!seed->is_string() || (seed->as_string() != "RANDOM" && seed->as_string() != "OKTA")) {
                why = "/update/password/seed: expected \"RANDOM\" or \"OKTA\"";
                return false;
            }
            s.password_seed = std::string(seed->as_string());
        }
        if (const auto* change = o.if_contains("change")) {
            if (!change->is_string() || (change->as_string() != "KEEP_EXISTING" && change->as_string() != "CHANGE")) {
                why = "/update/password/change: expected \"KEEP_EXISTING\" or \"CHANGE\"";
                return false;
            }
            s.password_change = std::string(change->as_string());
        }
    }
    return true;
}

result<void> ProvisioningEngine::put_user_provisioning(std::string_view app_ref, const json::object& capabilities,
                                                       std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    if (!app->api_integration)
        return refuse(engine_errc::provisioning_disabled, why, "provisioning is not enabled for " + app->label);
    ToAppSettings next = app->to_app;
    if (!apply_capabilities(capabilities, next, why)) return make_error_code(engine_errc::invalid_transition);
    const bool deactivate_changed = next.deactivate_users != app->to_app.deactivate_users;
    const json::object before = app->to_app.capabilities();
    app->to_app = next;
    app->last_updated = loop_.timestamp();
    json::object details{{"changeDetails", json::object{{"from", before}, {"to", app->to_app.capabilities()}}}};
    if (deactivate_changed)
        details["customMessage"] =
            next.deactivate_users ? "Deprovisioning unassigned users" : "Stop deprovisioning unassigned users";
    log_admin(okta_event::app_update, {app_target(*app)}, std::move(details));
    return {};
}

result<void> ProvisioningEngine::set_api_integration(std::string_view app_ref, bool enabled, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    if (app->api_integration == enabled) return {};
    app->api_integration = enabled;
    app->last_updated = loop_.timestamp();
    log_admin(okta_event::app_update, {app_target(*app)}, {{"apiIntegration", enabled ? "ENABLED" : "DISABLED"}});
    if (!enabled) return {};
    // KB-BEFORE: assignments made while provisioning was off are flagged and wait for "Provision User".
    for (AppUser* member : org_.app_users_of(app->key)) {
        AppUser& au = *member;
        if (!au.assigned_before_provisioning) continue;
        jobs_.probe(failure_mode::assigned_before_provisioning);
        Task t;
        t.id = ids_.next(id_prefix::task);
        t.app_key = app->key;
        t.user_id = au.user_id;
        t.kind = TaskKind::provision_user;
        t.title = text_of(TaskKind::provision_user).title;
        t.message = std::string(info(failure_mode::assigned_before_provisioning).message);
        t.failure_mode = std::string(info(failure_mode::assigned_before_provisioning).name);
        t.created = t.last_updated = loop_.timestamp();
        org_.tasks.push_back(std::move(t));
        jobs_.task_changed(org_.tasks.back());
        au.sync_state = SyncState::error;
        au.last_updated = loop_.timestamp();
        jobs_.app_user_changed(au);
        const User& user = org_.users.at(au.user_id);
        LogEvent failed = admin_event(okta_event::sync);
        failed.transaction_id = web_transaction();
        failed.outcome = "FAILURE";
        failed.severity = "ERROR";
        failed.legacy_event_type = okta_event::provision_user_failed_legacy;
        failed.outcome_reason = std::string(info(failure_mode::assigned_before_provisioning).message);
        failed.targets = {app_target(*app), user_target(user)};
        failed.debug_data["appname"] = app->name;
        log_.emit(std::move(failed));
    }
    return {};
}

result<void> ProvisioningEngine::provision_user(std::string_view app_ref, std::string_view user_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!app) return missing("app", app_ref, why);
    if (!user) return missing("user", user_ref, why);
    AppUser* au = org_.app_user(app->key, user->id);
    if (!au) return refuse(engine_errc::not_assigned, why, user->login() + " is not assigned to " + app->label);
    if (!app->api_integration)
        return refuse(engine_errc::provisioning_disabled, why, "provisioning is not enabled for " + app->label);
    au->assigned_before_provisioning = false;
    au->status = AppUserStatus::staged;
    au->sync_state = SyncState::syncing;
    jobs_.app_user_changed(*au);
    if (Task* t = org_.open_task(app->key, user->id, TaskKind::provision_user)) {
        t->status = TaskStatus::resolved;
        t->last_updated = loop_.timestamp();
        jobs_.task_changed(*t);
    }
    start_assignment(*app, *user);
    return {};
}

result<void> ProvisioningEngine::retry_task(std::string_view task_id, std::string& why) {
    Task* t = org_.task(task_id);
    if (!t) return missing("task", task_id, why);
    if (t->status != TaskStatus::open)
        return refuse(engine_errc::invalid_transition, why, "task " + t->id + " is " + std::string(to_string(t->status)));
    if (!t->retryable)
        return refuse(engine_errc::not_retryable, why,
                      "task " + t->id + " (\"" + t->title + "\") has no Retry: finish it in the app and dismiss it");
    App* app = org_.app_by_ref(t->app_key);
    User& user = org_.users.at(t->user_id);
    if (!org_.app_user(app->key, user.id))
        return refuse(engine_errc::not_assigned, why, user.login() + " is no longer assigned to " + app->label);
    if (t->kind == TaskKind::provision_user) return provision_user(app->key, user.id, why);
    if (t->kind == TaskKind::profile_push) {
        start_profile_push(*app, user);
    } else if (t->kind == TaskKind::password) {
        PasswordChoice p = choose_password(PasswordFor::existing_account, app->to_app, user, jobs_.passwords(app->key));
        start_password_push(*app, user, std::move(p.password), p.okta);
    } else {
        AppUser* au = org_.app_user(app->key, user.id);
        au->status = au->external_id ? au->status : AppUserStatus::staged;
        au->sync_state = SyncState::syncing;
        jobs_.app_user_changed(*au);
        start_assignment(*app, user);
    }
    return {};
}

result<void> ProvisioningEngine::dismiss_task(std::string_view task_id, std::string& why) {
    Task* t = org_.task(task_id);
    if (!t) return missing("task", task_id, why);
    if (!is_open(t->status))
        return refuse(engine_errc::invalid_transition, why, "task " + t->id + " is " + std::string(to_string(t->status)));
    t->status = TaskStatus::dismissed;
    t->last_updated = loop_.timestamp();
    jobs_.task_changed(*t);
    return {};
}

result<void> ProvisioningEngine::sign_in(std::string_view user_ref, std::string_view app_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    User* user = org_.user_by_ref(user_ref);
    if (!app) return missing("app", app_ref, why);
    if (!user) return missing("user", user_ref, why);
    const AppUser* au = org_.app_user(app->key, user->id);
    LogEvent e;
    e.event_type = okta_event::sso.type;
    e.display_message = okta_event::sso.message;
    e.actor = {user->id, "User", user->login(), display_name(*user)};
    e.transaction_id = web_transaction();
    e.targets = {app_target(*app)};
    e.debug_data["appname"] = app->name;
    if (!is_active_status(user->status)) {
        e.outcome = "FAILURE";
        e.outcome_reason = "User is not active";
        e.severity = "WARN";
    } else if (!au) {
        e.outcome = "FAILURE";
        e.outcome_reason = "User is not assigned to this application";
        e.severity = "WARN";
    } else {
        // SSO does not look at provisioning: record what the provisioning side looks like, to show they differ.
        e.debug_data["appUserStatus"] = to_string(au->status);
        e.debug_data["appUserSyncState"] = to_string(au->sync_state);
    }
    log_.emit(std::move(e));
    return {};
}

void ProvisioningEngine::note_credentials_changed(App& app) {
    app.last_updated = loop_.timestamp();
    log_admin(okta_event::app_update, {app_target(app)}, {{"customMessage", "Provisioning API credentials updated"}});
}

}  // namespace oktasim::engine
