// Stream output of the app-user and task states, in Okta's spelling (for test diagnostics).
#include <oktasim/engine/states.hpp>

#include <ostream>

namespace oktasim::engine {

std::ostream& operator<<(std::ostream& os, AppUserStatus s) { return os << to_string(s); }
std::ostream& operator<<(std::ostream& os, SyncState s) { return os << to_string(s); }
std::ostream& operator<<(std::ostream& os, TaskKind k) { return os << to_string(k); }
std::ostream& operator<<(std::ostream& os, TaskStatus s) { return os << to_string(s); }

}  // namespace oktasim::engine
