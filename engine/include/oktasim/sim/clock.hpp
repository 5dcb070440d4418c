// Virtual time: durations, offsets from the start of a simulation, and Okta-style timestamps derived from them.
// Nothing here reads a real clock; the event loop is the only thing that moves time forward.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::sim {

using Duration = std::chrono::milliseconds;

// A point in virtual time, as an offset from the start of the simulation.
using TimePoint = std::chrono::milliseconds;

// Maps virtual time onto a calendar: `epoch_ms` (milliseconds since 1970-01-01T00:00:00Z) is the wall-clock
// instant of virtual time zero. Timestamps use Okta's format, e.g. "2024-04-21T12:47:34.228Z".
class WallClock {
public:
    explicit WallClock(std::int64_t epoch_ms) noexcept : epoch_ms_(epoch_ms) {}
    std::int64_t epoch_ms() const noexcept { return epoch_ms_; }
    std::int64_t unix_ms(TimePoint t) const noexcept { return epoch_ms_ + t.count(); }
    std::string timestamp(TimePoint t) const { return format_timestamp(unix_ms(t)); }

    static std::string format_timestamp(std::int64_t unix_ms);
    // Parses "YYYY-MM-DDTHH:MM:SS[.mmm]Z"; nullopt when the text is not in that form.
    static std::optional<std::int64_t> parse_timestamp(std::string_view text);

private:
    std::int64_t epoch_ms_;
};

// The longest duration anything accepts (parse_duration, fault delays, timeouts) and the horizon of virtual time
// (no scenario advances past start + horizon): 100 years of 365.25 days. Sums of a few such values stay far from
// the int64 millisecond (and nanosecond) limits, so no time arithmetic can wrap around.
inline constexpr Duration max_duration{36525LL * 86'400'000};
inline constexpr TimePoint time_horizon{max_duration};
inline constexpr std::string_view max_duration_text = "36525d (100 years)";

// Parses a duration with units: "250ms", "30s", "5m", "2h", "1d", or parts largest first such as "1m30s".
// nullopt when malformed, negative or longer than max_duration.
std::optional<Duration> parse_duration(std::string_view text);
// True when `text` is a well-formed duration longer than max_duration (parse_duration refuses it), for messages.
bool is_overlong_duration(std::string_view text);
// Formats a duration exactly, largest units first: "0s", "250ms", "1m30s", "5m", "2d5m". parse_duration reads it back.
std::string format_duration(Duration d);

}  // namespace oktasim::sim
