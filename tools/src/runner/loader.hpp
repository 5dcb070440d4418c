// The scenario loader's stages (scenario.cpp runs them in order: JSON syntax, org, apps, steps) and what they share
// with the action and expectation entries: references under one rule, and the checks that read other parsers.
#pragma once

#include <oktasim/runner/json_reader.hpp>
#include <oktasim/runner/scenario.hpp>

#include <oktasim/engine/connector.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace oktasim::runner {

// What steps can refer to, by the positions of the org spec. One rule, the running org's (Org::user_by_ref and
// group_by_ref): a user is its id, exact, else its login compared case-insensitively; a group its id, else its
// name, exact; an app its key.
struct Names {
    std::map<std::string, std::size_t, std::less<>> user_ids, user_logins;  // logins lower-cased
    std::map<std::string, std::size_t, std::less<>> group_ids, group_names;
    std::size_t group_count = 0;  // /org/groups, then the groups that create-group steps make, in step order
    std::map<std::string, std::size_t, std::less<>> apps;  // keys
    std::set<std::string, std::less<>> simulated;          // keys of apps with a "downstream"
    std::map<std::string, json::object, std::less<>> connectors;  // app key -> its connector config

    std::optional<std::size_t> user(std::string_view ref) const;
    std::optional<std::size_t> group(std::string_view ref) const;
    std::optional<std::size_t> app(std::string_view ref) const;
};

// What a step's argument or an expectation's matcher key holds.
enum class Arg { user, group, app, string, boolean, object, array, duration, task_kind, any };

// A reference at `key` of `o` (kind user, group or app): a string, not empty, naming one under the Names rule.
bool check_ref(JsonReader& r, const json::object& o, std::string_view key, Arg kind, bool required, const Names& names);
// The app at "app" of `o` has a simulated downstream: steps that act on or look into it need one, or they could
// only fail at run time.
bool check_simulated(JsonReader& r, const json::object& o, const Names& names);

// ASCII lower case, as logins compare.
std::string lower(std::string_view s);

// Splits "/a/b: message" (the form the connector and simulated-app parsers use) into path and message.
std::pair<std::string, std::string> split_error(const std::string& why);
// The simulated app's parsers report their own scenario_errc; keep it, or say bad_value.
scenario_errc code_of(const error_code& ec);
// A "faults" array (of a downstream or a set-faults step) at `path`, as the simulated app reads it.
bool check_faults(JsonReader& r, const json::array& faults, const std::string& path);
// An app feature's USER_PROVISIONING capabilities.
bool check_capabilities(JsonReader& r, const json::object& caps);
// The same for INBOUND_PROVISIONING capabilities (engine::apply_inbound_capabilities), found at `path`.
// `app`: the app they belong to, when it is known here: an AIW app cannot source Okta users, and matching can use
// only attributes its App to Okta mapping writes. A step's body is checked against its app when it runs.
bool check_inbound_capabilities(JsonReader& r, const std::string& path, const json::object& caps,
                                const AppSpec* app = nullptr);
// The connectors a scenario may name: the built-in ones (until connectors are loaded at run time).
const engine::ConnectorRegistry& connector_registry();

// The stages. Each reports the first problem in the reader's (or `error`'s) problem and returns false.
// Strict JSON (no comments, trailing commas or repeated keys) into `root`; every error names a line and column.
bool parse_json(std::string_view text, json::value& root, LoadError& error);
// "/org": admin, users and groups (listed and generated), recorded in `names`.
bool read_org(JsonReader& r, Scenario& sc, Names& names);
// "/apps" (`r` reads the scenario object): each app, its connector and downstream configs and its starting
// assignments, recorded in `names`.
bool read_apps(JsonReader& r, const json::array& apps, Scenario& sc, Names& names);
// "/steps" (`r` reads the scenario object): each action into its command, each expectation into its parts.
bool read_steps(JsonReader& r, const json::array& steps, Scenario& sc, Names& names);

}  // namespace oktasim::runner
