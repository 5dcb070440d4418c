// The loader's "/steps" stage: each action's arguments checked against its entry's ArgSpecs and read into a typed
// command (steps/), each expectation key read by its entry into a typed part (expect/).
#include "loader.hpp"

#include "expect/expect.hpp"
#include "steps/steps.hpp"

#include <oktasim/engine/states.hpp>
#include <oktasim/sim/clock.hpp>

#include <algorithm>
#include <map>

namespace oktasim::runner {
namespace {

bool check_arg(JsonReader& r, const ArgSpec& a, const json::object& step, const Names& names) {
    switch (a.kind) {
        case Arg::user:
        case Arg::group:
        case Arg::app: return check_ref(r, step, a.key, a.kind, a.required, names);
        case Arg::string: {
            std::string s;
            return r.string(a.key, s, a.required);
        }
        case Arg::boolean: {
            bool b = false;
            return r.boolean(a.key, b, a.required);
        }
        case Arg::object: {
            const json::object* o = nullptr;
            return r.object(a.key, o, a.required);
        }
        case Arg::array: {
            const json::array* arr = nullptr;
            return r.array(a.key, arr, a.required);
        }
        case Arg::duration: {
            std::string d;
            if (!r.string(a.key, d, a.required)) return false;
            if (step.contains(a.key) && sim::is_overlong_duration(d))
                return r.fail(r.path_of(a.key), "\"" + d + "\" is longer than the longest duration, " +
                                                    std::string(sim::max_duration_text), scenario_errc::bad_value);
            if (step.contains(a.key) && !sim::parse_duration(d))
                return r.fail(r.path_of(a.key),
                              "expected a duration like \"250ms\", \"30s\", \"1m30s\" or \"2h\" (units d, h, m, s, ms, "
                              "largest first), got \"" + d + "\"",
                              scenario_errc::bad_value);
            return true;
        }
        case Arg::task_kind: {
            std::string k;
            return r.one_of(a.key, k, engine::task_kind_names, a.required);
        }
        case Arg::any:
            if (a.required && !step.contains(a.key))
                return r.fail(r.path_of(a.key), "missing", scenario_errc::missing_key);
            return true;
    }
    return true;
}

// An action step: the entry its "do" names checks the keys and arguments it declares, then reads the command.
std::unique_ptr<Command> read_action(JsonReader& r, const json::object& step, const std::string& action,
                                     Names& names) {
    const auto& table = action_entries();
    const auto it = std::find_if(table.begin(), table.end(), [&](const ActionEntry& a) { return a.name == action; });
    if (it == table.end()) {
        std::string list;
        for (const auto& a : table) list += (list.empty() ? "" : ", ") + std::string(a.name);
        return r.fail(r.path_of("do"), "unknown action \"" + action + "\"; expected one of: " + list, scenario_errc::bad_value),
               nullptr;
    }
    std::vector<std::string_view> known{"do", "note", "expectError"};
    for (const auto& a : it->args) known.push_back(a.key);
    for (const auto& [k, v] : step) {
        if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end()) {
            std::string list;
            for (auto kk : known) list += (list.empty() ? "" : ", ") + std::string(kk);
            return r.fail(r.path_of(pointer_escape(k)), "unknown key for \"" + action + "\"; expected one of: " + list,
                          scenario_errc::unknown_key),
                   nullptr;
        }
    }
    for (const auto& a : it->args)
        if (!check_arg(r, a, step, names)) return nullptr;
    std::string expect_error;
    if (!r.string("expectError", expect_error)) return nullptr;
    if (it->simulated && !step.contains("expectError") && !check_simulated(r, step, names)) return nullptr;
    StepReader reader{it->name, r, step, names};
    return it->read(reader);
}

// An expectation: the entry of each key it gives reads that key (in the registry's order, the order of the checks)
// into a typed part; the step keeps the parts in the order written, too.
bool read_expectation(JsonReader& r, const json::object& expect, const Names& names, Step& step) {
    const auto& table = expectation_entries();
    std::vector<std::string_view> keys;
    for (const auto& e : table) keys.push_back(e.key);
    if (!r.only(keys)) return false;
    if (expect.empty()) {
        std::string list;
        for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
        return r.fail(r.path(), "an expectation needs at least one of: " + list, scenario_errc::missing_key);
    }
    std::map<std::string_view, std::shared_ptr<const Expectation>> parts;
    for (const auto& entry : table) {
        if (!expect.contains(entry.key)) continue;
        ExpectReader reader{entry.key, r, names};
        std::shared_ptr<const Expectation> part = entry.read(reader);
        if (!part) return false;
        step.checks.push_back(part.get());
        parts.emplace(entry.key, std::move(part));
    }
    for (const auto& [key, v] : expect) step.expect.push_back(parts.at(std::string_view(key)));
    step.reported = expect;
    return true;
}

}  // namespace

bool read_steps(JsonReader& r, const json::array& steps, Scenario& sc, Names& names) {
    sim::Duration advanced{0};  // the sum of the `advance` steps so far, kept below the horizon of virtual time
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string p = r.path_of("steps") + "/" + std::to_string(i);
        if (!steps[i].is_object())
            return r.fail(p, "expected a step object with \"do\" or \"expect\"", scenario_errc::wrong_type);
        const json::object& o = steps[i].as_object();
        JsonReader sr(o, p, *r.error());
        Step step;
        step.path = p;
        if (!sr.string("note", step.note)) return false;
        if (o.contains("do") == o.contains("expect"))
            return r.fail(p, "a step has exactly one of \"do\" (an action) or \"expect\" (an expectation)",
                          scenario_errc::bad_value);
        if (o.contains("do")) {
            if (!sr.string("do", step.action, true)) return false;
            auto command = read_action(sr, o, step.action, names);
            if (!command) return false;
            if ((advanced += command->advances_by()) > sim::Duration{sim::time_horizon})
                return r.fail(sr.path_of("by"), "advances virtual time past its horizon, start + " +
                                                    std::string(sim::max_duration_text), scenario_errc::bad_value);
            step.command = std::move(command);
            sr.string("expectError", step.expect_error);
            // What the run report shows of an action: its references and expected error, never its payload
            // (it may carry credentials, "auth").
            for (const char* key : {"do", "user", "group", "app", "userName", "by", "expectError"})
                if (const auto* v = o.if_contains(key)) step.reported[key] = *v;
        } else {
            const json::object* e = nullptr;
            if (!sr.only({"expect", "note"}) || !sr.object("expect", e, true)) return false;
            JsonReader er(*e, sr.path_of("expect"), *r.error());
            if (!read_expectation(er, *e, names, step)) return false;
        }
        sc.steps.push_back(std::move(step));
    }
    return true;
}

}  // namespace oktasim::runner
