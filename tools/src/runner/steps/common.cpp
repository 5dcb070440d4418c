// What every action entry shares: resolving references under the one rule, reading checked arguments, the
// timeline line, and turning a spec position into the running org's id.
#include "steps.hpp"

#include <oktasim/connectors/builtin.hpp>
#include <oktasim/engine/states.hpp>

#include <oktasim/wire/redact.hpp>
#include <oktasim/tenant/tenant.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace oktasim::runner {
namespace {

std::optional<std::size_t> at(const std::map<std::string, std::size_t, std::less<>>& m, std::string_view key) {
    const auto it = m.find(key);
    return it == m.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

}  // namespace

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

const std::span<const std::string_view> task_kinds = engine::task_kind_names;

const engine::ConnectorRegistry& connector_registry() {
    static const engine::ConnectorRegistry registry = [] {
        engine::ConnectorRegistry r;
        connectors::register_builtin_connectors(r);
        return r;
    }();
    return registry;
}

std::optional<std::size_t> Names::user(std::string_view ref) const {
    if (auto i = at(user_ids, ref)) return i;
    return at(user_logins, lower(ref));
}

std::optional<std::size_t> Names::group(std::string_view ref) const {
    if (auto i = at(group_ids, ref)) return i;
    return at(group_names, ref);
}

std::optional<std::size_t> Names::app(std::string_view ref) const { return at(apps, ref); }

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

const std::string& UserRef::id(const tenant::Tenant& t) const { return t.spec_user_id(index); }
const std::string& GroupRef::id(const tenant::Tenant& t) const { return t.spec_group_id(index); }
const std::string& AppRef::key(const tenant::Tenant& t) const { return t.spec_app_key(index); }

}  // namespace oktasim::runner
