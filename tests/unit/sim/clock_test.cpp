// Tests for virtual timestamps and duration strings.
#include <oktasim/sim/clock.hpp>

#include <boost/test/unit_test.hpp>

using namespace oktasim::sim;

BOOST_AUTO_TEST_SUITE(sim_clock)

BOOST_AUTO_TEST_CASE(timestamp_round_trips_through_okta_format) {
    const auto ms = WallClock::parse_timestamp("2024-04-21T12:47:34.228Z");
    BOOST_TEST_REQUIRE(ms.has_value());
    BOOST_TEST(WallClock::format_timestamp(*ms) == "2024-04-21T12:47:34.228Z");
    BOOST_TEST(WallClock::format_timestamp(0) == "1970-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(timestamp_without_millis_and_leap_day_parse) {
    BOOST_TEST(WallClock::parse_timestamp("2024-02-29T00:00:00Z").has_value());
    BOOST_TEST(!WallClock::parse_timestamp("2023-02-29T00:00:00Z").has_value());
    BOOST_TEST(!WallClock::parse_timestamp("2024-13-01T00:00:00Z").has_value());
    BOOST_TEST(!WallClock::parse_timestamp("yesterday").has_value());
}

BOOST_AUTO_TEST_CASE(wall_clock_adds_virtual_time_to_epoch) {
    const WallClock wall(*WallClock::parse_timestamp("2026-01-05T09:00:00Z"));
    BOOST_TEST(wall.timestamp(Duration{90'500}) == "2026-01-05T09:01:30.500Z");
}

BOOST_AUTO_TEST_CASE(durations_parse_with_units) {
    BOOST_TEST(parse_duration("250ms")->count() == 250);
    BOOST_TEST(parse_duration("30s")->count() == 30'000);
    BOOST_TEST(parse_duration("5m")->count() == 300'000);
    BOOST_TEST(parse_duration("2h")->count() == 7'200'000);
    BOOST_TEST(!parse_duration("5").has_value());
    BOOST_TEST(!parse_duration("-5s").has_value());
    BOOST_TEST(!parse_duration("5x").has_value());
    BOOST_TEST(parse_duration("1m30s")->count() == 90'000);
    BOOST_TEST(parse_duration("2d5m")->count() == (2 * 1440 + 5) * 60'000LL);
    BOOST_TEST(!parse_duration("30s1m").has_value());
    BOOST_TEST(!parse_duration("").has_value());
    for (long long ms : {1LL, 999LL, 61'001LL, 90'061'001LL})
        BOOST_TEST(parse_duration(format_duration(Duration{ms}))->count() == ms);
    BOOST_TEST(format_duration(Duration{300'000}) == "5m");
    BOOST_TEST(format_duration(Duration{1'500}) == "1s500ms");
    BOOST_TEST(format_duration(Duration{2885 * 60'000}) == "2d5m");
}

BOOST_AUTO_TEST_CASE(hardening_durations_beyond_the_maximum_are_refused_not_wrapped) {
    // The documented maximum, 100 years of 365.25 days, is accepted; anything longer is refused, however long.
    BOOST_TEST(parse_duration("36525d")->count() == max_duration.count());
    BOOST_TEST(max_duration.count() == 36525LL * 86'400'000);
    for (const char* overlong : {"36525d1ms", "36526d", "999999999999d", "106751991167d", "9999999999999999999ms",
                                 "99999999999999999999999d", "36000d12601h"}) {
        BOOST_TEST_CONTEXT(overlong) {
            BOOST_TEST(!parse_duration(overlong).has_value());
            BOOST_TEST(is_overlong_duration(overlong));
        }
    }
    for (const char* malformed : {"5x", "", "999999999999dd", "999999999999d5d", "36526"})
        BOOST_TEST(!is_overlong_duration(malformed), malformed);
    BOOST_TEST(!is_overlong_duration("36525d"));
    BOOST_TEST(parse_duration("36524d23h59m59s999ms")->count() == max_duration.count() - 1);
}

BOOST_AUTO_TEST_SUITE_END()
