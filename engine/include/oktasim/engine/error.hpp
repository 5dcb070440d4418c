// Error codes for the engine, the connectors and scenario loading, each with its own category, plus the
// failure_class condition the retry policy reads, and Diagnostics: the human detail that rides alongside.
#pragma once

#include <oktasim/sim/clock.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <type_traits>

namespace oktasim {

template <class T>
using result = boost::system::result<T>;
using boost::system::error_code;

// Why a downstream operation failed, as Okta's SCIM client classifies it. Each code's failure class, failure mode and
// message are its row in connector_errors.def.
enum class connector_errc {
    unauthorized = 1,   // 401: bad or expired API credentials ("Unauthorized.")
    forbidden,          // 403: the service account lacks permissions ("Forbidden.")
    not_found,          // 404 on a resource or a wrong base path
    conflict,           // 409: the app says the resource already exists (scimType "uniqueness")
    rate_limited,       // 429: Okta pauses and reschedules the job (docs/okta-behaviour.md §5.4)
    rejected,           // any other 4xx: the app rejects the request (400, 422, ...)
    server_error,       // 5xx: the app or a proxy failed
    unexpected_status,  // a status Okta does not expect for the operation (e.g. 3xx)
    empty_body,         // a success status without the resource Okta needs ("returned empty user")
    invalid_json,       // a body that is not JSON ("Invalid JSON: ...")
    connection_failed,  // refused, reset or unreachable: Okta shows "null"
    timeout,            // no answer within 60 s of socket silence
    unsupported,        // the connector does not implement the operation
};

// What the engine refuses to do, and why.
enum class engine_errc {
    not_found = 1,         // no such user, group, app, app user or task
    invalid_transition,    // a lifecycle change Okta does not allow from the current status
    already_assigned,      // the user already has this app directly
    not_assigned,          // the user does not have this app
    not_retryable,         // the task cannot be retried (manual deprovisioning)
    provisioning_disabled, // the app has no API integration enabled
};

// What is wrong with a scenario file.
enum class scenario_errc {
    unreadable = 1,   // the file could not be opened or read
    bad_json,         // the text is not JSON
    unknown_key,      // a key the format does not define
    missing_key,      // a required key is absent
    wrong_type,       // a value of the wrong JSON type
    bad_value,        // a value of the right type that is not allowed
    bad_reference,    // a name that refers to nothing (user, group, app, task)
    unsupported_version,
};

// How Okta's retry policy treats an error (failure_policy.hpp holds the rule per class). Any error category may map
// its codes to these conditions (default_error_condition), so a plugin's own errors drive Okta's retries.
enum class failure_class {
    transient = 1,  // 5xx, network, timeout: a task; the admin's Retry may work (docs/okta-behaviour.md §5.3)
    permanent,      // the app rejected it: the admin fixes data or settings, then retries
    auth,           // 401 / 403: the admin fixes the credentials or the service account's permissions
    rate_limited,   // 429: Okta pauses the task and retries by itself (docs/okta-behaviour.md §5.4)
};

const boost::system::error_category& connector_category() noexcept;
const boost::system::error_category& engine_category() noexcept;
const boost::system::error_category& scenario_category() noexcept;
const boost::system::error_category& failure_class_category() noexcept;

inline error_code make_error_code(connector_errc e) noexcept { return {static_cast<int>(e), connector_category()}; }
inline error_code make_error_code(engine_errc e) noexcept { return {static_cast<int>(e), engine_category()}; }
inline error_code make_error_code(scenario_errc e) noexcept { return {static_cast<int>(e), scenario_category()}; }
inline boost::system::error_condition make_error_condition(failure_class e) noexcept {
    return {static_cast<int>(e), failure_class_category()};
}

// Human detail for a failed operation: what came back from the app. (Whether a scripted fault shaped the answer is
// the simulated app's knowledge, shown by its fault header and backend log; Okta's client cannot know it.)
struct Diagnostics {
    int http_status = 0;                       // 0 when no response came back
    std::string reason;                        // the HTTP reason phrase, e.g. "Unauthorized"
    std::string detail;                        // the app's own words (SCIM `detail`), or "Invalid JSON: ..."
    std::string scim_type;                     // SCIM `scimType` when present
    std::optional<sim::Duration> retry_after;  // an integer Retry-After, when the app sent one
    std::string transport;                     // the transport's text when no response came: "null", "Read timed out"
    bool body_not_json = false;                // the body was not JSON (an HTML page, a proxy's text)

    // The provider part of an Okta message: "Unauthorized. Errors reported by remote server: <detail>".
    std::string provider_message() const;
};

}  // namespace oktasim

namespace boost::system {
template <> struct is_error_code_enum<oktasim::connector_errc> : std::true_type {};
template <> struct is_error_code_enum<oktasim::engine_errc> : std::true_type {};
template <> struct is_error_code_enum<oktasim::scenario_errc> : std::true_type {};
template <> struct is_error_condition_enum<oktasim::failure_class> : std::true_type {};
}  // namespace boost::system
