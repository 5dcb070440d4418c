// The connector seam's group operations and capabilities: the scim2 connector's Group Push requests (exact request
// lines and PatchOp bodies, docs/okta-behaviour.md §2.10) against the simulated app in process, paged listing, and the
// answer of a connector that does not declare groups.
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/connectors/simapp/sim_app.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "support/run_on_loop.hpp"

#include <optional>

using namespace oktasim;
using namespace oktasim::engine;
namespace json = boost::json;
namespace scim = oktasim::connectors::scim;
namespace simapp = oktasim::connectors::simapp;

namespace {

// A scim2 connector wired to a simulated app with two accounts, recording into `wire`.
struct Rig {
    sim::EventLoop loop{5, 0};
    WireLog wire;
    std::unique_ptr<simapp::SimApp> app;
    std::unique_ptr<scim::ScimConnector> connector;

    Rig() {
        std::string error;
        auto config = simapp::parse_sim_app_config(std::string_view(R"({"accounts": [
            {"id": "u-alice", "userName": "alice@example.com", "externalId": "00ualice"},
            {"id": "u-bob", "userName": "bob@example.com"}]})"),
                                                   error);
        BOOST_REQUIRE_MESSAGE(config.has_value(), error);
        app = std::make_unique<simapp::SimApp>(std::move(*config), loop.wall_clock(), loop.prng().fork("app"));
        connector = std::make_unique<scim::ScimConnector>(*scim::parse_endpoint("https://app.test/scim/v2", error),
                                                          scim::Auth{},
                                                          std::make_unique<connectors::InprocTransport>(loop, *app),
                                                          loop, wire, "app");
    }
    ~Rig() { loop.shutdown(); }

    // Runs one connector operation to completion on the loop.
    template <class T>
    T run(asio::awaitable<T> op) {
        return oktasim::test::run_on(loop, std::move(op));
    }

    const wire::Request& last_request() const { return wire.exchanges().back().request; }
    std::string request_line() const { return last_request().method + " " + last_request().target; }
};

json::object group_body(std::string_view name, json::array members = {}) {
    return json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                        {"displayName", name},
                        {"members", std::move(members)}};
}

std::string member_ids(const json::object& group) {
    std::string out;
    if (const auto* members = group.if_contains("members"); members && members->is_array())
        for (const auto& m : members->as_array()) out += (out.empty() ? "" : ",") + std::string(m.at("value").as_string());
    return out;
}

// A connector with only the user operations, as a plugin that knows nothing of groups would be.
class UsersOnly final : public Connector {
public:
    std::string_view type() const noexcept override { return "users-only"; }
    asio::awaitable<result<UserPage>> test_credentials(Diagnostics&) override { co_return UserPage{}; }
    asio::awaitable<result<std::optional<json::object>>> find_user(std::string user_name, Diagnostics&) override {
        looked_up = user_name;
        co_return std::optional<json::object>{};
    }
    asio::awaitable<result<json::object>> create_user(json::object r, Diagnostics&) override { co_return r; }
    asio::awaitable<result<json::object>> get_user(std::string, Diagnostics&) override { co_return json::object{}; }
    asio::awaitable<result<json::object>> replace_user(std::string, json::object r, Diagnostics&) override { co_return r; }
    asio::awaitable<result<json::object>> patch_user(std::string, json::object, Diagnostics&) override {
        co_return json::object{};
    }
    asio::awaitable<result<UserPage>> list_users(std::int64_t, std::int64_t, Diagnostics&) override { co_return UserPage{}; }
    std::string looked_up;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim_groups)

BOOST_AUTO_TEST_CASE(scim2_declares_users_groups_paging_and_patch) {
    Rig rig;
    const Capabilities c = rig.connector->capabilities();
    BOOST_TEST((c.users && c.user_patch && c.user_listing && c.groups && c.group_patch && c.group_listing));
}

