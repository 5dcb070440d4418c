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

// SCIM 1.1 (--scim-version 1.1; docs/okta-behaviour.md §2.14, §7.1: Okta's SCIM 1.1 SPEC test).
inline constexpr std::string_view expect_list_v11 =
    "200 with a SCIM 1.1 list: schemas [\"urn:scim:schemas:core:1.0\"], integer totalResults, startIndex and "
    "itemsPerPage, and the users in Resources (docs/okta-behaviour.md §2.14; Okta SCIM 1.1 SPEC test step 7)";
inline constexpr std::string_view expect_error_v11 =
    "a SCIM 1.1 error body, {\"Errors\": [{\"description\": ..., \"code\": <status>}]} (docs/okta-behaviour.md §2.14)";
inline constexpr std::string_view expect_unknown_id_v11 =
    "404 with a SCIM 1.1 error body whose description says why (docs/okta-behaviour.md §2.14; Okta's 1.1 SPEC test "
    "step 10 asserts 405, which Okta's own provisioning would read as a failure, not as a missing account)";
inline constexpr std::string_view expect_duplicate_v11 =
    "409 Conflict with a SCIM 1.1 error body, e.g. {\"Errors\": [{\"description\": \"User already exists in the "
    "database.\", \"code\": 409}]} (Okta's 1.1 reference; Okta SCIM 1.1 SPEC test step 14)";
inline constexpr std::string_view expect_bad_token_v11 =
    "401 with a SCIM 1.1 error body for \"Authorization: non-token\" (docs/okta-behaviour.md §2.14)";
inline constexpr std::string_view expect_malformed_filter_v11 =
    "400 Bad Request for filter=<an upper-cased userName> (no attribute, no operator: not a filter) (Okta SCIM 1.1 SPEC "
    "test step 15; docs/okta-behaviour.md §2.14)";
inline constexpr std::string_view expect_discovery_v11 =
    "GET: 200 with schemas [\"urn:scim:schemas:core:1.0\", ...] and the endpoint's fields; POST: 405 (optional; Okta "
    "SCIM 1.1 SPEC test steps 1-6)";

}  // namespace oktasim::check::detail
