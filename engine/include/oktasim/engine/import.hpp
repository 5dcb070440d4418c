// To Okta: the app's INBOUND_PROVISIONING settings as typed data (docs/okta-behaviour.md §3.2, §4.1), the import queue
// (Dashboard > Import) and an import's results in Okta's words (§2.9). The import run itself is import_run.cpp.
#pragma once

#include <oktasim/engine/json_reader.hpp>
#include <oktasim/expr/expression.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::engine {

namespace json = boost::json;

struct ProfileModel;

enum class ImportKind { full, incremental };
std::string_view to_string(ImportKind k) noexcept;  // "FULL" | "INCREMENTAL" (SystemImportDebugData import_type)
enum class ImportTrigger { manual, scheduled };
std::string_view to_string(ImportTrigger t) noexcept;  // "MANUAL" | "SCHEDULED"

// Okta username format (importSettings.username): EMAIL, or CUSTOM with an Expression Language expression over the
// imported app user (`appuser.` / `source.`, okta-mappings.md §8), e.g. String.substringBefore(appuser.email, "@").
enum class UsernameFormat { email, custom };

// When the app deactivates a user it sources (Profile & Lifecycle Sourcing).
enum class WhenDeactivatedInApp { do_nothing, deactivate, suspend };

// One import schedule: a UNIX cron expression in an IANA time zone, both checked when the settings are read.
struct ImportSchedule {
    std::string expression;
    std::string timezone;
};

// Provisioning > To Okta, as INBOUND_PROVISIONING capabilities plus the Admin Console settings the features API does
// not carry (oktasim extensions, read from the same object: "profileSourcing"). Defaults are Okta's.
struct ToOktaSettings {
    UsernameFormat username_format = UsernameFormat::email;
    std::string username_expression;  // CUSTOM: as written
    std::optional<expr::Expression> username_expr;  // CUSTOM: parsed
    bool match_username = false;      // exactMatchCriteria: every selected attribute must hold
    bool match_email = true;
    // Okta user attributes mapped from the app user (base or custom) that must also be equal, case-sensitively
    // (H-MATCH): "matchAttributes", an oktasim extension for the Admin Console's attribute choice.
    std::vector<std::string> match_attributes;
    bool allow_partial_match = false;  // first and last name
    bool auto_confirm_partial = false;
    bool auto_confirm_exact = false;
    bool auto_confirm_new = false;
    bool auto_activate_new = false;
    bool schedule_enabled = false;
    std::optional<ImportSchedule> full_schedule, incremental_schedule;
    bool profile_sourcing = false;
    WhenDeactivatedInApp when_deactivated = WhenDeactivatedInApp::deactivate;
    bool reactivate_suspended = false;
    bool reactivate_deactivated = false;

    json::object capabilities() const;  // as GET .../features/INBOUND_PROVISIONING returns them
};

// Import Safeguards (§3.2): percentages of app unassignments an import may make. Org-wide: changing the app-level
// percentage in one app changes it for all apps, so the org holds them. "importSafeguards" in the capabilities.
struct ImportSafeguards {
    bool app_enabled = true;
    std::int64_t app_percent = 20;
    bool org_enabled = true;
    std::int64_t org_percent = 20;

    json::object to_json() const;
};

// Applies a (partial) INBOUND_PROVISIONING capabilities object, as PUT .../features/INBOUND_PROVISIONING takes it.
// False with `problem` (path relative to the capabilities object) when it is not valid; nothing changes then.
bool apply_inbound_capabilities(const json::object& capabilities, ToOktaSettings& settings, ImportSafeguards& safeguards,
                                Problem& problem);
// Profile sourcing is not available for apps built with the App Integration Wizard (docs/okta-behaviour.md §3.2):
// false, with `problem` at /profileSourcing/status, when `settings` turn it on for an AIW app.
bool check_sourcing_allowed(const ToOktaSettings& settings, bool aiw_app, Problem& problem);
// Matching can use only attributes the App to Okta mapping writes (H-MATCH: "an attribute missing from the list
// means it is not mapped"). `model` null: the default mapping (login, firstName, lastName, email, displayName).
bool check_match_attributes_mapped(const ToOktaSettings& settings, const ProfileModel* model, Problem& problem);

