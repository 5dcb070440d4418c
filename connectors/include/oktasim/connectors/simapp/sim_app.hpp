// The simulated downstream SCIM 2.0 application (or SCIM 1.1, docs/okta-behaviour.md §2.14): a pure request -> response
// model (RFC 7643/7644 as Okta uses them, §2.13 and §7) with scripted faults, a backend log and an admin API for steps.
// It never touches a socket: the in-process transport calls it directly, an HTTP front serves the same object.
#pragma once

#include <oktasim/connectors/simapp/backend_log.hpp>
#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/connectors/simapp/fault.hpp>
#include <oktasim/connectors/simapp/rank_index.hpp>
#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/error.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/clock.hpp>
#include <oktasim/sim/prng.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oktasim::connectors::simapp {

namespace json = boost::json;

// Header that marks a response shaped by a scripted fault; its value is the fault's label.
inline constexpr std::string_view fault_header = "X-Oktasim-Fault";
inline constexpr std::string_view scim_content_type = "application/scim+json; charset=utf-8";
inline constexpr std::string_view scim11_content_type = "application/json";  // SCIM 1.1, as Okta's 1.1 reference shows

enum class ResourceKind { user, group };

class SimApp final : public engine::Downstream {
public:
    // Ids come from `prng` (UUID v4-shaped), timestamps from `wall`; configured resources are created at time 0.
    SimApp(SimAppConfig config, sim::WallClock wall, sim::Prng prng);

    wire::Delivery handle(const wire::Request& request, sim::TimePoint now) override;

    // --- Faults (scenario steps, admin endpoint) ---
    void set_faults(std::vector<Fault> faults);  // replaces every fault; match counters restart
    void add_fault(Fault fault);
    void clear_faults();
    const FaultSet& faults() const noexcept { return faults_; }

    // --- Authentication ---
    void set_auth(AuthConfig auth) { auth_ = std::move(auth); }
    const AuthConfig& auth() const noexcept { return auth_; }

    // --- Quirks (a scenario step turns a server bug on or off mid-run) ---
    void set_quirks(Quirks quirks) { config_.quirks = quirks; }
    const Quirks& quirks() const noexcept { return config_.quirks; }

    // --- Accounts (SCIM Users), named by userName as scenario steps name them ---
    // Creates the account, or merges `attributes` into the existing one (objects merge, other values replace).
    // A `password` is stored apart; `id`/`meta`/`groups` are ignored for existing accounts. `current_user_name`
    // names the account to change when `attributes` renames it (a new userName); empty: the attributes' userName.
    result<json::object> upsert_account(json::object attributes, sim::TimePoint now, std::string& error,
                                        std::string_view current_user_name = {});
    bool set_account_active(std::string_view user_name, bool active, sim::TimePoint now);  // false: unknown
    // Also drops its group memberships (those groups count as modified at `now`); false: unknown.
    bool delete_account(std::string_view user_name, sim::TimePoint now);
    std::vector<json::object> accounts() const;       // creation order, as GET /Users shows them
    std::optional<json::object> find_account(std::string_view id) const;
    std::optional<json::object> find_account_by_user_name(std::string_view user_name) const;
    std::optional<std::string> password(std::string_view id) const;  // write-only over SCIM; visible here

    // --- Groups ---
    std::vector<json::object> groups() const;
    std::optional<json::object> find_group(std::string_view id) const;
    std::optional<json::object> find_group_by_display_name(std::string_view display_name) const;

    // --- Inspection ---
    const BackendLog& backend_log() const noexcept { return log_; }
    BackendLog& backend_log() noexcept { return log_; }
    // All state: accounts, groups, stored passwords, faults with their counters, auth kind (never credentials).
    // With `Passwords::redact` each stored password shows as "[REDACTED]" (the admin endpoint's default).
    enum class Passwords { include, redact };
    json::object snapshot(Passwords passwords = Passwords::include) const;
    const std::string& base_path() const noexcept { return config_.base_path; }
    ScimVersion scim_version() const noexcept { return config_.scim_version; }

