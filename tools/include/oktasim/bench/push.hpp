// The in-process push benchmark: N users assigned through one group to an app with Create Users on, pushed by
// the real engine through the SCIM connector and the in-process transport to the simulated app.
#pragma once

#include <oktasim/bench/measure.hpp>

#include <cstddef>
#include <cstdint>

namespace oktasim::bench {

struct PushFigures {
    std::size_t users = 0;
    Usage setup;                   // building the org, the app and its connector (World construction)
    Usage push;                    // assigning the group and running every job to the end
    std::size_t provisioned = 0;   // app users PROVISIONED afterwards (all N when the push worked)
    std::size_t requests = 0;      // SCIM exchanges made
};

PushFigures run_push(std::size_t users, std::uint64_t seed);

}  // namespace oktasim::bench
