// The INBOUND_PROVISIONING settings read from and written as Okta's JSON (docs/okta-behaviour.md §4.1, §3.2), and the
// import queue's and results' JSON and wording (§2.9).
#include <oktasim/engine/import.hpp>
#include <oktasim/engine/profile_model.hpp>
#include <oktasim/sim/cron.hpp>
#include <oktasim/sim/time_zone.hpp>

#include <algorithm>
#include <array>

namespace oktasim::engine {
namespace {

constexpr std::string_view status_of(bool on) { return on ? "ENABLED" : "DISABLED"; }

bool read_status(JsonReader& r, std::string_view key, bool& out) {
    std::string status = out ? "ENABLED" : "DISABLED";
    if (!r.one_of(key, status, {"ENABLED", "DISABLED"})) return false;
    out = status == "ENABLED";
    return true;
}

bool read_schedule(JsonReader& r, std::string_view key, std::optional<ImportSchedule>& out) {
    const json::object* o = nullptr;
    if (!r.object(key, o) || !o) return r.ok();
    JsonReader s = r.child(key, *o);
    ImportSchedule schedule = out.value_or(ImportSchedule{});
    if (!s.only({"expression", "timezone"}) || !s.string("expression", schedule.expression, !out) ||
        !s.string("timezone", schedule.timezone, !out))
        return false;
    std::string why;
    if (!sim::CronExpression::parse(schedule.expression, why))
        return s.fail_at("expression", "expected a UNIX cron expression: " + why);
    if (schedule.timezone.empty() || schedule.timezone.size() > 64)
        return s.fail_at("timezone", "expected an IANA time zone name of 1-64 characters");
    if (!sim::TimeZone::load(schedule.timezone, why)) return s.fail_at("timezone", "expected an IANA time zone: " + why);
    out = std::move(schedule);
    return true;
}

bool read_import_settings(JsonReader& r, ToOktaSettings& s) {
    if (!r.only({"username", "schedule"})) return false;
    if (const json::object* u = nullptr; r.object("username", u) && u) {
        JsonReader ur = r.child("username", *u);
        // §9.5: the schema says usernameFormat, Okta's examples userNameFormat; both are read.
        if (!ur.only({"userNameFormat", "usernameFormat", "userNameExpression", "usernameExpression"})) return false;
        std::string format = s.username_format == UsernameFormat::email ? "EMAIL" : "CUSTOM";
        const std::string_view format_key = u->contains("usernameFormat") ? "usernameFormat" : "userNameFormat";
        if (!ur.one_of(format_key, format, {"EMAIL", "CUSTOM"})) return false;
        std::string expression = s.username_expression;
        const std::string_view expr_key = u->contains("usernameExpression") ? "usernameExpression" : "userNameExpression";
        if (!ur.string(expr_key, expression)) return false;
        if (format == "CUSTOM") {
            if (expression.empty()) return ur.fail_at(expr_key, "missing; a CUSTOM username format needs an expression",
                                                       scenario_errc::missing_key);
            auto parsed = expr::Expression::parse(expression);
            if (!parsed) return ur.fail_at(expr_key, parsed.error().message());
            s.username_format = UsernameFormat::custom;
            s.username_expr.emplace(std::move(*parsed));
            s.username_expression = expression;
        } else {
            s.username_format = UsernameFormat::email;
            s.username_expr.reset();
            s.username_expression.clear();
        }
    }
    if (!r.ok()) return false;
    if (const json::object* sc = nullptr; r.object("schedule", sc) && sc) {
        JsonReader sr = r.child("schedule", *sc);
        if (!sr.only({"status", "fullImport", "incrementalImport"}) || !read_status(sr, "status", s.schedule_enabled) ||
            !read_schedule(sr, "fullImport", s.full_schedule) ||
            !read_schedule(sr, "incrementalImport", s.incremental_schedule))
            return false;
    }
    return r.ok();
}

bool read_match_rules(JsonReader& r, ToOktaSettings& s) {
    if (!r.only({"userCreateAndMatch"})) return false;
    const json::object* m = nullptr;
    if (!r.object("userCreateAndMatch", m) || !m) return r.ok();
    JsonReader mr = r.child("userCreateAndMatch", *m);
    if (!mr.only({"exactMatchCriteria", "allowPartialMatch", "autoConfirmPartialMatch", "autoConfirmExactMatch",
                  "autoConfirmNewUsers", "autoActivateNewUsers", "matchAttributes"}))
        return false;
    if (const json::value* a = m->if_contains("matchAttributes")) {
        if (!a->is_array()) return mr.wrong_type("matchAttributes", "an array of Okta user attribute names", *a);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < a->as_array().size(); ++i) {
            const json::value& v = a->as_array()[i];
            const std::string at = "matchAttributes/" + std::to_string(i);
            if (!v.is_string() || v.as_string().empty())
                return mr.wrong_type(at, "a non-empty Okta user attribute name", v);
            const std::string name(v.as_string());
            if (std::find(names.begin(), names.end(), name) != names.end())
                return mr.fail_at(at, "\"" + name + "\" is listed twice");
            names.push_back(name);
        }
        s.match_attributes = std::move(names);
        // Attributes alone, unless exactMatchCriteria is given too (then every criterion must hold).
        if (!m->contains("exactMatchCriteria") && !s.match_attributes.empty()) s.match_email = s.match_username = false;
    }
    if (const json::value* c = m->if_contains("exactMatchCriteria")) {
        // Okta's API takes one of EMAIL and USERNAME; the Admin Console lets both be selected (all must hold), which
        // oktasim reads as an array of them.
        std::vector<std::string_view> names;
        if (c->is_string()) {
            names.push_back(c->as_string());
        } else if (c->is_array() && !c->as_array().empty()) {
            for (const auto& v : c->as_array()) {
                if (!v.is_string()) return mr.wrong_type("exactMatchCriteria", "\"EMAIL\", \"USERNAME\" or an array of them", v);
                names.push_back(v.as_string());
            }
        } else {
            return mr.wrong_type("exactMatchCriteria", "\"EMAIL\", \"USERNAME\" or a non-empty array of them", *c);
        }
        bool email = false, username = false;
        for (std::string_view n : names) {
            if (n == "EMAIL") email = true;
            else if (n == "USERNAME") username = true;
            else return mr.fail_at("exactMatchCriteria", "expected \"EMAIL\" or \"USERNAME\", got \"" + std::string(n) + "\"");
        }
        s.match_email = email;
        s.match_username = username;
    }
    if (!s.match_email && !s.match_username && s.match_attributes.empty()) s.match_email = true;  // Okta's default
    return mr.boolean("allowPartialMatch", s.allow_partial_match) &&
           mr.boolean("autoConfirmPartialMatch", s.auto_confirm_partial) &&
           mr.boolean("autoConfirmExactMatch", s.auto_confirm_exact) &&
           mr.boolean("autoConfirmNewUsers", s.auto_confirm_new) &&
           mr.boolean("autoActivateNewUsers", s.auto_activate_new);
}

constexpr std::array<std::string_view, 3> deactivated_names{"DO_NOTHING", "DEACTIVATE", "SUSPEND"};

bool read_sourcing(JsonReader& r, ToOktaSettings& s) {
    if (!r.only({"status", "whenDeactivatedInApp", "reactivateSuspended", "reactivateDeactivated"}) ||
        !read_status(r, "status", s.profile_sourcing))
        return false;
    std::string when(deactivated_names[static_cast<std::size_t>(s.when_deactivated)]);
    if (!r.one_of("whenDeactivatedInApp", when, deactivated_names)) return false;
    for (std::size_t i = 0; i < deactivated_names.size(); ++i)
        if (deactivated_names[i] == when) s.when_deactivated = static_cast<WhenDeactivatedInApp>(i);
    return r.boolean("reactivateSuspended", s.reactivate_suspended) &&
           r.boolean("reactivateDeactivated", s.reactivate_deactivated);
}

bool read_safeguard(JsonReader& r, std::string_view key, bool& enabled, std::int64_t& percent) {
    const json::object* o = nullptr;
    if (!r.object(key, o) || !o) return r.ok();
    JsonReader g = r.child(key, *o);
    if (!g.only({"status", "percent"}) || !read_status(g, "status", enabled) || !g.integer("percent", percent))
        return false;
    if (percent < 0 || percent > 100) return g.fail_at("percent", "expected an integer from 0 to 100");
    return true;
}

}  // namespace

