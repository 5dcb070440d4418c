// The provisioning engine: admin and lifecycle actions change the org at once and start provisioning jobs
// (Okta's To-App push flows, docs/okta-behaviour.md §2.2-§2.8) that run as coroutines on the event loop.
#pragma once

#include <oktasim/engine/events.hpp>
#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/engine/ids.hpp>
#include <oktasim/engine/import.hpp>
#include <oktasim/engine/jobs.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::engine {

// §5.4: the first wait after a 429 without a usable Retry-After, and the attempt limit.
inline constexpr sim::Duration rate_limit_default_wait{5 * 60'000};
inline constexpr int rate_limit_attempts_max = 10;
// §5.4: the wait after the `attempt`-th 429 in a row: Retry-After (else 5 minutes) first, then double the last wait.
inline sim::Duration rate_limit_wait(int attempt, sim::Duration previous, std::optional<sim::Duration> retry_after) {
    return attempt == 1 ? retry_after.value_or(rate_limit_default_wait) : previous * 2;
}

struct EventText;  // okta_texts.hpp
class Importer;    // importer.hpp (To Okta)
class GroupPusher; // group_pusher.hpp (Group Push)

class ProvisioningEngine {
public:
    // `feed` (optional) hears each job phase, task change and app-user change as it happens.
    ProvisioningEngine(sim::EventLoop& loop, Org& org, SystemLog& log, IdGenerator& ids, LogActor admin,
                       EventFeed* feed = nullptr);
    ~ProvisioningEngine();
    void set_event_feed(EventFeed* feed) noexcept { jobs_.set_event_feed(feed); }
    // Where jobs run (default: the loop's executor). The host that owns the org may give one that stops running
    // its jobs once the org is gone, when the loop outlives it (tenant::Tenant on a borrowed loop).
    void set_job_executor(asio::any_io_executor executor) noexcept { jobs_.set_executor(std::move(executor)); }

    // Admin and lifecycle actions. Each validates, updates the org, logs, and starts jobs; the jobs run when
    // the loop runs. Errors name what is wrong in `why`.
    result<void> assign_user(std::string_view app, std::string_view user, std::string& why);
    result<void> unassign_user(std::string_view app, std::string_view user, std::string& why);
    result<void> assign_group(std::string_view app, std::string_view group, std::string& why);
    result<void> unassign_group(std::string_view app, std::string_view group, std::string& why);
    result<void> add_group_member(std::string_view group, std::string_view user, std::string& why);
    result<void> remove_group_member(std::string_view group, std::string_view user, std::string& why);
    result<void> update_user_profile(std::string_view user, const json::object& changes, std::string& why);
    result<void> set_user_password(std::string_view user, std::string password, std::string& why);
    result<void> deactivate_user(std::string_view user, std::string& why);
    result<void> activate_user(std::string_view user, std::string& why);  // activate or reactivate
    result<void> suspend_user(std::string_view user, std::string& why);
    result<void> unsuspend_user(std::string_view user, std::string& why);
    // PUT /api/v1/apps/{id}/features/USER_PROVISIONING with a (partial) capabilities body.
    result<void> put_user_provisioning(std::string_view app, const json::object& capabilities, std::string& why);
    result<void> set_api_integration(std::string_view app, bool enabled, std::string& why);
    result<void> provision_user(std::string_view app, std::string_view user, std::string& why);
    result<void> retry_task(std::string_view task_id, std::string& why);
    result<void> dismiss_task(std::string_view task_id, std::string& why);
    // An SSO sign-in to the app: independent of provisioning (problem statement).
    result<void> sign_in(std::string_view user, std::string_view app, std::string& why);
    // Logs a change of the app's API credentials (the caller rebuilds the connector).
    void note_credentials_changed(App& app);

    // To Okta (import_*.cpp, docs/okta-behaviour.md §2.9, §3.2). PUT .../features/INBOUND_PROVISIONING with a (partial)
    // capabilities body; re-arms the app's import schedules.
    result<void> put_inbound_provisioning(std::string_view app, const json::object& capabilities, std::string& why);
    // Import Now (or a schedule firing): starts an import job, which pages the app's users (and groups) and then
    // classifies, links, queues and removes. While an import safeguard holds imports, the import waits for the admin.
    result<void> run_import(std::string_view app, ImportKind kind, std::string& why,
                            ImportTrigger trigger = ImportTrigger::manual);
    // Dashboard > Import: confirm, link (to `link_user`) or ignore one queued account (by its id in the app), or every
    // queued account when `external_id` is empty. Nothing is sent to the app.
    result<void> decide_import(std::string_view app, std::string_view external_id, ImportDecision decision,
                               std::string_view link_user, std::string& why);
    // The "All imports paused" roadblock: Resume All Imports, or Cancel the Affected Import and Resume Other Imports.
    result<void> resume_imports(std::string& why);
    result<void> cancel_roadblocked_import(std::string& why);
    // Arms every app's enabled import schedules (the host calls it once the org is built).
    void start_import_schedules();

    // Group Push (group_push_*.cpp, docs/okta-behaviour.md §2.10). Push a group to the app: a new app group, or with
    // `link_to` the app's existing group of that displayName. Refused for a group assigned to the app.
    result<void> push_group(std::string_view app, std::string_view group, std::string_view link_to, std::string& why);
    // "Push Now": the app group gets the whole membership.
    result<void> push_group_now(std::string_view app, std::string_view group, std::string& why);
    // "Deactivate group push" (nothing is pushed; the group stays in the app) or "Activate" (pushes at once).
    result<void> set_group_push_active(std::string_view app, std::string_view group, bool active, std::string& why);
    // "Unlink pushed group": DELETE the app group (`delete_in_app`) or leave it; the mapping goes either way.
    result<void> unlink_pushed_group(std::string_view app, std::string_view group, bool delete_in_app, std::string& why);
    // POST /api/v1/mappings/{id} on the app's Okta to App mapping (mapping_actions.cpp): `body`'s properties are added
    // or replaced, a null removes one. An app without a profile model gets the default one first. Nothing is pushed:
    // mappings apply when an Okta user changes or is assigned (okta-mappings.md §1).
    result<void> update_to_app_mapping(std::string_view app, const json::object& body, std::string& why);
    // POST /api/v1/meta/schemas/apps/{id}/default on the app: properties added, replaced or (custom, null) removed.
    result<void> update_app_user_schema(std::string_view app, const json::object& body, std::string& why);
    // Sign On > Application username format > "Update Now" (KB-USRUPD): every app user's username computed again
    // from the format (or the userName mapping) and, where it changed, pushed as a profile update when the app
    // provisions profiles. The way to bring usernames up to date in an app that does not update them by itself.
    result<void> update_app_usernames(std::string_view app, std::string& why);
    // Push Groups > Group Push Settings; an absent value stays. Turning "Push group memberships immediately" on again
    // pushes the mappings whose memberships changed while it was off (oktasim's choice: Okta does not say).
    result<void> set_group_push_settings(std::string_view app, std::optional<bool> push_memberships_immediately,
                                         std::optional<bool> rename_app_groups, std::string& why);
    // "Retry All Groups" on the Push Groups tab: every mapping of the app in ERROR pushes again.
    result<void> retry_group_push(std::string_view app, std::string& why);
    // A group's name changes in Okta; a pushed group is renamed in the app per the Group Push settings, and active
    // push rules that the new name matches push it.
    result<void> rename_group(std::string_view group, std::string name, std::string& why);
    // An admin creates a group in Okta (group.lifecycle.create); active push rules that it matches push it. Its id.
    result<std::string> create_group(std::string name, std::string description, std::string& why);
    // "Find groups by rule" (group_push_rules.cpp): a mapping for each group that matches now (a group pushed already,
    // or assigned to the app, is left as it is), and for each that matches later while the rule is active. Refused
    // when more than 100 groups match (§2.10). `rule.id` is generated.
    result<void> add_group_push_rule(std::string_view app, PushRule rule, std::string& why);
    // Deactivate or activate a rule: a deactivated rule makes no new mappings; the ones it made stay as they are.
    result<void> set_group_push_rule_active(std::string_view app, std::string_view rule, bool active, std::string& why);
    // Delete a rule and unlink every mapping it made: DELETE each app group (`delete_in_app`) or leave them.
    result<void> delete_group_push_rule(std::string_view app, std::string_view rule, bool delete_in_app,
                                        std::string& why);

    const LogActor& admin() const noexcept { return jobs_.admin(); }

    // Jobs running now (not counting jobs waiting out a rate-limit pause).
    std::size_t active_jobs() const noexcept { return running_jobs(); }
    // Exact job counts by phase: a job counts as queued from the moment an action starts it until it holds its
    // app's lane, as running while it holds the lane, as waiting while it waits out a rate-limit pause.
    std::size_t queued_jobs() const noexcept { return jobs_.jobs_in(JobPhase::queued); }
    std::size_t running_jobs() const noexcept { return jobs_.jobs_in(JobPhase::running); }
    std::size_t waiting_jobs() const noexcept { return jobs_.jobs_in(JobPhase::waiting_retry); }
    // No job is queued, running or waiting for a retry: the org is settled.
    bool jobs_idle() const noexcept { return queued_jobs() + running_jobs() + waiting_jobs() == 0; }
    // How often each documented failure mode was reached (FoundationDB-style probes).
    const std::array<std::uint64_t, failure_modes.size()>& probes() const noexcept { return jobs_.probes(); }

private:
    void grant(App& app, User& user, bool direct, const std::string& group_id);
    void revoke(App& app, User& user, bool direct, const std::string& group_id);
    void start_assignment(App& app, User& user);
    void start_deprovision(App& app, User& user, std::optional<std::string> external_id);
    void start_profile_push(App& app, User& user);
    void start_activation(App& app, User& user);
    void start_password_push(App& app, User& user, std::string password, bool okta_password);
    void start(JobFlow flow, App& app, User& user, TaskKind kind, std::string argument = {}, bool okta_password = false);

    // A user's status changes now, with its event.
    void set_status(User& user, UserStatus status, EventText text);
    // Assigns `user` to every app that group `group_id` is assigned to.
    void grant_via_group(User& user, const std::string& group_id);

    LogEvent admin_event(EventText text) const;
    // Writes an admin action's System Log event (transaction WEB, actor the admin).
    void log_admin(EventText text, std::vector<LogTarget> targets, json::object debug_data = {});
    std::string web_transaction();

    sim::EventLoop& loop_;
    Org& org_;
    SystemLog& log_;
    IdGenerator& ids_;
    JobContext jobs_;  // what the jobs may touch; the actions share its feed, probes and password streams
    std::unique_ptr<Importer> importer_;  // after jobs_: it runs its imports through the job context
    std::unique_ptr<GroupPusher> pusher_;  // likewise its push jobs
};

}  // namespace oktasim::engine
