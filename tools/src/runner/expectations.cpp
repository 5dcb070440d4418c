// Checking expectation steps against the world.
#include <oktasim/runner/expectations.hpp>

#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/system_log.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <boost/json/serialize.hpp>

namespace oktasim::runner {
namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Failures never show a secret (fixtures/README.md, "Secrets in failures"): a secret reads as "[REDACTED]" with
// its length, so "empty" and "the wrong length" stay visible, and the two sides are said to differ.
std::string secret(std::string_view value) {
    return "\"[REDACTED]\" (" + std::to_string(value.size()) + " chars)";
}
std::string secret_mismatch(const std::string& shown_expected, const std::string& shown_actual) {
    return "expected " + shown_expected + ", got " + shown_actual + "; the values differ (secrets are not shown)";
}

// A header value as a failure shows it: credentials redacted as in transcripts ("Bearer [REDACTED]").
std::string shown_header(std::string_view name, std::string_view value) {
    if (!wire::is_secret_header(name) || value.empty()) return quoted(value);
    const auto redacted = wire::redact({{std::string(name), std::string(value)}});
    return quoted(redacted.front().value) + " (" + std::to_string(value.size()) + " chars)";
}

// A JSON value as a failure shows it: every secret field inside redacted.
std::string shown_json(const json::value& v) { return wire::redact_body(json::serialize(v)); }

// True when the last segment of a "body/a/password"-style path names a secret field.
bool secret_path(std::string_view path) {
    const auto slash = path.rfind('/');
    return wire::is_secret_field(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

void compare(std::string_view what, const std::string& expected, const std::string& actual, std::vector<std::string>& out,
             const std::string& context) {
    if (expected != actual)
        out.push_back(context + std::string(what) + ": expected " + quoted(expected) + ", got " + quoted(actual));
}

bool task_matches(const json::object& m, const engine::Task& t, World& w, std::string& why) {
    const auto field = [&](std::string_view key, const std::string& actual) {
        if (!m.contains(key) || !why.empty()) return;
        if (str(m, key) != actual) why = std::string(key) + ": expected " + quoted(str(m, key)) + ", got " + quoted(actual);
    };
    if (m.contains("app")) field("app", w.org().app_by_ref(str(m, "app"))->key == t.app_key ? str(m, "app") : t.app_key);
    if (m.contains("user") && why.empty()) {
        const engine::User* u = w.org().user_by_ref(str(m, "user"));
        if (!u || u->id != t.user_id) why = "user: expected " + quoted(str(m, "user")) + ", got " +
                                            quoted(w.org().users.at(t.user_id).login());
    }
    field("kind", std::string(engine::to_string(t.kind)));
    field("title", t.title);
    field("message", t.message);
    field("status", std::string(engine::to_string(t.status)));
    field("failureMode", t.failure_mode.value_or(""));
    if (why.empty() && m.contains("messageContains") && t.message.find(str(m, "messageContains")) == std::string::npos)
        why = "message: expected it to contain " + quoted(str(m, "messageContains")) + ", got " + quoted(t.message);
    if (why.empty() && m.contains("statusTextContains") && t.status_text.find(str(m, "statusTextContains")) == std::string::npos)
        why = "statusText: expected it to contain " + quoted(str(m, "statusTextContains")) + ", got " + quoted(t.status_text);
    if (why.empty() && m.contains("retryable") && m.at("retryable").as_bool() != t.retryable)
        why = std::string("retryable: expected ") + (t.retryable ? "false" : "true");
    if (why.empty() && m.contains("attempts") && m.at("attempts").as_int64() != t.attempts)
        why = "attempts: expected " + json::serialize(m.at("attempts")) + ", got " + std::to_string(t.attempts);
    return why.empty();
}

// The LogEvent keys a pasted event is matched on, each a subset match of the event's JSON. The keys that
// describe the one real request behind it (uuid, published, client, device, authenticationContext,
// securityContext, request, transaction.id) are accepted and not compared: no simulation reproduces them.
bool log_event_keys_match(const json::object& m, const engine::LogEvent& e, std::string& why) {
    const json::value actual = engine::SystemLog::to_json(e);
    const json::object& a = actual.as_object();
    for (const std::string_view key : {"actor", "legacyEventType", "version", "debugContext"}) {
        if (const auto* v = m.if_contains(key); v && why.empty()) json_matches(*v, a.if_contains(key), std::string(key), why);
    }
    if (const auto* v = m.if_contains("transaction"); v && why.empty()) {
        json::object given = v->as_object();
        given.erase("id");  // drawn per run, like the uuid
        json_matches(given, a.if_contains("transaction"), "transaction", why);
    }
    if (const auto* v = m.if_contains("outcome"); v && v->is_object() && why.empty())
        json_matches(*v, a.if_contains("outcome"), "outcome", why);
    if (const auto* v = m.if_contains("target"); v && v->is_array() && why.empty()) {
        // Each given target must match some target of the event (by the keys it gives), in any order.
        const json::array& targets = a.at("target").as_array();
        for (std::size_t i = 0; i < v->as_array().size() && why.empty(); ++i) {
            const json::value& want = v->as_array()[i];
            const bool found = std::any_of(targets.begin(), targets.end(), [&](const json::value& t) {
                std::string ignored;
                return json_matches(want, &t, "", ignored);
            });
            if (!found) why = "target/" + std::to_string(i) + ": no target of the event matches " + json::serialize(want);
        }
    }
    return why.empty();
}

bool event_matches(const json::object& m, const engine::LogEvent& e, std::string& why) {
    const auto field = [&](std::string_view key, const std::string& actual) {
        if (m.contains(key) && why.empty() && m.at(key).is_string() && str(m, key) != actual)
            why = std::string(key) + ": expected " + quoted(str(m, key)) + ", got " + quoted(actual);
    };
    field("eventType", e.event_type);
    field("outcome", e.outcome);
    field("reason", e.outcome_reason.value_or(""));
    field("displayMessage", e.display_message);
    field("severity", e.severity);
    if (why.empty() && m.contains("reasonContains") &&
        e.outcome_reason.value_or("").find(str(m, "reasonContains")) == std::string::npos)
        why = "reason: expected it to contain " + quoted(str(m, "reasonContains")) + ", got " +
              quoted(e.outcome_reason.value_or("null"));
    if (why.empty() && m.contains("target") && m.at("target").is_string()) {
        const std::string target = str(m, "target");
        bool found = false;
        for (const auto& t : e.targets) found = found || t.id == target || t.alternate_id == target || t.display_name == target;
        if (!found) why = "target: no target with id, alternateId or displayName " + quoted(target);
    }
    if (why.empty() && m.contains("debugData")) {
        const json::value actual = e.debug_data;
        json_matches(m.at("debugData"), &actual, "debugData", why);
    }
    return why.empty() && log_event_keys_match(m, e, why);
}

bool request_matches(const json::object& m, const wire::Exchange& x, std::string& why) {
    const auto& r = x.request;
    const auto field = [&](std::string_view key, std::string_view actual) {
        if (m.contains(key) && why.empty() && str(m, key) != actual)
            why = std::string(key) + ": expected " + quoted(str(m, key)) + ", got " + quoted(actual);
    };
    field("app", x.app);
    field("method", r.method);
    field("path", r.path());
    field("target", r.target);
    if (why.empty() && m.contains("query")) {
        for (const auto& [k, v] : m.at("query").as_object()) {
            std::string actual;
            bool present = false;
            for (const wire::QueryPair& pair : wire::split_query(r.query())) {
                if (pair.name != std::string_view(k)) continue;
                present = true;
                actual = wire::percent_decode(pair.value).value_or("");
            }
            const std::string expected = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
            if (expected == "$absent") {
                if (present) {
                    why = "query " + std::string(k) + ": expected no such parameter, got " +
                          (wire::is_secret_field(k) ? secret(actual) : quoted(actual));
                    break;
                }
                continue;
            }
            if (!present || actual != expected) {
                const bool hide = wire::is_secret_field(k);
                why = "query " + std::string(k) + ": " +
                      (hide && present ? secret_mismatch(secret(expected), secret(actual))
                                       : "expected " + (hide ? secret(expected) : quoted(expected)) + ", got " +
                                             (present ? quoted(actual) : std::string("nothing")));
                break;
            }
        }
    }
    if (why.empty() && m.contains("headers")) {
        for (const auto& [k, v] : m.at("headers").as_object()) {
            const std::string expected = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
            const std::string_view actual = r.header(k);
            if (expected == "$absent" ? !actual.empty() : actual != expected) {
                const std::string got = shown_header(k, actual);
                why = "header " + std::string(k) + ": " +
                      (expected == "$absent" ? "expected no such header, got " + got
                       : wire::is_secret_header(k) && !actual.empty()
                           ? secret_mismatch(shown_header(k, expected), got)
                           : "expected " + shown_header(k, expected) + ", got " + got);
                break;
            }
        }
    }
    if (why.empty() && m.contains("body")) {
        boost::system::error_code ec;
        const json::value body = json::parse(r.body, ec);
        if (ec) why = "body: expected JSON, got " + quoted(wire::redact_body(r.body));
        else json_matches(m.at("body"), &body, "body", why);
    }
    if (why.empty() && m.contains("status")) {
        const std::int64_t expected = m.at("status").as_int64();
        const std::int64_t actual = x.delivery.response ? x.delivery.response->status : 0;
        if (expected != actual) why = "status: expected " + std::to_string(expected) + ", got " + std::to_string(actual);
    }
    if (why.empty() && m.contains("failure")) field("failure", wire::to_string(x.delivery.failure));
    return why.empty();
}

std::string describe_request(const wire::Exchange& x) {
    std::string out = x.app + ": " + x.request.method + " " + x.request.target;
    if (x.delivery.response) out += " -> " + std::to_string(x.delivery.response->status);
    return out;
}

}  // namespace

bool json_matches(const json::value& expected, const json::value* actual, const std::string& path, std::string& why) {
    const bool hide = secret_path(path);
    const auto shown = [&](const json::value& v) {
        return hide && v.is_string() ? secret(v.as_string()) : shown_json(v);
    };
    if (expected.is_string() && expected.as_string() == "$absent") {
        if (actual) why = path + ": expected no value, got " + shown(*actual);
        return !actual;
    }
    if (!actual) {
        why = path + ": expected " + shown(expected) + ", got nothing";
        return false;
    }
    if (expected.is_string() && expected.as_string() == "$any") return true;
    if (expected.is_object()) {
        if (!actual->is_object()) {
            why = path + ": expected an object, got " + shown(*actual);
            return false;
        }
        for (const auto& [k, v] : expected.as_object()) {
            if (!json_matches(v, actual->as_object().if_contains(k), path + "/" + std::string(k), why)) return false;
        }
        return true;
    }
    if (expected.is_array()) {
        if (!actual->is_array() || actual->as_array().size() != expected.as_array().size()) {
            why = path + ": expected " + shown(expected) + ", got " + shown(*actual);
            return false;
        }
        for (std::size_t i = 0; i < expected.as_array().size(); ++i) {
            if (!json_matches(expected.as_array()[i], &actual->as_array()[i], path + "/" + std::to_string(i), why))
                return false;
        }
        return true;
    }
    const bool same = expected == *actual ||
                      (expected.is_number() && actual->is_number() && expected.to_number<double>() == actual->to_number<double>());
    if (!same)
        why = path + ": " +
              (hide && (expected.is_string() || actual->is_string())
                   ? secret_mismatch(shown(expected), shown(*actual))
                   : "expected " + shown(expected) + ", got " + shown(*actual));
    return same;
}

std::vector<std::string> Expectations::check(const Step& step) {
    std::vector<std::string> out;
    const json::object& e = step.expect;
    if (const auto* v = e.if_contains("appUser")) app_user(v->as_object(), out);
    if (const auto* v = e.if_contains("task")) task(v->as_object(), out);
    if (const auto* v = e.if_contains("openTasks")) open_tasks(v->as_array(), out);
    if (const auto* v = e.if_contains("log")) log(v->as_array(), out);
    if (const auto* v = e.if_contains("requests")) requests(v->as_array(), out);
    if (const auto* v = e.if_contains("accounts")) accounts(v->as_object(), out);
    if (const auto* v = e.if_contains("account")) account(v->as_object(), out);
    if (const auto* v = e.if_contains("user")) user(v->as_object(), out);
    if (const auto* v = e.if_contains("backendLog")) backend_log(v->as_object(), out);
    return out;
}

std::string Expectations::describe(const Step& step) const {
    std::string out;
    for (const auto& [k, v] : step.expect) {
        if (!out.empty()) out += ", ";
        out += std::string(k);
        if (v.is_array()) out += "[" + std::to_string(v.as_array().size()) + "]";
        else if (v.is_object() && v.as_object().contains("user")) out += " " + str(v.as_object(), "user");
    }
    return out;
}

void Expectations::app_user(const json::object& e, std::vector<std::string>& out) {
    const engine::App* app = world_.org().app_by_ref(str(e, "app"));
    const engine::User* user = world_.org().user_by_ref(str(e, "user"));
    const engine::AppUser* au = world_.org().app_user(app->key, user->id);
    const std::string ctx = "appUser " + app->key + "/" + user->login() + ": ";
    const bool absent = e.contains("absent") && e.at("absent").as_bool();
    if (absent || !au) {
        if (absent && au) out.push_back(ctx + "expected no assignment, but the user is assigned (" + std::string(engine::to_string(au->status)) + ")");
        if (!absent && !au) out.push_back(ctx + "expected an assignment, but the user is not assigned");
        return;
    }
    if (e.contains("status")) compare("status", str(e, "status"), std::string(engine::to_string(au->status)), out, ctx);
    if (e.contains("syncState")) compare("syncState", str(e, "syncState"), std::string(engine::to_string(au->sync_state)), out, ctx);
    if (e.contains("scope")) compare("scope", str(e, "scope"), au->scope(), out, ctx);
    if (e.contains("userName")) compare("credentials.userName", str(e, "userName"), au->user_name, out, ctx);
    if (const auto* ext = e.if_contains("externalId")) {
        if (ext->is_bool() && ext->as_bool() != au->external_id.has_value())
            out.push_back(ctx + "externalId: expected " + (ext->as_bool() ? "an id" : "none") + ", got " +
                          (au->external_id ? quoted(*au->external_id) : std::string("none")));
        if (ext->is_string()) compare("externalId", std::string(ext->as_string()), au->external_id.value_or(""), out, ctx);
    }
}

void Expectations::task(const json::object& e, std::vector<std::string>& out) {
    std::string closest;
    for (auto it = world_.org().tasks.rbegin(); it != world_.org().tasks.rend(); ++it) {
        std::string why;
        if (task_matches(e, *it, world_, why)) return;
        if (closest.empty()) closest = why;
    }
    out.push_back("task: no task matches " + shown_json(e) +
                  (world_.org().tasks.empty() ? std::string(" (there are no tasks)") : "; the newest differs in " + closest));
}

void Expectations::open_tasks(const json::array& e, std::vector<std::string>& out) {
    std::vector<const engine::Task*> open;
    for (const auto& t : world_.org().tasks)
        if (engine::is_open(t.status)) open.push_back(&t);
    if (open.size() != e.size()) {
        std::string list;
        for (const auto* t : open) list += "\n      " + std::string(engine::to_string(t->status)) + " [" + t->title + "] " + t->message;
        out.push_back("openTasks: expected " + std::to_string(e.size()) + " open task(s), got " +
                      std::to_string(open.size()) + list);
        return;
    }
    for (std::size_t i = 0; i < e.size(); ++i) {
        std::string why;
        if (!task_matches(e[i].as_object(), *open[i], world_, why))
            out.push_back("openTasks/" + std::to_string(i) + ": " + why);
    }
}

void Expectations::log(const json::array& e, std::vector<std::string>& out) {
    const auto& events = world_.log().events();
    std::size_t at = log_cursor_;
    for (std::size_t i = 0; i < e.size(); ++i) {
        const json::object& m = e[i].as_object();
        std::string closest;
        bool found = false;
        for (std::size_t j = at; j < events.size(); ++j) {
            std::string why;
            if (event_matches(m, events[j], why)) {
                at = j + 1;
                found = true;
                break;
            }
            if (closest.empty() && events[j].event_type == str(m, "eventType")) closest = why;
        }
        if (!found) {
            out.push_back("log/" + std::to_string(i) + ": no event matching " + shown_json(m) + " after the events already matched" +
                          (closest.empty() ? std::string() : "; an event of that type differs in " + closest));
            return;
        }
    }
    log_cursor_ = at;
}

void Expectations::requests(const json::array& e, std::vector<std::string>& out) {
    const auto& xs = world_.wire().exchanges();
    const std::size_t sent = xs.size() - request_cursor_;
    std::string list;
    for (std::size_t j = request_cursor_; j < xs.size(); ++j) list += "\n      " + describe_request(xs[j]);
    if (sent != e.size()) {
        out.push_back("requests: expected " + std::to_string(e.size()) + " request(s) since the last check, got " +
                      std::to_string(sent) + (list.empty() ? std::string(" (none)") : list));
    } else {
        for (std::size_t i = 0; i < e.size(); ++i) {
            std::string why;
            if (!request_matches(e[i].as_object(), xs[request_cursor_ + i], why))
                out.push_back("requests/" + std::to_string(i) + " (" + describe_request(xs[request_cursor_ + i]) + "): " + why);
        }
    }
    request_cursor_ = xs.size();
}

// The app's users: from the simulated app, or read from a live server over SCIM.
std::optional<std::vector<json::object>> Expectations::app_accounts(const std::string& app_key, std::string& why) {
    if (auto* app = world_.downstream(app_key)) return app->accounts();
    auto live = world_.read_live_accounts(app_key, why);
    if (!live) return std::nullopt;
    return std::move(*live);
}

void Expectations::accounts(const json::object& e, std::vector<std::string>& out) {
    std::string why;
    auto list = app_accounts(str(e, "app"), why);
    if (!list) {
        out.push_back("accounts: " + why);
        return;
    }
    json::array actual;
    for (auto& a : *list) actual.push_back(std::move(a));
    const json::value actual_value = actual;
    why.clear();
    if (!json_matches(e.at("users"), &actual_value, "accounts", why)) out.push_back(why);
}

void Expectations::account(const json::object& e, std::vector<std::string>& out) {
    auto* app = world_.downstream(str(e, "app"));
    const std::string user_name = str(e, "userName");
    std::optional<json::object> found;
    if (app) {
        found = app->find_account_by_user_name(user_name);
    } else {
        std::string why;
        auto list = app_accounts(str(e, "app"), why);
        if (!list) {
            out.push_back("account " + user_name + ": " + why);
            return;
        }
        for (auto& a : *list) {
            const std::string name = str(a, "userName");
            if (wire::iequals(name, user_name)) found = std::move(a);
        }
    }
    const bool absent = e.contains("absent") && e.at("absent").as_bool();
    if (absent || !found) {
        if (absent && found) out.push_back("account " + user_name + ": expected none, but the app has it");
        if (!absent && !found) out.push_back("account " + user_name + ": the app has no such account");
        return;
    }
    if (const auto* r = e.if_contains("resource")) {
        const json::value actual = *found;
        std::string why;
        if (!json_matches(*r, &actual, "account " + user_name, why)) out.push_back(why);
    }
    if (e.contains("password") && app) {
        const auto pw = app->password(str(*found, "id"));
        const std::string expected = str(e, "password");
        if (expected == "$any" ? !pw : pw.value_or("") != expected)
            out.push_back("account " + user_name + ": password: " +
                          (!pw ? "expected " + (expected == "$any" ? std::string("one") : secret(expected)) + ", got none"
                               : secret_mismatch(secret(expected), secret(*pw))));
    }
}

void Expectations::user(const json::object& e, std::vector<std::string>& out) {
    const engine::User* u = world_.org().user_by_ref(str(e, "user"));
    if (e.contains("status"))
        compare("status", str(e, "status"), std::string(engine::to_string(u->status)), out, "user " + u->login() + ": ");
}

void Expectations::backend_log(const json::object& e, std::vector<std::string>& out) {
    auto* app = world_.downstream(str(e, "app"));
    if (!app) {
        out.push_back("backendLog: app '" + str(e, "app") + "' has no simulated downstream");
        return;
    }
    const std::string text = app->backend_log().to_text();
    if (text.find(str(e, "contains")) == std::string::npos)
        out.push_back("backendLog: expected it to contain " + quoted(str(e, "contains")) + "; it reads:\n" + text);
}

}  // namespace oktasim::runner
