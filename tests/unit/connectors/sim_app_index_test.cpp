// The simulated app's indexes (id, case-folded userName / displayName, exact externalId) after every kind of
// mutation: each look-up (filter, uniqueness check, admin find) must answer exactly as a scan over all resources.
#include "support/sim_app.hpp"

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

namespace oktasim::test {
namespace {

// Ids a GET /Users (or /Groups) with `query` lists, in the order listed.
std::vector<std::string> listed(simapp::SimApp& app, std::string_view endpoint, std::string_view query) {
    const auto delivery = send(app, "GET", "/scim/v2/" + std::string(endpoint) + "?" + std::string(query));
    BOOST_REQUIRE_EQUAL(status_of(delivery), 200);
    const json::value body = json_of(delivery);
    std::vector<std::string> ids;
    for (const auto& r : body.at("Resources").as_array()) ids.emplace_back(r.at("id").as_string());
    return ids;
}

std::vector<std::string> users_where(simapp::SimApp& app, std::string_view attr, std::string_view value) {
    return listed(app, "Users", "filter=" + std::string(attr) + "%20eq%20%22" + std::string(value) + "%22");
}

std::vector<std::string> groups_where(simapp::SimApp& app, std::string_view attr, std::string_view value) {
    return listed(app, "Groups", "filter=" + std::string(attr) + "%20eq%20%22" + std::string(value) + "%22");
}

using Ids = std::vector<std::string>;

std::string user_body(std::string_view user_name, std::string_view external_id) {
    return R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":")" + std::string(user_name) +
           R"(","externalId":")" + std::string(external_id) + R"("})";
}

std::string create_group(simapp::SimApp& app, std::string_view display_name) {
    const auto d = send(app, "POST", "/scim/v2/Groups",
                        R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":")" +
                            std::string(display_name) + R"(","externalId":"00g)" + std::string(display_name) + "\"}");
    BOOST_REQUIRE_EQUAL(status_of(d), 201);
    return text_at(json_of(d), "/id");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_index)

BOOST_AUTO_TEST_CASE(sim_app_index_create_is_found_by_every_key) {
    // Setup
    auto app = make_app();
    const std::string a = create_user(app, "Alice@Example.com", R"(,"externalId":"00uA")");
    const std::string b = create_user(app, "bob@example.com", R"(,"externalId":"00uB")");
    const std::string g = create_group(app, "Sales");
    // Act
    const auto duplicate = send(app, "POST", "/scim/v2/Users", user_body("ALICE@example.COM", "00uC"));
    // Assert: userName folds case, externalId and id are exact
    BOOST_TEST(users_where(app, "userName", "alice@example.com") == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "userName", "BOB@EXAMPLE.COM") == Ids{b}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uB") == Ids{b}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00ub").empty());
    BOOST_TEST(users_where(app, "id", a) == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "id", g).empty());  // a group's id is not a user's
    BOOST_TEST(status_of(duplicate) == 409);
    BOOST_TEST(listed(app, "Users", "") == (Ids{a, b}), boost::test_tools::per_element());
    BOOST_TEST(app.find_account_by_user_name("ALICE@EXAMPLE.COM").has_value());
    BOOST_TEST(groups_where(app, "displayName", "sALES") == Ids{g}, boost::test_tools::per_element());
    BOOST_TEST(groups_where(app, "externalId", "00gSales") == Ids{g}, boost::test_tools::per_element());
    BOOST_TEST(groups_where(app, "externalId", "00gsales").empty());
    BOOST_TEST(app.find_group_by_display_name("sales").has_value());
}

