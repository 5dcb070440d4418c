// Tests for TimeZone: offsets from real TZif files (New York's DST, Kolkata's +05:30, the footer rule far past the
// last transition), first_instant_at_local in gaps and overlaps, POSIX rule parsing, and each load error's message.
#include <oktasim/sim/time_zone.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace oktasim::sim;

namespace {

TimeZone load(const std::string& name) {
    std::string why;
    auto tz = TimeZone::load(name, why);
    BOOST_TEST_REQUIRE(tz.has_value(), name << ": " << why);
    return *tz;
}

std::string load_error(const std::string& name, const std::string& dir = "/usr/share/zoneinfo") {
    std::string why;
    const auto tz = TimeZone::load(name, why, dir);
    BOOST_TEST(!tz.has_value(), name << " loaded");
    return why;
}

// A unique scratch directory, removed when the test ends.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("oktasim-tz-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path / name, std::ios::binary) << bytes;
    }
};

constexpr std::int64_t hour = 3600;

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_time_zone)

BOOST_AUTO_TEST_CASE(utc_is_zero_everywhere) {
    const TimeZone utc = TimeZone::utc();
    BOOST_TEST(utc.name() == "UTC");
    BOOST_TEST(utc.offset_seconds_at(0) == 0);
    BOOST_TEST(utc.offset_seconds_at(1741496400) == 0);
    BOOST_TEST(*utc.first_instant_at_local(1741496400) == 1741496400);
    // UTC and Etc/UTC need no file, so even a missing directory works.
    std::string why;
    BOOST_TEST(TimeZone::load("UTC", why, "/nonexistent")->name() == "UTC");
    BOOST_TEST(TimeZone::load("Etc/UTC", why, "/nonexistent")->offset_seconds_at(0) == 0);
}

BOOST_AUTO_TEST_CASE(new_york_offsets_around_2025_changes) {
    const TimeZone ny = load("America/New_York");
    BOOST_TEST(ny.name() == "America/New_York");
    // Spring forward at 2025-03-09 07:00 UTC (02:00 EST), fall back at 2025-11-02 06:00 UTC (02:00 EDT).
    const std::int64_t spring = 1741503600, fall = 1762063200;
    BOOST_TEST(ny.offset_seconds_at(spring - 1) == -5 * hour);
    BOOST_TEST(ny.offset_seconds_at(spring) == -4 * hour);
    BOOST_TEST(ny.offset_seconds_at(fall - 1) == -4 * hour);
    BOOST_TEST(ny.offset_seconds_at(fall) == -5 * hour);
}

BOOST_AUTO_TEST_CASE(first_instant_in_gap_and_overlap) {
    const TimeZone ny = load("America/New_York");
    // Local 2025-03-09 02:30 is skipped; 01:30 and 03:30 exist.
    const std::int64_t mar_9_local_midnight = 1741478400;  // 2025-03-09 00:00 counted as if UTC
    BOOST_TEST(!ny.first_instant_at_local(mar_9_local_midnight + 2 * hour + 1800).has_value());
    BOOST_TEST(!ny.first_instant_at_local(mar_9_local_midnight + 2 * hour).has_value());
    BOOST_TEST(*ny.first_instant_at_local(mar_9_local_midnight + hour + 1800) == 1741501800);
    BOOST_TEST(*ny.first_instant_at_local(mar_9_local_midnight + 3 * hour) == 1741503600);
    BOOST_TEST(*ny.first_instant_at_local(mar_9_local_midnight + 3 * hour + 1800) == 1741505400);
    // Local 2025-11-02 01:30 happens at 05:30 and 06:30 UTC: the first is returned.
    const std::int64_t nov_2_local_midnight = 1762041600;
    BOOST_TEST(*ny.first_instant_at_local(nov_2_local_midnight + hour + 1800) == 1762061400);
    BOOST_TEST(*ny.first_instant_at_local(nov_2_local_midnight + 2 * hour + 1800) == 1762068600);
}

BOOST_AUTO_TEST_CASE(kolkata_is_five_thirty_ahead) {
    const TimeZone kolkata = load("Asia/Kolkata");
    BOOST_TEST(kolkata.offset_seconds_at(1748748600) == 5 * hour + 1800);
    BOOST_TEST(kolkata.offset_seconds_at(1741496400) == 5 * hour + 1800);
    BOOST_TEST(*kolkata.first_instant_at_local(1748748600 + 5 * hour + 1800) == 1748748600);
}

BOOST_AUTO_TEST_CASE(footer_rule_far_past_the_last_transition) {
    // TZif files list transitions to 2037 at most; year 2200 comes from the footer "EST5EDT,M3.2.0,M11.1.0".
    const TimeZone ny = load("America/New_York");
    const std::int64_t jul_4_2200_noon = 7274073600, jan_15_2200_noon = 7259389200;
    BOOST_TEST(ny.offset_seconds_at(jul_4_2200_noon) == -4 * hour);
    BOOST_TEST(ny.offset_seconds_at(jan_15_2200_noon) == -5 * hour);
    // 2200's second Sunday of March is March 9: 02:00 EST = 07:00 UTC.
    const std::int64_t spring_2200 = 7263234000 + 8 * 86400 + 2 * hour;
    BOOST_TEST(ny.offset_seconds_at(spring_2200 - 1) == -5 * hour);
    BOOST_TEST(ny.offset_seconds_at(spring_2200) == -4 * hour);
}

