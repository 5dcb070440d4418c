// The "log" expectation: System Log events, each matcher finding a later event than the one before, from the shorthand
// keys or a LogEvent pasted from GET /api/v1/logs (or a mix of both).
#include "expect.hpp"

#include <oktasim/runner/expectations.hpp>
#include <oktasim/runner/world.hpp>

#include <oktasim/engine/system_log.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace oktasim::runner {
namespace {

struct LogMatcher {
    std::string event_type;
    // Compared exactly, in this order ("outcome" as a string is outcome.result).
    std::optional<std::string> outcome, reason, display_message, severity;
    std::optional<std::string> reason_contains;
    std::optional<std::string> target;  // some target's id, alternateId or displayName
    std::optional<json::value> debug_data;  // subset-matches debugContext.debugData
    // A pasted LogEvent's keys, each a subset match of the event's JSON at the same key, in this order: actor,
    // legacyEventType, version, debugContext, transaction (its id aside), outcome (Okta's object).
    std::vector<std::pair<std::string_view, json::value>> event_keys;
    std::optional<json::array> targets;  // Okta's target array: each must match some target of the event
    std::string shown;  // the matcher as failures quote it, secrets redacted

    std::string differs(const engine::LogEvent& e) const;
};

std::string LogMatcher::differs(const engine::LogEvent& e) const {
    std::string why;
    const auto field = [&](std::string_view key, const std::optional<std::string>& expected, std::string_view actual) {
        if (expected && why.empty() && *expected != actual)
            why = std::string(key) + ": expected " + quoted(*expected) + ", got " + quoted(actual);
    };
    field("eventType", event_type, e.event_type);
    field("outcome", outcome, e.outcome);
    field("reason", reason, e.outcome_reason.value_or(""));
    field("displayMessage", display_message, e.display_message);
    field("severity", severity, e.severity);
    if (why.empty() && reason_contains && e.outcome_reason.value_or("").find(*reason_contains) == std::string::npos)
        why = "reason: expected it to contain " + quoted(*reason_contains) + ", got " +
              quoted(e.outcome_reason.value_or("null"));
    if (why.empty() && target) {
        bool found = false;
        for (const auto& t : e.targets)
            found = found || t.id == *target || t.alternate_id == *target || t.display_name == *target;
        if (!found) why = "target: no target with id, alternateId or displayName " + quoted(*target);
    }
    if (why.empty() && debug_data) {
        const json::value actual = e.debug_data;
        json_matches(*debug_data, &actual, "debugData", why);
    }
    if (!why.empty() || (event_keys.empty() && !targets)) return why;
    // The keys that describe the one real request behind a pasted event (uuid, published, client, device,
    // authenticationContext, securityContext, request, transaction.id) were accepted and dropped at load: no
    // simulation reproduces them.
    const json::value event = engine::SystemLog::to_json(e);
    const json::object& a = event.as_object();
    for (const auto& [key, expected] : event_keys)
        if (why.empty()) json_matches(expected, a.if_contains(key), std::string(key), why);
    if (why.empty() && targets) {
        const json::array& actual = a.at("target").as_array();
        for (std::size_t i = 0; i < targets->size() && why.empty(); ++i) {
            const json::value& want = (*targets)[i];
            const bool found = std::any_of(actual.begin(), actual.end(), [&](const json::value& t) {
                std::string ignored;
                return json_matches(want, &t, "", ignored);
            });
            if (!found) why = "target/" + std::to_string(i) + ": no target of the event matches " + json::serialize(want);
        }
    }
    return why;
}

bool read_matcher(MatcherReader& m, LogMatcher& out) {
    JsonReader& x = m.r;
    const json::object* obj = nullptr;
    std::string version;  // kept below as a subset match of the event's "version"
    if (!(x.only({"eventType", "outcome", "reason", "reasonContains", "displayMessage", "severity", "target",
                  "debugData", "version", "legacyEventType", "actor", "debugContext", "transaction"},
                 {"uuid", "published", "client", "device", "authenticationContext", "securityContext", "request"}) &&
          m.string("eventType", out.event_type) && m.string("reason", out.reason) &&
          m.string("reasonContains", out.reason_contains) && m.string("displayMessage", out.display_message) &&
          m.string("severity", out.severity) && x.string("version", version) &&
          x.object("actor", obj) && x.object("debugContext", obj) && x.object("transaction", obj)))
        return false;
    const auto string_or = [&](std::string_view key, bool object, std::string_view what) {
        const json::value* v = m.at(key);
        if (!v || v->is_string() || (object ? v->is_object() : v->is_array())) return true;
        return x.fail(x.path_of(key), "expected " + std::string(what) + ", got " + std::string(json_kind(*v)),
                      scenario_errc::wrong_type);
    };
    if (!string_or("outcome", true, "a string (outcome.result) or Okta's outcome object {result, reason}") ||
        !string_or("target", false, "a string (an id, alternateId or displayName) or Okta's target array"))
        return false;
    if (const auto* v = m.at("legacyEventType"); v && !v->is_string() && !v->is_null())
        return x.fail(x.path_of("legacyEventType"), "expected a string or null, got " + std::string(json_kind(*v)),
                      scenario_errc::wrong_type);
    if (const auto* v = m.at("target"); v && v->is_array())
        for (std::size_t i = 0; i < v->as_array().size(); ++i)
            if (!v->as_array()[i].is_object())
                return x.fail(x.path_of("target") + "/" + std::to_string(i),
                              "expected a target object {id, type, alternateId, displayName}, got " +
                                  std::string(json_kind(v->as_array()[i])),
                              scenario_errc::wrong_type);
    if (const auto* v = m.at("outcome")) {
        if (v->is_string()) out.outcome = std::string(v->as_string());
    }
    if (const auto* v = m.at("target")) {
        if (v->is_string()) out.target = std::string(v->as_string());
        else out.targets = v->as_array();
    }
    if (const auto* v = m.at("debugData")) out.debug_data = *v;
    for (const std::string_view key : {"actor", "legacyEventType", "version", "debugContext"})
        if (const auto* v = m.at(key)) out.event_keys.emplace_back(key, *v);
    if (const auto* v = m.at("transaction")) {
        json::object given = v->as_object();
        given.erase("id");  // drawn per run, like the uuid
        out.event_keys.emplace_back("transaction", std::move(given));
    }
    if (const auto* v = m.at("outcome"); v && v->is_object()) out.event_keys.emplace_back("outcome", *v);
    out.shown = shown_json(m.o);
    return true;
}

class LogExpectation final : public Expectation {
public:
    LogExpectation(std::string_view key, std::vector<LogMatcher> m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors& cursors, std::vector<std::string>& out) const override {
        const auto& events = world.log().events();
        std::size_t at = cursors.log;
        for (std::size_t i = 0; i < m_.size(); ++i) {
            std::string closest;
            bool found = false;
            for (std::size_t j = at; j < events.size(); ++j) {
                const std::string why = m_[i].differs(events[j]);
                if (why.empty()) {
                    at = j + 1;
                    found = true;
                    break;
                }
                if (closest.empty() && events[j].event_type == m_[i].event_type) closest = why;
            }
            if (!found) {
                out.push_back("log/" + std::to_string(i) + ": no event matching " + m_[i].shown +
                              " after the events already matched" +
                              (closest.empty() ? std::string() : "; an event of that type differs in " + closest));
                return;
            }
        }
        cursors.log = at;
    }
    std::string describe() const override { return counted(key(), m_.size()); }
    json::value actual(World& world, const Cursors& before) const override {
        json::array events;
        const auto& all = world.log().events();
        for (std::size_t i = before.log; i < all.size(); ++i) events.push_back(engine::SystemLog::to_json(all[i]));
        return events;
    }

private:
    std::vector<LogMatcher> m_;
};

}  // namespace

namespace expect {
ExpectationEntry log() { return matcher_list<LogExpectation, LogMatcher, read_matcher>("log"); }
}  // namespace expect

}  // namespace oktasim::runner