BOOST_AUTO_TEST_CASE(group_push_sequence_against_the_simulated_app) {
    // Setup
    Rig rig;
    Diagnostics d;
    // Act / Assert: create, as the documented body (§2.10)
    auto created = rig.run(rig.connector->create_group(group_body("Test SCIMv2"), d));
    BOOST_TEST_REQUIRE(created.has_value(), d.provider_message());
    const std::string id(created->at("id").as_string());
    BOOST_TEST(rig.request_line() == "POST /scim/v2/Groups");
    BOOST_TEST(rig.wire.exchanges().back().delivery.response->status == 201);

    // Look-up by displayName when the id is unknown
    auto found = rig.run(rig.connector->find_group("Test SCIMv2", d));
    BOOST_TEST(rig.request_line() ==
               "GET /scim/v2/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100");
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST_REQUIRE(found->has_value());
    BOOST_TEST(std::string((**found).at("id").as_string()) == id);
    auto missing = rig.run(rig.connector->find_group("No such group", d));
    BOOST_TEST_REQUIRE(missing.has_value());
    BOOST_TEST(!missing->has_value());

    // Members added, then one removed with a rename in the same PATCH
    GroupPatch add;
    add.add = {{"u-alice", "alice@example.com"}, {"u-bob", "bob@example.com"}};
    auto added = rig.run(rig.connector->patch_group(id, add, d));
    BOOST_TEST_REQUIRE(added.has_value(), d.provider_message());
    BOOST_TEST(rig.request_line() == "PATCH /scim/v2/Groups/" + id);
    BOOST_TEST(member_ids(*rig.app->find_group(id)) == "u-alice,u-bob");
    GroupPatch remove;
    remove.display_name = "Renamed";
    remove.remove = {"u-alice"};
    BOOST_TEST(rig.run(rig.connector->patch_group(id, remove, d)).has_value(), d.provider_message());
    BOOST_TEST(json::parse(rig.last_request().body) ==
               json::parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                   {"op":"replace","value":{"id":")" + id + R"(","displayName":"Renamed"}},
                   {"op":"remove","path":"members[value eq \"u-alice\"]"}]})"));
    BOOST_TEST(member_ids(*rig.app->find_group(id)) == "u-bob");
    BOOST_TEST(std::string(rig.app->find_group(id)->at("displayName").as_string()) == "Renamed");

    // AIW: GET, then PUT the whole group
    auto got = rig.run(rig.connector->get_group(id, d));
    BOOST_TEST(rig.request_line() == "GET /scim/v2/Groups/" + id);
    BOOST_TEST_REQUIRE(got.has_value());
    auto replaced = rig.run(rig.connector->replace_group(
        id, group_body("Renamed", json::array{json::object{{"value", "u-alice"}, {"display", "alice@example.com"}}}), d));
    BOOST_TEST_REQUIRE(replaced.has_value(), d.provider_message());
    BOOST_TEST(rig.request_line() == "PUT /scim/v2/Groups/" + id);
    BOOST_TEST(member_ids(*rig.app->find_group(id)) == "u-alice");

    // Unlink with "Delete the group in the target app"
    auto deleted = rig.run(rig.connector->delete_group(id, d));
    BOOST_TEST(deleted.has_value(), d.provider_message());
    BOOST_TEST(rig.request_line() == "DELETE /scim/v2/Groups/" + id);
    BOOST_TEST(rig.wire.exchanges().back().delivery.response->status == 204);
    BOOST_TEST(!rig.app->find_group(id).has_value());
    Diagnostics gone;
    auto after = rig.run(rig.connector->get_group(id, gone));
    BOOST_TEST(after.error() == make_error_code(connector_errc::not_found));
    BOOST_TEST(gone.http_status == 404);
    auto twice = rig.run(rig.connector->delete_group(id, gone));
    BOOST_TEST(twice.error() == make_error_code(connector_errc::not_found));
}

BOOST_AUTO_TEST_CASE(push_now_replaces_the_member_list) {
    Rig rig;
    Diagnostics d;
    auto created = rig.run(rig.connector->create_group(
        group_body("Staff", json::array{json::object{{"value", "u-alice"}}}), d));
    BOOST_TEST_REQUIRE(created.has_value(), d.provider_message());
    const std::string id(created->at("id").as_string());
    GroupPatch push_now;
    push_now.members = std::vector<GroupMember>{{"u-bob", ""}};
    BOOST_TEST(rig.run(rig.connector->patch_group(id, push_now, d)).has_value(), d.provider_message());
    BOOST_TEST(json::serialize(json::parse(rig.last_request().body)) ==
               R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],)"
               R"("Operations":[{"op":"replace","path":"members","value":[{"value":"u-bob"}]}]})");
    BOOST_TEST(member_ids(*rig.app->find_group(id)) == "u-bob");
}