BOOST_AUTO_TEST_CASE(parse_posix_rules) {
    const auto ny = TimeZone::parse_rule("EST5EDT,M3.2.0,M11.1.0");
    BOOST_TEST_REQUIRE(ny.has_value());
    BOOST_TEST(ny->std_offset == -5 * hour);
    BOOST_TEST(ny->dst_offset == -4 * hour);
    BOOST_TEST(ny->has_dst);
    BOOST_TEST(ny->start.kind == 'M');
    BOOST_TEST(ny->start.a == 3);
    BOOST_TEST(ny->start.b == 2);
    BOOST_TEST(ny->start.c == 0);
    BOOST_TEST(ny->start.time == 7200);
    BOOST_TEST(ny->end.a == 11);

    const auto ist = TimeZone::parse_rule("IST-5:30");
    BOOST_TEST_REQUIRE(ist.has_value());
    BOOST_TEST(ist->std_offset == 5 * hour + 1800);
    BOOST_TEST(!ist->has_dst);

    const auto quoted = TimeZone::parse_rule("<+0330>-3:30");
    BOOST_TEST_REQUIRE(quoted.has_value());
    BOOST_TEST(quoted->std_offset == 3 * hour + 1800);

    const auto julian = TimeZone::parse_rule("AAA3BBB,J60/-1,100/26:30");
    BOOST_TEST_REQUIRE(julian.has_value());
    BOOST_TEST(julian->start.kind == 'J');
    BOOST_TEST(julian->start.a == 60);
    BOOST_TEST(julian->start.time == -3600);
    BOOST_TEST(julian->end.kind == 'D');
    BOOST_TEST(julian->end.a == 100);
    BOOST_TEST(julian->end.time == 26 * hour + 1800);

    BOOST_TEST(!TimeZone::parse_rule("").has_value());
    BOOST_TEST(!TimeZone::parse_rule("EST").has_value());
    BOOST_TEST(!TimeZone::parse_rule("ES5").has_value());
    BOOST_TEST(!TimeZone::parse_rule("EST5EDT,M13.1.0,M11.1.0").has_value());
    BOOST_TEST(!TimeZone::parse_rule("EST5EDT,M3.2.0").has_value());
    BOOST_TEST(!TimeZone::parse_rule("EST5EDT,M3.2.0,M11.1.0x").has_value());
}

BOOST_AUTO_TEST_CASE(invalid_names) {
    BOOST_TEST(load_error("") == "time zone name is empty: expected an IANA name such as America/New_York");
    const std::string long_name(65, 'a');
    BOOST_TEST(load_error(long_name) == "time zone name '" + std::string(64, 'a') + "...' is longer than 64 characters");
    BOOST_TEST(load_error("/etc/passwd") ==
               "time zone name '/etc/passwd' is absolute: expected an IANA name such as America/New_York");
    BOOST_TEST(load_error("America/../../etc/passwd") == "time zone name 'America/../../etc/passwd' contains '..'");
    BOOST_TEST(load_error("America/New York") ==
               "time zone name 'America/New York' has a character outside A-Z a-z 0-9 / _ - + .");
    BOOST_TEST(load_error("Mars/Olympus_Mons") ==
               "unknown time zone 'Mars/Olympus_Mons': no such file /usr/share/zoneinfo/Mars/Olympus_Mons");
    BOOST_TEST(load_error("America") ==
               "unknown time zone 'America': /usr/share/zoneinfo/America is not a TZif file (not a regular file)");
}

BOOST_AUTO_TEST_CASE(empty_and_garbage_files) {
    const TempDir dir;
    const std::string d = dir.path.string();
    dir.write("Empty", "");
    dir.write("Garbage", std::string(200, 'x'));
    dir.write("Truncated", "TZif2" + std::string(39, '\0') + std::string(20, '\xff'));
    BOOST_TEST(load_error("Empty", d) ==
               "unknown time zone 'Empty': " + d + "/Empty is not a TZif file (does not start with a TZif header)");
    BOOST_TEST(load_error("Garbage", d) ==
               "unknown time zone 'Garbage': " + d + "/Garbage is not a TZif file (does not start with a TZif header)");
    BOOST_TEST(load_error("Truncated", d).find("is not a TZif file") != std::string::npos);
    // A real file copied in still loads from the custom directory.
    std::filesystem::copy_file("/usr/share/zoneinfo/Asia/Kolkata", dir.path / "Kolkata");
    std::string why;
    const auto tz = TimeZone::load("Kolkata", why, d);
    BOOST_TEST_REQUIRE(tz.has_value(), why);
    BOOST_TEST(tz->offset_seconds_at(0) == 5 * hour + 1800);
}

BOOST_AUTO_TEST_SUITE_END()
