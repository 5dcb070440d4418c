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
    // Wall time per user page at the first and at the last page: a least-squares line through the medians of each
    // tenth of the pages (robust to a burst of other work on the machine), read at both ends.
    double first_page_ms = 0;
    double last_page_ms = 0;
    std::size_t pages_compared = 0;  // user pages timed
    std::size_t imported = 0;      // Okta users the import created (auto-confirmed new users)
    std::vector<std::string> lines;  // the import's result lines ("100000 users scanned!", ...)
};

// `base_url` empty: in process, the simulated app holding the accounts; else a live server at that SCIM base URL
// that holds them (an app-server started with bench_token). New users are auto-confirmed and auto-activated.
ImportFigures run_import(std::size_t accounts, std::uint64_t seed, const std::string& base_url);

// The figures as one JSON object (a child process's answer to its parent) and back.
boost::json::object to_json(const ImportFigures& figures);

}  // namespace oktasim::bench
