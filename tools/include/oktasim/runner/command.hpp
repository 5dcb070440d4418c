// Typed scenario actions: what the loader turns each "do" step into. References are resolved once, at load, to
// positions in the scenario's org spec; the running Tenant turns a position into the entity's id in O(1).
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/sim/clock.hpp>

#include <cstddef>
#include <string>

namespace oktasim::tenant {
class Tenant;
}

namespace oktasim::runner {

// A user, group or app of the org spec, by its position in /org/users, /org/groups or /apps (ids may be generated
// from the seed, so the position is what stays fixed). `written` is the reference as the step spelled it, for the
// timeline.
struct UserRef {
    std::size_t index = 0;
    std::string written;
    const std::string& id(const tenant::Tenant& t) const;
};
struct GroupRef {
    std::size_t index = 0;
    std::string written;
    const std::string& id(const tenant::Tenant& t) const;
};
struct AppRef {
    std::size_t index = 0;
    std::string written;
    const std::string& key(const tenant::Tenant& t) const;
};

// One action, read and checked at load. `run` performs it on a running org with ids (an API server would call the
// same Tenant and engine operations); `describe` is its timeline line, e.g. "assign alice@example.com -> acme".
class Command {
public:
    virtual ~Command() = default;
    virtual error_code run(tenant::Tenant& tenant, std::string& why) const = 0;
    virtual std::string describe() const = 0;
    // How far it moves virtual time (advance), for the loader's bound on the timeline's total.
    virtual sim::Duration advances_by() const { return sim::Duration{0}; }
};

}  // namespace oktasim::runner
