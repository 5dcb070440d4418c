// Okta's retry policy and failure-mode choice as table look-ups: the failure class of any error code (its category's
// mapping), what Okta does per class, and the catalogue row (failure_modes.def) a failed request reaches.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/failure_modes.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace oktasim::engine {

// What Okta does with a failed job step.
enum class RetryRule {
    open_task,        // the job fails: a task with Retry (or the manual deprovisioning task)
    pause_and_retry,  // §5.4: the task pauses and the job retries by itself, Retry-After or 5 minutes, doubling
};

struct FailureClassInfo {
    failure_class cls;
    std::string_view name;
    RetryRule retry;
    std::optional<failure_mode> mode;  // the row for a code whose own row names none (a plugin's codes, say)
};

// docs/okta-behaviour.md §5.3 (no automatic retry but for 429) and §5.4.
inline constexpr std::array failure_classes{
    FailureClassInfo{failure_class::transient, "transient", RetryRule::open_task, std::nullopt},
    FailureClassInfo{failure_class::permanent, "permanent", RetryRule::open_task, std::nullopt},
    FailureClassInfo{failure_class::auth, "auth", RetryRule::open_task, failure_mode::invalid_credentials},
    FailureClassInfo{failure_class::rate_limited, "rate_limited", RetryRule::pause_and_retry,
                     failure_mode::rate_limited_default_wait},
};

// The class `ec`'s category maps it to; permanent when it maps to none.
failure_class class_of(const error_code& ec) noexcept;
const FailureClassInfo& info(failure_class c) noexcept;
inline RetryRule retry_rule(const error_code& ec) noexcept { return info(class_of(ec)).retry; }

// The catalogue row a failed request reaches: the code's row in connector_errors.def, else its class's; `verify_step`
// says the request was the look-up that starts an assignment (a 404 there means a wrong base path).
std::optional<failure_mode> failure_mode_of(const error_code& ec, const Diagnostics& d, bool verify_step) noexcept;

}  // namespace oktasim::engine
