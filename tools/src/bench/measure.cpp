// Wall time from the steady clock, CPU time and peak RSS from the kernel (getrusage, /proc/self/status).
#include <oktasim/bench/measure.hpp>

#include <fstream>
#include <string>
#include <sys/resource.h>

namespace oktasim::bench {
namespace {

double process_cpu_s() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace

Stopwatch::Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_s_(process_cpu_s()) {}

Usage Stopwatch::elapsed() const {
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_;
    return {wall.count(), process_cpu_s() - cpu_s_};
}

std::int64_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // "VmHWM:   123456 kB"
    }
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<std::int64_t>(u.ru_maxrss) * 1024;
}

}  // namespace oktasim::bench