// An app account as an import read it: the SCIM User reduced to what Okta's default mapping keeps (§13.4 of the
// mappings reference), and the Okta username the format computes.
struct ImportedAccount {
    std::string external_id;  // the app's id
    std::string user_name;
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string display_name;
    bool active = true;
    std::string okta_login;  // per the username format; "" when a CUSTOM expression gives no username
    json::object profile;    // the app user profile Okta keeps: userName, email, givenName, familyName, ...
    // Why Okta cannot read the account into an app user (the app's schema refuses a value's type, KB-AUDIT): the
    // account is not imported. "" when it can.
    std::string import_problem;
};

// How an import classified an account that is not linked yet (Dashboard > Import).
enum class ImportMatch { new_user, exact, partial };
std::string_view to_string(ImportMatch m) noexcept;  // "NEW" | "EXACT" | "PARTIAL"

// One row of the import queue, waiting to be confirmed, linked or ignored.
struct ImportEntry {
    ImportedAccount account;
    ImportMatch match = ImportMatch::new_user;
    std::string matched_user_id;  // exact and partial: the Okta user it matches
    bool decided = false;         // confirmed, linked or ignored: out of the queue
    // "This choice creates a conflict." (okta-mappings.md §11, KB-CONFLICT): a new user whose username the format
    // cannot compute, or one another Okta user has. It cannot be confirmed as a new user; it can be linked.
    std::string conflict;
    std::string conflict_reason;  // oktasim's words for why: no username, not an email address, or taken

    json::object to_json() const;
};

// What an admin does with an entry: confirm it as classified (create the new user, or link the match), link it to a
// named Okta user, or ignore it (it stays out of the queue in later imports).
enum class ImportDecision { confirm, link, ignore };

// An import's results, as the results dialog words them (§2.9) and system.import.complete's debugData counts them.
struct ImportSummary {
    ImportKind kind = ImportKind::full;
    ImportTrigger trigger = ImportTrigger::manual;
    std::int64_t users_scanned = 0, users_new = 0, users_updated = 0, users_unchanged = 0, users_removed = 0;
    std::int64_t groups_scanned = 0, groups_new = 0, groups_updated = 0, groups_unchanged = 0, groups_removed = 0;
    std::int64_t app_unassignments = 0;
    std::int64_t pages = 0;  // list requests answered

    std::vector<std::string> lines() const;  // "250 users scanned!", "250 new users imported", ...
    json::object to_json() const;
};

// Where an app's imports stand (Import tab).
enum class ImportStatus { idle, running, waiting_retry, roadblocked, failed };
std::string_view to_string(ImportStatus s) noexcept;  // "IDLE" | "RUNNING" | "WAITING_RETRY" | "ROADBLOCKED" | "FAILED"

// An app's import state: the queue in the order the app listed the accounts, the last results, the last failure.
struct ImportState {
    ImportStatus status = ImportStatus::idle;
    // The queue in the order the app listed the accounts; a decided entry keeps its slot until the next import.
    std::vector<ImportEntry> queue;
    std::set<std::string, std::less<>> ignored;  // external ids an admin ignored
    std::optional<ImportSummary> last;            // the last import that completed
    std::string last_error;                       // the last failed import's message ("" when the last one ran)
    std::optional<std::string> last_import_started;  // when the last applied import started (incremental: since)
    std::map<std::string, std::string, std::less<>> group_links;  // app group id -> Okta group id (APP_GROUP)

    // The undecided entry for this account; nullptr when there is none.
    ImportEntry* entry(std::string_view external_id);
    std::vector<const ImportEntry*> pending() const;  // undecided entries, in queue order
    void set_queue(std::vector<ImportEntry> entries);

private:
    std::map<std::string, std::size_t, std::less<>> queue_index_;  // external id -> position in `queue`
};

}  // namespace oktasim::engine
