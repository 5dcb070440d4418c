// Tests for CronExpression: every parse error's message, each syntax form, and next_after's search across month,
// year and leap-year ends and across DST changes (skipped and repeated wall times), with exact unix times.
#include <oktasim/sim/cron.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace oktasim::sim;

namespace {

CronExpression must_parse(const std::string& text) {
    std::string why;
    auto e = CronExpression::parse(text, why);
    BOOST_TEST_REQUIRE(e.has_value(), "'" << text << "' failed: " << why);
    return *e;
}

std::string parse_error(const std::string& text) {
    std::string why;
    const auto e = CronExpression::parse(text, why);
    BOOST_TEST(!e.has_value(), "'" << text << "' parsed");
    return why;
}

// The first `count` firings strictly after `from`, in UTC.
std::vector<std::int64_t> firings(const std::string& text, std::int64_t from, int count,
                                  const TimeZone& tz = TimeZone::utc()) {
    const CronExpression e = must_parse(text);
    std::vector<std::int64_t> out;
    for (int k = 0; k < count; ++k) {
        const auto t = e.next_after(from, tz);
        if (!t) break;
        out.push_back(*t);
        from = *t;
    }
    return out;
}

TimeZone load(const std::string& name) {
    std::string why;
    auto tz = TimeZone::load(name, why);
    BOOST_TEST_REQUIRE(tz.has_value(), name << ": " << why);
    return *tz;
}

constexpr std::int64_t jan_1_2023 = 1672531200;  // Sunday 2023-01-01 00:00 UTC
constexpr std::int64_t minute = 60, hour = 3600, day = 86400;

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_cron)

BOOST_AUTO_TEST_CASE(field_count_errors) {
    BOOST_TEST(parse_error("") == "expected 5 fields (minute hour day-of-month month day-of-week), got 0");
    BOOST_TEST(parse_error("0 0 * *") == "expected 5 fields (minute hour day-of-month month day-of-week), got 4");
    BOOST_TEST(parse_error("0 0 * * * *") == "expected 5 fields (minute hour day-of-month month day-of-week), got 6");
}

BOOST_AUTO_TEST_CASE(out_of_range_values_name_the_field_and_range) {
    BOOST_TEST(parse_error("60 * * * *") == "field 1 (minute) '60': expected 0-59");
    BOOST_TEST(parse_error("0 25 * * *") == "field 2 (hour) '25': expected 0-23");
    BOOST_TEST(parse_error("0 0 0 * *") == "field 3 (day-of-month) '0': expected 1-31");
    BOOST_TEST(parse_error("0 0 32 * *") == "field 3 (day-of-month) '32': expected 1-31");
    BOOST_TEST(parse_error("0 0 * 13 *") == "field 4 (month) '13': expected 1-12 or JAN-DEC");
    BOOST_TEST(parse_error("0 0 * * 8") == "field 5 (day-of-week) '8': expected 0-7 or SUN-SAT");
    BOOST_TEST(parse_error("x * * * *") == "field 1 (minute) 'x': expected 0-59");
    BOOST_TEST(parse_error("1000 * * * *") == "field 1 (minute) '1000': expected 0-59");
    BOOST_TEST(parse_error("-5 * * * *") == "field 1 (minute) '-5': expected 0-59");
    BOOST_TEST(parse_error("5- * * * *") == "field 1 (minute) '5-': expected 0-59");
}

BOOST_AUTO_TEST_CASE(names_only_where_allowed) {
    BOOST_TEST(parse_error("0 0 * FOO *") == "field 4 (month) 'FOO': expected 1-12 or JAN-DEC");
    BOOST_TEST(parse_error("0 0 * * FUN") == "field 5 (day-of-week) 'FUN': expected 0-7 or SUN-SAT");
    BOOST_TEST(parse_error("0 0 MON * *") == "field 3 (day-of-month) 'MON': expected 1-31");
    BOOST_TEST(parse_error("0 0 * JANUARY *") == "field 4 (month) 'JANUARY': expected 1-12 or JAN-DEC");
}

