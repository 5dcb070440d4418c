// Calendar arithmetic for virtual timestamps (proleptic Gregorian, UTC only) and duration strings.
#include <oktasim/sim/clock.hpp>

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace oktasim::sim {
namespace {

// Days since 1970-01-01 for a civil date (Gregorian), and back. Standard era-based arithmetic.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr Civil civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool parse_uint(std::string_view text, unsigned& out) {
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

// Parses a duration; `overlong` tells a well-formed duration beyond max_duration from a malformed one.
std::optional<Duration> parse_parts(std::string_view text, bool& overlong) {
    // One or more <digits><unit> parts, largest unit first, as format_duration writes them ("1m30s", "2d5m").
    // Each part and the running total are checked against max_duration before they are multiplied or added, so
    // "999999999999d" is refused instead of wrapping around.
    const auto malformed = [&overlong] {  // a malformed duration is not an overlong one, whatever came first
        overlong = false;
        return std::nullopt;
    };
    if (text.empty()) return malformed();
    constexpr std::pair<std::string_view, std::int64_t> units[] = {
        {"ms", 1}, {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}};
    const std::int64_t limit = max_duration.count();
    std::int64_t total = 0;
    std::int64_t last_unit = INT64_MAX;
    while (!text.empty()) {
        std::size_t digits = 0;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
        if (digits == 0) return malformed();
        std::int64_t n = 0;
        if (digits > 18) overlong = true;  // 18 digits always fit in int64; more never fit below the maximum
        else std::from_chars(text.data(), text.data() + digits, n);
        text.remove_prefix(digits);
        std::int64_t unit = 0;
        for (const auto& [name, size] : units) {
            if (text.substr(0, name.size()) == name) {
                unit = size;
                text.remove_prefix(name.size());
                break;
            }
        }
        if (unit == 0 || unit >= last_unit) return malformed();
        last_unit = unit;
        if (n > (limit - total) / unit) overlong = true;  // total + n * unit > max_duration
        if (overlong) continue;  // keep checking the syntax, but never compute an overflowing product
        total += n * unit;
    }
    if (overlong) return std::nullopt;
    return Duration{total};
}

}  // namespace

std::string WallClock::format_timestamp(std::int64_t unix_ms) {
    std::int64_t days = unix_ms / 86'400'000;
    std::int64_t ms_of_day = unix_ms % 86'400'000;
    if (ms_of_day < 0) {
        ms_of_day += 86'400'000;
        days -= 1;
    }
    const Civil c = civil_from_days(days);
    const auto secs = ms_of_day / 1000;
    std::array<char, 40> buf{};
    std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secs / 3600),
                  static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60),
                  static_cast<long long>(ms_of_day % 1000));
    return buf.data();
}

std::optional<std::int64_t> WallClock::parse_timestamp(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.mmm]Z
    if (t.size() != 20 && t.size() != 24) return std::nullopt;
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t.back() != 'Z')
        return std::nullopt;
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!parse_uint(t.substr(0, 4), year) || !parse_uint(t.substr(5, 2), month) ||
        !parse_uint(t.substr(8, 2), day) || !parse_uint(t.substr(11, 2), hour) ||
        !parse_uint(t.substr(14, 2), minute) || !parse_uint(t.substr(17, 2), second))
        return std::nullopt;
    if (t.size() == 24 && (t[19] != '.' || !parse_uint(t.substr(20, 3), millis))) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const std::int64_t days = days_from_civil(year, month, day);
    if (civil_from_days(days).day != day) return std::nullopt;  // e.g. February 30th
    return ((days * 24 + hour) * 60 + minute) * 60'000 + static_cast<std::int64_t>(second) * 1000 + millis;
}

std::optional<Duration> parse_duration(std::string_view text) {
    bool overlong = false;
    return parse_parts(text, overlong);
}

bool is_overlong_duration(std::string_view text) {
    bool overlong = false;
    return !parse_parts(text, overlong) && overlong;
}

std::string format_duration(Duration d) {
    // Largest units first, zero parts left out: 90 s -> "1m30s", 2885 min -> "2d5m".
    auto ms = d.count();
    if (ms == 0) return "0s";
    std::string out;
    if (ms < 0) {
        out = "-";
        ms = -ms;
    }
    constexpr std::pair<std::int64_t, const char*> units[] = {
        {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
    for (const auto& [size, name] : units) {
        if (ms >= size) {
            out += std::to_string(ms / size) + name;
            ms %= size;
        }
    }
    return out;
}

}  // namespace oktasim::sim
