// The PatchOp engine (RFC 7644 §3.5.2): one operation at a time, applied to a copy of a resource's body, so a
// failing operation leaves the stored resource untouched.
#pragma once

#include "response.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::simapp::detail {

struct PatchState {
    json::object body;
    bool password_changed = false;
    std::optional<std::string> password;  // nullopt after a remove
};

// Applies one element of "Operations" to `state`; `id` is the resource's own id (a client may repeat it).
Failure apply_operation(ResourceKind kind, std::string_view id, const json::object& operation, PatchState& state);

}  // namespace oktasim::connectors::simapp::detail