    // Result of serving one request normally: the response and the detail the backend log records.
    struct Outcome {
        wire::Response response;
        std::string detail;
    };

private:
    using Kind = ResourceKind;
    struct Resource {
        std::string id;
        json::object body;  // every attribute but id and meta; never a password
        std::string created;
        std::string last_modified;
        std::uint64_t version = 1;
        std::uint64_t seq = 0;  // creation sequence: its key in Store::items
    };
    // One kind's resources in creation order (the order GET lists them), with the indexes every per-request
    // look-up uses instead of a scan. Only insert/set_body/erase write to it, so the indexes stay in step.
    // The indexes are hash maps (no order is ever read from them) looked up by string_view; a key names one
    // resource but for duplicates a quirk or a configured store allows, hence a small sorted vector.
    using Seqs = boost::container::small_vector<std::uint64_t, 1>;  // ascending: creation order
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
    };
    template <class V>
    using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;
    struct Store {
        std::map<std::uint64_t, Resource> items;
        RankIndex positions;  // the seqs of `items`, by position: a page's first resource without a walk
        std::uint64_t next_seq = 1;
        TextMap<std::uint64_t> by_id;
        TextMap<Seqs> by_name;         // userName / displayName, case-folded
        TextMap<Seqs> by_external_id;  // exact (caseExact, RFC 7643 §3.1)
    };

    void load(Kind kind, const json::object& configured);
    Outcome serve(const wire::Request& request, const std::optional<std::string>& relative, sim::TimePoint now);
    // SCIM 1.1: the request translated to 2.0 and served, the answer translated back (scim11_face.hpp).
    Outcome serve_v11(const wire::Request& request, const std::optional<std::string>& relative, sim::TimePoint now);
    Outcome route_resources(Kind kind, const std::vector<std::string>& segments, const wire::Request& request,
                            sim::TimePoint now);
    Outcome route_discovery(const std::vector<std::string>& segments, const wire::Request& request) const;
    std::optional<Outcome> check_auth(const wire::Request& request) const;
    Outcome token_endpoint(const wire::Request& request);

    Outcome list(Kind kind, const wire::Request& request) const;
    Outcome get(Kind kind, std::string_view id) const;
    Outcome create(Kind kind, const wire::Request& request, sim::TimePoint now);
    Outcome replace(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now);
    Outcome patch(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now);
    Outcome remove(Kind kind, std::string_view id, sim::TimePoint now);
    Outcome modified(Kind kind, const Resource& resource, int status, bool with_location) const;

    // Checks a resource body a client wants to store; nullopt when it may be stored.
    std::optional<Outcome> validate(Kind kind, json::object& body, std::string_view self_id) const;
    wire::Delivery inject(const FaultSet::Selection& selection, std::optional<Outcome> processed,
                          BackendLogEntry& entry) const;

    Store& store(Kind kind) noexcept { return kind == Kind::user ? users_ : groups_; }
    const Store& store(Kind kind) const noexcept { return kind == Kind::user ? users_ : groups_; }
    Resource& insert(Kind kind, Resource resource);
    void set_body(Kind kind, Resource& resource, json::object body);  // re-indexes what the new body names
    void erase(Kind kind, const Resource& resource);
    void index(Kind kind, const Resource& resource, bool add);
    // The resources a filter `attr eq wanted` can match, in creation order (a superset the filter then checks);
    // nullopt when `attr` has no index and the caller scans.
    std::optional<std::vector<const Resource*>> indexed(Kind kind, std::string_view attr, std::string_view wanted) const;
    const Resource* first_named(Kind kind, std::string_view name) const;  // unique attribute, case-insensitive
    Resource* find(Kind kind, std::string_view id);
    const Resource* find(Kind kind, std::string_view id) const;
    Resource* find_user_by_name(std::string_view user_name);
    const Resource* find_user_by_name(std::string_view user_name) const;
    json::object render(Kind kind, const Resource& resource) const;
    std::string location(Kind kind, std::string_view id) const;
    void touch(Resource& resource, sim::TimePoint now) const;
    std::string new_id();
    void drop_memberships(std::string_view user_id, sim::TimePoint now);
    std::optional<std::string> relative_path(std::string_view path) const;

    SimAppConfig config_;  // its `auth` and `faults` are moved into auth_ and faults_
    sim::WallClock wall_;
    sim::Prng prng_;
    AuthConfig auth_;
    FaultSet faults_;
    Store users_;
    Store groups_;
    TextMap<std::string> passwords_;  // by user id (the snapshot sorts them)
    BackendLog log_;
    std::uint64_t tokens_issued_ = 0;  // access tokens from the OAuth token endpoint: "oktasim-at-<n>"
};

}  // namespace oktasim::connectors::simapp
