// Cron parsing into per-field bit sets, and the field-by-field search for the next matching local minute.
#include <oktasim/sim/cron.hpp>

#include <array>
#include <cctype>
#include <chrono>
#include <vector>

namespace oktasim::sim {
namespace {

using namespace std::chrono;

struct Field {
    const char* name;
    int min, max;
    const char* const* names;  // three-letter names for min.., or nullptr
};
constexpr const char* month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* day_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
constexpr std::array<Field, 5> fields{{{"minute", 0, 59, nullptr},
                                       {"hour", 0, 23, nullptr},
                                       {"day-of-month", 1, 31, nullptr},
                                       {"month", 1, 12, month_names},
                                       {"day-of-week", 0, 7, day_names}}};

std::string expected(const Field& f) {
    std::string s = "expected " + std::to_string(f.min) + "-" + std::to_string(f.max);
    if (f.names == month_names) s += " or JAN-DEC";
    if (f.names == day_names) s += " or SUN-SAT";
    return s;
}

std::optional<int> value(std::string_view v, const Field& f) {
    if (v.empty() || v.size() > 3) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(v[0]))) {
        int n = 0;
        for (const char c : v) {
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            n = n * 10 + (c - '0');
        }
        return (n >= f.min && n <= f.max) ? std::optional<int>(n) : std::nullopt;
    }
    if (!f.names || v.size() != 3) return std::nullopt;
    const int count = f.max - f.min + (f.names == day_names ? 0 : 1);
    for (int k = 0; k < count; ++k) {
        bool same = true;
        for (std::size_t j = 0; j < 3; ++j)
            same = same && std::toupper(static_cast<unsigned char>(v[j])) == f.names[k][j];
        if (same) return f.min + k;
    }
    return std::nullopt;
}

// Parses one field into a bit set (bit n = value n); an error message on failure.
std::optional<std::uint64_t> parse_field(std::string_view text, std::size_t index, std::string& why) {
    const Field& f = fields[index];
    const std::string head = "field " + std::to_string(index + 1) + " (" + f.name + ") '";
    std::uint64_t bits = 0;
    std::size_t from = 0;
    while (true) {
        const std::size_t comma = text.find(',', from);
        const std::string_view item = text.substr(from, comma == std::string_view::npos ? comma : comma - from);
        auto fail = [&](const std::string& what) {
            why = head + std::string(item.empty() ? text : item) + "': " + what;
            return std::nullopt;
        };
        if (item.empty()) return fail("empty list item");
        std::string_view range = item;
        int step = 1;
        const std::size_t slash = item.find('/');
        if (slash != std::string_view::npos) {
            range = item.substr(0, slash);
            const std::string_view s = item.substr(slash + 1);
            int n = 0;
            if (s.empty() || s.size() > 2) return fail("step: expected 1-" + std::to_string(f.max));
            for (const char c : s) {
                if (!std::isdigit(static_cast<unsigned char>(c))) return fail("step: expected 1-" + std::to_string(f.max));
                n = n * 10 + (c - '0');
            }
            if (n < 1 || n > f.max) return fail("step: expected 1-" + std::to_string(f.max));
            step = n;
        }
        int lo = f.min, hi = f.max;
        if (range == "*") {
        } else {
            const std::size_t dash = range.find('-');
            const auto a = value(range.substr(0, dash), f);
            if (!a) return fail(expected(f));
            lo = hi = *a;
            if (dash != std::string_view::npos) {
                const auto b = value(range.substr(dash + 1), f);
                if (!b) return fail(expected(f));
                hi = *b;
                if (lo > hi) return fail("range runs backwards (" + std::to_string(lo) + " > " + std::to_string(hi) + ")");
            } else if (slash != std::string_view::npos) {
                return fail("a step needs '*' or a range before it, e.g. */5 or 0-30/5");
            }
        }
        for (int v = lo; v <= hi; v += step) bits |= std::uint64_t{1} << v;
        if (comma == std::string_view::npos) break;
        from = comma + 1;
    }
    return bits;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

// Lowest set bit at or above `from`, or -1.
int next_bit(std::uint64_t bits, int from) {
    if (from > 63) return -1;
    const std::uint64_t rest = bits >> from;
    if (rest == 0) return -1;
    return from + __builtin_ctzll(rest);
}

// The search horizon: Feb 29 recurs after 8 years across 2100.
constexpr std::int64_t horizon_seconds = 10LL * 366 * 86400;
constexpr std::int64_t min_t = -62135596800LL + horizon_seconds;  // years 1-9999 only
constexpr std::int64_t max_t = 253402300799LL - 2 * horizon_seconds;

}  // namespace

