// Group Push (docs/okta-behaviour.md §2.10): an app's push mappings (an Okta group pushed to a group of the app) as the
// Push Groups tab shows them, and the app's Group Push settings.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace oktasim::engine {

// The mapping's state on the Push Groups tab: pushing, deactivated ("Deactivate group push"), or failed.
enum class PushMappingStatus { active, inactive, error };
std::string_view to_string(PushMappingStatus s) noexcept;  // ACTIVE, INACTIVE, ERROR

// How a new app group is created (docs/okta-behaviour.md §2.10, §9.3): the documented POST with "members": [] (the
// default), or what a field test of an AIW app saw: the members already in the POST, then GET and a PUT of the same.
enum class GroupCreate { documented, aiw_field };

// Transient failures (5xx, network, timeout) of a push are retried by Okta (§6.2: ...mapping.update.or.delete.failed
// "will retry"); the schedule is not documented. Ours: 3 retries, after 5, 10 and 20 minutes; then
// ...failed.with.error and the mapping stays in ERROR until "Retry All Groups".
inline constexpr int group_push_retries_max = 3;
inline constexpr long long group_push_first_retry_ms = 5 * 60'000;

// Push Groups > Group Push Settings.
struct GroupPushSettings {
    bool push_memberships_immediately = true;  // "Push group memberships immediately" (default on)
    bool rename_app_groups = true;             // "Rename app groups to match group name in Okta"
};

// "Find groups by rule" (§2.10): a string the group's name starts with or contains, optionally one for its description
// too. A rule makes a mapping for each group that matches when it is created and, while it is active, for each group
// that comes to match later (created or renamed); its mappings stay when it is deactivated or a group stops matching.
enum class TextMatch { starts_with, contains };
struct TextCondition {
    TextMatch match = TextMatch::starts_with;
    std::string value;  // compared ignoring ASCII case (oktasim's choice: Okta's group search ignores case)
    bool matches(std::string_view text) const;
};
struct PushRule {
    std::string id;
    std::string name;  // what the Push Groups tab lists under "By rule"; unique per app
    TextCondition group_name;
    std::optional<TextCondition> description;
    bool active = true;
};
// §2.10: a rule that more than 100 groups match fails.
inline constexpr std::size_t push_rule_matches_max = 100;

struct PushMapping {
    std::string id;              // the mapping's id
    std::string rule_id;         // the rule that made it; empty for a group pushed by name
    std::string group_id;        // the Okta group
    std::string link_to;         // "Link Group": the app group's displayName to look up; empty: create a new group
    std::string app_group_id;    // the group's id in the app, once created or linked
    std::string app_group_name;  // the displayName the app holds, as last pushed
    std::set<std::string> pushed;  // the member values (app users' externalIds) the app holds, as last pushed
    PushMappingStatus status = PushMappingStatus::active;
    std::string error;           // the last failure's message while `status` is error
    std::string last_push;       // when the last push succeeded
    // The push job's bookkeeping: one job per mapping at a time; what arrives meanwhile makes it run once more.
    bool busy = false;
    bool dirty = false;          // something changed since the running push read the group
    bool full = false;           // the next push sends every member (Push Now, reactivation, a link)
    bool stale = false;          // memberships changed while "Push group memberships immediately" was off
    enum class Unlink { none, leave, remove } unlink = Unlink::none;  // asked while a push ran
    int retries = 0;             // automatic retries since the last success or "Retry All Groups"
    bool retry_pending = false;  // the last failure was transient and will be retried
};

}  // namespace oktasim::engine
