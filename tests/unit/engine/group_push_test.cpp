// Group Push through the real SCIM connector to the simulated app (docs/okta-behaviour.md §2.10): the exact requests per
// flavour (create with "members": [], one PATCH with the rename, one filtered remove per member and one add, the
// replace of Push Now, the AIW full PUT, DELETE on unlink), who is pushed (assigned, provisioned, active), the
// refusal to use one group for assignment and push, deactivated mappings, links by name, and a failure's state.
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/tenant/tenant.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace oktasim;
namespace json = boost::json;

namespace {

tenant::OrgSpec org_spec(std::string_view flavour) {
    tenant::OrgSpec sc;
    for (const char* name : {"ada", "bob", "cy"}) {
        tenant::UserSpec u;
        u.id = std::string("00u") + name + "000000000000001";
        const std::string login = std::string(name) + "@example.com";
        u.profile = json::object{{"login", login}, {"email", login}, {"firstName", name}, {"lastName", "Example"}};
        sc.users.push_back(std::move(u));
    }
    tenant::GroupSpec eng;
    eng.id = "00gengineering0000001";
    eng.profile = json::object{{"name", "Engineering"}};
    eng.members = {"ada@example.com", "bob@example.com"};
    sc.groups.push_back(std::move(eng));
    tenant::AppSpec app;
    app.key = "acme";
    app.label = "Acme Cloud";
    app.flavour = std::string(flavour);
    app.capabilities = json::object{{"create", json::object{{"lifecycleCreate", json::object{{"status", "ENABLED"}}}}}};
    app.connector = json::object{{"type", "scim2"},
                                 {"baseUrl", "https://acme.example.test/scim/v2"},
                                 {"auth", json::object{{"mode", "header"}, {"token", "t0ken"}}}};
    app.downstream = json::object{{"auth", json::object{{"bearer", "t0ken"}}}};
    sc.apps.push_back(std::move(app));
    return sc;
}

struct Pushed {
    explicit Pushed(std::string_view flavour) : org(org_spec(flavour), tenant::TenantOptions{}) {}

    void ok(result<void> r) {
        BOOST_TEST_REQUIRE(r.has_value(), why);
        BOOST_TEST_REQUIRE(org.settle_jobs());
    }
    // The group requests sent since the last call, as "METHOD target body".
    std::vector<std::string> group_requests() {
        std::vector<std::string> out;
        const auto& all = org.exchanges().exchanges();
        for (; seen < all.size(); ++seen) {
            const auto& r = all[seen].request;
            if (r.target.find("/Groups") == std::string::npos) continue;
            out.push_back(r.method + " " + r.target + (r.body.empty() ? "" : " " + r.body));
        }
        return out;
    }
    std::string account_id(std::string_view login) {
        const auto* au = org.org().app_user("acme", std::string("00u") + std::string(login) + "000000000000001");
        BOOST_TEST_REQUIRE((au && au->external_id));
        return *au->external_id;
    }
    engine::PushMapping& mapping() {
        engine::PushMapping* m = org.org().app_by_ref("acme")->push_mapping_of("00gengineering0000001");
        BOOST_TEST_REQUIRE(m);
        return *m;
    }

    tenant::Tenant org;
    std::string why;
    std::size_t seen = 0;
};

std::string patch(std::string_view ops) {
    return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + std::string(ops) + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_group_push)

BOOST_AUTO_TEST_CASE(oin_create_then_membership_deltas_push_now_and_unlink_with_delete) {
    Pushed p("OIN");
    auto& e = p.org.provisioning();
    p.ok(e.assign_user("acme", "ada@example.com", p.why));
    p.ok(e.assign_user("acme", "cy@example.com", p.why));
    const std::string ada = p.account_id("ada");
    // Bob is a member but not assigned to the app: not pushed (§2.10).
    p.ok(e.push_group("acme", "Engineering", "", p.why));
    const std::vector<std::string> created = p.group_requests();
    BOOST_TEST_REQUIRE(created.size() == 2u);
    BOOST_TEST(created[0] == R"(POST /scim/v2/Groups {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering","members":[]})");
    const std::string gid = p.mapping().app_group_id;
    BOOST_TEST(!gid.empty());
    BOOST_TEST(created[1] == "PATCH /scim/v2/Groups/" + gid + " " +
                                 patch(R"([{"op":"replace","value":{"id":")" + gid +
                                       R"(","displayName":"Engineering"}},{"op":"add","path":"members","value":[{"value":")" +
                                       ada + R"(","display":"ada@example.com"}]}])"));
    BOOST_TEST((p.mapping().status == engine::PushMappingStatus::active));

    // Cy joins (assigned already): one add. Ada leaves: one filtered remove.
    p.ok(e.add_group_member("Engineering", "cy@example.com", p.why));
    const std::string cy = p.account_id("cy");
    BOOST_TEST(p.group_requests() == std::vector<std::string>{"PATCH /scim/v2/Groups/" + gid + " " +
                                     patch(R"([{"op":"replace","value":{"id":")" + gid +
                                           R"(","displayName":"Engineering"}},{"op":"add","path":"members","value":[{"value":")" +
                                           cy + R"(","display":"cy@example.com"}]}])")},
               boost::test_tools::per_element());
    p.ok(e.remove_group_member("Engineering", "ada@example.com", p.why));
    BOOST_TEST(p.group_requests() == std::vector<std::string>{"PATCH /scim/v2/Groups/" + gid + " " +
                                     patch(R"([{"op":"replace","value":{"id":")" + gid +
                                           R"(","displayName":"Engineering"}},{"op":"remove","path":"members[value eq \")" +
                                           ada + R"(\"]"}])")},
               boost::test_tools::per_element());

    // Bob is assigned: once provisioned he is pushed.
    p.ok(e.assign_user("acme", "bob@example.com", p.why));
    const std::string bob = p.account_id("bob");
    const std::vector<std::string> after_bob = p.group_requests();
    BOOST_TEST_REQUIRE(after_bob.size() == 1u);
    BOOST_TEST(after_bob[0].find(R"({"op":"add","path":"members","value":[{"value":")" + bob) != std::string::npos, after_bob[0]);

    // Push Now: the whole membership as one replace.
    p.ok(e.push_group_now("acme", "Engineering", p.why));
    const std::vector<std::string> now = p.group_requests();
    BOOST_TEST_REQUIRE(now.size() == 1u);
    BOOST_TEST(now[0].find(R"({"op":"replace","path":"members","value":[)") != std::string::npos, now[0]);

    // The same group cannot be assigned to the app while it is pushed.
    BOOST_TEST(!e.assign_group("acme", "Engineering", p.why).has_value());
    BOOST_TEST(p.why.find("Okta does not support using the same group for assignment and Group Push") != std::string::npos);

    // Unlink, deleting the group in the app.
    p.ok(e.unlink_pushed_group("acme", "Engineering", true, p.why));
    BOOST_TEST(p.group_requests() == std::vector<std::string>{"DELETE /scim/v2/Groups/" + gid},
               boost::test_tools::per_element());
    BOOST_TEST(!p.org.org().app_by_ref("acme")->push_mapping_of("00gengineering0000001"));
    BOOST_TEST(p.org.simulated_app("acme")->groups().empty());
}

