// Okta user profile -> app user profile -> SCIM User body: Okta's default mapping for a SCIM 2.0 app, and the entry
// points that use the app's own profile model instead when it has one (profile_model.hpp).
#pragma once

#include <oktasim/engine/org.hpp>
#include <oktasim/engine/profile_model.hpp>

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

// The app user profile Okta computes for `user` in `app` (§5): on assignment `stored` is null, on an Okta user change
// it is the app user's profile. Without a profile model, the default above (every mapping re-evaluated).
ComputedProfile app_user_profile(const App& app, const User& user, const json::object* stored);
// Whether an Okta user change updates the app username by itself (KB-USRUPD): only when provisioning is enabled (API
// integration), the format is CUSTOM, a userName mapping applies on update, or more than one attribute is mapped
// "Create and update"; otherwise only Update Now does (ProvisioningEngine::update_app_usernames).
bool usernames_follow_changes(const App& app);
// The app username a computed profile holds (its userName), or the Okta username when it has none.
std::string user_name_of(const json::object& app_profile, const User& user);
// The POST /Users body for `app`, with its profile model's namespaces and external names when it has one; a
// problem (an invalid namespace) means nothing may be sent.
json::object scim_create_body(const App& app, const User& user, const json::object& app_profile, std::string password,
                              std::optional<ProfileProblem>& problem);
// The PUT /Users/{id} body SCIM 1.1 sends to an account its look-up found (§2.14): the create body with the
// account's `id` after `schemas` and no password.
json::object scim_link_body(const App& app, const User& user, const json::object& app_profile, std::string_view id,
                            std::optional<ProfileProblem>& problem);
// The full stored profile onto the app's resource for the GET-then-PUT profile push (§2.4), as `app` maps it.
std::optional<ProfileProblem> apply_app_profile(const App& app, json::object& resource, const json::object& app_profile);

// PatchOp bodies Okta sends to OIN apps: no `path`, the value an object (§2.5, §2.8).
json::object patch_replace(json::object value);

// "First Last" (or the login when the profile has no names): how messages name a user.
std::string display_name(const User& user);

}  // namespace oktasim::engine
