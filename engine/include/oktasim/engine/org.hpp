// The Okta org being simulated: users, groups, apps with their provisioning settings, app users (assignments)
// and the task list. Plain data with Okta's JSON shapes; the provisioning engine changes it.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/group_push.hpp>
#include <oktasim/engine/import.hpp>
#include <oktasim/engine/states.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oktasim::engine {

struct ProfileModel;  // profile_model.hpp

namespace json = boost::json;

// Okta user statuses (docs/okta-behaviour.md §4.4).
enum class UserStatus { staged, provisioned, active, recovery, password_expired, locked_out, suspended, deprovisioned };
std::string_view to_string(UserStatus s) noexcept;
std::optional<UserStatus> user_status_from(std::string_view text) noexcept;

struct User {
    std::string id;
    UserStatus status = UserStatus::active;
    json::object profile;                  // login, email, firstName, lastName, ... as in Okta's API
    std::optional<std::string> password;   // known only when the scenario sets one (for Sync Okta Password)
    std::string created, activated, status_changed, last_updated, password_changed;

    std::string login() const;
    std::string profile_string(std::string_view key) const;  // empty when absent or not a string
    json::object to_json(std::string_view org_url) const;    // GET /api/v1/users/{id}
};

struct Group {
    std::string id;
    json::object profile;  // name, description
    // OKTA_GROUP, or APP_GROUP for a group an import brought in from an app (`source_app`, the app's group id).
    std::string type = "OKTA_GROUP";
    std::string source_app, source_id;
    std::string created, last_updated, last_membership_updated;

    std::string name() const;
    std::string description() const;  // empty when absent
    json::object to_json() const;

    // User ids in the order they were added (a scenario may name a member twice: both entries count).
    const std::vector<std::string>& members() const noexcept { return members_; }
    bool has_member(std::string_view user_id) const { return member_count_.find(user_id) != member_count_.end(); }
    void add_member(std::string user_id);
    bool remove_member(std::string_view user_id);  // the first entry; false when not a member

private:
    std::vector<std::string> members_;
    std::map<std::string, std::size_t, std::less<>> member_count_;  // O(log n) membership tests
};

// App integration flavour: AIW (custom app from the App Integration Wizard) or OIN (catalogue template).
enum class Flavour { aiw, oin };
std::string_view to_string(Flavour f) noexcept;

// What Create Users off does when the look-up finds an account (docs/okta-behaviour.md §9.6).
enum class CreateUsersOff {
    problem_statement,  // default: neither create nor link; "User not found"
    okta_kb,            // link an existing match; "Matching user not found." on a miss
};

// Provisioning > To App, as USER_PROVISIONING capabilities (docs/okta-behaviour.md §3.1, §4.1).
struct ToAppSettings {
    bool create_users = false;
    bool update_user_attributes = false;
    bool deactivate_users = false;  // also reactivates (REACTIVATE_USERS)
    bool sync_password = false;
    std::string password_seed = "RANDOM";           // RANDOM | OKTA
    std::string password_change = "KEEP_EXISTING";  // KEEP_EXISTING | CHANGE

    json::object capabilities() const;
};

// Applies a (partial) USER_PROVISIONING capabilities object, as PUT .../features/USER_PROVISIONING takes it.
// False with `why` naming the path (e.g. "/update/profile/status: expected ...") when it is not valid.
bool apply_capabilities(const json::object& capabilities, ToAppSettings& settings, std::string& why);

struct App {
    std::string key;    // the scenario's handle for the app
    std::string id;     // 0oa...
    std::string name;   // e.g. "scim2headerauth"
    std::string label;  // what the Admin Console shows
    std::string sign_on_mode = "SAML_2_0";
    std::string status = "ACTIVE";
    std::string created, last_updated;
    Flavour flavour = Flavour::aiw;
    CreateUsersOff create_users_off = CreateUsersOff::problem_statement;
    bool api_integration = true;  // Provisioning > Integration > Enable API integration
    ToAppSettings to_app;
    bool exclude_username_updates = false;
    bool push_null_values = false;  // Provisioning > Integration > Push Null Values (§3.3)
    bool import_groups = true;      // Provisioning > Integration > Import Groups (§3.3)
    bool put_fallback = true;       // an OIN app that answers PATCH with 501/405 gets GET + PUT (§2.5 legacy text)
    int concurrency = 1;            // jobs of this app running at once (connector "concurrency"; Okta: 1, §1.4)
    json::object connector_config;  // what the connector factory was given
    std::unique_ptr<Connector> connector;
    std::vector<std::string> assigned_groups;  // group ids, in assignment order
    ToOktaSettings to_okta;                    // Provisioning > To Okta
    ImportState import;                        // Dashboard > Import for this app
    GroupPushSettings group_push;              // Push Groups > Group Push Settings
    GroupCreate group_create = GroupCreate::documented;  // which observed create sequence this app gets
    std::vector<PushMapping> push_mappings;    // Push Groups, in the order they were made
    std::vector<PushRule> push_rules;          // Push Groups > By rule, in the order they were made
    // The app user schema, Okta to App mappings and username format the scenario gave (profile_model.hpp); null: the
    // default SCIM 2.0 profile of okta-mappings.md §13.4 (mapping.hpp), which every app without them gets.
    std::shared_ptr<ProfileModel> profile_model;

