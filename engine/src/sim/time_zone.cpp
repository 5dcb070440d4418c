// TZif reading (RFC 8536: the version 2+ 64-bit block, or version 1's 32-bit one) and POSIX TZ rule evaluation.
#include <oktasim/sim/time_zone.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace oktasim::sim {
namespace {

using namespace std::chrono;

std::int64_t days_of(int y, unsigned m, unsigned d) {
    return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

// Instants are clamped to years 1-9999 before a rule is evaluated (beyond that the offset of the edge year holds).
constexpr std::int64_t min_rule_t = -62135596800LL;
constexpr std::int64_t max_rule_t = 253402300799LL;

struct Reader {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++i;
        return true;
    }
    std::optional<int> number(int max_digits) {
        int v = 0, n = 0;
        while (!done() && s[i] >= '0' && s[i] <= '9' && n < max_digits) v = v * 10 + (s[i++] - '0'), ++n;
        if (n == 0) return std::nullopt;
        return v;
    }
    bool zone_name() {
        if (eat('<')) {
            const std::size_t from = i;
            while (!done() && s[i] != '>') {
                const char c = s[i];
                if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-')) return false;
                ++i;
            }
            return i - from >= 3 && eat('>');
        }
        const std::size_t from = i;
        while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
        return i - from >= 3;
    }
    // [+-]hh[:mm[:ss]] in seconds; hours up to `max_hours`.
    std::optional<std::int32_t> hms(int max_hours) {
        int sign = 1;
        if (eat('-')) sign = -1;
        else eat('+');
        const auto h = number(3);
        if (!h || *h > max_hours) return std::nullopt;
        int m = 0, sec = 0;
        if (eat(':')) {
            const auto mm = number(2);
            if (!mm || *mm > 59) return std::nullopt;
            m = *mm;
            if (eat(':')) {
                const auto ss = number(2);
                if (!ss || *ss > 59) return std::nullopt;
                sec = *ss;
            }
        }
        return sign * (*h * 3600 + m * 60 + sec);
    }
    std::optional<TimeZone::RuleDate> date() {
        TimeZone::RuleDate d;
        if (eat('M')) {
            d.kind = 'M';
            const auto m = number(2);
            if (!m || *m < 1 || *m > 12 || !eat('.')) return std::nullopt;
            const auto w = number(1);
            if (!w || *w < 1 || *w > 5 || !eat('.')) return std::nullopt;
            const auto wd = number(1);
            if (!wd || *wd > 6) return std::nullopt;
            d.a = *m, d.b = *w, d.c = *wd;
        } else if (eat('J')) {
            d.kind = 'J';
            const auto n = number(3);
            if (!n || *n < 1 || *n > 365) return std::nullopt;
            d.a = *n;
        } else {
            d.kind = 'D';
            const auto n = number(3);
            if (!n || *n > 365) return std::nullopt;
            d.a = *n;
        }
        if (eat('/')) {
            const auto t = hms(167);  // RFC 8536 3.3.1 extends the rule time to -167..167 hours
            if (!t) return std::nullopt;
            d.time = *t;
        }
        return d;
    }
};

// Seconds since the epoch, in local time, of the rule date's midnight in year `y`.
std::int64_t local_day_start(int y, const TimeZone::RuleDate& d) {
    const bool leap = year{y}.is_leap();
    std::int64_t days = days_of(y, 1, 1);
    if (d.kind == 'J') {
        days += d.a - 1 + ((leap && d.a >= 60) ? 1 : 0);
    } else if (d.kind == 'D') {
        days += d.a;
    } else {
        const auto m = static_cast<unsigned>(d.a);
        const std::int64_t first = days_of(y, m, 1);
        const auto first_wd = static_cast<int>(weekday{sys_days{std::chrono::days{first}}}.c_encoding());
        int dom = 1 + (d.c - first_wd + 7) % 7 + (d.b - 1) * 7;
        const auto month_len = static_cast<int>(static_cast<unsigned>((year{y} / month{m} / std::chrono::last).day()));
        while (dom > month_len) dom -= 7;  // "week 5" means the last such weekday
        days = first + dom - 1;
    }
    return days * 86400;
}

std::int64_t rule_offset(const TimeZone::Rule& r, std::int64_t t) {
    if (!r.has_dst) return r.std_offset;
    t = std::clamp(t, min_rule_t, max_rule_t);
    const std::int64_t local_days = floor_div(t + r.std_offset, 86400);
    const int y = static_cast<int>(year_month_day{sys_days{std::chrono::days{local_days}}}.year());
    // The start is given in standard time, the end in daylight time (POSIX).
    const std::int64_t start = local_day_start(y, r.start) + r.start.time - r.std_offset;
    const std::int64_t end = local_day_start(y, r.end) + r.end.time - r.dst_offset;
    const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r.dst_offset : r.std_offset;
}

std::int64_t be(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | p[k];
    if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
}

bool valid_name(std::string_view name, std::string& why) {
    if (name.empty()) {
        why = "time zone name is empty: expected an IANA name such as America/New_York";
        return false;
    }
    if (name.size() > 64) {
        why = "time zone name '" + std::string(name.substr(0, 64)) + "...' is longer than 64 characters";
        return false;
    }
    if (name.front() == '/') {
        why = "time zone name '" + std::string(name) + "' is absolute: expected an IANA name such as America/New_York";
        return false;
    }
    if (name.find("..") != std::string_view::npos) {
        why = "time zone name '" + std::string(name) + "' contains '..'";
        return false;
    }
    for (const char c : name) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+' || c == '.')) {
            why = "time zone name '" + std::string(name) + "' has a character outside A-Z a-z 0-9 / _ - + .";
            return false;
        }
    }
    return true;
}

}  // namespace

