// The org's look-up indexes answer exactly as the scans they replaced: logins case-insensitively with the smallest
// id winning a tie, after users are added directly and after a login changes; tasks in the order they were opened.
#include <oktasim/engine/engine.hpp>

#include "support/test_org.hpp"

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;

namespace {

void add_user(Org& org, std::string id, std::string login) {
    User u;
    u.id = std::move(id);
    u.profile = json::object{{"login", std::move(login)}};
    org.users.emplace(u.id, std::move(u));
}

Task& add_task(Org& org, std::string id, std::string user, TaskKind kind, TaskStatus status = TaskStatus::open) {
    Task t;
    t.id = std::move(id);
    t.app_key = "app";
    t.user_id = std::move(user);
    t.kind = kind;
    t.status = status;
    org.tasks.push_back(std::move(t));
    return org.tasks.back();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_org_index)

BOOST_AUTO_TEST_CASE(org_index_login_lookup_is_case_insensitive_and_follows_added_users) {
    Org org;
    add_user(org, "00u2", "Ada@Example.com");
    BOOST_TEST(org.user_by_ref("ada@example.COM")->id == "00u2");
    BOOST_TEST(org.user_by_ref("00u2")->id == "00u2");
    BOOST_TEST(org.user_by_ref("bob@example.com") == nullptr);
    add_user(org, "00u3", "bob@example.com");  // added after a look-up built the index
    BOOST_TEST(org.user_by_ref("BOB@example.com")->id == "00u3");
    add_user(org, "00u1", "ADA@example.com");  // the same login under a smaller id: the scan found it first
    BOOST_TEST(org.user_by_ref("ada@example.com")->id == "00u1");
}

BOOST_AUTO_TEST_CASE(org_index_login_change_is_followed) {
    Org org;
    add_user(org, "00u1", "ada@example.com");
    BOOST_TEST_REQUIRE(org.user_by_ref("ada@example.com") != nullptr);
    org.users.at("00u1").profile["login"] = "ada.king@example.com";
    BOOST_TEST(org.user_by_ref("ada@example.com") == nullptr);  // caught without being told
    org.login_changed();
    BOOST_TEST(org.user_by_ref("Ada.King@example.com")->id == "00u1");
}

BOOST_AUTO_TEST_CASE(org_index_update_user_login_is_found_by_the_new_login) {
    test::TestOrg t;
    Org& org = t.org;
    ProvisioningEngine& engine = t.engine;
    std::string& why = t.why;
    add_user(org, "00u1", "ada@example.com");
    BOOST_TEST_REQUIRE(engine.suspend_user("ada@example.com", why).has_value());
    BOOST_TEST_REQUIRE(engine.update_user_profile("ada@example.com", json::object{{"login", "ada.king@example.com"}}, why)
                           .has_value());
    BOOST_TEST(org.user_by_ref("ada.king@example.com") != nullptr);
    BOOST_TEST(engine.unsuspend_user("ada.king@example.com", why).has_value(), why);
    BOOST_TEST(org.user_by_ref("ada@example.com") == nullptr);
}

BOOST_AUTO_TEST_CASE(org_index_tasks_in_opening_order_including_ones_pushed_directly) {
    Org org;
    add_task(org, "t1", "u1", TaskKind::assignment, TaskStatus::resolved);
    add_task(org, "t2", "u1", TaskKind::assignment, TaskStatus::paused);
    BOOST_TEST(org.open_task("app", "u1", TaskKind::assignment)->id == "t2");
    add_task(org, "t3", "u1", TaskKind::assignment);  // a second open one: the first opened is the one found
    add_task(org, "t4", "u2", TaskKind::password);
    BOOST_TEST(org.open_task("app", "u1", TaskKind::assignment)->id == "t2");
    BOOST_TEST(org.open_task("app", "u1", TaskKind::password) == nullptr);
    BOOST_TEST(org.open_task("app", "u2", TaskKind::password)->id == "t4");
    BOOST_TEST(org.task("t3")->user_id == "u1");
    BOOST_TEST(org.task("t9") == nullptr);
    std::vector<std::string> ids;
    for (const Task* t : org.tasks_of("app", "u1")) ids.push_back(t->id);
    BOOST_TEST(ids == (std::vector<std::string>{"t1", "t2", "t3"}), boost::test_tools::per_element());
    org.task("t2")->status = TaskStatus::resolved;
    BOOST_TEST(org.open_task("app", "u1", TaskKind::assignment)->id == "t3");
}

BOOST_AUTO_TEST_CASE(org_index_group_by_name_follows_added_groups) {
    Org org;
    const auto add_group = [&](std::string id, std::string name) {
        Group g;
        g.id = std::move(id);
        g.profile = json::object{{"name", std::move(name)}};
        org.groups.emplace(g.id, std::move(g));
    };
    add_group("00g2", "Engineering");
    BOOST_TEST(org.group_by_ref("Engineering")->id == "00g2");
    BOOST_TEST(org.group_by_ref("engineering") == nullptr);  // names compare exactly, as before
    BOOST_TEST(org.group_by_ref("00g2")->id == "00g2");
    add_group("00g1", "Engineering");  // the same name under a smaller id: the scan found it first
    add_group("00g3", "Sales");
    BOOST_TEST(org.group_by_ref("Engineering")->id == "00g1");
    BOOST_TEST(org.group_by_ref("Sales")->id == "00g3");
}

BOOST_AUTO_TEST_CASE(org_index_group_members_keep_order_and_duplicates) {
    Group g;
    g.add_member("u1");
    g.add_member("u2");
    g.add_member("u1");  // a scenario may name a member twice
    BOOST_TEST(g.has_member("u1"));
    BOOST_TEST(g.remove_member("u1"));
    BOOST_TEST(g.has_member("u1"));  // the second entry stays, as erasing the first from the list did
    BOOST_TEST(g.members() == (std::vector<std::string>{"u2", "u1"}), boost::test_tools::per_element());
    BOOST_TEST(g.remove_member("u1"));
    BOOST_TEST(!g.has_member("u1"));
    BOOST_TEST(!g.remove_member("u1"));
    BOOST_TEST(g.members() == (std::vector<std::string>{"u2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
