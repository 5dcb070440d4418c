// The import benchmark: Import Now of N accounts in pages of 100 (docs/okta-behaviour.md §2.9), in process from the
// simulated app or over HTTP from an `oktasim app-server`, with the time of each page so that the last pages can be
// compared with the first (Okta's documented scale: 100,000 users per import without slowdown).
#pragma once

#include <oktasim/bench/measure.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace oktasim::bench {

struct ImportFigures {
    std::size_t accounts = 0;
    Usage setup;                   // the org, the app, its connector and (in process) the app's N accounts
    Usage import;                  // Import Now to the import's end: every page read, then everything applied
    double download_wall_s = 0;    // of which reading the pages (users and groups)
    std::size_t pages = 0;         // list requests sent
    double first_page_ms = 0;      // median wall time per user page over the first pages_compared pages
    double last_page_ms = 0;       // ... over the last pages_compared pages (50, or a quarter of fewer pages, at least 1)
    std::size_t pages_compared = 0;
    std::size_t imported = 0;      // Okta users the import created (auto-confirmed new users)
    std::vector<std::string> lines;  // the import's result lines ("100000 users scanned!", ...)
};

// `base_url` empty: in process, the simulated app holding the accounts; else a live server at that SCIM base URL
// that holds them (an app-server started with bench_token). New users are auto-confirmed and auto-activated.
ImportFigures run_import(std::size_t accounts, std::uint64_t seed, const std::string& base_url);

// The figures as one JSON object (a child process's answer to its parent) and back.
boost::json::object to_json(const ImportFigures& figures);

}  // namespace oktasim::bench