    PushMapping* push_mapping_of(std::string_view group_id);  // the mapping that pushes the group, if any
    PushRule* push_rule_named(std::string_view rule_name);        // the push rule of that name, if any
    bool assigns_group(std::string_view group_id) const;     // the group is assigned to the app

    json::object user_provisioning_feature(std::string_view org_url) const;  // GET .../features/USER_PROVISIONING
    // GET .../features/INBOUND_PROVISIONING (with the org-wide safeguards it shows).
    json::object inbound_provisioning_feature(std::string_view org_url, const ImportSafeguards& safeguards) const;
    json::object to_json(std::string_view org_url) const;
};

// An app user: a user's assignment to an app (docs/okta-behaviour.md §4.2).
struct AppUser {
    std::string user_id;
    std::string app_key;
    bool direct = false;                  // assigned individually
    std::set<std::string> via_groups;     // group ids that assign it
    AppUserStatus status = AppUserStatus::staged;
    SyncState sync_state = SyncState::disabled;
    std::optional<std::string> external_id;
    std::string user_name;
    json::object profile;
    std::string created, last_updated, status_changed;
    std::optional<std::string> last_sync, password_changed;
    bool assigned_before_provisioning = false;

    std::string scope() const { return direct ? "USER" : "GROUP"; }
    json::object to_json(std::string_view org_url) const;
};

// An entry of Dashboard > Tasks.
struct Task {
    std::string id;
    std::string app_key;
    std::string user_id;
    TaskKind kind = TaskKind::assignment;
    std::string title;    // the Tasks group it is listed under
    std::string message;  // Okta's message
    TaskStatus status = TaskStatus::open;
    std::string status_text;      // e.g. why it is paused and when it resumes
    std::optional<std::string> failure_mode;  // catalogue name
    bool retryable = true;
    int attempts = 0;
    std::string created, last_updated;

    json::object to_json() const;
};

// Orders (app key, user id) pairs of strings or string views alike, so that a look-up builds no key strings.
struct AppUserKeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
        const std::string_view a1 = a.first, b1 = b.first;
        if (const int c = a1.compare(b1); c != 0) return c < 0;
        return std::string_view(a.second) < std::string_view(b.second);
    }
};
using AppUserKey = std::pair<std::string, std::string>;  // (app key, user id)

// The org's look-ups answer in O(1) or O(log n) from indexes that follow the data: users and tasks are only ever
// added (the indexes catch up with what was added, however it was added), groups are not renamed, and whoever changes
// a user's login after adding it calls `login_changed`.
class Org {
public:
    std::string org_url = "https://example.okta.com";
    std::map<std::string, User> users;    // by id
    std::map<std::string, Group> groups;  // by id
    std::vector<std::unique_ptr<App>> apps;
    std::map<AppUserKey, AppUser, AppUserKeyLess> app_users;  // by (app key, user id)
    std::vector<Task> tasks;              // in the order they were opened; never removed
    ImportSafeguards import_safeguards;   // org-wide (§3.2)
    // An import safeguard tripped: every import of every app waits until the admin resumes or cancels (the app whose
    // import tripped it; empty when imports run).
    std::string import_roadblock_app;

    // Adds a user (its id not yet taken) and keeps the login index current, so that importing or loading N users
    // one by one costs O(N log N), not a rebuild per look-up.
    User& add_user(User user);
    // By id, else by login compared case-insensitively (ASCII); of equal logins the smallest id wins.
    User* user_by_ref(std::string_view id_or_login);
    // By id, else by name (exact); of equal names the smallest id wins.
    Group* group_by_ref(std::string_view id_or_name);
    App* app_by_ref(std::string_view key_or_id_or_label);
    AppUser* app_user(std::string_view app_key, std::string_view user_id);
    // Every app user of one app, in user-id order: one range of the (app, user) map, so it costs the app's users, not
    // the org's. The pointers stay valid while those app users exist.
    std::vector<AppUser*> app_users_of(std::string_view app_key);
    Task* task(std::string_view id);
    // The open (or paused) task for this app user and kind, if any (the first opened).
    Task* open_task(std::string_view app_key, std::string_view user_id, TaskKind kind);
    // Every task of this app user, in the order they were opened.
    std::vector<Task*> tasks_of(std::string_view app_key, std::string_view user_id);
    // A user's login changed in place: the login index is rebuilt on the next look-up.
    void login_changed() noexcept { logins_stale_ = true; }
    // A group was renamed or removed: the name index is rebuilt on the next look-up.
    void groups_changed() noexcept { group_names_indexed_ = static_cast<std::size_t>(-1); }

private:
    void index_logins();
    void index_group_names();
    void index_tasks();

    std::map<std::string, std::string, std::less<>> by_login_;  // case-folded login -> user id
    std::size_t logins_indexed_ = 0;                            // users.size() when by_login_ was built
    bool logins_stale_ = true;
    std::map<std::string, std::string, std::less<>> by_group_name_;  // group name -> id (groups are never renamed)
    std::size_t group_names_indexed_ = 0;                            // groups.size() when by_group_name_ was built
    std::map<std::string, std::size_t, std::less<>> task_by_id_;  // -> position in `tasks`
    std::map<AppUserKey, std::vector<std::size_t>, AppUserKeyLess> tasks_by_app_user_;
    std::size_t tasks_indexed_ = 0;  // tasks[0, tasks_indexed_) are in the task indexes
};

}  // namespace oktasim::engine
