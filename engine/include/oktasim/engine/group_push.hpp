// Group Push (docs/okta-behaviour.md §2.10): an app's push mappings (an Okta group pushed to a group of the app) as the
// Push Groups tab shows them, and the app's Group Push settings.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace oktasim::engine {

// The mapping's state on the Push Groups tab: pushing, deactivated ("Deactivate group push"), or failed.
enum class PushMappingStatus { active, inactive, error };
std::string_view to_string(PushMappingStatus s) noexcept;  // ACTIVE, INACTIVE, ERROR

// Push Groups > Group Push Settings.
struct GroupPushSettings {
    bool push_memberships_immediately = true;  // "Push group memberships immediately" (default on)
    bool rename_app_groups = true;             // "Rename app groups to match group name in Okta"
};

struct PushMapping {
    std::string id;              // the mapping's id
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
};

}  // namespace oktasim::engine
