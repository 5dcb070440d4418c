// The simulated app's SCIM 1.1 face (docs/okta-behaviour.md §2.14): a 1.1 request becomes the 2.0 request the
// handlers serve, and their answer goes back in 1.1 terms. The store and handlers stay SCIM 2.0.
#pragma once

#include "response.hpp"

#include <oktasim/wire/message.hpp>

#include <optional>
#include <string_view>

namespace oktasim::connectors::simapp::detail {

// Rewrites `request` (to `relative`, the path under the base path) as SCIM 2.0: POST and PUT bodies get the 2.0
// URNs; a 1.1 PATCH (a partial resource; a multi-valued item with "operation": "delete" removes that value;
// meta.attributes lists attributes to clear, SCIM 1.1 §3.3.2) becomes the PatchOp it means. A body that is not a
// JSON object is left for the handlers to refuse. A 400 when a deleted item names no value.
std::optional<Outcome> request_from_v11(wire::Request& request, std::string_view relative);

// The answer in 1.1 terms: an error as {"Errors": [{"description", "code"}]}, a ListResponse and a resource under
// urn:scim:schemas:core:1.0 (meta without resourceType), as application/json.
void outcome_to_v11(Outcome& outcome);

// SCIM 1.1's meta has no resourceType (1.1 §5.1).
void strip_resource_type(json::object& resource);

}  // namespace oktasim::connectors::simapp::detail
