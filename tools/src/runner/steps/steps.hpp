// The loader's action entries: each says how its step is read and checked (its arguments and any extra checks),
// how it runs on the Tenant, and how the timeline describes it. registry.cpp lists them; scenario.cpp applies them.
#pragma once

#include <oktasim/runner/command.hpp>
#include <oktasim/runner/json_reader.hpp>

#include <oktasim/engine/connector.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace oktasim::runner {

// What steps can refer to, by the positions of the org spec. One rule, the running org's (Org::user_by_ref and
// group_by_ref): a user is its id, exact, else its login compared case-insensitively; a group its id, else its
// name, exact; an app its key.
struct Names {
    std::map<std::string, std::size_t, std::less<>> user_ids, user_logins;  // logins lower-cased
    std::map<std::string, std::size_t, std::less<>> group_ids, group_names;
    std::map<std::string, std::size_t, std::less<>> apps;  // keys
    std::set<std::string, std::less<>> simulated;          // keys of apps with a "downstream"
    std::map<std::string, json::object, std::less<>> connectors;  // app key -> its connector config

    std::optional<std::size_t> user(std::string_view ref) const;
    std::optional<std::size_t> group(std::string_view ref) const;
    std::optional<std::size_t> app(std::string_view ref) const;
};

enum class Arg { user, group, app, string, boolean, object, array, duration, task_kind, any };

struct ArgSpec {
    std::string_view key;
    Arg kind;
    bool required;
};

// A step whose arguments passed the entry's ArgSpecs: the entry reads them from here, resolved (user, group and
// app for a reference its ArgSpecs declare, present, as the required ones are).
struct StepReader {
    std::string_view action;  // the entry's name
    JsonReader& r;
    const json::object& step;
    const Names& names;

    UserRef user(std::string_view key = "user") const;
    GroupRef group(std::string_view key = "group") const;
    AppRef app(std::string_view key = "app") const;
    std::string string(std::string_view key) const;  // "" when absent
    const json::value& at(std::string_view key) const { return step.at(key); }
};

struct ActionEntry {
    std::string_view name;
    std::vector<ArgSpec> args;  // in the order they are checked and listed in unknown-key messages
    // Acts on the app's simulated downstream, so the app needs one (unless the step expects an error).
    bool simulated = false;
    // Runs after the ArgSpec checks: any further checks, then the command; null (with the error set) when invalid.
    std::unique_ptr<Command> (*read)(StepReader& s) = nullptr;
};

// A Tenant or engine operation's result as a command returns it.
template <class T>
error_code outcome(const result<T>& r) {
    return r ? error_code{} : r.error();
}

// Every action, in the order messages list them (registry.cpp).
const std::vector<ActionEntry>& action_entries();

// The timeline's line for an action: its name, then arguments as written (strings verbatim, other values as compact
// JSON with secrets redacted), "-> app", then payloads.
class Line {
public:
    explicit Line(std::string_view action) : text_(action) {}
    Line& arg(std::string_view written) { text_ += " " + std::string(written); return *this; }
    Line& value(const json::value& v);
    Line& app(const AppRef& a) { text_ += " -> " + a.written; return *this; }
    std::string str() const { return text_; }

private:
    std::string text_;
};

// The kinds of Dashboard tasks the engine opens (Task::kind).
extern const std::span<const std::string_view> task_kinds;

// ASCII lower case, as logins compare.
std::string lower(std::string_view s);

// Loader checks the entries share with the rest of the loader (scenario.cpp).
std::pair<std::string, std::string> split_error(const std::string& why);
scenario_errc code_of(const error_code& ec);
bool check_faults(JsonReader& r, const json::array& faults, const std::string& path);
bool check_capabilities(JsonReader& r, const json::object& caps);
// The connectors a scenario may name: the built-in ones (until connectors are loaded at run time).
const engine::ConnectorRegistry& connector_registry();

}  // namespace oktasim::runner
