// What an expression's names refer to: the profiles and settings the caller provides for one evaluation (the
// Okta user, the app user, named apps, the org), and which attributes exist. No global state: all of it is here.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace oktasim::expr {

// One object attribute references read (a profile, or app or org settings). The pointers are the caller's and
// must outlive the evaluation.
struct Profile {
    const boost::json::object* values = nullptr;  // an attribute missing here reads as null (never populated, §4)
    // The attributes the schema defines. A name outside it is an unknown_attribute error (Okta's "Invalid properties
    // in expression"); nullptr when the caller has no schema, and then every name exists.
    const std::set<std::string, std::less<>>* defined = nullptr;
};

// Which way a mapping runs (okta-mappings.md §1, §2): `source.` is the Okta user To App and the app user To Okta.
enum class Direction { to_app, to_okta };

// The Okta user's internal properties, read by user.getInternalProperty("id") and ("status") (§2).
struct InternalProperties {
    std::string id;
    std::string status;  // STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED
};

struct Context {
    Direction direction = Direction::to_app;
    std::optional<Profile> okta_user;  // `user.`, and `source.` To App
    std::optional<Profile> app_user;   // `appuser.` / `appUser.`, and `source.` To Okta
    std::optional<InternalProperties> internal;  // user.getInternalProperty; absent: an unknown_attribute error
    std::optional<Profile> app;       // `app.`: the settings of the app the mapping belongs to
    std::optional<Profile> org;       // `org.`: name, subDomain, ...
    std::optional<Profile> instance;  // `instance.` in username templates: the app instance (userSuffix)
    // `<appName>.attr`: the app user profile in the named app instance (e.g. zendesk, active_directory), and
    // `<appName>_app.prop`: that instance's settings. Empty, or nullopt from the callback: no app of that name.
    std::function<std::optional<Profile>(std::string_view app_name)> app_user_of;
    std::function<std::optional<Profile>(std::string_view app_name)> app_settings_of;
};

}  // namespace oktasim::expr