std::string_view to_string(ImportKind k) noexcept { return k == ImportKind::full ? "FULL" : "INCREMENTAL"; }
std::string_view to_string(ImportTrigger t) noexcept { return t == ImportTrigger::manual ? "MANUAL" : "SCHEDULED"; }
std::string_view to_string(ImportMatch m) noexcept {
    switch (m) {
    case ImportMatch::new_user: return "NEW";
    case ImportMatch::exact: return "EXACT";
    case ImportMatch::partial: return "PARTIAL";
    }
    return "NEW";
}
std::string_view to_string(ImportStatus s) noexcept {
    static constexpr std::array<std::string_view, 5> names{"IDLE", "RUNNING", "WAITING_RETRY", "ROADBLOCKED", "FAILED"};
    return names[static_cast<std::size_t>(s)];
}

json::object ToOktaSettings::capabilities() const {
    json::object username{{"userNameFormat", username_format == UsernameFormat::email ? "EMAIL" : "CUSTOM"}};
    if (username_format == UsernameFormat::custom) username["userNameExpression"] = username_expression;
    json::object schedule{{"status", status_of(schedule_enabled)}};
    auto put = [&](std::string_view key, const std::optional<ImportSchedule>& s) {
        if (s) schedule[key] = json::object{{"expression", s->expression}, {"timezone", s->timezone}};
    };
    put("fullImport", full_schedule);
    put("incrementalImport", incremental_schedule);
    json::value criteria;
    if (match_email && match_username) criteria = json::array{"USERNAME", "EMAIL"};
    else if (match_email || match_username) criteria = match_username ? "USERNAME" : "EMAIL";
    json::object match{{"exactMatchCriteria", std::move(criteria)}};
    if (match["exactMatchCriteria"].is_null()) match.erase("exactMatchCriteria");  // attributes only
    if (!match_attributes.empty()) {
        json::array names;
        for (const auto& n : match_attributes) names.emplace_back(n);
        match["matchAttributes"] = std::move(names);
    }
    match["allowPartialMatch"] = allow_partial_match;
    match["autoConfirmPartialMatch"] = auto_confirm_partial;
    match["autoConfirmExactMatch"] = auto_confirm_exact;
    match["autoConfirmNewUsers"] = auto_confirm_new;
    match["autoActivateNewUsers"] = auto_activate_new;
    return json::object{
        {"importSettings", json::object{{"username", std::move(username)}, {"schedule", std::move(schedule)}}},
        {"importRules", json::object{{"userCreateAndMatch", std::move(match)}}},
        {"profileSourcing",
         json::object{{"status", status_of(profile_sourcing)},
                      {"whenDeactivatedInApp", deactivated_names[static_cast<std::size_t>(when_deactivated)]},
                      {"reactivateSuspended", reactivate_suspended},
                      {"reactivateDeactivated", reactivate_deactivated}}},
    };
}

