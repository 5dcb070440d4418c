// Scenario files: the versioned JSON format that describes an org, its apps and their downstream apps, and a
// timeline of steps and expectations. Loading validates everything up front and names the file, the JSON path
// and what was expected when something is wrong.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/runner/command.hpp>
#include <oktasim/runner/expectation.hpp>
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
// Bounds of "org.generate": a million users is the scale the engine is built and measured for.
inline constexpr std::size_t generated_users_max = 1'000'000;
inline constexpr std::size_t generated_groups_max = 10'000;
// The most jobs of one app that may run at once (connector "concurrency"): the HTTP pool's connection limit.
inline constexpr std::int64_t max_app_concurrency = 64;

// Where and why a scenario is invalid: the problem (its path a JSON pointer from the file's root, e.g.
// "/steps/3/user"; empty for whole-file problems) and the file.
struct LoadError : engine::Problem {
    std::string file;

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
    // An expectation's parts, one per key, read and resolved at load, in the order the step writes them (its
    // timeline line and report); `checks` holds the same parts in the order they are checked (the registry's).
    std::vector<std::shared_ptr<const Expectation>> expect;
    std::vector<const Expectation*> checks;
    // What the run report shows as expected, as written: an action's references and expectError (never its
    // payload, which may carry credentials), or the whole "expect" object.
    json::object reported;
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
