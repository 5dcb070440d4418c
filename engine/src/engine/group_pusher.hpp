// Internal to Group Push: the GroupPusher keeps each app's push mappings (group_push_actions.cpp: the Push Groups
// tab's actions and the org changes that concern a pushed group) and runs one push job per mapping at a time
// (group_push_run.cpp: create or link, membership deltas per flavour, Push Now, unlink; docs/okta-behaviour.md §2.10).
#pragma once

#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/okta_texts.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace oktasim::engine {

class GroupPusher {
public:
    explicit GroupPusher(JobContext& jobs) : jobs_(jobs) {}

    result<void> push(App& app, Group& group, std::string_view link_to, std::string& why);
    result<void> push_now(App& app, Group& group, std::string& why);
    result<void> set_active(App& app, Group& group, bool active, std::string& why);
    result<void> unlink(App& app, Group& group, bool delete_in_app, std::string& why);
    result<void> retry_all(App& app, std::string& why);
    void push_stale(App& app);  // the mappings whose memberships changed while pushes waited for Push Now
    // group_push_rules.cpp
    result<void> add_rule(App& app, PushRule rule, std::string& why);
    result<void> set_rule_active(App& app, std::string_view rule, bool active, std::string& why);
    result<void> delete_rule(App& app, std::string_view rule, bool delete_in_app, std::string& why);

    // Org changes that may change what a pushed group's members are in the app.
    void group_changed(const Group& group);   // members added or removed, or renamed
    void user_changed(const User& user);      // activated, deactivated, suspended: every group it is in
    void app_user_changed(App& app, const User& user);  // provisioned or unassigned in that app
    void group_appeared(const Group& group);  // created, or renamed: the active push rules it now matches push it

private:
    // group_push_run.cpp
    void schedule(App& app, PushMapping& mapping);  // starts the mapping's job, or makes the running one go again
    asio::awaitable<void> run(std::string app_key, std::string mapping_id, JobTicket ticket);
    // One pass: create or link, then the membership change; false when it failed (the mapping shows the error).
    asio::awaitable<bool> push_once(std::string app_key, std::string mapping_id, JobTicket& ticket, bool& held);
    // True when the app group is gone and the mapping with it.
    asio::awaitable<bool> delete_in_app(std::string app_key, std::string mapping_id, JobTicket& ticket, bool& held);
    // Creates the app group; false when it failed (the mapping shows the error).
    asio::awaitable<bool> create_in_app(std::string app_key, std::string mapping_id, JobTicket& ticket, bool& held);
    // Sends one request through the app's connector as it is now; on 429 waits per §5.4 (stepping aside from the
    // app's lane) and sends it again, up to 10 attempts.
    template <class T, class Send>
    asio::awaitable<result<T>> patiently(std::string app_key, JobTicket& ticket, bool& held, Diagnostics& diag, Send send);

    PushMapping* mapping(const std::string& app_key, const std::string& mapping_id);
    // What the app should hold: the members assigned to the app, provisioned and active in Okta (§2.10).
    std::vector<GroupMember> members_to_push(const App& app, const Group& group) const;
    void fail(App& app, PushMapping& m, std::string_view head, const Group* group, const Diagnostics& diag,
              error_code ec);
    LogEvent event(EventText text, const App& app, const Group* group, bool web) const;
    void emit(LogEvent e) { jobs_.log().emit(std::move(e)); }
    void remove_mapping(App& app, const std::string& mapping_id);
    // Why the app cannot push groups now (empty: it can).
    static std::string cannot_push(const App& app);
    // A new mapping of `group` (by name, or by the rule `rule_id`), its push started.
    void add_mapping(App& app, const Group& group, std::string link_to, std::string rule_id);

    JobContext& jobs_;
};

}  // namespace oktasim::engine
