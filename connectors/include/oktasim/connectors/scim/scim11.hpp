// The SCIM 1.1 dialect of Okta's SCIM client as pure code (docs/okta-behaviour.md §2.14): the engine's SCIM 2.0
// resources and PatchOps in the 1.1 bodies Okta sends, and the server's 1.1 resources back in 2.0 terms.
#pragma once

#include <oktasim/engine/connector.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

namespace oktasim::connectors::scim::v11 {

namespace json = boost::json;

enum class Kind { user, group };

// A SCIM 2.0 User or Group in 1.1 terms: `schemas` lists urn:scim:schemas:core:1.0 (and the 1.1 enterprise URN),
// the enterprise extension moves to its 1.1 key. Every other attribute and extension is left as it is.
json::object to_v11(json::object resource);
// A resource the server sent in 1.1 terms, as the engine reads resources: the 2.0 URNs for `kind`.
json::object from_v11(json::object resource, Kind kind);

// The 1.1 PATCH for a user PatchOp of Okta's flows (deactivate, reactivate, password: a replace whose value is an
// object, §2.5, §2.8): the partial resource {"schemas": [core], "id": id, ...the values}, as the 1.1 reference shows
// for deactivation. A replace or add with a plain attribute `path` sets that attribute; a remove lists it in
// meta.attributes (SCIM 1.1 §3.3.2), as does a replace of a list, which 1.1 would otherwise add to. nullopt for an
// operation 1.1 cannot carry (a filtered or dotted path).
std::optional<json::object> user_patch(std::string_view id, const json::object& patch_op);

// The group rename Okta sends with every membership update: {"schemas": [core], "id": id, "displayName": name}.
json::object group_rename(std::string_view id, std::string_view display_name);
// The membership PATCH: {"schemas": [core], "members": [...]}, an added member as {value, display}, a removed one
// with "operation": "delete" (Okta's example also gives its display; GroupPatch keeps only the value). Push Now
// (`patch.members`) replaces them all: meta.attributes ["members"] clears the old list first (SCIM 1.1 §3.3.2;
// inferred, Okta shows no body for it). nullopt when `patch` changes no member.
std::optional<json::object> group_members(const engine::GroupPatch& patch);

}  // namespace oktasim::connectors::scim::v11
