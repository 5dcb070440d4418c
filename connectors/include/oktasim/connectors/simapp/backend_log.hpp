// The simulated app's own backend log: one entry per request it received, the view an app administrator has
// ("these same errors are always visible in the application server backend logs"). Credentials never appear.
#pragma once

#include <oktasim/wire/message.hpp>
#include <oktasim/sim/clock.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

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

// A bounded ring: it keeps the last `capacity()` entries and counts the ones it dropped, so a long-running app server
// holds bounded memory. An observer sees every entry as it is recorded, before any can be dropped (the app
// server's --log file receives every line that way).
class BackendLog {
public:
    static constexpr std::size_t default_capacity = 10'000;
    using Observer = std::function<void(const BackendLogEntry&)>;

    explicit BackendLog(std::size_t capacity = default_capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

    // Stores `entry` with its target redacted, tells the observer, then drops the oldest entry beyond capacity.
    void record(BackendLogEntry entry);
    void clear() noexcept {
        entries_.clear();
        dropped_ = 0;
    }
    void set_observer(Observer observer) { observer_ = std::move(observer); }
    void set_capacity(std::size_t capacity);  // at least 1; drops the oldest entries beyond it

    const std::deque<BackendLogEntry>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }
    std::size_t capacity() const noexcept { return capacity_; }
    std::uint64_t dropped() const noexcept { return dropped_; }                    // since the last clear()
    std::uint64_t recorded() const noexcept { return dropped_ + entries_.size(); }  // kept and dropped

    json::array to_json() const;
    std::string to_jsonl() const;  // one JSON object per line, each line ending in '\n'
    std::string to_text() const;   // one readable line per entry

private:
    std::deque<BackendLogEntry> entries_;
    std::size_t capacity_;
    std::uint64_t dropped_ = 0;
    Observer observer_;
};

// Masks the values of query parameters that look like credentials (token, password, secret, key, ...).
std::string redact_target(std::string_view target);

}  // namespace oktasim::connectors::simapp
