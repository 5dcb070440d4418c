// The typed description of an org that a Tenant starts from: users, groups, apps with their provisioning settings,
// connector configuration and optional simulated downstream app, and the assignments they start with. A scenario
// file's loader fills it (names already checked); `check` and the benchmark fill it in code.
#pragma once

#include <oktasim/engine/states.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::engine {
struct ProfileModel;  // profile_model.hpp
}

namespace oktasim::tenant {

namespace json = boost::json;

struct UserSpec {
    std::string id;  // empty: generated from the seed
    std::string status = "ACTIVE";
    json::object profile;
    std::optional<std::string> password;
};

struct GroupSpec {
    std::string id;
    json::object profile;
    std::vector<std::string> members;  // user references (login or id)
};

// An app user as GET /api/v1/apps/{id}/users returns it: the state of one assignment when the org starts.
struct AppUserSpec {
    std::string user;   // the user's id (or login), as in /org/users
    std::string scope = "USER";  // USER: assigned directly; GROUP: through the app's groups only
    std::optional<engine::AppUserStatus> status;  // absent: PROVISIONED when linked, else ACTIVE
    std::optional<engine::SyncState> sync_state;  // absent: SYNCHRONIZED when linked, else DISABLED
    std::optional<std::string> external_id;
    std::optional<std::string> user_name;  // credentials.userName; absent: the user's login
    std::optional<json::object> profile;   // absent: Okta's mapping of the user's profile
};

struct AppSpec {
    std::string key;
    std::string id;
    std::string name = "scim2headerauth";
    std::string label;
    std::string sign_on_mode = "SAML_2_0";
    std::string flavour = "AIW";                           // AIW | OIN
    std::string create_users_off = "problem-statement";    // problem-statement | okta-kb
    std::string group_push_create = "documented";          // documented | aiw-field (docs/okta-behaviour.md §9.3)
    bool api_integration = true;
    bool exclude_username_updates = false;
    bool push_null_values = false;
    bool put_fallback = true;   // an OIN app answering PATCH with 501/405 gets GET + PUT (§2.5 legacy text)
    json::object capabilities;  // USER_PROVISIONING capabilities (Okta's shape); empty: all DISABLED
    // INBOUND_PROVISIONING capabilities (Okta's shape, plus profileSourcing and importSafeguards); empty: Okta's
    // defaults. The safeguards are org-wide: the last app that sets them wins, as a save in the Admin Console does.
    json::object inbound_capabilities;
    bool import_groups = true;  // Provisioning > Integration > Import Groups
    bool push_memberships_immediately = true;  // Push Groups > Group Push Settings
    bool rename_app_groups = true;
    json::object connector;     // {"type": ..., ...}: the connector factory of that type reads the rest
    int concurrency = 1;        // the connector's "concurrency": jobs of the app running at once
    std::optional<json::object> downstream;  // the simulated app; absent: a live server at the connector's URL
    std::vector<std::string> groups;       // group ids or names assigned to the app at the start ("appGroups")
    std::vector<AppUserSpec> app_users;    // assignments at the start ("appUsers")
    // "appUserSchema", "mappings" and credentials.userNameTemplate, read; null: the default SCIM 2.0 profile. Each
    // Tenant gets its own copy (steps change it).
    std::shared_ptr<const engine::ProfileModel> profile_model;
};

// The admin every admin action is logged as (the System Log's actor). Empty fields take the defaults: a generated
// id, "admin@example.com", "Org Admin".
struct AdminSpec {
    std::string id;
    std::string login;
    std::string display_name;
};

struct OrgSpec {
    std::string org_url = "https://example.okta.com";
    AdminSpec admin;
    std::vector<UserSpec> users;
    std::vector<GroupSpec> groups;
    std::vector<AppSpec> apps;
};

}  // namespace oktasim::tenant
