// What an import does with what it read (docs/okta-behaviour.md §2.9, §3.2): linked accounts update their app users,
// the others are matched (exact, partial, new) and queued or auto-confirmed, missing and inactive ones are removed or,
// for a profile source, change the Okta user's lifecycle; an import safeguard may stop it all first. Then the groups.
// Confirming links or creates in Okta only: nothing is sent to the app.
#include "importer.hpp"
#include "log_targets.hpp"

#include <oktasim/engine/profile_model.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace oktasim::engine {
namespace {

using Linked = std::map<std::string, std::string, std::less<>>;  // the app's id -> Okta user id

Linked linked_accounts(Org& org, const std::string& app_key) {
    Linked linked;
    for (const AppUser* au : org.app_users_of(app_key))
        if (au->external_id) linked.emplace(*au->external_id, au->user_id);
    return linked;
}

std::string name_key(std::string_view first, std::string_view last) {
    return std::string(first) + '\x1f' + std::string(last);
}

// The Okta users an import matches against, indexed once per import and kept current as it creates users
// (matching is exact and case-sensitive, §3.2). Each key's user ids are in id order: the smallest id wins.
using UserIdsByKey = std::map<std::string, std::set<std::string, std::less<>>, std::less<>>;
// A profile value as an index key: a string as itself, any other value as its JSON (so "1" and 1 differ).
std::string value_key(const json::value& v) {
    return v.is_string() ? "s" + std::string(v.as_string()) : "j" + json::serialize(v);
}

struct OktaIndex {
    UserIdsByKey by_login, by_email, by_name;
    std::vector<std::pair<std::string, UserIdsByKey>> by_attribute;  // ToOktaSettings::match_attributes, in order

