// Scenario files: the versioned JSON format that describes an org, its apps and their downstream apps, and a
// timeline of steps and expectations. Loading validates everything up front and names the file, the JSON path
// and what was expected when something is wrong.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/json_reader.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::runner {

namespace json = boost::json;

inline constexpr std::int64_t scenario_version = 1;

// Where and why a scenario is invalid: the problem (its path a JSON pointer from the file's root, e.g.
// "/steps/3/user"; empty for whole-file problems) and the file.
struct LoadError : engine::Problem {
    std::string file;

    std::string to_string() const;  // "file: /steps/3/user: no user 'bob' ..."
};

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

// An app user as GET /api/v1/apps/{id}/users returns it: the state of one assignment when the scenario starts.
struct AppUserSpec {
    std::string user;   // the user's id (or login), as in /org/users
    std::string scope = "USER";  // USER: assigned directly; GROUP: through the app's groups only
    std::string status;
    std::string sync_state;
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
    bool api_integration = true;
    bool exclude_username_updates = false;
    bool push_null_values = false;
    json::object capabilities;  // USER_PROVISIONING capabilities (Okta's shape); empty: all DISABLED
    json::object connector;     // {"type": "scim2", "baseUrl": ..., "auth": {...}}
    std::optional<json::object> downstream;  // the simulated app; absent: a live server at baseUrl
    std::vector<std::string> groups;       // group ids or names assigned to the app at the start ("appGroups")
    std::vector<AppUserSpec> app_users;    // assignments at the start ("appUsers")
};

// One timeline entry: an action ("do") or an expectation ("expect"), with its JSON path for messages.
struct Step {
    std::string path;  // "/steps/4"
    std::string action;  // the "do" value; empty for expectations
    json::object args;   // the whole step object
    std::string note;
};

struct Scenario {
    std::string file;
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    std::int64_t start_unix_ms = 0;
    std::string org_url = "https://example.okta.com";
    json::object admin;  // {"id", "login", "displayName"}
    std::vector<UserSpec> users;
    std::vector<GroupSpec> groups;
    std::vector<AppSpec> apps;
    std::vector<Step> steps;
};

// Reads and validates a scenario file.
result<Scenario> load_scenario(const std::string& file, LoadError& error);
// Validates a scenario already parsed from `text` (`file` is used in messages).
result<Scenario> parse_scenario(std::string_view text, const std::string& file, LoadError& error);

// The names of the actions and expectation keys the format defines, for help texts and the schema test.
const std::vector<std::string>& action_names();
const std::vector<std::string>& expectation_names();

}  // namespace oktasim::runner