TimeZone TimeZone::utc() {
    TimeZone tz("UTC");
    tz.type_offset_.push_back(0);
    return tz;
}

std::optional<TimeZone::Rule> TimeZone::parse_rule(std::string_view text) {
    Reader in{text};
    Rule r;
    if (!in.zone_name()) return std::nullopt;
    const auto std_off = in.hms(24);
    if (!std_off) return std::nullopt;
    r.std_offset = -*std_off;
    if (in.done()) return r;
    if (!in.zone_name()) return std::nullopt;
    r.has_dst = true;
    r.dst_offset = r.std_offset + 3600;
    if (!in.done() && in.peek() != ',') {
        const auto dst_off = in.hms(24);
        if (!dst_off) return std::nullopt;
        r.dst_offset = -*dst_off;
    }
    if (in.done()) {
        // No rule given: glibc's fallback, the US rules.
        r.start = RuleDate{'M', 3, 2, 0, 7200};
        r.end = RuleDate{'M', 11, 1, 0, 7200};
        return r;
    }
    if (!in.eat(',')) return std::nullopt;
    const auto start = in.date();
    if (!start || !in.eat(',')) return std::nullopt;
    const auto end = in.date();
    if (!end || !in.done()) return std::nullopt;
    r.start = *start;
    r.end = *end;
    return r;
}

