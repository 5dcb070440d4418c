// What every action entry shares: reading checked arguments, the timeline line and the connector registry.
#include "steps.hpp"

#include <oktasim/connectors/builtin.hpp>

#include <oktasim/wire/redact.hpp>

#include <boost/json/serialize.hpp>

namespace oktasim::runner {

const engine::ConnectorRegistry& connector_registry() {
    static const engine::ConnectorRegistry registry = [] {
        engine::ConnectorRegistry r;
        connectors::register_builtin_connectors(r);
        return r;
    }();
    return registry;
}

UserRef StepReader::user(std::string_view key) const {
    std::string written = string(key);
    return UserRef{*names.user(written), std::move(written)};
}

GroupRef StepReader::group(std::string_view key) const {
    std::string written = string(key);
    return GroupRef{*names.group(written), std::move(written)};
}

AppRef StepReader::app(std::string_view key) const {
    std::string written = string(key);
    return AppRef{*names.app(written), std::move(written)};
}

std::string StepReader::string(std::string_view key) const {
    const auto* v = step.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Line& Line::value(const json::value& v) {
    if (v.is_string()) return arg(std::string_view(v.as_string()));
    return arg(std::string_view(wire::redact_body(json::serialize(v))));
}

}  // namespace oktasim::runner