BOOST_AUTO_TEST_CASE(list_range_and_step_errors) {
    BOOST_TEST(parse_error("1,,2 * * * *") == "field 1 (minute) '1,,2': empty list item");
    BOOST_TEST(parse_error("1, * * * *") == "field 1 (minute) '1,': empty list item");
    BOOST_TEST(parse_error("30-10 * * * *") == "field 1 (minute) '30-10': range runs backwards (30 > 10)");
    BOOST_TEST(parse_error("*/0 * * * *") == "field 1 (minute) '*/0': step: expected 1-59");
    BOOST_TEST(parse_error("*/60 * * * *") == "field 1 (minute) '*/60': step: expected 1-59");
    BOOST_TEST(parse_error("* */ * * *") == "field 2 (hour) '*/': step: expected 1-23");
    BOOST_TEST(parse_error("* */x * * *") == "field 2 (hour) '*/x': step: expected 1-23");
    BOOST_TEST(parse_error("5/10 * * * *") ==
               "field 1 (minute) '5/10': a step needs '*' or a range before it, e.g. */5 or 0-30/5");
    BOOST_TEST(parse_error("0 0 * * MON-SUN") == "field 5 (day-of-week) 'MON-SUN': range runs backwards (1 > 0)");
}

BOOST_AUTO_TEST_CASE(unknown_macro) {
    BOOST_TEST(parse_error("@reboot") ==
               "unknown macro '@reboot': expected @hourly, @daily, @weekly, @monthly or @yearly");
}

BOOST_AUTO_TEST_CASE(keeps_its_text) { BOOST_TEST(must_parse(" 0 0 * * * ").text() == " 0 0 * * * "); }

BOOST_AUTO_TEST_CASE(lists_ranges_and_steps) {
    const std::int64_t t0 = jan_1_2023;
    BOOST_TEST(firings("5,10,50 * * * *", t0, 4) ==
               (std::vector<std::int64_t>{t0 + 5 * minute, t0 + 10 * minute, t0 + 50 * minute, t0 + hour + 5 * minute}));
    BOOST_TEST(firings("10-12 * * * *", t0, 4) ==
               (std::vector<std::int64_t>{t0 + 10 * minute, t0 + 11 * minute, t0 + 12 * minute, t0 + hour + 10 * minute}));
    BOOST_TEST(firings("0-30/15 * * * *", t0, 3) ==
               (std::vector<std::int64_t>{t0 + 15 * minute, t0 + 30 * minute, t0 + hour}));
    BOOST_TEST(firings("*/20 * * * *", t0, 3) ==
               (std::vector<std::int64_t>{t0 + 20 * minute, t0 + 40 * minute, t0 + hour}));
    BOOST_TEST(firings("1,20-22,40-59/10 3 * * *", t0, 7) ==
               (std::vector<std::int64_t>{t0 + 3 * hour + 1 * minute, t0 + 3 * hour + 20 * minute,
                                          t0 + 3 * hour + 21 * minute, t0 + 3 * hour + 22 * minute,
                                          t0 + 3 * hour + 40 * minute, t0 + 3 * hour + 50 * minute,
                                          t0 + day + 3 * hour + 1 * minute}));
    // Every minute: strictly after, on whole minutes even from a mid-minute start.
    BOOST_TEST(firings("* * * * *", t0 + 30, 2) == (std::vector<std::int64_t>{t0 + minute, t0 + 2 * minute}));
    BOOST_TEST(firings("* * * * *", t0, 1) == (std::vector<std::int64_t>{t0 + minute}));
}

BOOST_AUTO_TEST_CASE(every_three_hours) {
    const std::int64_t t0 = jan_1_2023;
    BOOST_TEST(firings("0 */3 * * *", t0, 9) ==
               (std::vector<std::int64_t>{t0 + 3 * hour, t0 + 6 * hour, t0 + 9 * hour, t0 + 12 * hour, t0 + 15 * hour,
                                          t0 + 18 * hour, t0 + 21 * hour, t0 + day, t0 + day + 3 * hour}));
    BOOST_TEST(firings("0 */3 * * *", t0 + 4 * hour + 59 * minute, 1) == (std::vector<std::int64_t>{t0 + 6 * hour}));
}

BOOST_AUTO_TEST_CASE(month_and_day_names_case_insensitive) {
    // 2023-01-01 is a Sunday: MON is Jan 2, FRI Jan 6.
    const std::int64_t t0 = jan_1_2023;
    BOOST_TEST(firings("0 0 * * mon,Fri", t0, 3) ==
               (std::vector<std::int64_t>{t0 + day, t0 + 5 * day, t0 + 8 * day}));
    BOOST_TEST(firings("0 0 * * MON-WED", t0, 4) ==
               (std::vector<std::int64_t>{t0 + day, t0 + 2 * day, t0 + 3 * day, t0 + 8 * day}));
    // Mar 1 2023 is day 59 of the year; Jun 1 is 151.
    BOOST_TEST(firings("0 0 1 MAR,jun *", t0, 2) ==
               (std::vector<std::int64_t>{t0 + 59 * day, t0 + 151 * day}));
    BOOST_TEST(firings("0 0 1 feb-apr/2 *", t0, 2) ==
               (std::vector<std::int64_t>{t0 + 31 * day, t0 + 90 * day}));
}

