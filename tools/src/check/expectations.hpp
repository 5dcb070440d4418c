// Internal to the check library: what Okta expects of each answer, as the report prints it under "expected"
// (Okta's SPEC test steps and the reference sections they rest on).
#pragma once

#include <string_view>

namespace oktasim::check::detail {

inline constexpr std::string_view expect_list =
    "200 with a SCIM ListResponse: schemas [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], integer "
    "totalResults, startIndex and itemsPerPage, and the users in Resources (docs/okta-behaviour.md §2.9; Okta SPEC test step 1)";
inline constexpr std::string_view expect_connection =
    "200 with a SCIM ListResponse whose totalResults is an integer (docs/okta-behaviour.md §2.1: Okta's Test API Credentials)";
inline constexpr std::string_view expect_groups =
    "200 with a SCIM ListResponse of groups (optional: only Group Push and group import need /Groups; docs/okta-behaviour.md "
    "§2.1, §2.10; Okta SPEC test step 10)";
inline constexpr std::string_view expect_get =
    "200 with the user resource, its id equal to the one requested (docs/okta-behaviour.md §2.11; Okta SPEC test step 2)";
inline constexpr std::string_view expect_miss =
    "200 with a ListResponse and totalResults 0 for a userName no account has (Okta SPEC test step 3; docs/okta-behaviour.md "
    "§2.2, §2.13)";
inline constexpr std::string_view expect_unknown_id =
    "404 with the SCIM error schema (urn:ietf:params:scim:api:messages:2.0:Error), a detail and status \"404\" "
    "(Okta SPEC test steps 4 and 12; docs/okta-behaviour.md §2.13)";
inline constexpr std::string_view expect_create =
    "201 Created with the full resource: a non-empty id, active true, and the userName and names Okta sent (Okta "
    "SPEC test step 6; docs/okta-behaviour.md §2.2, §2.13)";
inline constexpr std::string_view expect_verify =
    "200 with the created user: same id, userName, name.givenName, name.familyName, active true (Okta SPEC test "
    "step 7)";
inline constexpr std::string_view expect_duplicate =
    "409 Conflict with the SCIM error schema and scimType \"uniqueness\" (Okta SPEC test step 8; docs/okta-behaviour.md §2.2; "
    "RFC 7644 §3.3)";
inline constexpr std::string_view expect_case =
    "200 with a ListResponse; the account is found, because userName is case-insensitive (Okta SPEC test step 9; "
    "RFC 7643 §4.1.1)";
inline constexpr std::string_view expect_bad_token =
    "401 with the SCIM error schema, a detail and status \"401\" for \"Authorization: non-token\" (Okta SPEC test "
    "step 11; docs/okta-behaviour.md §2.13)";

}  // namespace oktasim::check::detail
