// The `scim2` connector's JSON config, read and checked in one place: the factory builds from it and the scenario
// loader's errors for it come from here, each with its JSON path relative to the config object.
#pragma once

#include <oktasim/connectors/scim/scim_protocol.hpp>
#include <oktasim/engine/json_reader.hpp>

#include <cstdint>

namespace oktasim::connectors::scim {

// The type name a scenario's connector config gives for this connector.
inline constexpr std::string_view connector_type = "scim2";

// {"type":"scim2","scimVersion":"2.0","baseUrl":...,"auth":{...},"tls":{...},"maxConnections":n,
//  "exchangeTimeout":"120s","incrementalImport":false}. "scimVersion": "1.1" speaks SCIM 1.1 (in Endpoint::version).
struct ScimConfig {
    Endpoint endpoint;
    Auth auth;
    std::string ca_file;
    bool insecure = false;
    std::int64_t max_connections = 4;
    // "exchangeTimeout": the live transport's deadline for one whole exchange.
    sim::Duration exchange_timeout{120'000};
    // "incrementalImport": the app supports incremental imports, asked as a `meta.lastModified gt` filter the way
    // Okta's on-premises agent asks (docs/okta-behaviour.md §2.9). Off by default: cloud SCIM offers full imports only.
    bool incremental_import = false;
};

// Reads and checks the config; on failure `problem` names the first thing wrong (path relative to `config`).
// Credentials must be non-blank valid header values; an OAuth refresh needs both refreshToken and tokenUrl.
result<ScimConfig> parse_scim_config(const json::object& config, engine::Problem& problem);

}  // namespace oktasim::connectors::scim
