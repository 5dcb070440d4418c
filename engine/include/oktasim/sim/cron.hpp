// Standard 5-field UNIX cron expressions (Okta import schedules), matched against local wall time in a TimeZone.
#pragma once

#include <oktasim/sim/time_zone.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::sim {

class CronExpression {
public:
    // "minute hour day-of-month month day-of-week", or @hourly @daily @weekly @monthly @yearly. nullopt with `why`
    // naming the field and what it expected, e.g. "field 2 (hour) '25': expected 0-23".
    static std::optional<CronExpression> parse(std::string_view text, std::string& why);

    // The first whole local minute strictly after `unix_seconds` that matches, as unix seconds; nullopt when
    // nothing matches within 10 years (e.g. "0 0 30 2 *"). DST: a wall time skipped by a spring-forward gap does
    // not fire that day, and one that occurs twice in a fall-back fires once, at its first occurrence. (Vixie cron
    // differs: it runs fixed-time jobs skipped by a gap right after the jump, and wildcard jobs in both copies of a
    // repeated hour.)
    std::optional<std::int64_t> next_after(std::int64_t unix_seconds, const TimeZone& tz) const;

    const std::string& text() const { return text_; }

private:
    std::string text_;
    std::uint64_t minutes_ = 0;  // bit n: minute n
    std::uint32_t hours_ = 0;
    std::uint32_t days_ = 0;     // bits 1-31
    std::uint32_t months_ = 0;   // bits 1-12
    std::uint32_t weekdays_ = 0; // bits 0-6, 0 = Sunday
    bool day_star_ = false;      // the field starts with '*' (Vixie's rule: then days need both fields)
    bool weekday_star_ = false;
};

}  // namespace oktasim::sim
