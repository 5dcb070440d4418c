// Scenario files: the versioned JSON format that describes an org, its apps and their downstream apps, and a
// timeline of steps and expectations. Loading validates everything up front and names the file, the JSON path
// and what was expected when something is wrong.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/runner/command.hpp>
#include <oktasim/tenant/org_spec.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::runner {

namespace json = boost::json;

inline constexpr std::int64_t scenario_version = 1;

// Where and why a scenario is invalid.
struct LoadError {
    std::string file;
    std::string path;  // JSON pointer, e.g. "/steps/3/user"; empty for whole-file problems
    std::string message;
    error_code code;

    std::string to_string() const;  // "file: /steps/3/user: no user 'bob' ..."
};

using tenant::AppSpec;
using tenant::AppUserSpec;
using tenant::GroupSpec;
using tenant::UserSpec;

// One timeline entry: an action ("do") or an expectation ("expect"), with its JSON path for messages.
struct Step {
    std::string path;    // "/steps/4"
    std::string action;  // the "do" value; empty for expectations
    std::shared_ptr<const Command> command;  // an action, read and resolved at load
    std::string expect_error;                // an action's "expectError"; empty: it must succeed
    json::object reported;  // an action's references and expectError as written, for the run report
    json::object expect;    // an expectation's "expect" object
    std::string note;
};

// The org it describes (org_url, admin, users, groups, apps), then the run.
struct Scenario : tenant::OrgSpec {
    std::string file;
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    std::int64_t start_unix_ms = 0;
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