BOOST_AUTO_TEST_CASE(seven_is_sunday) {
    // From Sunday 2023-01-01 00:00, the next Sunday midnights are Jan 8 and Jan 15.
    const std::int64_t t0 = jan_1_2023;
    const std::vector<std::int64_t> sundays{t0 + 7 * day, t0 + 14 * day};
    BOOST_TEST(firings("0 0 * * 7", t0, 2) == sundays);
    BOOST_TEST(firings("0 0 * * 0", t0, 2) == sundays);
    BOOST_TEST(firings("0 0 * * SUN", t0, 2) == sundays);
    // 5-7: Friday, Saturday, Sunday.
    BOOST_TEST(firings("0 0 * * 5-7", t0, 4) ==
               (std::vector<std::int64_t>{t0 + 5 * day, t0 + 6 * day, t0 + 7 * day, t0 + 12 * day}));
}

BOOST_AUTO_TEST_CASE(macros) {
    const std::int64_t t0 = jan_1_2023 + 30 * minute;
    const auto next = [&](const std::string& text) { return must_parse(text).next_after(t0, TimeZone::utc()); };
    BOOST_TEST(*next("@hourly") == jan_1_2023 + hour);
    BOOST_TEST(*next("@daily") == jan_1_2023 + day);
    BOOST_TEST(*next("@midnight") == jan_1_2023 + day);
    BOOST_TEST(*next("@weekly") == jan_1_2023 + 7 * day);
    BOOST_TEST(*next("@monthly") == jan_1_2023 + 31 * day);
    BOOST_TEST(*next("@yearly") == jan_1_2023 + 365 * day);
    BOOST_TEST(*next("@annually") == jan_1_2023 + 365 * day);
    BOOST_TEST(*next("  @DAILY ") == jan_1_2023 + day);
}

BOOST_AUTO_TEST_CASE(day_of_month_or_day_of_week) {
    // Both restricted: either matches. Jan 2023: the 13th is a Friday; Mondays are 2, 9, 16.
    const std::int64_t t0 = jan_1_2023;
    BOOST_TEST(firings("0 0 13 * MON", t0, 4) ==
               (std::vector<std::int64_t>{t0 + day, t0 + 8 * day, t0 + 12 * day, t0 + 15 * day}));
    // One of them '*': only the other counts (both must match, and '*' always does).
    BOOST_TEST(firings("0 0 13 * *", t0, 2) == (std::vector<std::int64_t>{t0 + 12 * day, t0 + 43 * day}));
    BOOST_TEST(firings("0 0 * * MON", t0, 2) == (std::vector<std::int64_t>{t0 + day, t0 + 8 * day}));
    // Vixie's rule: a field starting with '*' (like */2) counts as a wildcard, so then both must match: odd days
    // that are Mondays (Jan 9 and 23), not every odd day and every Monday.
    BOOST_TEST(firings("0 0 */2 * MON", t0, 2) == (std::vector<std::int64_t>{t0 + 8 * day, t0 + 22 * day}));
}

BOOST_AUTO_TEST_CASE(crosses_month_and_year_ends) {
    const std::int64_t jan_31_2024_2359 = 1706745540, feb_1_2024 = 1706745600;
    BOOST_TEST(*must_parse("0 0 1 * *").next_after(jan_31_2024_2359, TimeZone::utc()) == feb_1_2024);
    BOOST_TEST(*must_parse("0 0 * * *").next_after(jan_31_2024_2359, TimeZone::utc()) == feb_1_2024);
    const std::int64_t dec_31_2024_2330 = 1735687800, jan_1_2025 = 1735689600;
    BOOST_TEST(*must_parse("0 0 * * *").next_after(dec_31_2024_2330, TimeZone::utc()) == jan_1_2025);
    BOOST_TEST(*must_parse("0 0 1 1 *").next_after(dec_31_2024_2330, TimeZone::utc()) == jan_1_2025);
    // 31st of the month skips the 30-day months.
    BOOST_TEST(firings("0 0 31 * *", jan_1_2025, 3) ==
               (std::vector<std::int64_t>{jan_1_2025 + 30 * day, jan_1_2025 + 89 * day, jan_1_2025 + 150 * day}));
}

BOOST_AUTO_TEST_CASE(leap_day) {
    const std::int64_t feb_29_2024 = 1709164800, feb_29_2028 = 1835395200;
    BOOST_TEST(firings("0 0 29 2 *", jan_1_2023, 2) == (std::vector<std::int64_t>{feb_29_2024, feb_29_2028}));
}