BOOST_AUTO_TEST_CASE(membership_delta_body_is_okta_s) {
    // §2.10: one remove per removed member (a value filter, quotes escaped), one add with the array.
    GroupPatch p;
    p.remove = {"89bb1940", "we\"ird"};
    p.add = {{"23a35c27", "test.user@okta.local"}};
    BOOST_TEST(json::serialize(scim::group_patch_body("g1", p)) ==
               R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
               R"({"op":"remove","path":"members[value eq \"89bb1940\"]"},)"
               R"({"op":"remove","path":"members[value eq \"we\\\"ird\"]"},)"
               R"({"op":"add","path":"members","value":[{"value":"23a35c27","display":"test.user@okta.local"}]}]})");
}

BOOST_AUTO_TEST_CASE(groups_and_users_list_a_page_at_a_time) {
    Rig rig;
    Diagnostics d;
    for (const char* name : {"A", "B", "C"}) BOOST_TEST_REQUIRE(rig.run(rig.connector->create_group(group_body(name), d)).has_value());
    auto first = rig.run(rig.connector->list_groups(1, 2, d));
    BOOST_TEST(rig.request_line() == "GET /scim/v2/Groups?startIndex=1&count=2");
    BOOST_TEST_REQUIRE(first.has_value(), d.provider_message());
    BOOST_TEST(first->total_results == 3);
    BOOST_TEST(first->resources.size() == 2u);
    auto second = rig.run(rig.connector->list_groups(3, 2, d));
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(second->start_index == 3);
    BOOST_TEST_REQUIRE(second->resources.size() == 1u);
    BOOST_TEST(std::string(second->resources[0].at("displayName").as_string()) == "C");
    auto users = rig.run(rig.connector->list_users(2, 100, d));
    BOOST_TEST(rig.request_line() == "GET /scim/v2/Users?startIndex=2&count=100");
    BOOST_TEST_REQUIRE(users.has_value());
    BOOST_TEST(users->total_results == 2);
    BOOST_TEST(users->resources.size() == 1u);
}

BOOST_AUTO_TEST_CASE(users_are_found_by_any_unique_attribute) {
    Rig rig;
    Diagnostics d;
    auto by_external_id = rig.run(rig.connector->find_user_by("externalId", "00ualice", d));
    BOOST_TEST(rig.request_line() == "GET /scim/v2/Users?filter=externalId%20eq%20%2200ualice%22&startIndex=1&count=100");
    BOOST_TEST_REQUIRE(by_external_id.has_value(), d.provider_message());
    BOOST_TEST_REQUIRE(by_external_id->has_value());
    BOOST_TEST(std::string((**by_external_id).at("id").as_string()) == "u-alice");
    auto by_user_name = rig.run(rig.connector->find_user_by("userName", "bob@example.com", d));
    BOOST_TEST(rig.request_line() ==
               "GET /scim/v2/Users?filter=userName%20eq%20%22bob%40example.com%22&startIndex=1&count=100");
    BOOST_TEST_REQUIRE(by_user_name.has_value());
    BOOST_TEST(by_user_name->has_value());
}

BOOST_AUTO_TEST_CASE(a_connector_without_groups_says_unsupported) {
    sim::EventLoop loop{1, 0};
    UsersOnly c;
    BOOST_TEST(!c.capabilities().groups);
    BOOST_TEST(c.capabilities().users);
    const auto unsupported = make_error_code(connector_errc::unsupported);
    Diagnostics d;
    int answered = 0;
    const auto expect_unsupported = [&](auto op) {
        asio::co_spawn(loop.get_executor(), std::move(op), [&](std::exception_ptr e, auto r) {
            if (e) std::rethrow_exception(e);
            BOOST_TEST(r.error() == unsupported);
            ++answered;
        });
    };
    expect_unsupported(c.create_group(json::object{}, d));
    expect_unsupported(c.get_group("g", d));
    expect_unsupported(c.find_group("G", d));
    expect_unsupported(c.replace_group("g", json::object{}, d));
    expect_unsupported(c.patch_group("g", GroupPatch{}, d));
    expect_unsupported(c.delete_group("g", d));
    expect_unsupported(c.list_groups(1, 100, d));
    expect_unsupported(c.find_user_by("externalId", "x", d));
    // The userName look-up is the connector's own find_user.
    bool found = false;
    asio::co_spawn(loop.get_executor(), c.find_user_by("userName", "alice", d), [&](std::exception_ptr e, auto r) {
        if (e) std::rethrow_exception(e);
        found = r.has_value();
    });
    loop.run_while([&] { return answered < 8 || !found; });
    BOOST_TEST(answered == 8);
    BOOST_TEST(found);
    BOOST_TEST(c.looked_up == "alice");
    loop.shutdown();
}

BOOST_AUTO_TEST_SUITE_END()
