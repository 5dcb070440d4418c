// IANA time zones read from the system's TZif files (RFC 8536), for import schedules' local wall times.
// Pure: a TimeZone is loaded once and then answers offsets for any instant; nothing here reads a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::sim {

class TimeZone {
public:
    static TimeZone utc();
    // `iana_name` such as "America/New_York", 1-64 characters, relative, without "..". nullopt with `why` set when
    // the name is malformed, no file has it, or the file is not a TZif file. "UTC" and "Etc/UTC" need no file.
    static std::optional<TimeZone> load(std::string_view iana_name, std::string& why,
                                        std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

    // The UTC offset (seconds east of Greenwich) in force at `unix_seconds`.
    std::int64_t offset_seconds_at(std::int64_t unix_seconds) const;
    // The earliest instant whose local wall time is `local_seconds` (local time counted like unix time); nullopt
    // when that wall time is skipped by a forward jump (a spring-forward gap).
    std::optional<std::int64_t> first_instant_at_local(std::int64_t local_seconds) const;
    const std::string& name() const { return name_; }

    // A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"): the TZif footer, used after the last transition.
    struct RuleDate {
        char kind = 'M';  // 'J': Jn (1-365, no Feb 29); 'D': n (0-365); 'M': Mm.w.d
        int a = 0, b = 0, c = 0;
        std::int32_t time = 7200;  // seconds after local midnight (may be negative or past 24 h)
    };
    struct Rule {
        std::int32_t std_offset = 0;  // east-positive, unlike the TZ string's sign
        std::int32_t dst_offset = 0;
        bool has_dst = false;
        RuleDate start, end;
    };
    // Parses a POSIX TZ string; nullopt when malformed. Exposed for the tests.
    static std::optional<Rule> parse_rule(std::string_view text);

private:
    explicit TimeZone(std::string name) : name_(std::move(name)) {}

    std::string name_;
    std::vector<std::int64_t> times_;        // transition instants, ascending
    std::vector<std::uint8_t> type_of_;      // the local time type each transition starts
    std::vector<std::int32_t> type_offset_;  // UTC offset of each local time type; type 0 before the first transition
    std::optional<Rule> rule_;
};

}  // namespace oktasim::sim
