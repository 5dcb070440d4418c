// What differs between the simulated app's two resource kinds, Users and Groups: endpoint, noun, core schema and
// the attribute that must be unique.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include <string_view>

namespace oktasim::connectors::simapp::detail {

struct KindInfo {
    std::string_view endpoint;     // "Users"
    std::string_view noun;         // "User", also the SCIM resourceType
    std::string_view schema;       // core schema URN
    std::string_view unique_attr;  // the attribute clashes are detected on
};

inline const KindInfo& info(ResourceKind kind) noexcept {
    static constexpr KindInfo user{"Users", "User", urn::user, "userName"};
    static constexpr KindInfo group{"Groups", "Group", urn::group, "displayName"};
    return kind == ResourceKind::user ? user : group;
}

}  // namespace oktasim::connectors::simapp::detail
