// The connector registry (factories by name, sorted for stable listings) and the operations a connector may
// leave out: each answers connector_errc::unsupported.
#include <oktasim/engine/connector.hpp>

namespace oktasim::engine {

asio::awaitable<result<std::optional<json::object>>> Connector::find_user_by(std::string attribute, std::string value,
                                                                             Diagnostics& diag) {
    if (attribute == "userName") co_return co_await find_user(std::move(value), diag);
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<json::object>> Connector::create_group(json::object, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<json::object>> Connector::get_group(std::string, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<std::optional<json::object>>> Connector::find_group(std::string, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

json::array member_values(const std::vector<GroupMember>& members) {
    json::array out;
    for (const auto& m : members) {
        json::object member{{"value", m.value}};
        if (!m.display.empty()) member["display"] = m.display;
        out.push_back(std::move(member));
    }
    return out;
}

asio::awaitable<result<ResourcePage>> Connector::list_users_changed_since(std::string, std::int64_t, std::int64_t,
                                                                           Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<json::object>> Connector::replace_group(std::string, json::object, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<json::object>> Connector::patch_group(std::string, GroupPatch, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<void>> Connector::delete_group(std::string, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

asio::awaitable<result<ResourcePage>> Connector::list_groups(std::int64_t, std::int64_t, Diagnostics&) {
    co_return make_error_code(connector_errc::unsupported);
}

bool ConnectorRegistry::add(std::string name, std::unique_ptr<ConnectorFactory> factory) {
    if (factories_.count(name)) return false;
    if (factories_.empty()) default_type_ = name;
    return factories_.emplace(std::move(name), std::move(factory)).second;
}

std::string ConnectorRegistry::type_of(const json::object& config) const {
    const json::value* type = config.if_contains("type");
    if (!type) return default_type_;
    return type->is_string() ? std::string(type->as_string()) : std::string();
}

const ConnectorFactory* ConnectorRegistry::factory_for(const json::object& config) const {
    return find(type_of(config));
}

const ConnectorFactory* ConnectorRegistry::find(std::string_view name) const noexcept {
    const auto it = factories_.find(name);
    return it == factories_.end() ? nullptr : it->second.get();
}

std::vector<std::string> ConnectorRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [name, factory] : factories_) out.push_back(name);
    return out;
}

}  // namespace oktasim::engine