json::object ImportSafeguards::to_json() const {
    return json::object{{"app", json::object{{"status", status_of(app_enabled)}, {"percent", app_percent}}},
                        {"org", json::object{{"status", status_of(org_enabled)}, {"percent", org_percent}}}};
}

bool check_sourcing_allowed(const ToOktaSettings& settings, bool aiw_app, Problem& problem) {
    if (!settings.profile_sourcing || !aiw_app) return true;
    problem = {"/profileSourcing/status",
               "profile sourcing is not available for apps built with the App Integration Wizard (AIW); only OIN "
               "apps can source Okta users (docs/okta-behaviour.md §3.2)",
               make_error_code(scenario_errc::bad_value)};
    return false;
}

bool check_match_attributes_mapped(const ToOktaSettings& settings, const ProfileModel* model, Problem& problem) {
    static constexpr std::array<std::string_view, 5> default_targets{"login", "firstName", "lastName", "email",
                                                                     "displayName"};
    for (std::size_t i = 0; i < settings.match_attributes.size(); ++i) {
        const std::string& name = settings.match_attributes[i];
        const bool mapped =
            model && !model->to_okta.empty()
                ? std::any_of(model->to_okta.begin(), model->to_okta.end(), [&](const PropertyMapping& m) { return m.target == name; })
                : std::find(default_targets.begin(), default_targets.end(), name) != default_targets.end();
        if (mapped) continue;
        problem = {"/importRules/userCreateAndMatch/matchAttributes/" + std::to_string(i),
                   "\"" + name + "\" is not mapped from the app user to the Okta user; matching can use only attributes "
                   "the App to Okta mapping writes (docs/okta-behaviour.md §3.2)",
                   make_error_code(scenario_errc::bad_value)};
        return false;
    }
    return true;
}

