// The SCIM schema and message URNs (SCIM 2.0: RFC 7643 §8.7, RFC 7644 §3; SCIM 1.1 and Okta's own: docs/okta-behaviour.md
// §2.14), defined once for everything that writes or reads SCIM bodies: the engine's mapping, Okta's SCIM client, the
// simulated app and the tools.
#pragma once

#include <optional>
#include <string_view>

namespace oktasim {

// The SCIM version a server speaks: the media types, the URNs, PATCH bodies and the error format follow it. Okta's
// client and the simulated app both take it from their config's "scimVersion" (docs/okta-behaviour.md §2.14).
enum class ScimVersion { v2_0, v1_1 };
inline constexpr std::string_view to_string(ScimVersion version) noexcept {
    return version == ScimVersion::v1_1 ? "1.1" : "2.0";
}
// "2.0" or "1.1", as configs and flags spell it; nullopt for anything else.
inline constexpr std::optional<ScimVersion> parse_scim_version(std::string_view text) noexcept {
    if (text == "2.0") return ScimVersion::v2_0;
    if (text == "1.1") return ScimVersion::v1_1;
    return std::nullopt;
}

}  // namespace oktasim

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

// Okta's group description extension: sent with every SCIM 1.1 group create and replace, never with SCIM 2.0.
inline constexpr std::string_view okta_group_custom = "urn:okta:custom:group:1.0";

// SCIM 1.1: one core URN for users, groups, list responses and PATCH bodies alike.
namespace v1 {
inline constexpr std::string_view core = "urn:scim:schemas:core:1.0";
inline constexpr std::string_view enterprise_user = "urn:scim:schemas:extension:enterprise:1.0";
// The ListResponse URN Okta's 1.1 SPEC test asserts on /Schemas (beside core).
inline constexpr std::string_view list_response = "urn:scim:schemas:core:1.0:ListResponse";
// Okta's extension of /ServiceProviderConfigs: the userManagementCapabilities its on-premises agent reads (§2.15).
inline constexpr std::string_view okta_provider_config = "urn:okta:schemas:scim:providerconfig:1.0";
}  // namespace v1

}  // namespace oktasim::urn
