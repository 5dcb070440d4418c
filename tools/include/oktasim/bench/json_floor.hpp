// The JSON floor: per user, building, serialising and parsing the bodies one push exchanges (the empty look-up
// ListResponse, the POST /Users body and the 201 body) with Boost.JSON alone. No engine can push for less.
#pragma once

#include <oktasim/bench/measure.hpp>

#include <cstddef>
#include <cstdint>

namespace oktasim::bench {

struct FloorFigures {
    Usage time;
    std::uint64_t bytes = 0;  // serialised bytes, which also keeps the work from being optimised away
};

FloorFigures run_json_floor(std::size_t users, std::uint64_t seed);

}  // namespace oktasim::bench