    OktaIndex(const Org& org, const std::vector<std::string>& match_attributes) {
        for (const auto& a : match_attributes) by_attribute.emplace_back(a, UserIdsByKey{});
        for (const auto& [id, u] : org.users) add(u);
    }
    void add(const User& u) {
        by_login[u.login()].insert(u.id);
        if (std::string e = u.profile_string("email"); !e.empty()) by_email[std::move(e)].insert(u.id);
        const std::string first = u.profile_string("firstName"), last = u.profile_string("lastName");
        if (!first.empty() || !last.empty()) by_name[name_key(first, last)].insert(u.id);
        for (auto& [name, ids] : by_attribute)
            if (const json::value* v = name == "login" ? nullptr : u.profile.if_contains(name); v && !v->is_null())
                ids[value_key(*v)].insert(u.id);
            else if (name == "login")
                ids[value_key(json::string(u.login()))].insert(u.id);
    }
};

// The user ids under `key`, or null when there are none.
const std::set<std::string, std::less<>>* ids_of(const UserIdsByKey& index, std::string_view key) {
    const auto ids = index.find(key);
    return ids == index.end() ? nullptr : &ids->second;
}

// The first user under `key` that `eligible` accepts.
template <class Eligible>
const std::string* first_of(const UserIdsByKey& index, std::string_view key, Eligible eligible) {
    const auto ids = index.find(key);
    if (ids == index.end()) return nullptr;
    for (const std::string& id : ids->second)
        if (eligible(id)) return &id;
    return nullptr;
}

// The new Okta user's profile: the default App to Okta mapping, then the app's own when it has one (§8 of
// okta-mappings.md; a mapping of `login` overrides the username format).
json::object okta_profile_of(const App& app, const ImportedAccount& a) {
    json::object p{{"login", a.okta_login}};
    if (!a.first_name.empty()) p["firstName"] = a.first_name;
    if (!a.last_name.empty()) p["lastName"] = a.last_name;
    p["email"] = a.email.empty() ? a.okta_login : a.email;
    if (!a.display_name.empty()) p["displayName"] = a.display_name;
    if (app.profile_model && !app.profile_model->to_okta.empty()) {
        apply_to_okta(*app.profile_model, a.profile, p);
        p["login"] = a.okta_login;  // read_account applied a login mapping already
    }
    return p;
}

// The Okta user an unlinked account matches exactly: the smallest eligible id for which every selected criterion
// holds (username, email, each match attribute, compared case-sensitively, H-MATCH). An account with no value for a
// criterion matches nobody. A match attribute the mapping no longer writes (it was changed since) matches nobody.
template <class Eligible>
const std::string* exact_match(const App& app, const ImportedAccount& a, const OktaIndex& index, Eligible eligible) {
    const ToOktaSettings& s = app.to_okta;
    std::vector<const std::set<std::string, std::less<>>*> sets;
    if (s.match_username) sets.push_back(ids_of(index.by_login, a.okta_login));
    if (s.match_email) sets.push_back(a.email.empty() ? nullptr : ids_of(index.by_email, a.email));
    if (!index.by_attribute.empty()) {
        const json::object mapped = okta_profile_of(app, a);
        for (const auto& [name, ids] : index.by_attribute) {
            const json::value* v = mapped.if_contains(name);
            sets.push_back(v && !v->is_null() ? ids_of(ids, value_key(*v)) : nullptr);
        }
    }
    if (sets.empty() || std::find(sets.begin(), sets.end(), nullptr) != sets.end()) return nullptr;
    for (const std::string& id : *sets.front()) {
        if (!eligible(id)) continue;
        if (std::all_of(sets.begin() + 1, sets.end(), [&](const auto* other) { return other->contains(id); })) return &id;
    }
    return nullptr;
}

// The profile a source pushes onto its Okta user: what differs, of the attributes the mapping carries (the login is
// not changed by a source).
json::object sourced_changes(const App& app, const User& u, const ImportedAccount& a) {
    json::object changes;
    if (app.profile_model && !app.profile_model->to_okta.empty()) {
        const json::object mapped = okta_profile_of(app, a);
        for (const auto& [k, v] : mapped) {
            if (k == "login" || (k == "email" && a.email.empty())) continue;  // not the new-user fallback to the login
            const json::value* now = u.profile.if_contains(k);
            if (!now || *now != v) changes[k] = v;
        }
        for (const auto& m : app.profile_model->to_okta)  // a mapping that gives null removes the attribute
            if (m.target != "login" && !mapped.contains(m.target) && u.profile.contains(m.target)) changes[m.target] = nullptr;
        return changes;
    }
    auto set = [&](std::string_view key, const std::string& value) {
        if (!value.empty() && u.profile_string(key) != value) changes[key] = value;
    };
    set("firstName", a.first_name);
    set("lastName", a.last_name);
    set("email", a.email);
    set("displayName", a.display_name);
    return changes;
}

// An Okta login is an email address (Okta's default login format): one "@", something before it, a dotted domain
// after it, no spaces (KB-SRCUPD: "mapped username not an email or containing errors (e.g. a space)").
bool email_shaped(std::string_view s) {
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view domain = s.substr(at + 1);
    const auto dot = domain.find('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() && s.find(' ') == std::string_view::npos;
}

// Why a new Okta user cannot have the username the format computed ("" when it can): the row's conflict reason.
std::string username_problem(Org& org, const std::string& login) {
    if (login.empty()) return "the Okta username format gives no username";
    if (!email_shaped(login)) return "the username " + login + " is not an email address";
    if (org.user_by_ref(login)) return "an Okta user with username " + login + " exists";
    return {};
}

// KB-SRCUPD: a source's update of an Okta user is validated, and "the entire profile update will fail" when the login
// is used by another user or is not an email address, the locale is not like en_US, the time zone not like
// America/Denver, a length limit is passed, or a required attribute (login, email, first and last name) would be null.
// The reasons are oktasim's words; "" when the profile is valid.
std::string sourced_profile_problem(Org& org, const User& user, const json::object& p) {
    auto text = [&](std::string_view key) {
        const json::value* v = p.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    for (std::string_view key : {"login", "email", "firstName", "lastName"})
        if (text(key).empty()) return std::string(key) + ": a required attribute would have no value";
    if (!email_shaped(text("login"))) return "login: " + text("login") + " is not an email address";
    if (const User* other = org.user_by_ref(text("login")); other && other->id != user.id)
        return "login: " + text("login") + " is the username of another Okta user";
    if (!email_shaped(text("email"))) return "email: " + text("email") + " is not an email address";
    for (const auto& [key, limit] : {std::pair<std::string_view, std::size_t>{"firstName", 50}, {"lastName", 50},
                                     {"login", 100}, {"email", 100}})
        if (text(key).size() > limit) return std::string(key) + ": longer than " + std::to_string(limit) + " characters";
    if (const std::string locale = text("locale"); !locale.empty()) {
        const bool ok = (locale.size() == 2 || (locale.size() == 5 && locale[2] == '_')) &&
                        std::islower(static_cast<unsigned char>(locale[0])) && std::islower(static_cast<unsigned char>(locale[1])) &&
                        (locale.size() == 2 || (std::isupper(static_cast<unsigned char>(locale[3])) && std::isupper(static_cast<unsigned char>(locale[4]))));
        if (!ok) return "locale: " + locale + " is not like en_US";
    }
    if (const std::string tz = text("timezone"); !tz.empty()) {
        const auto slash = tz.find('/');
        const bool ok = slash != std::string::npos && slash > 0 && slash + 1 < tz.size() &&
                        std::all_of(tz.begin(), tz.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+'; });
        if (!ok) return "timezone: " + tz + " is not like America/Denver";
    }
    return {};
}

bool profile_matches(const User& u, const ImportedAccount& a) {
    return u.profile_string("firstName") == a.first_name && u.profile_string("lastName") == a.last_name &&
           u.profile_string("email") == a.email;
}

}  // namespace

LogEvent Importer::event(EventText text, const std::string& transaction, bool web, const App& app) const {
    LogEvent e = jobs_.admin_event(text);
    e.transaction_type = web ? "WEB" : "JOB";
    e.transaction_id = transaction;
    e.targets.push_back(app_target(app));
    return e;
}

User& Importer::create_user(const App& app, const ImportedAccount& account, bool activate, const std::string& transaction,
                            bool web) {
    Org& org = jobs_.org();
    User u;
    u.id = jobs_.ids().next(id_prefix::user);
    u.profile = okta_profile_of(app, account);
    // Imported users have no Okta password: activated, they wait for the user to set one (§4.4 PROVISIONED,
    // "Pending user action"); not activated, they are STAGED.
    u.status = activate ? UserStatus::provisioned : UserStatus::staged;
    u.created = u.status_changed = u.last_updated = jobs_.loop().timestamp();
    if (activate) u.activated = u.created;
    User& user = org.add_user(std::move(u));
    LogEvent e = event(okta_event::import_user_create, transaction, web, app);
    e.targets.push_back(user_target(user));
    emit(std::move(e));
    LogEvent created = event(okta_event::user_create, transaction, web, app);
    created.targets = {user_target(user)};
    emit(std::move(created));
    if (activate) {
        LogEvent a = event(okta_event::user_activate, transaction, web, app);
        a.targets = {user_target(user)};
        emit(std::move(a));
    }
    return user;
}

void Importer::link(App& app, User& user, const ImportedAccount& account, const std::string& transaction, bool web) {
    Org& org = jobs_.org();
    const std::string now = jobs_.loop().timestamp();
    auto [it, fresh] = org.app_users.try_emplace(AppUserKey{app.key, user.id});
    AppUser& au = it->second;
    if (fresh) {
        au.user_id = user.id;
        au.app_key = app.key;
        au.created = now;
    }
    // An import-confirmed assignment is individual (§2.9), ACTIVE, SYNCHRONIZED only when the app sources profiles.
    au.direct = true;
    au.status = AppUserStatus::active;
    au.sync_state = app.to_okta.profile_sourcing ? SyncState::synchronized : SyncState::disabled;
    au.external_id = account.external_id;
    au.user_name = account.user_name;
    au.profile = account.profile;
    au.last_updated = au.status_changed = now;
    au.last_sync = now;
    jobs_.app_user_changed(au);
    LogEvent e = event(okta_event::import_user_match, transaction, web, app);
    e.targets.push_back(user_target(user));
    e.targets.push_back({user.id, "AppUser", account.user_name, display_name(user)});
    emit(std::move(e));
}

result<void> Importer::decide_one(App& app, ImportEntry& entry, ImportDecision decision, User* link_to, std::string& why) {
    const std::string transaction = jobs_.ids().next("W");
    const bool web = true;
    Org& org = jobs_.org();
    if (decision == ImportDecision::ignore) {
        entry.decided = true;
        app.import.ignored.insert(entry.account.external_id);
        LogEvent e = event(okta_event::import_match_ignore, transaction, web, app);
        e.debug_data = json::object{{"externalId", entry.account.external_id}, {"decision", "IGNORE"}};
        emit(std::move(e));
        return {};
    }
    if (!entry.account.import_problem.empty()) {  // Okta cannot read the account into an app user: no link either
        why = entry.account.import_problem;
        return make_error_code(engine_errc::invalid_transition);
    }
    User* user = link_to;
    if (!user && decision == ImportDecision::confirm && entry.match != ImportMatch::new_user) {
        const auto it = org.users.find(entry.matched_user_id);
        user = it == org.users.end() ? nullptr : &it->second;
    }
    if (user) {
        if (user->status == UserStatus::deprovisioned) {
            jobs_.probe(failure_mode::import_confirm_inactive_user);
            why = "App assignment attempted for user " + user->id + " but user is in inactive status INACTIVE";
            LogEvent e = event(okta_event::import_match_confirm, transaction, web, app);
            e.outcome = "FAILURE";
            e.severity = "WARN";
            e.outcome_reason = why;
            e.targets.push_back(user_target(*user));
            emit(std::move(e));
            return make_error_code(engine_errc::invalid_transition);
        }
        if (const AppUser* au = org.app_user(app.key, user->id); au && au->external_id && *au->external_id != entry.account.external_id) {
            why = user->login() + " is already linked to account " + *au->external_id + " in " + app.label;
            return make_error_code(engine_errc::already_assigned);
        }
    } else {
        if (const std::string problem = username_problem(org, entry.account.okta_login); !problem.empty()) {
            why = std::string(task_text::import_conflict) + " For account " + entry.account.external_id + ", " + problem +
                  ": fix the Okta username format, or link the account to a user";
            return make_error_code(engine_errc::already_assigned);
        }
        user = &create_user(app, entry.account, app.to_okta.auto_activate_new, transaction, web);
    }
    entry.decided = true;
    LogEvent e = event(okta_event::import_match_confirm, transaction, web, app);
    e.targets.push_back(user_target(*user));
    e.debug_data = json::object{{"externalId", entry.account.external_id}, {"match", to_string(entry.match)}};
    emit(std::move(e));
    link(app, *user, entry.account, transaction, web);
    return {};
}

void Importer::apply(ImportRead read, bool check_safeguards) {
    Org& org = jobs_.org();
    App& app = *org.app_by_ref(read.app_key);
    const ToOktaSettings& s = app.to_okta;
    ImportSummary sum;
    sum.kind = read.kind;
    sum.trigger = read.trigger;
    sum.pages = read.pages;
    sum.users_scanned = static_cast<std::int64_t>(read.accounts.size());

    Linked linked = linked_accounts(org, app.key);
    // A source's app user that an earlier import made INACTIVE was removed then: removing it again would change
    // nothing, so it is neither removed again nor counted against the safeguards.
    auto already_removed = [&](const std::string& uid) {
        const AppUser* au = org.app_user(app.key, uid);
        return s.profile_sourcing && au && au->status == AppUserStatus::inactive;
    };
    // Linked accounts the app no longer lists as active: listed inactive, or (full import) not listed at all.
    std::vector<std::string> gone;  // Okta user ids, in the order found
    std::set<std::string, std::less<>> listed;
    for (const auto& a : read.accounts) {
        listed.insert(a.external_id);
        if (!a.active) {
            ++sum.users_removed;  // §2.9: inactive accounts are not imported and count as removed
            if (auto it = linked.find(a.external_id); it != linked.end() && !already_removed(it->second))
                gone.push_back(it->second);
        }
    }
    if (read.kind == ImportKind::full)
        for (const auto& [ext, uid] : linked)
            if (!listed.contains(ext)) {
                if (!already_removed(uid)) gone.push_back(uid);
                ++sum.users_removed;
            }
    const bool sourcing_keeps = s.profile_sourcing && s.when_deactivated == WhenDeactivatedInApp::do_nothing;
    sum.app_unassignments = sourcing_keeps ? 0 : static_cast<std::int64_t>(gone.size());

    // Import safeguards (§3.2), before anything changes: the first limit reached stops the import; equal: app level.
    if (check_safeguards && sum.app_unassignments > 0) {
        const auto app_users = static_cast<std::int64_t>(org.app_users_of(app.key).size());
        const auto org_users = static_cast<std::int64_t>(org.app_users.size());
        const ImportSafeguards& g = org.import_safeguards;
        struct Limit {
            std::string level;
            std::int64_t population, percent, trips_at;
        };
        std::optional<Limit> hit;
        auto consider = [&](bool applies, std::string level, std::int64_t population, std::int64_t percent) {
            if (!applies) return;
            const std::int64_t trips_at = population * percent / 100 + 1;  // more than `percent` % of them
            if (sum.app_unassignments < trips_at) return;
            if (!hit || trips_at < hit->trips_at) hit = Limit{std::move(level), population, percent, trips_at};
        };
        consider(g.app_enabled && app_users > 100, "app", app_users, g.app_percent);
        consider(g.org_enabled && org_users >= 100, "org", org_users, g.org_percent);
        if (hit) {
            jobs_.probe(failure_mode::import_safeguard_roadblock);
            org.import_roadblock_app = app.key;
            app.import.status = ImportStatus::roadblocked;
            const std::int64_t percent = sum.app_unassignments * 100 / hit->population;
            app.import.last_error = std::string(task_text::imports_paused) + ": the import from " + app.label +
                                    " would unassign " + std::to_string(sum.app_unassignments) + " of " +
                                    std::to_string(hit->population) + " app users (" + std::to_string(percent) +
                                    "%), over the " + hit->level + "-level safeguard of " + std::to_string(hit->percent) + "%";
            LogEvent e = event(okta_event::import_roadblock, read.transaction, false, app);
            e.severity = "WARN";
            e.outcome = "DEFERRED";
            e.outcome_reason = app.import.last_error;
            e.debug_data = json::object{{"app_unassignments", sum.app_unassignments},
                                        {"app_unassignment_percent", percent},
                                        {"threshold", hit->percent},
                                        {"reasonCode", hit->level == "app" ? "APP_THRESHOLD" : "ORG_THRESHOLD"},
                                        {"roadblocked_instances", json::array{app.id}},
                                        {"import_type", to_string(read.kind)},
                                        {"job_id", read.transaction}};
            emit(std::move(e));
            roadblocked_ = std::move(read);
            return;
        }
    }

    // The accounts: linked ones update; the others are matched, then queued or confirmed at once.
    std::optional<OktaIndex> index;
    std::vector<ImportEntry> queue;
    for (const auto& a : read.accounts) {
        if (!a.active) continue;
        if (!a.import_problem.empty()) {  // Okta cannot set the value on an app user: the account is not imported
            jobs_.probe(failure_mode::import_invalid_value_type);
            if (!linked.contains(a.external_id) && !app.import.ignored.contains(a.external_id)) {
                ImportEntry entry;
                entry.account = a;
                entry.conflict = a.import_problem;
                queue.push_back(std::move(entry));
            }
            continue;
        }
        if (auto it = linked.find(a.external_id); it != linked.end()) {
            AppUser& au = *org.app_user(app.key, it->second);
            User& user = org.users.at(it->second);
            bool changed = false;
            if (au.profile != a.profile || au.user_name != a.user_name) {
                au.profile = a.profile;
                au.user_name = a.user_name;
                changed = true;
            }
            if (s.profile_sourcing) {
                // A returning account (§3.2): reactivate per the settings; without an exact profile match the user
                // is left pending activation.
                const bool was_deactivated = user.status == UserStatus::deprovisioned && s.reactivate_deactivated;
                const bool was_suspended = user.status == UserStatus::suspended && s.reactivate_suspended;
                std::string why;
                if (was_deactivated) {
                    const bool exact = profile_matches(user, a);
                    (void)engine_.activate_user(user.id, why);
                    if (!exact) user.status = UserStatus::provisioned;
                    changed = true;
                } else if (was_suspended) {
                    (void)engine_.unsuspend_user(user.id, why);
                    changed = true;
                }
                if (json::object changes = sourced_changes(app, user, a); !changes.empty()) {
                    json::object after = user.profile;
                    for (const auto& [k, v] : changes) {
                        if (v.is_null()) after.erase(k);
                        else after[k] = v;
                    }
                    if (const std::string problem = sourced_profile_problem(org, user, after); !problem.empty()) {
                        // The whole update fails; the Okta user keeps every value (KB-SRCUPD).
                        jobs_.probe(failure_mode::import_profile_update_invalid);
                        LogEvent e = event(okta_event::import_user_update, read.transaction, false, app);
                        e.outcome = "FAILURE";
                        e.severity = "WARN";
                        e.outcome_reason = "Profile update of " + user.login() + " from " + app.label + " failed: " + problem;
                        e.targets.push_back(user_target(user));
                        emit(std::move(e));
                    } else {
                        (void)engine_.update_user_profile(user.id, changes, why);
                        changed = true;
                    }
                }
                // The source's app user comes back only with its Okta user: one left deactivated or suspended
                // (the reactivate settings off) keeps an INACTIVE app user.
                const bool user_back = user.status != UserStatus::deprovisioned && user.status != UserStatus::suspended;
                if (AppUser* again = org.app_user(app.key, user.id);
                    user_back && again && again->status == AppUserStatus::inactive) {
                    again->status = AppUserStatus::active;
                    changed = true;
                }
            }
            if (changed) {
                AppUser* now = org.app_user(app.key, user.id);
                if (now) {
                    now->last_updated = jobs_.loop().timestamp();
                    now->last_sync = now->last_updated;
                    jobs_.app_user_changed(*now);
                }
                LogEvent e = event(okta_event::import_user_update, read.transaction, false, app);
                e.targets.push_back(user_target(user));
                emit(std::move(e));
                ++sum.users_updated;
            } else {
                ++sum.users_unchanged;
            }
            continue;
        }
        if (app.import.ignored.contains(a.external_id)) continue;
        ++sum.users_new;
        if (!index) index.emplace(org, s.match_attributes);
        auto eligible = [&](const std::string& uid) {
            const AppUser* au = org.app_user(app.key, uid);
            return !au || !au->external_id;  // a user linked to another account of this app is not a candidate
        };
        ImportEntry entry;
        entry.account = a;
        const std::string* exact = exact_match(app, a, *index, eligible);
        if (exact) {
            entry.match = ImportMatch::exact;
            entry.matched_user_id = *exact;
        } else if (const std::string* partial = s.allow_partial_match && (!a.first_name.empty() || !a.last_name.empty())
                                                     ? first_of(index->by_name, name_key(a.first_name, a.last_name), eligible)
                                                     : nullptr) {
            entry.match = ImportMatch::partial;
            entry.matched_user_id = *partial;
        }
        if (entry.match == ImportMatch::new_user) {
            entry.conflict_reason = username_problem(org, a.okta_login);
            if (!entry.conflict_reason.empty()) {
                entry.conflict = std::string(task_text::import_conflict);  // the admin links it, or fixes the format
                jobs_.probe(failure_mode::import_username_conflict);
            }
        }
        const bool auto_confirm = entry.match == ImportMatch::exact     ? s.auto_confirm_exact
                                  : entry.match == ImportMatch::partial ? s.auto_confirm_partial
                                                                        : s.auto_confirm_new;
        if (auto_confirm) {
            User* user = entry.match == ImportMatch::new_user ? nullptr : &org.users.at(entry.matched_user_id);
            if (user && user->status == UserStatus::deprovisioned) {
                jobs_.probe(failure_mode::import_confirm_inactive_user);
                queue.push_back(std::move(entry));  // left for the admin, as Okta does not assign an inactive user
                continue;
            }
            if (!user) {
                if (!entry.conflict.empty()) {  // the username is taken or cannot be computed: the admin decides
                    queue.push_back(std::move(entry));
                    continue;
                }
                user = &create_user(app, a, s.auto_activate_new, read.transaction, false);
                index->add(*user);  // a new user: the next match sees it
            }
            link(app, *user, a, read.transaction, false);
            linked.emplace(a.external_id, user->id);
            continue;
        }
        queue.push_back(std::move(entry));
    }
    app.import.set_queue(std::move(queue));

    // Removals: the app user goes (an unassignment, nothing sent to the app), or a profile source changes the user.
    for (const std::string& uid : gone) {
        User* user = &org.users.at(uid);
        std::string why;
        if (s.profile_sourcing) {
            if (s.when_deactivated == WhenDeactivatedInApp::do_nothing) continue;
            // The source's own app user stays, INACTIVE, so the account can come back; the user's other apps
            // are deprovisioned as Okta deactivation does.
            auto node = org.app_users.extract(AppUserKey{app.key, uid});
            if (s.when_deactivated == WhenDeactivatedInApp::deactivate && user->status != UserStatus::deprovisioned)
                (void)engine_.deactivate_user(uid, why);
            else if (s.when_deactivated == WhenDeactivatedInApp::suspend && user->status == UserStatus::active)
                (void)engine_.suspend_user(uid, why);
            if (!node.empty()) {
                node.mapped().status = AppUserStatus::inactive;
                node.mapped().last_updated = node.mapped().status_changed = jobs_.loop().timestamp();
                auto inserted = org.app_users.insert(std::move(node));
                jobs_.app_user_changed(inserted.position->second);
            }
            LogEvent e = event(okta_event::import_user_lifecycle, read.transaction, false, app);
            e.targets.push_back(user_target(*user));
            emit(std::move(e));
            continue;
        }
        auto it = org.app_users.find(std::pair<std::string_view, std::string_view>(app.key, uid));
        if (it == org.app_users.end()) continue;
        AppUser removed = std::move(it->second);
        org.app_users.erase(it);
        removed.status = AppUserStatus::unassigned;
        jobs_.app_user_removed(removed);
        LogEvent e = event(okta_event::import_user_delete, read.transaction, false, app);
        e.targets.push_back(user_target(*user));
        emit(std::move(e));
    }

    // Groups (§2.9): each app group becomes an APP_GROUP in Okta with the linked members.
    if (read.groups_read) {
        // Groups Okta pushed to the app are not imported back, nor scanned (§2.9, field).
        std::set<std::string, std::less<>> pushed;
        for (const auto& m : app.push_mappings)
            if (!m.app_group_id.empty()) pushed.insert(m.app_group_id);
        const auto pushed_by_okta = [&](const json::object& g) {
            const json::value* idv = g.if_contains("id");
            return idv && idv->is_string() && pushed.contains(std::string_view(idv->as_string()));
        };
        std::erase_if(read.groups, pushed_by_okta);
        sum.groups_scanned = static_cast<std::int64_t>(read.groups.size());
        linked = linked_accounts(org, app.key);
        std::set<std::string, std::less<>> seen;
        for (const json::object& g : read.groups) {
            const json::value* idv = g.if_contains("id");
            const json::value* namev = g.if_contains("displayName");
            const std::string gid = idv && idv->is_string() ? std::string(idv->as_string()) : std::string();
            const std::string name = namev && namev->is_string() ? std::string(namev->as_string()) : gid;
            seen.insert(gid);
            std::vector<std::string> members;  // Okta user ids
            if (const json::value* m = g.if_contains("members"); m && m->is_array())
                for (const auto& member : m->as_array()) {
                    const json::value* v = member.is_object() ? member.as_object().if_contains("value") : nullptr;
                    if (!v || !v->is_string()) continue;
                    if (auto it = linked.find(std::string_view(v->as_string())); it != linked.end())
                        members.push_back(it->second);
                }
            std::string okta_id;
            if (auto l = app.import.group_links.find(gid); l != app.import.group_links.end() && org.groups.contains(l->second))
                okta_id = l->second;
            bool changed = false, created = false;
            const std::string now = jobs_.loop().timestamp();
            if (okta_id.empty()) {
                created = true;
                Group group;
                group.id = jobs_.ids().next(id_prefix::group);
                group.profile = json::object{{"name", name}, {"description", "Imported from " + app.label}};
                group.type = "APP_GROUP";
                group.source_app = app.key;
                group.source_id = gid;
                group.created = group.last_updated = group.last_membership_updated = now;
                okta_id = group.id;
                org.groups.emplace(group.id, std::move(group));
                app.import.group_links[gid] = okta_id;
                ++sum.groups_new;
                LogEvent e = event(okta_event::import_group_create, read.transaction, false, app);
                e.targets.push_back(group_target(org.groups.at(okta_id)));
                emit(std::move(e));
            } else if (Group& existing = org.groups.at(okta_id); existing.name() != name) {
                existing.profile["name"] = name;
                existing.last_updated = now;
                org.groups_changed();
                changed = true;
            }
            Group& group = org.groups.at(okta_id);
            const std::set<std::string> wanted(members.begin(), members.end());
            const std::vector<std::string> current = group.members();
            std::string why;
            for (const std::string& uid : current)
                if (!wanted.contains(uid)) {
                    (void)engine_.remove_group_member(okta_id, uid, why);
                    changed = true;
                }
            for (const std::string& uid : wanted)
                if (!group.has_member(uid)) {
                    (void)engine_.add_group_member(okta_id, uid, why);
                    changed = true;
                }
            if (created) {
                // counted as new
            } else if (changed) {
                ++sum.groups_updated;
                LogEvent e = event(okta_event::import_group_update, read.transaction, false, app);
                e.targets.push_back(group_target(group));
                emit(std::move(e));
            } else {
                ++sum.groups_unchanged;
            }
        }
        for (auto it = app.import.group_links.begin(); it != app.import.group_links.end();) {
            if (seen.contains(it->first)) {
                ++it;
                continue;
            }
            if (auto g = org.groups.find(it->second); g != org.groups.end()) {
                std::string why;
                const std::vector<std::string> members = g->second.members();
                for (const std::string& uid : members) (void)engine_.remove_group_member(it->second, uid, why);
                for (auto& a : org.apps) std::erase(a->assigned_groups, it->second);
                LogEvent e = event(okta_event::import_group_delete, read.transaction, false, app);
                e.targets.push_back(group_target(g->second));
                emit(std::move(e));
                org.groups.erase(g);
                org.groups_changed();
                ++sum.groups_removed;
            }
            it = app.import.group_links.erase(it);
        }
    }

    app.import.status = ImportStatus::idle;
    app.import.last_error.clear();
    app.import.last_import_started = read.started_at;
    LogEvent done = event(okta_event::import_complete, read.transaction, false, app);
    json::array lines;
    for (auto& l : sum.lines()) lines.emplace_back(l);
    done.debug_data = json::object{
        {"added_objects", sum.users_new + sum.groups_new},
        {"updated_objects", sum.users_updated + sum.groups_updated},
        {"unchanged_objects", sum.users_unchanged + sum.groups_unchanged},
        {"deleted_objects", sum.users_removed + sum.groups_removed},
        {"total_objects", sum.users_scanned + sum.groups_scanned},
        {"app_unassignments", sum.app_unassignments},
        {"import_type", to_string(read.kind)},
        {"import_trigger", to_string(read.trigger)},
        {"job_id", read.transaction},
        {"total_time", sim::format_duration(jobs_.loop().now() - read.started)},
        {"message", std::move(lines)},
    };
    emit(std::move(done));
    app.import.last = sum;
}

result<void> Importer::decide(App& app, std::string_view external_id, ImportDecision decision, std::string_view link_user,
                              std::string& why) {
    Org& org = jobs_.org();
    User* link_to = nullptr;
    if (decision == ImportDecision::link) {
        link_to = org.user_by_ref(link_user);
        if (!link_to) {
            why = "no user '" + std::string(link_user) + "'";
            return make_error_code(engine_errc::not_found);
        }
        if (external_id.empty()) {
            why = "link names one queued account: give its id in the app";
            return make_error_code(engine_errc::invalid_transition);
        }
    }
    if (!external_id.empty()) {
        ImportEntry* entry = app.import.entry(external_id);
        if (!entry) {
            why = "no account '" + std::string(external_id) + "' waits in the import queue of " + app.label;
            return make_error_code(engine_errc::not_found);
        }
        return decide_one(app, *entry, decision, link_to, why);
    }
    // Every queued account, in queue order; the first refusal is reported after the others went ahead.
    result<void> first = {};
    for (auto& entry : app.import.queue) {
        if (entry.decided) continue;
        std::string one;
        if (auto r = decide_one(app, entry, decision, nullptr, one); !r && first) {
            first = r;
            why = one;
        }
    }
    return first;
}

void Importer::start_waiting() {
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (const PendingImport& p : waiting) {
        App* app = jobs_.org().app_by_ref(p.app_key);
        std::string why;
        if (app) (void)start(*app, p.kind, p.trigger, why);
    }
}

result<void> Importer::resume(std::string& why) {
    Org& org = jobs_.org();
    if (org.import_roadblock_app.empty() || !roadblocked_) {
        why = "no import is paused by an import safeguard";
        return make_error_code(engine_errc::invalid_transition);
    }
    ImportRead read = std::move(*roadblocked_);
    roadblocked_.reset();
    org.import_roadblock_app.clear();
    App& app = *org.app_by_ref(read.app_key);
    LogEvent e = event(okta_event::import_roadblock_resume, jobs_.ids().next("W"), true, app);
    emit(std::move(e));
    apply(std::move(read), false);
    start_waiting();
    return {};
}

result<void> Importer::cancel(std::string& why) {
    Org& org = jobs_.org();
    if (org.import_roadblock_app.empty() || !roadblocked_) {
        why = "no import is paused by an import safeguard";
        return make_error_code(engine_errc::invalid_transition);
    }
    App& app = *org.app_by_ref(roadblocked_->app_key);
    roadblocked_.reset();
    org.import_roadblock_app.clear();
    app.import.status = ImportStatus::idle;
    app.import.last_error = "The import was cancelled after an import safeguard stopped it; nothing of it was applied.";
    LogEvent e = event(okta_event::import_roadblock_cancel, jobs_.ids().next("W"), true, app);
    emit(std::move(e));
    start_waiting();
    return {};
}

}  // namespace oktasim::engine
