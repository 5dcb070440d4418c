// The loader's action entries: each says how its step is read and checked (its arguments and any extra checks),
// how it runs on the Tenant, and how the timeline describes it. registry.cpp lists them; load_steps.cpp applies them.
#pragma once

#include "../loader.hpp"

#include <oktasim/runner/command.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::runner {

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
    Names& names;  // a step that makes a group (create-group) adds its name for the steps after it

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

}  // namespace oktasim::runner
