// The failure-class and failure-mode look-ups over connector_errors.def and the class table.
#include <oktasim/engine/failure_policy.hpp>

namespace oktasim::engine {
namespace {

struct ConnectorErrorRow {
    connector_errc code;
    std::optional<failure_mode> mode;
};

constexpr ConnectorErrorRow connector_error_rows[] = {
#define OKTASIM_CONNECTOR_ERROR(id, cls, mode, message) ConnectorErrorRow{connector_errc::id, mode},
#include <oktasim/engine/connector_errors.def>
#undef OKTASIM_CONNECTOR_ERROR
};

std::optional<failure_mode> row_mode(const error_code& ec) noexcept {
    if (ec.category() != connector_category()) return std::nullopt;
    for (const auto& row : connector_error_rows)
        if (static_cast<int>(row.code) == ec.value()) return row.mode;
    return std::nullopt;
}

}  // namespace

failure_class class_of(const error_code& ec) noexcept {
    for (const auto& c : failure_classes)
        if (ec == c.cls) return c.cls;
    return failure_class::permanent;
}

const FailureClassInfo& info(failure_class c) noexcept {
    for (const auto& row : failure_classes)
        if (row.cls == c) return row;
    return failure_classes[1];  // permanent
}

std::optional<failure_mode> failure_mode_of(const error_code& ec, const Diagnostics& d, bool verify_step) noexcept {
    // What the step or the response says first: a 404 on the look-up is a wrong base path; a body that is not JSON
    // (an HTML error page, a proxy's text) is invalid JSON whatever the status.
    if (ec == connector_errc::not_found && verify_step) return failure_mode::wrong_base_path;
    if (d.body_not_json) return failure_mode::invalid_json;
    if (const auto mode = row_mode(ec)) return mode;
    if (ec == connector_errc::rejected && d.http_status == 400) return failure_mode::app_rejects_bad_request;
    if (ec == connector_errc::rejected && d.http_status == 422) return failure_mode::app_rejects_unprocessable;
    const failure_class cls = class_of(ec);
    // §5.4: a usable Retry-After picks its own row; without one Okta waits the default.
    if (cls == failure_class::rate_limited && d.retry_after) return failure_mode::rate_limited_retry_after;
    return info(cls).mode;
}

}  // namespace oktasim::engine