BOOST_AUTO_TEST_CASE(sim_app_index_put_rename_moves_every_key) {
    // Setup
    auto app = make_app();
    const std::string a = create_user(app, "alice", R"(,"externalId":"00uA")");
    const std::string b = create_user(app, "bob", R"(,"externalId":"00uB")");
    // Act: a clash leaves the index as it was; a rename moves both keys
    const auto clash = send(app, "PUT", "/scim/v2/Users/" + a, user_body("BOB", "00uX"));
    const auto renamed = send(app, "PUT", "/scim/v2/Users/" + a, user_body("Alicia", "00uZ"));
    const auto reuse = send(app, "POST", "/scim/v2/Users", user_body("ALICE", "00uA"));
    // Assert
    BOOST_TEST(status_of(clash) == 409);
    BOOST_TEST(status_of(renamed) == 200);
    BOOST_TEST(status_of(reuse) == 201);  // the old name and externalId are free again
    const std::string c = text_at(json_of(reuse), "/id");
    BOOST_TEST(users_where(app, "userName", "alicia") == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uZ") == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "userName", "alice") == Ids{c}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uA") == Ids{c}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uX").empty());
    BOOST_TEST(users_where(app, "userName", "bob") == Ids{b}, boost::test_tools::per_element());
    BOOST_TEST(listed(app, "Users", "") == (Ids{a, b, c}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sim_app_index_patch_rename_moves_every_key) {
    // Setup
    auto app = make_app();
    const std::string a = create_user(app, "alice", R"(,"externalId":"00uA")");
    const std::string b = create_user(app, "bob");
    const std::string g = create_group(app, "Sales");
    const std::string h = create_group(app, "Support");
    // Act: path form, Okta's path-less form, a failing clash, and Okta's group rename
    const auto by_path = send(app, "PATCH", "/scim/v2/Users/" + a,
                              patch_body(R"([{"op":"replace","path":"userName","value":"Ann"}])"));
    const auto path_less = send(app, "PATCH", "/scim/v2/Users/" + a,
                                patch_body(R"([{"op":"replace","value":{"externalId":"00uN"}}])"));
    const auto clash = send(app, "PATCH", "/scim/v2/Users/" + b,
                            patch_body(R"([{"op":"replace","path":"userName","value":"ANN"}])"));
    const auto group = send(app, "PATCH", "/scim/v2/Groups/" + g,
                            patch_body(R"([{"op":"replace","value":{"id":")" + g + R"(","displayName":"Revenue"}}])"));
    const auto group_clash = send(app, "PATCH", "/scim/v2/Groups/" + h,
                                  patch_body(R"([{"op":"replace","path":"displayName","value":"revenue"}])"));
    // Assert
    BOOST_TEST(status_of(by_path) < 300);
    BOOST_TEST(status_of(path_less) < 300);
    BOOST_TEST(status_of(clash) == 409);
    BOOST_TEST(status_of(group) < 300);
    BOOST_TEST(status_of(group_clash) == 409);
    BOOST_TEST(users_where(app, "userName", "ann") == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "userName", "alice").empty());
    BOOST_TEST(users_where(app, "externalId", "00uN") == Ids{a}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uA").empty());
    BOOST_TEST(users_where(app, "userName", "bob") == Ids{b}, boost::test_tools::per_element());
    BOOST_TEST(groups_where(app, "displayName", "REVENUE") == Ids{g}, boost::test_tools::per_element());
    BOOST_TEST(groups_where(app, "displayName", "Sales").empty());
    BOOST_TEST(!app.find_group_by_display_name("sales").has_value());
    BOOST_TEST(groups_where(app, "displayName", "support") == Ids{h}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sim_app_index_delete_frees_every_key) {
    // Setup
    auto app = make_app();
    const std::string a = create_user(app, "alice", R"(,"externalId":"00uA")");
    const std::string b = create_user(app, "bob");
    const std::string c = create_user(app, "carol");
    const std::string g = create_group(app, "Sales");
    // Act
    const auto deleted = send(app, "DELETE", "/scim/v2/Users/" + b);
    const auto deleted_group = send(app, "DELETE", "/scim/v2/Groups/" + g);
    const bool admin_deleted = app.delete_account("ALICE", sim::TimePoint{0});
    const std::string b2 = create_user(app, "BOB");
    // Assert
    BOOST_TEST(status_of(deleted) == 204);
    BOOST_TEST(status_of(deleted_group) == 204);
    BOOST_TEST(admin_deleted);
    BOOST_TEST(status_of(send(app, "GET", "/scim/v2/Users/" + a)) == 404);
    BOOST_TEST(users_where(app, "id", b).empty());
    BOOST_TEST(users_where(app, "externalId", "00uA").empty());
    BOOST_TEST(users_where(app, "userName", "alice").empty());
    BOOST_TEST(users_where(app, "userName", "bob") == Ids{b2}, boost::test_tools::per_element());
    BOOST_TEST(groups_where(app, "displayName", "sales").empty());
    BOOST_TEST(listed(app, "Users", "") == (Ids{c, b2}), boost::test_tools::per_element());
    BOOST_TEST(listed(app, "Users", "startIndex=2&count=1") == Ids{b2}, boost::test_tools::per_element());
    BOOST_TEST(listed(app, "Users", "startIndex=3").empty());
}

BOOST_AUTO_TEST_CASE(sim_app_index_upsert_account_creates_merges_and_renames) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "alice", "externalId": "00uA"}]})");
    std::string error;
    // Act: a new account, a merge named case-insensitively, a rename by current userName, a refused clash
    const auto created =
        app.upsert_account(json::parse(R"({"id": "u2", "userName": "bob"})").as_object(), sim::TimePoint{0}, error);
    const auto merged = app.upsert_account(json::parse(R"({"userName": "BOB", "externalId": "00uB"})").as_object(),
                                           sim::TimePoint{0}, error);
    const auto renamed = app.upsert_account(json::parse(R"({"userName": "Alicia"})").as_object(), sim::TimePoint{0},
                                            error, "ALICE");
    const auto clash = app.upsert_account(json::parse(R"({"userName": "alicia"})").as_object(), sim::TimePoint{0},
                                          error, "bob");
    // Assert
    BOOST_TEST(created.has_value());
    BOOST_TEST(merged.has_value());
    BOOST_TEST(renamed.has_value());
    BOOST_TEST(!clash.has_value());
    BOOST_TEST(users_where(app, "userName", "alicia") == Ids{"u1"}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uA") == Ids{"u1"}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "userName", "alice").empty());
    BOOST_TEST(users_where(app, "userName", "bob") == Ids{"u2"}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "externalId", "00uB") == Ids{"u2"}, boost::test_tools::per_element());
    BOOST_TEST(users_where(app, "id", "u2") == Ids{"u2"}, boost::test_tools::per_element());
    BOOST_TEST(!app.find_account_by_user_name("alice").has_value());
    BOOST_TEST(listed(app, "Users", "") == (Ids{"u1", "u2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sim_app_index_case_sensitive_quirk_answers_as_the_scan) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "Alice"}]})");
    const std::string b = create_user(app, "bob");
    auto quirks = app.quirks();
    // Act: the quirk turned on mid-run, then a rename under it
    quirks.case_sensitive_user_name_filter = true;
    app.set_quirks(quirks);
    const auto exact = users_where(app, "userName", "Alice");
    const auto folded = users_where(app, "userName", "alice");
    const auto renamed = send(app, "PATCH", "/scim/v2/Users/" + b,
                              patch_body(R"([{"op":"replace","path":"userName","value":"Bob"}])"));
    const auto after_exact = users_where(app, "userName", "Bob");
    const auto after_old = users_where(app, "userName", "bob");
    const auto clash = send(app, "POST", "/scim/v2/Users", user_body("ALICE", "00uX"));  // uniqueness still folds
    quirks.case_sensitive_user_name_filter = false;
    app.set_quirks(quirks);
    const auto off = users_where(app, "userName", "BOB");
    // Assert
    BOOST_TEST(exact == Ids{"u1"}, boost::test_tools::per_element());
    BOOST_TEST(folded.empty());
    BOOST_TEST(status_of(renamed) < 300);
    BOOST_TEST(after_exact == Ids{b}, boost::test_tools::per_element());
    BOOST_TEST(after_old.empty());
    BOOST_TEST(status_of(clash) == 409);
    BOOST_TEST(off == Ids{b}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace oktasim::test
