// "org.generate": users and groups from a template and a count. What the loader builds (seeded, in order, with the
// membership rule), and how it refuses a template it cannot use, at the JSON path.
#include <oktasim/runner/scenario.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace json = boost::json;
using namespace oktasim;

namespace {

std::string scenario(std::string_view org, std::uint64_t seed = 7) {
    return R"({"oktasim": 1, "name": "generate", "seed": )" + std::to_string(seed) + R"(, "org": )" + std::string(org) +
           R"(, "apps": [], "steps": []})";
}

runner::Scenario loaded(std::string_view org, std::uint64_t seed = 7) {
    runner::LoadError error;
    auto sc = runner::parse_scenario(scenario(org, seed), "gen.json", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    return std::move(*sc);
}

runner::LoadError refused(std::string_view org) {
    runner::LoadError error;
    const auto sc = runner::parse_scenario(scenario(org), "gen.json", error);
    BOOST_TEST_REQUIRE(!sc.has_value(), "accepted: " << org);
    return error;
}

std::string login(const runner::UserSpec& u) { return std::string(u.profile.at("login").as_string()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_generate)

BOOST_AUTO_TEST_CASE(generated_users_follow_the_listed_ones_in_order) {
    const auto sc = loaded(R"({"users": [{"profile": {"login": "ada@example.com"}}],
                               "generate": {"users": {"count": 3}}})");
    BOOST_TEST_REQUIRE(sc.users.size() == 4u);
    BOOST_TEST(login(sc.users[0]) == "ada@example.com");
    BOOST_TEST(login(sc.users[1]) == "user1@example.com");
    BOOST_TEST(login(sc.users[3]) == "user3@example.com");
    BOOST_TEST(sc.users[3].status == "ACTIVE");
    BOOST_TEST(sc.users[3].profile.at("email").as_string() == "user3@example.com");
    BOOST_TEST(!sc.users[3].profile.at("firstName").as_string().empty());
}

BOOST_AUTO_TEST_CASE(names_come_from_the_scenario_seed) {
    const std::string org = R"({"generate": {"users": {"count": 50, "profile": {"login": "u{n}", "name": "{first} {last}"}}}})";
    const auto a = loaded(org, 7), b = loaded(org, 7), c = loaded(org, 8);
    std::string names_a, names_b, names_c;
    for (std::size_t i = 0; i < 50; ++i) {
        names_a += std::string(a.users[i].profile.at("name").as_string()) + ",";
        names_b += std::string(b.users[i].profile.at("name").as_string()) + ",";
        names_c += std::string(c.users[i].profile.at("name").as_string()) + ",";
    }
    BOOST_TEST(names_a == names_b);
    BOOST_TEST(names_a != names_c);
}

BOOST_AUTO_TEST_CASE(round_robin_all_and_none_membership) {
    const auto rr = loaded(R"({"generate": {"users": {"count": 5},
                               "groups": {"count": 2, "profile": {"name": "Team {n}"}, "members": "round-robin"}}})");
    BOOST_TEST_REQUIRE(rr.groups.size() == 2u);
    BOOST_TEST(rr.groups[0].profile.at("name").as_string() == "Team 1");
    BOOST_TEST((rr.groups[0].members == std::vector<std::string>{"user1@example.com", "user3@example.com", "user5@example.com"}));
    BOOST_TEST((rr.groups[1].members == std::vector<std::string>{"user2@example.com", "user4@example.com"}));
    const auto all = loaded(R"({"generate": {"users": {"count": 3}, "groups": {"count": 1, "profile": {"name": "Everyone"}}}})");
    BOOST_TEST(all.groups[0].members.size() == 3u);
    const auto none = loaded(R"({"generate": {"users": {"count": 3}, "groups": {"count": 2, "members": "none"}}})");
    BOOST_TEST(none.groups[1].profile.at("name").as_string() == "Group 2");
    BOOST_TEST(none.groups[1].members.empty());
}

BOOST_AUTO_TEST_CASE(a_listed_group_may_name_generated_users) {
    const auto sc = loaded(R"({"groups": [{"profile": {"name": "Pilot"}, "members": ["USER2@example.com"]}],
                               "generate": {"users": {"count": 2}}})");
    BOOST_TEST(sc.groups.at(0).members.at(0) == "USER2@example.com");
}

BOOST_AUTO_TEST_CASE(unusable_templates_are_refused_at_their_path) {
    auto e = refused(R"({"generate": {"users": {"count": 0}}})");
    BOOST_TEST(e.path == "/org/generate/users/count");
    BOOST_TEST(e.message == "expected 1 to 1000000 users, got 0");
    e = refused(R"({"generate": {"users": {"count": 1000001}}})");
    BOOST_TEST(e.path == "/org/generate/users/count");
    e = refused(R"({"generate": {"users": {}}})");
    BOOST_TEST(e.path == "/org/generate/users/count");
    e = refused(R"({"generate": {"users": {"count": 2, "profile": {"login": "same@example.com"}}}})");
    BOOST_TEST(e.path == "/org/generate/users/profile/login");
    BOOST_TEST(e.message.find("{n}") != std::string::npos);
    e = refused(R"({"users": [{"profile": {"login": "user1@example.com"}}], "generate": {"users": {"count": 2}}})");
    BOOST_TEST(e.path == "/org/generate/users/profile/login");
    BOOST_TEST(e.message == "generated login 'user1@example.com' is empty or duplicates another user");
    e = refused(R"({"generate": {"users": {"count": 2, "colour": "blue"}}})");
    BOOST_TEST(e.path == "/org/generate/users/colour");
    e = refused(R"({"generate": {"people": {}}})");
    BOOST_TEST(e.path == "/org/generate/people");
    e = refused(R"({"generate": {"groups": {"count": 2, "profile": {"name": "Fixed"}}}})");
    BOOST_TEST(e.path == "/org/generate/groups/profile/name");
    e = refused(R"({"groups": [{"profile": {"name": "Group 1"}}], "generate": {"groups": {"count": 1}}})");
    BOOST_TEST(e.message == "generated group name 'Group 1' duplicates another group");
    e = refused(R"({"generate": {"groups": {"count": 1, "members": "some"}}})");
    BOOST_TEST(e.path == "/org/generate/groups/members");
}

BOOST_AUTO_TEST_SUITE_END()
