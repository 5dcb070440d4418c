// Internal to the engine: how the org's objects appear as System Log targets (docs/okta-behaviour.md §6.1).
#pragma once

#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>

namespace oktasim::engine {

inline LogTarget user_target(const User& u) { return {u.id, "User", u.login(), display_name(u)}; }
inline LogTarget app_target(const App& a) { return {a.id, "AppInstance", a.name, a.label}; }
inline LogTarget group_target(const Group& g) { return {g.id, "UserGroup", g.name(), g.name()}; }

}  // namespace oktasim::engine
