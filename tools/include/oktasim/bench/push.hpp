// The push benchmark: N users assigned through one group to an app with Create Users on, pushed by the real engine
// through the SCIM connector, in process to the simulated app or over HTTP to an `oktasim app-server`.
#pragma once

#include <oktasim/bench/measure.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace oktasim::bench {

struct PushFigures {
    std::size_t users = 0;
    Usage setup;                   // building the org, the app and its connector (World construction)
    Usage push;                    // assigning the group and running every job to the end
    std::size_t provisioned = 0;   // app users PROVISIONED afterwards (all N when the push worked)
    std::size_t requests = 0;      // SCIM exchanges made
};

// The bearer token the benchmark's apps are given and its app-server accepts (a benchmark's, not a secret).
inline constexpr const char* bench_token = "bench-token";

// In process: the in-process transport to the simulated app.
PushFigures run_push(std::size_t users, std::uint64_t seed);

// Over HTTP: the scim2 connector's live transport (a keep-alive pool of `in_flight` connections) to the SCIM base
// URL of a server that accepts bench_token, with up to `in_flight` jobs of the app (per-app concurrency) at once.
PushFigures run_http_push(std::size_t users, std::uint64_t seed, const std::string& base_url, int in_flight);

}  // namespace oktasim::bench
