// Registers the connectors that ship with oktasim into a registry; called explicitly by the CLI and tests.
#pragma once

#include <oktasim/engine/connector.hpp>

namespace oktasim::connectors {

void register_builtin_connectors(engine::ConnectorRegistry& registry);

}  // namespace oktasim::connectors
