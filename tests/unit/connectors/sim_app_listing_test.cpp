// The simulated app's list endpoints for import: positional paging that stays exact after deletions (the rank
// index against a plain model), and the incremental import's `meta.lastModified` comparisons (docs/okta-behaviour.md
// §2.9), with the filters that stay refused.
#include "support/sim_app.hpp"

#include <oktasim/connectors/simapp/rank_index.hpp>
#include <oktasim/sim/prng.hpp>

#include <set>
#include <string>
#include <vector>

namespace oktasim::test {
namespace {

std::vector<std::string> ids_of(const json::value& list) {
    std::vector<std::string> ids;
    for (const auto& r : list.at("Resources").as_array()) ids.emplace_back(r.at("id").as_string());
    return ids;
}

// Creates a user at virtual time `at_ms`.
std::string create_at(simapp::SimApp& app, std::string_view user_name, std::int64_t at_ms) {
    const std::string body =
        R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":")" + std::string(user_name) + "\"}";
    const auto d = send(app, "POST", "/scim/v2/Users", body, {}, sim::TimePoint{at_ms});
    BOOST_REQUIRE_EQUAL(status_of(d), 201);
    return text_at(json_of(d), "/id");
}

std::string changed(std::string_view op, std::string_view when) {
    return "/scim/v2/Users?filter=meta.lastModified%20" + std::string(op) + "%20%22" + std::string(when) +
           "%22&startIndex=1&count=100";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simapp_listing)

BOOST_AUTO_TEST_CASE(rank_index_agrees_with_a_sorted_set_under_random_adds_and_removes) {
    simapp::RankIndex index;
    std::set<std::uint64_t> model;
    sim::Prng prng(42);
    std::uint64_t next = 1;
    for (int round = 0; round < 5000; ++round) {
        if (model.empty() || prng.next() % 3 != 0) {
            index.add(next);
            model.insert(next++);
        } else {
            const std::uint64_t victim = 1 + prng.next() % next;  // sometimes not live: must be ignored
            index.remove(victim);
            model.erase(victim);
        }
        if (round % 97 == 0) {
            BOOST_REQUIRE_EQUAL(index.size(), model.size());
            std::uint64_t k = 0;
            for (const std::uint64_t seq : model) BOOST_REQUIRE_EQUAL(index.nth(k++).value_or(0), seq);
            BOOST_TEST(!index.nth(k).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(pages_after_deletions_list_every_account_once_in_creation_order) {
    auto app = make_app();
    std::vector<std::string> ids;
    for (int n = 0; n < 250; ++n) ids.push_back(create_user(app, "user" + std::to_string(n) + "@example.com"));
    // Delete from the first page, the middle and the last page; the pages close up.
    for (const int n : {0, 7, 120, 121, 199, 249}) {
        BOOST_REQUIRE_EQUAL(status_of(send(app, "DELETE", "/scim/v2/Users/" + ids[static_cast<std::size_t>(n)])), 204);
        ids[static_cast<std::size_t>(n)].clear();
    }
    std::erase(ids, std::string());
    std::vector<std::string> listed;
    for (int start = 1; start <= 300; start += 100) {
        const json::value page =
            json_of(send(app, "GET", "/scim/v2/Users?startIndex=" + std::to_string(start) + "&count=100"));
        BOOST_TEST(int_at(page, "/totalResults") == 244);
        for (auto& id : ids_of(page)) listed.push_back(std::move(id));
    }
    BOOST_TEST(listed == ids, boost::test_tools::per_element());
    const json::value last = json_of(send(app, "GET", "/scim/v2/Users?startIndex=244&count=100"));
    BOOST_TEST(ids_of(last) == std::vector<std::string>{ids.back()}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(meta_last_modified_compares_instants) {
    auto app = make_app();
    // Virtual time zero is 2024-04-21T12:47:34.228Z.
    const std::string early = create_at(app, "early@example.com", 0);
    const std::string later = create_at(app, "later@example.com", 60'000);  // 12:48:34.228Z
    const std::string last = create_at(app, "last@example.com", 120'000);   // 12:49:34.228Z
    using Ids = std::vector<std::string>;
    BOOST_TEST(ids_of(json_of(send(app, "GET", changed("gt", "2024-04-21T12:48:34.228Z")))) == Ids{last},
               boost::test_tools::per_element());
    BOOST_TEST(ids_of(json_of(send(app, "GET", changed("ge", "2024-04-21T12:48:34.228Z")))) == (Ids{later, last}),
               boost::test_tools::per_element());
    BOOST_TEST(ids_of(json_of(send(app, "GET", changed("lt", "2024-04-21T12:48:34Z")))) == Ids{early},
               boost::test_tools::per_element());
    BOOST_TEST(ids_of(json_of(send(app, "GET", changed("le", "2024-04-21T12:48:34.228Z")))) == (Ids{early, later}),
               boost::test_tools::per_element());
    BOOST_TEST(ids_of(json_of(send(app, "GET", changed("eq", "2024-04-21T12:49:34.228Z")))) == Ids{last},
               boost::test_tools::per_element());
    // A change moves an account into the window: Okta's next incremental import sees it.
    const auto put = send(app, "PUT", "/scim/v2/Users/" + early,
                          R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"early@example.com",
                              "active":false})",
                          {}, sim::TimePoint{180'000});
    BOOST_REQUIRE_EQUAL(status_of(put), 200);
    const json::value after = json_of(send(app, "GET", changed("gt", "2024-04-21T12:49:34.228Z")));
    BOOST_TEST(ids_of(after) == Ids{early}, boost::test_tools::per_element());
    BOOST_TEST(int_at(after, "/totalResults") == 1);
}

BOOST_AUTO_TEST_CASE(ordering_filters_that_stay_refused) {
    auto app = make_app(R"({"accounts": [{"userName": "a@example.com"}]})");
    const auto not_a_time = send(app, "GET", changed("gt", "yesterday"));
    BOOST_TEST(status_of(not_a_time) == 400);
    BOOST_TEST(text_at(json_of(not_a_time), "/scimType") == "invalidFilter");
    BOOST_TEST(text_at(json_of(not_a_time), "/detail").find("UTC dateTime") != std::string::npos);
    const auto on_user_name = send(app, "GET", "/scim/v2/Users?filter=userName%20gt%20%22a%22");
    BOOST_TEST(status_of(on_user_name) == 400);
    BOOST_TEST(text_at(json_of(on_user_name), "/detail").find("only 'meta.lastModified'") != std::string::npos);
    const auto contains = send(app, "GET", "/scim/v2/Users?filter=userName%20co%20%22a%22");
    BOOST_TEST(status_of(contains) == 400);
    BOOST_TEST(text_at(json_of(contains), "/detail").find("operator 'co' is not supported") != std::string::npos);
    // A PatchOp value filter compares with eq only.
    const std::string id = text_at(json_of(send(app, "GET", "/scim/v2/Users?startIndex=1&count=1")), "/Resources/0/id");
    const auto patch = send(app, "PATCH", "/scim/v2/Users/" + id,
                            patch_body(R"([{"op":"remove","path":"emails[value gt \"a\"]"}])"));
    BOOST_TEST(status_of(patch) == 400);
    BOOST_TEST(text_at(json_of(patch), "/detail").find("only eq") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace oktasim::test
