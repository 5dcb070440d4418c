// Okta's default attribute mapping for a SCIM 2.0 app: Okta user profile -> app user profile -> SCIM User body.
#pragma once

#include <oktasim/engine/org.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace oktasim::engine {

// The app user profile Okta derives from the user (userName from the app's username template, ${source.login}).
json::object app_user_profile(const User& user);

// What happens to a mapped single-valued attribute without a value (absent, null or ""): left out of the body
// (default), or sent as null when the app has "Push Null Values" on (§2.4, §3.3). `emails` is multi-valued and
// is left out either way.
enum class NullValues { omit, push };

// Okta's POST /Users body (docs/okta-behaviour.md §2.2): the placeholder or synced password, externalId = the Okta user id,
// `active` false for users not yet activated in Okta (§2.7).
json::object scim_create_body(const User& user, const json::object& app_profile, std::string password,
                              NullValues nulls = NullValues::omit);

// Applies the app profile onto a copy of the app's resource, for the GET-then-PUT profile push (§2.4).
void apply_app_profile(json::object& resource, const json::object& app_profile, bool exclude_username,
                       NullValues nulls = NullValues::omit);

// PatchOp bodies Okta sends to OIN apps: no `path`, the value an object (§2.5, §2.8).
json::object patch_replace(json::object value);

// "First Last" (or the login when the profile has no names): how messages name a user.
std::string display_name(const User& user);

}  // namespace oktasim::engine