BOOST_AUTO_TEST_CASE(aiw_pushes_the_whole_group_with_put_and_renames) {
    Pushed p("AIW");
    auto& e = p.org.provisioning();
    p.ok(e.assign_user("acme", "ada@example.com", p.why));
    const std::string ada = p.account_id("ada");
    p.ok(e.push_group("acme", "Engineering", "", p.why));
    const std::vector<std::string> created = p.group_requests();
    BOOST_TEST_REQUIRE(created.size() == 2u);
    const std::string gid = p.mapping().app_group_id;
    BOOST_TEST(created[1] == "PUT /scim/v2/Groups/" + gid + R"( {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":")" +
                                 gid + R"(","displayName":"Engineering","members":[{"value":")" + ada +
                                 R"(","display":"ada@example.com"}]})");
    p.ok(e.rename_group("Engineering", "R&D", p.why));
    const std::vector<std::string> renamed = p.group_requests();
    BOOST_TEST_REQUIRE(renamed.size() == 1u);
    BOOST_TEST(renamed[0].find(R"("displayName":"R&D")") != std::string::npos, renamed[0]);
    BOOST_TEST(p.org.simulated_app("acme")->groups().at(0).at("displayName").as_string() == "R&D");
    // Unlink, leaving the group in the app: nothing is sent.
    p.ok(e.unlink_pushed_group("acme", "R&D", false, p.why));
    BOOST_TEST(p.group_requests().empty());
    BOOST_TEST(p.org.simulated_app("acme")->groups().size() == 1u);
}

BOOST_AUTO_TEST_CASE(deactivated_mapping_pushes_nothing_until_reactivated) {
    Pushed p("OIN");
    auto& e = p.org.provisioning();
    p.ok(e.assign_user("acme", "ada@example.com", p.why));
    p.ok(e.assign_user("acme", "bob@example.com", p.why));
    p.ok(e.push_group("acme", "Engineering", "", p.why));
    (void)p.group_requests();
    p.ok(e.set_group_push_active("acme", "Engineering", false, p.why));
    BOOST_TEST((p.mapping().status == engine::PushMappingStatus::inactive));
    p.ok(e.remove_group_member("Engineering", "bob@example.com", p.why));
    BOOST_TEST(p.group_requests().empty());
    p.ok(e.set_group_push_active("acme", "Engineering", true, p.why));
    const std::vector<std::string> again = p.group_requests();
    BOOST_TEST_REQUIRE(again.size() == 1u);  // reactivation pushes the whole membership at once
    BOOST_TEST(again[0].find(R"({"op":"replace","path":"members","value":[{"value":")" + p.account_id("ada")) !=
                   std::string::npos,
               again[0]);
}

BOOST_AUTO_TEST_CASE(link_by_name_and_a_failed_create) {
    Pushed p("OIN");
    auto& e = p.org.provisioning();
    // No group of that name in the app: the mapping shows the error.
    p.ok(e.push_group("acme", "Engineering", "Engineers", p.why));
    std::vector<std::string> sent = p.group_requests();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0] == "GET /scim/v2/Groups?filter=displayName%20eq%20%22Engineers%22&startIndex=1&count=100");
    BOOST_TEST((p.mapping().status == engine::PushMappingStatus::error));
    BOOST_TEST(p.mapping().error.find("Error while looking up user group Engineering") == 0u, p.mapping().error);
    BOOST_TEST(p.org.log().events().back().event_type ==
               std::string(engine::okta_event::group_push_failed.type));
}

BOOST_AUTO_TEST_SUITE_END()
