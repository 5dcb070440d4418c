// The SCIM 2.0 schema and message URNs (RFC 7643 §8.7, RFC 7644 §3), defined once for everything that writes or
// reads SCIM bodies: the engine's mapping, Okta's SCIM client, the simulated app and the tools.
#pragma once

#include <string_view>

namespace oktasim::urn {

inline constexpr std::string_view user = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view group = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view enterprise_user = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view service_provider_config =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
inline constexpr std::string_view resource_type = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
inline constexpr std::string_view schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
inline constexpr std::string_view list_response = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view patch_op = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view error = "urn:ietf:params:scim:api:messages:2.0:Error";

}  // namespace oktasim::urn
