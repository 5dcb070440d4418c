// The built-in connector factories: `scim2` (Okta's SCIM 2.0 client, in process or over HTTP) and `plugin` (a
// connector loaded at run time through the C ABI) and `replay` (the SCIM client over a HAR recording).
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/plugin/plugin.hpp>
#include <oktasim/connectors/replay/replay.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors {

void register_builtin_connectors(engine::ConnectorRegistry& registry) {
    registry.add(std::string(scim::connector_type), scim::make_factory());  // first: the default type
    registry.add(std::string(plugin::connector_type), plugin::make_factory());
    registry.add(std::string(replay::connector_type), replay::make_factory());
}

}  // namespace oktasim::connectors