std::optional<CronExpression> CronExpression::parse(std::string_view text, std::string& why) {
    std::string_view body = text;
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.remove_suffix(1);
    std::string expanded;
    if (!body.empty() && body.front() == '@') {
        std::string macro;
        for (const char c : body) macro.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (macro == "@hourly") expanded = "0 * * * *";
        else if (macro == "@daily" || macro == "@midnight") expanded = "0 0 * * *";
        else if (macro == "@weekly") expanded = "0 0 * * 0";
        else if (macro == "@monthly") expanded = "0 0 1 * *";
        else if (macro == "@yearly" || macro == "@annually") expanded = "0 0 1 1 *";
        else {
            why = "unknown macro '" + std::string(body) + "': expected @hourly, @daily, @weekly, @monthly or @yearly";
            return std::nullopt;
        }
        body = expanded;
    }
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < body.size()) {
        while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
        const std::size_t from = i;
        while (i < body.size() && !std::isspace(static_cast<unsigned char>(body[i]))) ++i;
        if (i > from) parts.push_back(body.substr(from, i - from));
    }
    if (parts.size() != 5) {
        why = "expected 5 fields (minute hour day-of-month month day-of-week), got " + std::to_string(parts.size());
        return std::nullopt;
    }
    CronExpression e;
    e.text_ = std::string(text);
    std::array<std::uint64_t, 5> bits{};
    for (std::size_t k = 0; k < 5; ++k) {
        const auto b = parse_field(parts[k], k, why);
        if (!b) return std::nullopt;
        bits[k] = *b;
    }
    e.minutes_ = bits[0];
    e.hours_ = static_cast<std::uint32_t>(bits[1]);
    e.days_ = static_cast<std::uint32_t>(bits[2]);
    e.months_ = static_cast<std::uint32_t>(bits[3]);
    e.weekdays_ = static_cast<std::uint32_t>((bits[4] | (bits[4] >> 7)) & 0x7f);  // 7 is Sunday too
    e.day_star_ = parts[2].front() == '*';
    e.weekday_star_ = parts[4].front() == '*';
    return e;
}

std::optional<std::int64_t> CronExpression::next_after(std::int64_t unix_seconds, const TimeZone& tz) const {
    if (unix_seconds < min_t || unix_seconds > max_t) return std::nullopt;
    // Local candidates in order; a local time's first instant grows with it, so the first candidate whose first
    // instant is after `unix_seconds` is the answer. Wall times before local(now) all have earlier instants.
    const std::int64_t local_now = unix_seconds + tz.offset_seconds_at(unix_seconds);
    std::int64_t local = floor_div(local_now, 60) * 60 + 60;
    const std::int64_t end = local + horizon_seconds;
    while (local <= end) {
        std::int64_t days = floor_div(local, 86400);
        const std::int64_t sec = local - days * 86400;
        int hour = static_cast<int>(sec / 3600);
        int minute = static_cast<int>(sec % 3600 / 60);
        const year_month_day ymd{sys_days{std::chrono::days{days}}};
        const auto m = static_cast<unsigned>(ymd.month());
        const auto d = static_cast<unsigned>(ymd.day());
        if (!(months_ >> m & 1u)) {
            const year_month_day next_month = year_month_day{ymd.year() / ymd.month() / 1} + months{1};
            local = sys_days{next_month}.time_since_epoch().count() * 86400;
            continue;
        }
        const auto wd = weekday{sys_days{std::chrono::days{days}}}.c_encoding();
        const bool dom = (days_ >> d & 1u) != 0;
        const bool dow = (weekdays_ >> wd & 1u) != 0;
        const bool day_ok = (day_star_ || weekday_star_) ? (dom && dow) : (dom || dow);
        if (!day_ok) {
            local = (days + 1) * 86400;
            continue;
        }
        const int h = next_bit(hours_, hour);
        if (h < 0) {
            local = (days + 1) * 86400;
            continue;
        }
        if (h != hour) {
            hour = h;
            minute = 0;
        }
        const int mi = next_bit(minutes_, minute);
        if (mi < 0) {
            local = days * 86400 + (hour + 1) * 3600;
            continue;
        }
        local = days * 86400 + hour * 3600 + mi * 60;
        const auto t = tz.first_instant_at_local(local);
        if (t && *t > unix_seconds) return t;
        local += 60;  // skipped by a gap, or its first occurrence is already past
    }
    return std::nullopt;
}

}  // namespace oktasim::sim
