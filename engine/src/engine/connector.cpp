// The connector registry: factories by name, sorted for stable listings.
#include <oktasim/engine/connector.hpp>

namespace oktasim::engine {

bool ConnectorRegistry::add(std::string name, std::unique_ptr<ConnectorFactory> factory) {
    return factories_.emplace(std::move(name), std::move(factory)).second;
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
