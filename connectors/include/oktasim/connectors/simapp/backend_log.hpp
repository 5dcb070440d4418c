// The simulated app's own backend log: one entry per request it received, the view an app administrator has
// ("these same errors are always visible in the application server backend logs"). Credentials never appear.
#pragma once

#include <oktasim/engine/wire.hpp>
#include <oktasim/sim/clock.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::simapp {

namespace json = boost::json;

struct BackendLogEntry {
    sim::TimePoint at{0};
    std::string timestamp;  // wall-clock form of `at`
    std::string method;
    std::string target;     // redacted: secrets in the query string are masked
    int status = 0;         // 0 when no response went out
    wire::TransportFailure failure = wire::TransportFailure::none;
    std::string detail;     // the error detail the app reported, if any
    std::string fault;      // the label of the injected fault, if any
    sim::Duration delay{0}; // scripted delay before the answer

    json::object to_json() const;
    std::string to_text() const;  // one line
};

class BackendLog {
public:
    // Stores `entry` with its target redacted.
    void record(BackendLogEntry entry);
    void clear() noexcept { entries_.clear(); }

    const std::vector<BackendLogEntry>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }

    json::array to_json() const;
    std::string to_jsonl() const;  // one JSON object per line, each line ending in '\n'
    std::string to_text() const;   // one readable line per entry

private:
    std::vector<BackendLogEntry> entries_;
};

// Masks the values of query parameters that look like credentials (token, password, secret, key, ...).
std::string redact_target(std::string_view target);

}  // namespace oktasim::connectors::simapp