std::optional<TimeZone> TimeZone::load(std::string_view iana_name, std::string& why, std::string_view zoneinfo_dir) {
    if (!valid_name(iana_name, why)) return std::nullopt;
    if (iana_name == "UTC" || iana_name == "Etc/UTC") {
        TimeZone tz = utc();
        tz.name_ = std::string(iana_name);
        return tz;
    }
    const std::string path = std::string(zoneinfo_dir) + "/" + std::string(iana_name);
    const std::string prefix = "unknown time zone '" + std::string(iana_name) + "': ";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        why = prefix + "no such file " + path;
        return std::nullopt;
    }
    auto not_tzif = [&](const std::string& reason) {
        why = prefix + path + " is not a TZif file (" + reason + ")";
        return std::nullopt;
    };
    if (!std::filesystem::is_regular_file(path, ec)) return not_tzif("not a regular file");
    std::ifstream file(path, std::ios::binary);
    std::string bytes;
    // TZif files are a few kB; cap what is read so a wrong path cannot pull in a huge file.
    bytes.resize(1 << 20);
    file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(file.gcount()));
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    if (n < 44 || bytes.compare(0, 4, "TZif") != 0) return not_tzif("does not start with a TZif header");

    struct Counts {
        std::size_t isut, isstd, leap, time, type, chars;
    };
    auto counts_at = [&](std::size_t at) {
        Counts c{};
        c.isut = static_cast<std::size_t>(be(p + at + 20, 4) & 0xffffffff);
        c.isstd = static_cast<std::size_t>(be(p + at + 24, 4) & 0xffffffff);
        c.leap = static_cast<std::size_t>(be(p + at + 28, 4) & 0xffffffff);
        c.time = static_cast<std::size_t>(be(p + at + 32, 4) & 0xffffffff);
        c.type = static_cast<std::size_t>(be(p + at + 36, 4) & 0xffffffff);
        c.chars = static_cast<std::size_t>(be(p + at + 40, 4) & 0xffffffff);
        return c;
    };
    auto block_size = [](const Counts& c, std::size_t tsize) {
        return c.time * tsize + c.time + c.type * 6 + c.chars + c.leap * (tsize + 4) + c.isstd + c.isut;
    };
    const char version = bytes[4];
    std::size_t header = 0;
    std::size_t tsize = 4;
    Counts c = counts_at(0);
    if (version != '\0') {
        if (c.time > n || c.type > n || c.chars > n || c.leap > n || c.isstd > n || c.isut > n ||
            44 + block_size(c, 4) + 44 > n)
            return not_tzif("truncated version 1 block");
        header = 44 + block_size(c, 4);
        if (bytes.compare(header, 4, "TZif") != 0) return not_tzif("no second header");
        c = counts_at(header);
        tsize = 8;
    }
    if (c.time > n || c.type > n || c.chars > n || c.leap > n || c.isstd > n || c.isut > n)
        return not_tzif("truncated data block");
    const std::size_t data = header + 44;
    if (data + block_size(c, tsize) > n) return not_tzif("truncated data block");
    if (c.type == 0 || c.type > 256 || c.chars == 0 || (c.isstd != 0 && c.isstd != c.type) ||
        (c.isut != 0 && c.isut != c.type))
        return not_tzif("inconsistent counts");

    TimeZone tz{std::string(iana_name)};
    std::size_t at = data;
    for (std::size_t k = 0; k < c.time; ++k, at += tsize) {
        const std::int64_t t = be(p + at, static_cast<int>(tsize));
        if (!tz.times_.empty() && t <= tz.times_.back()) return not_tzif("transitions out of order");
        tz.times_.push_back(t);
    }
    for (std::size_t k = 0; k < c.time; ++k, ++at) {
        if (p[at] >= c.type) return not_tzif("transition names a missing local time type");
        tz.type_of_.push_back(p[at]);
    }
    for (std::size_t k = 0; k < c.type; ++k, at += 6) {
        const std::int64_t off = be(p + at, 4);
        if (off < -89999 || off > 93599) return not_tzif("UTC offset out of range");
        tz.type_offset_.push_back(static_cast<std::int32_t>(off));
    }
    if (version != '\0') {
        at = data + block_size(c, tsize);
        if (at >= n || p[at] != '\n') return not_tzif("no footer");
        const std::size_t close = bytes.find('\n', at + 1);
        if (close == std::string::npos) return not_tzif("unterminated footer");
        const std::string_view footer(bytes.data() + at + 1, close - at - 1);
        if (!footer.empty()) {
            tz.rule_ = parse_rule(footer);
            if (!tz.rule_) return not_tzif("unreadable footer TZ string '" + std::string(footer) + "'");
        }
    }
    return tz;
}

std::int64_t TimeZone::offset_seconds_at(std::int64_t unix_seconds) const {
    if (times_.empty()) return rule_ ? rule_offset(*rule_, unix_seconds) : type_offset_.front();
    if (unix_seconds < times_.front()) return type_offset_.front();
    if (rule_ && unix_seconds >= times_.back()) return rule_offset(*rule_, unix_seconds);
    const auto it = std::upper_bound(times_.begin(), times_.end(), unix_seconds);
    const auto k = static_cast<std::size_t>(std::distance(times_.begin(), it)) - 1;
    return type_offset_[type_of_[k]];
}

std::optional<std::int64_t> TimeZone::first_instant_at_local(std::int64_t local_seconds) const {
    // Candidate offsets: those in force a day either side (a local time is within 26 h of its instant), and the
    // offsets at the instants they give. Assumes at most a couple of transitions within two days, as in real zones.
    const std::int64_t g1 = offset_seconds_at(local_seconds - 86400);
    const std::int64_t g2 = offset_seconds_at(local_seconds + 86400);
    const std::int64_t guesses[] = {g1, g2, offset_seconds_at(local_seconds - g1), offset_seconds_at(local_seconds - g2)};
    std::optional<std::int64_t> best;
    for (const std::int64_t g : guesses) {
        const std::int64_t t = local_seconds - g;
        if (t + offset_seconds_at(t) == local_seconds && (!best || t < *best)) best = t;
    }
    return best;
}

}  // namespace oktasim::sim