BOOST_AUTO_TEST_CASE(never_matching_gives_nullopt) {
    BOOST_TEST(!must_parse("0 0 30 2 *").next_after(jan_1_2023, TimeZone::utc()).has_value());
    BOOST_TEST(!must_parse("0 0 31 4,6,9,11 *").next_after(jan_1_2023, TimeZone::utc()).has_value());
}

BOOST_AUTO_TEST_CASE(new_york_weekly_across_dst_changes) {
    const TimeZone ny = load("America/New_York");
    // Sunday midnights in New York: EST (UTC-5) before March 9, EDT (UTC-4) until November 2, then EST again.
    const std::int64_t mar_2 = 1740891600, mar_9 = 1741496400, mar_16 = 1742097600;
    BOOST_TEST(firings("0 0 * * 0", mar_2, 2, ny) == (std::vector<std::int64_t>{mar_9, mar_16}));
    BOOST_TEST(mar_16 - mar_9 == 7 * day - hour);
    const std::int64_t oct_26 = 1761451200, nov_2 = 1762056000, nov_9 = 1762664400;
    BOOST_TEST(firings("0 0 * * 0", oct_26, 2, ny) == (std::vector<std::int64_t>{nov_2, nov_9}));
    BOOST_TEST(nov_9 - nov_2 == 7 * day + hour);
}

BOOST_AUTO_TEST_CASE(spring_forward_skips_the_missing_time) {
    const TimeZone ny = load("America/New_York");
    // 02:30 does not exist on 2025-03-09 (02:00 EST jumps to 03:00 EDT): from 02:30 on Mar 8, the next is Mar 10.
    const std::int64_t mar_8_0230 = 1741419000, mar_10_0230 = 1741588200;
    BOOST_TEST(firings("30 2 * * *", mar_8_0230, 1, ny) == (std::vector<std::int64_t>{mar_10_0230}));
    // A time after the gap on the same day still fires.
    const std::int64_t mar_9_midnight = 1741496400, mar_9_0330 = 1741505400;
    BOOST_TEST(firings("30 3 * * *", mar_9_midnight, 1, ny) == (std::vector<std::int64_t>{mar_9_0330}));
    // Every minute: 01:59 EST is followed by 03:00 EDT, one real minute later.
    const std::int64_t mar_9_0300 = mar_9_0330 - 30 * minute;
    BOOST_TEST(firings("* * * * *", mar_9_0300 - 2 * minute, 2, ny) ==
               (std::vector<std::int64_t>{mar_9_0300 - minute, mar_9_0300}));
}

BOOST_AUTO_TEST_CASE(fall_back_fires_once_at_the_first_occurrence) {
    const TimeZone ny = load("America/New_York");
    // 01:30 happens twice on 2025-11-02 (EDT, then EST an hour later); it fires at the first, and not at the second.
    const std::int64_t nov_1_noon = 1762012800, first_0130 = 1762061400, second_0130 = 1762065000;
    const std::int64_t nov_3_0130 = 1762151400;
    BOOST_TEST(second_0130 - first_0130 == hour);
    BOOST_TEST(firings("30 1 * * *", nov_1_noon, 2, ny) == (std::vector<std::int64_t>{first_0130, nov_3_0130}));
    // Asked between the two occurrences, it waits for the next day too.
    BOOST_TEST(*must_parse("30 1 * * *").next_after(first_0130 + 10 * minute, ny) == nov_3_0130);
    // Hourly through the repeated hour: 01:00 EDT fires, 01:00 EST does not, 02:00 EST does.
    const std::int64_t first_0100 = first_0130 - 30 * minute;
    BOOST_TEST(firings("0 * * * *", first_0100 - minute, 2, ny) ==
               (std::vector<std::int64_t>{first_0100, first_0100 + 2 * hour}));
}

BOOST_AUTO_TEST_CASE(kolkata_half_hour_offset) {
    const TimeZone kolkata = load("Asia/Kolkata");
    // 09:00 IST is 03:30 UTC.
    const std::int64_t jun_1_0900 = 1748748600;
    BOOST_TEST(*must_parse("0 9 * * *").next_after(jun_1_0900 - hour, kolkata) == jun_1_0900);
    BOOST_TEST(*must_parse("0 9 * * *").next_after(jun_1_0900, kolkata) == jun_1_0900 + day);
    // Hourly on the local hour falls on :30 UTC.
    BOOST_TEST(*must_parse("0 * * * *").next_after(jun_1_0900, kolkata) % hour == 30 * minute);
}

BOOST_AUTO_TEST_SUITE_END()
