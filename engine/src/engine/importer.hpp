// Internal to To Okta: the Importer runs an app's imports (import_run.cpp: paging through the connector), applies
// what they read (import_apply.cpp: classification, matching, linking, removals, safeguards, groups), takes the
// admin's queue decisions and arms the import schedules (import_schedule.cpp).
#pragma once

#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/engine/profile_model.hpp>

#include <boost/asio/awaitable.hpp>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::engine {

// What one import read from the app, before anything of it is applied.
struct ImportRead {
    std::string app_key;
    ImportKind kind = ImportKind::full;
    ImportTrigger trigger = ImportTrigger::manual;
    std::string transaction;
    std::string started_at;
    sim::TimePoint started{0};
    std::vector<ImportedAccount> accounts;  // every account listed, in order (inactive ones included)
    std::vector<json::object> groups;       // every group listed, in order
    bool groups_read = false;
    std::int64_t pages = 0;
};

// An import that waits: for a roadblock to go, or for its app's running import to end.
struct PendingImport {
    std::string app_key;
    ImportKind kind = ImportKind::full;
    ImportTrigger trigger = ImportTrigger::manual;
};

// The SCIM User reduced to Okta's imported app user, with the Okta username `rule` computes.
// With the app's profile model, the app user profile is read by its schema's namespaces and external names too.
ImportedAccount read_account(const json::object& resource, const ToOktaSettings& settings, const ProfileModel* model = nullptr);

class Importer {
public:
    Importer(ProvisioningEngine& engine, JobContext& jobs) : engine_(engine), jobs_(jobs) {}

    result<void> put_settings(App& app, const json::object& capabilities, std::string& why);
    result<void> start(App& app, ImportKind kind, ImportTrigger trigger, std::string& why);
    result<void> decide(App& app, std::string_view external_id, ImportDecision decision, std::string_view link_user,
                        std::string& why);
    result<void> resume(std::string& why);
    result<void> cancel(std::string& why);
    void arm_schedules(App& app);

private:
    // import_run.cpp
    asio::awaitable<void> run(std::string app_key, ImportKind kind, ImportTrigger trigger, JobTicket ticket);
    // Reads every page of users (or groups) into `out`; false with `failure` set when the import must stop.
    struct Failure {
        std::string message;  // after "Import of users from app <label> failed: "
        EventText event;
        std::optional<failure_mode> mode;
    };
    enum class Listing { users, users_changed, groups };
    // Pages through the listing, handing each resource to `keep` as it arrives (a user is reduced to an
    // ImportedAccount at once, so 100,000 SCIM objects are never held together).
    using Keep = std::function<void(json::object)>;
    asio::awaitable<bool> download(std::string app_key, Listing listing, std::string since, JobTicket& ticket,
                                   bool& lane_held, Keep keep, std::int64_t& pages, Failure& failure);
    void fail(App& app, const ImportRead& read, const Failure& failure);

    // import_apply.cpp: applies `read` unless a safeguard stops it (then it waits as the roadblock); `check` off on resume.
    void apply(ImportRead read, bool check_safeguards);
    void link(App& app, User& user, const ImportedAccount& account, const std::string& transaction, bool web);
    User& create_user(const App& app, const ImportedAccount& account, bool activate, const std::string& transaction,
                      bool web);
    result<void> decide_one(App& app, ImportEntry& entry, ImportDecision decision, User* link_to, std::string& why);
    void start_waiting();
    LogEvent event(EventText text, const std::string& transaction, bool web, const App& app) const;
    void emit(LogEvent e) { jobs_.log().emit(std::move(e)); }

    // import_schedule.cpp
    void arm(std::string app_key, ImportKind kind, std::uint64_t generation);
    // The armed timer: a member coroutine with its arguments by value (a lambda's captures would die with it).
    asio::awaitable<void> fire_after(std::string app_key, ImportKind kind, std::uint64_t generation, sim::Duration wait);

    ProvisioningEngine& engine_;
    JobContext& jobs_;
    std::optional<ImportRead> roadblocked_;  // the import a safeguard stopped, with what it read
    std::deque<PendingImport> waiting_;      // imports asked for while imports are paused
    std::map<std::string, std::uint64_t, std::less<>> schedule_generation_;  // by app key: re-arming cancels
};

}  // namespace oktasim::engine
