// The HTTP benchmarks: the push over the scim2 connector to an `oktasim app-server` child on loopback at several
// requests in flight, the app-server's look-up rate at several store sizes, and `wrk` sending the same requests to
// the same kind of server at the same concurrency, as the ceiling a client could reach.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::bench {

struct HttpBenchOptions {
    bool push = true;                        // the HTTP push (and wrk's push mix)
    bool lookup = true;                      // the look-up rates
    std::size_t push_users = 10'000;         // users per HTTP push
    std::vector<int> in_flight{1, 8, 64};    // requests in flight (per-app concurrency and pool size)
    std::vector<std::size_t> lookup_accounts{0, 10'000, 100'000};
    std::size_t lookup_requests = 20'000;    // look-ups per size for oktasim's own client
    int lookup_in_flight = 8;
    int wrk_seconds = 5;                     // each wrk run
    std::uint64_t seed = 1;
};

struct HttpBenchResults {
    boost::json::array push;     // per in-flight count: the connector's push
    boost::json::array lookup;   // per store size: oktasim's client and wrk
    boost::json::object wrk;     // {"available": bool, "path" | "why"}
};

// The import over HTTP: a fresh app-server holding `accounts` accounts, imported by this program run as
// `bench --import-child N --import-url URL` (its own process, so the peak RSS is the client's alone). Returns the
// child's figures (bench/import.hpp's to_json plus peakRssBytes); throws std::runtime_error when it fails.
boost::json::object run_http_import(const std::string& exe, std::size_t accounts, std::uint64_t seed);

// Runs what `options` selects. `exe` is this program (it serves as `oktasim app-server`). Throws
// std::runtime_error when a server cannot be started or a push fails.
HttpBenchResults run_http_benchmarks(const std::string& exe, const HttpBenchOptions& options);

}  // namespace oktasim::bench
