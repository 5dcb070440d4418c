// The org's System Log: events in Okta's LogEvent shape (docs/okta-behaviour.md §6.1), stamped with virtual time and a
// seeded uuid, kept in order (unless nobody asked for them) and written as JSON lines.
#pragma once

#include <oktasim/engine/events.hpp>
#include <oktasim/engine/ids.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::engine {

namespace json = boost::json;

// §6.1: outcome.reason is 1-255 characters. LogEvent keeps the whole reason (expectations match it); the JSON
// cuts it at 255 characters, and SystemLog::emit keeps the whole text in debugContext.debugData under this key.
inline constexpr std::size_t log_reason_max_chars = 255;
inline constexpr std::string_view log_full_reason_key = "errorMessage";

struct LogActor {
    std::string id;
    std::string type = "User";
    std::string alternate_id;
    std::string display_name;
};

struct LogTarget {
    std::string id;
    std::string type;  // User, AppInstance, AppUser, UserGroup
    std::string alternate_id;
    std::string display_name;
};

struct LogEvent {
    std::string event_type;
    std::string display_message;
    std::string severity = "INFO";             // DEBUG | INFO | WARN | ERROR
    std::string legacy_event_type;             // empty: null
    std::string outcome = "SUCCESS";           // SUCCESS | FAILURE | SKIPPED | RATE_LIMIT | ...
    std::optional<std::string> outcome_reason;
    std::vector<LogTarget> targets;
    json::object debug_data;
    std::string transaction_type = "WEB";      // WEB for admin requests, JOB for provisioning jobs
    std::string transaction_id;
    LogActor actor;

    // Stamped by SystemLog::emit.
    std::string uuid;
    std::string published;
    sim::TimePoint at{0};
};

class SystemLog {
public:
    // `feed` (optional) hears each event as it is emitted, after it is stamped.
    SystemLog(sim::EventLoop& loop, IdGenerator& ids, EventFeed* feed = nullptr) : loop_(loop), ids_(ids), feed_(feed) {}
    void set_event_feed(EventFeed* feed) noexcept { feed_ = feed; }
    // Off: events are stamped (the same uuids and times) and reach the feed, but are not kept, so `events()` and
    // `to_jsonl()` stay empty: for runs that ask for no System Log output (the benchmark), whose memory would
    // otherwise grow with every event. On by default.
    void set_retain(bool retain) noexcept { retain_ = retain; }

    // The stamped event; when events are not retained, valid until the next `emit`.
    const LogEvent& emit(LogEvent event);
    const std::vector<LogEvent>& events() const noexcept { return events_; }

    static json::object to_json(const LogEvent& e);
    std::string to_jsonl() const;

private:
    sim::EventLoop& loop_;
    IdGenerator& ids_;
    EventFeed* feed_ = nullptr;
    bool retain_ = true;
    std::vector<LogEvent> events_;
    LogEvent last_;  // the latest event when not retained
};

}  // namespace oktasim::engine