bool apply_inbound_capabilities(const json::object& caps, ToOktaSettings& settings, ImportSafeguards& safeguards,
                                Problem& problem) {
    ToOktaSettings s = settings;
    ImportSafeguards g = safeguards;
    JsonReader r(caps, "", problem);
    if (!r.only({"importSettings", "importRules", "profileSourcing", "importSafeguards"})) return false;
    const json::object* o = nullptr;
    if (r.object("importSettings", o) && o) {
        JsonReader c = r.child("importSettings", *o);
        if (!read_import_settings(c, s)) return false;
    }
    o = nullptr;
    if (r.object("importRules", o) && o) {
        JsonReader c = r.child("importRules", *o);
        if (!read_match_rules(c, s)) return false;
    }
    o = nullptr;
    if (r.object("profileSourcing", o) && o) {
        JsonReader c = r.child("profileSourcing", *o);
        if (!read_sourcing(c, s)) return false;
    }
    o = nullptr;
    if (r.object("importSafeguards", o) && o) {
        JsonReader c = r.child("importSafeguards", *o);
        if (!c.only({"app", "org"}) || !read_safeguard(c, "app", g.app_enabled, g.app_percent) ||
            !read_safeguard(c, "org", g.org_enabled, g.org_percent))
            return false;
    }
    if (!r.ok()) return false;
    settings = std::move(s);
    safeguards = g;
    return true;
}

json::object ImportEntry::to_json() const {
    json::object o{{"externalId", account.external_id},
                   {"userName", account.user_name},
                   {"email", account.email},
                   {"firstName", account.first_name},
                   {"lastName", account.last_name},
                   {"oktaUsername", account.okta_login},
                   {"match", to_string(match)}};
    o["matchedUser"] = matched_user_id.empty() ? json::value(nullptr) : json::value(matched_user_id);
    if (!conflict.empty()) {
        o["conflict"] = conflict;
        o["conflictReason"] = conflict_reason;
    }
    return o;
}

std::vector<std::string> ImportSummary::lines() const {
    auto n = [](std::int64_t v) { return std::to_string(v); };
    // The QA plan's wording (§2.9): only the "new" line agrees in number ("1 new user imported").
    return {
        n(users_scanned) + " users scanned!",
        n(users_new) + (users_new == 1 ? " new user imported" : " new users imported"),
        n(users_updated) + " existing users updated",
        n(users_unchanged) + " existing users unchanged",
        n(users_removed) + " users removed",
        n(groups_scanned) + " groups scanned!",
        n(groups_new) + (groups_new == 1 ? " new group imported" : " new groups imported"),
        n(groups_updated) + " existing groups updated",
        n(groups_unchanged) + " existing groups unchanged",
        n(groups_removed) + " groups removed",
    };
}

json::object ImportSummary::to_json() const {
    json::array text;
    for (auto& l : lines()) text.emplace_back(l);
    return json::object{
        {"importType", to_string(kind)},   {"trigger", to_string(trigger)},
        {"usersScanned", users_scanned},   {"usersNew", users_new},
        {"usersUpdated", users_updated},   {"usersUnchanged", users_unchanged},
        {"usersRemoved", users_removed},   {"groupsScanned", groups_scanned},
        {"groupsNew", groups_new},         {"groupsUpdated", groups_updated},
        {"groupsUnchanged", groups_unchanged}, {"groupsRemoved", groups_removed},
        {"appUnassignments", app_unassignments}, {"pages", pages},
        {"lines", std::move(text)},
    };
}

ImportEntry* ImportState::entry(std::string_view external_id) {
    const auto it = queue_index_.find(external_id);
    if (it == queue_index_.end() || queue[it->second].decided) return nullptr;
    return &queue[it->second];
}

std::vector<const ImportEntry*> ImportState::pending() const {
    std::vector<const ImportEntry*> out;
    for (const auto& e : queue)
        if (!e.decided) out.push_back(&e);
    return out;
}

void ImportState::set_queue(std::vector<ImportEntry> entries) {
    queue = std::move(entries);
    queue_index_.clear();
    for (std::size_t i = 0; i < queue.size(); ++i) queue_index_.emplace(queue[i].account.external_id, i);
}

}  // namespace oktasim::engine
