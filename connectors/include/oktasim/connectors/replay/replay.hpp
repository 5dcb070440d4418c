// The `replay` connector type: Okta's SCIM 2.0 client over a HAR recording instead of a server. Requests must come
// in the recorded order and shape; each is answered with the recorded response, and the first divergence is
// reported precisely (which request, expected vs actual method, path, query and body).
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/wire/message.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::connectors::replay {

inline constexpr std::string_view connector_type = "replay";

// One recorded SCIM exchange, as read from a HAR entry.
struct Recorded {
    std::size_t entry = 0;  // its index in log.entries
    wire::Request request;  // method, target (path and query), body
    std::optional<wire::Response> response;  // none: the recording got no answer (status 0)
    wire::TransportFailure failure = wire::TransportFailure::connection_refused;  // then, how it failed
    sim::Duration elapsed{0};  // the entry's "time": reported as the exchange's, so a replay prints what the run did
};

// The SCIM exchanges of a HAR file: every entry whose URL path starts with `base_path` (a browser export's other
// requests are skipped) and, when entries carry oktasim's "_app", whose app is `app_key`. A problem names the file
// and the JSON path.
std::optional<std::vector<Recorded>> read_har(const std::string& file, std::string_view base_path,
                                              std::string_view app_key, engine::Problem& problem);

// How `actual` differs from the recording at position `index` (0-based): "" when it matches. Method, path, the
// query's decoded pairs and the body (JSON compared as JSON; a recorded "[REDACTED]" matches any value) are
// compared; headers are not (credentials are redacted in recordings).
std::string divergence(const Recorded& expected, const wire::Request& actual, std::size_t index);

std::unique_ptr<engine::ConnectorFactory> make_factory();

}  // namespace oktasim::connectors::replay
