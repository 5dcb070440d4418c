// Categories for oktasim's error enums; the connector category's messages and failure classes come from
// connector_errors.def.
#include <oktasim/engine/error.hpp>

namespace oktasim {
namespace {

class ConnectorCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.connector"; }
    std::string message(int ev) const override {
        switch (static_cast<connector_errc>(ev)) {
#define OKTASIM_CONNECTOR_ERROR(id, cls, mode, message) \
    case connector_errc::id: return message;
#include <oktasim/engine/connector_errors.def>
#undef OKTASIM_CONNECTOR_ERROR
        }
        return "unknown connector error";
    }
    // The catalogue's failure class: what `ec == failure_class::...` compares.
    boost::system::error_condition default_error_condition(int ev) const noexcept override {
        switch (static_cast<connector_errc>(ev)) {
#define OKTASIM_CONNECTOR_ERROR(id, cls, mode, message) \
    case connector_errc::id: return failure_class::cls;
#include <oktasim/engine/connector_errors.def>
#undef OKTASIM_CONNECTOR_ERROR
        }
        return {ev, *this};
    }
};

class EngineCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.engine"; }
    std::string message(int ev) const override {
        switch (static_cast<engine_errc>(ev)) {
            case engine_errc::not_found: return "not found";
            case engine_errc::invalid_transition: return "not allowed from the current status";
            case engine_errc::already_assigned: return "the user is already assigned to the app";
            case engine_errc::not_assigned: return "the user is not assigned to the app";
            case engine_errc::not_retryable: return "the task cannot be retried";
            case engine_errc::provisioning_disabled: return "provisioning is not enabled for the app";
        }
        return "unknown engine error";
    }
};

class ScenarioCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.scenario"; }
    std::string message(int ev) const override {
        switch (static_cast<scenario_errc>(ev)) {
            case scenario_errc::unreadable: return "cannot read the file";
            case scenario_errc::bad_json: return "not valid JSON";
            case scenario_errc::unknown_key: return "unknown key";
            case scenario_errc::missing_key: return "missing required key";
            case scenario_errc::wrong_type: return "wrong type";
            case scenario_errc::bad_value: return "value not allowed";
            case scenario_errc::bad_reference: return "refers to nothing";
            case scenario_errc::unsupported_version: return "unsupported scenario version";
        }
        return "unknown scenario error";
    }
};

class FailureClassCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.failure_class"; }
    std::string message(int ev) const override {
        switch (static_cast<failure_class>(ev)) {
            case failure_class::transient: return "transient";
            case failure_class::permanent: return "permanent";
            case failure_class::auth: return "auth";
            case failure_class::rate_limited: return "rate_limited";
        }
        return "unknown failure class";
    }
};

}  // namespace

const boost::system::error_category& connector_category() noexcept {
    static const ConnectorCategory c;
    return c;
}
const boost::system::error_category& engine_category() noexcept {
    static const EngineCategory c;
    return c;
}
const boost::system::error_category& scenario_category() noexcept {
    static const ScenarioCategory c;
    return c;
}
const boost::system::error_category& failure_class_category() noexcept {
    static const FailureClassCategory c;
    return c;
}

std::string Diagnostics::provider_message() const {
    if (http_status == 0) return transport.empty() ? std::string("null") : transport;
    // A success status with an unusable body: Okta shows only what went wrong with the body.
    if (http_status >= 200 && http_status < 300) return detail.empty() ? reason : detail;
    std::string out = reason.empty() ? std::string("Unknown") : reason;
    out += '.';
    if (!detail.empty()) out += " Errors reported by remote server: " + detail;
    return out;
}

}  // namespace oktasim
