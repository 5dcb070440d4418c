// What a benchmark measures about itself: wall and CPU time of a stretch of work, and the process's peak RSS.
// Benchmarks are the one place outside sim/ and transports that reads real clocks: measuring them is the point.
#pragma once

#include <chrono>
#include <cstdint>

namespace oktasim::bench {

struct Usage {
    double wall_s = 0;
    double cpu_s = 0;  // user + system time of the whole process
};

// Started on construction; `elapsed` may be read any number of times.
class Stopwatch {
public:
    Stopwatch();
    Usage elapsed() const;

private:
    std::chrono::steady_clock::time_point wall_;
    double cpu_s_;
};

// The process's peak resident set size in bytes (VmHWM, or getrusage's ru_maxrss where /proc is missing).
std::int64_t peak_rss_bytes();

}  // namespace oktasim::bench
