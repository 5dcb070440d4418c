// SCIM 1.1 (docs/okta-behaviour.md §2.14): the client's body translations and PATCH shapes, Okta's 1.1 requests against
// the simulated app's 1.1 mode in process (media types, errors, the look-up's 404), and that mode's own answers
// (partial-resource PATCH, "operation": "delete", meta.attributes, /ServiceProviderConfigs, malformed filters).
#include <oktasim/connectors/scim/scim11.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include "support/sim_app.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "support/run_on_loop.hpp"

using namespace oktasim;
using namespace oktasim::test;
namespace json = boost::json;
namespace asio = boost::asio;
namespace scim = oktasim::connectors::scim;
namespace v11 = oktasim::connectors::scim::v11;

namespace {

json::object object_of(std::string_view text) { return json::parse(text).as_object(); }
std::string first_schema(const json::object& o) { return std::string(o.at("schemas").as_array().front().as_string()); }

// A 1.1 scim2 connector wired to a 1.1 simulated app, recording into `wire`.
struct Rig11 {
    sim::EventLoop loop{11, 0};
    engine::WireLog wire;
    std::unique_ptr<simapp::SimApp> app;
    std::unique_ptr<scim::ScimConnector> connector;

    explicit Rig11(std::string_view app_config = R"({"scimVersion": "1.1", "auth": {"bearer": "T"}})") {
        std::string error;
        auto config = simapp::parse_sim_app_config(app_config, error);
        BOOST_REQUIRE_MESSAGE(config.has_value(), error);
        app = std::make_unique<simapp::SimApp>(std::move(*config), loop.wall_clock(), loop.prng().fork("app"));
        auto endpoint = scim::parse_endpoint("https://app.test/scim/v1", error);
        BOOST_REQUIRE(endpoint);
        endpoint->version = ScimVersion::v1_1;
        scim::Auth auth;
        auth.mode = scim::Auth::Mode::header;
        auth.token = "T";
        connector = std::make_unique<scim::ScimConnector>(
            std::move(*endpoint), auth, std::make_unique<connectors::InprocTransport>(loop, *app), loop, wire, "app");
    }
    ~Rig11() { loop.shutdown(); }

    template <class T>
    T run(asio::awaitable<T> op) {
        return oktasim::test::run_on(loop, std::move(op));
    }

    const wire::Exchange& last() const { return wire.exchanges().back(); }
    json::object last_body() const { return object_of(last().request.body); }
};

json::object user_2_0() {
    return object_of(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                         "userName": "ada@example.com", "active": true,
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Engines"},
                         "urn:okta:custom": {"x": 1}})");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_scim11)

BOOST_AUTO_TEST_CASE(resources_translate_to_and_from_the_1_1_urns) {
    // Act
    const json::object out = v11::to_v11(user_2_0());
    const json::object back = v11::from_v11(out, v11::Kind::user);
    const json::object group = v11::from_v11(object_of(R"({"schemas": ["urn:scim:schemas:core:1.0"], "id": "g"})"),
                                             v11::Kind::group);
    // Assert: the core and enterprise URNs and the extension's key move; anything else stays
    BOOST_TEST(json::serialize(out.at("schemas")) ==
               R"(["urn:scim:schemas:core:1.0","urn:scim:schemas:extension:enterprise:1.0"])");
    BOOST_TEST(out.at("urn:scim:schemas:extension:enterprise:1.0").at("department") == "Engines");
    BOOST_TEST(!out.contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
    BOOST_TEST(out.at("urn:okta:custom").at("x") == 1);
    BOOST_TEST(back == user_2_0());
    BOOST_TEST(json::serialize(group.at("schemas")) == R"(["urn:ietf:params:scim:schemas:core:2.0:Group"])");
}

BOOST_AUTO_TEST_CASE(user_patchops_become_partial_resources) {
    // Setup: the PatchOps Okta's flows send (deactivate; a password) and two 1.1 cannot carry
    const auto deactivate = object_of(R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]})");
    const auto pathed = object_of(R"({"Operations": [{"op": "replace", "path": "title", "value": "Boss"},
                                                     {"op": "remove", "path": "nickName"}]})");
    const auto filtered = object_of(R"({"Operations": [{"op": "remove", "path": "emails[type eq \"work\"]"}]})");
    const auto moved = object_of(R"({"Operations": [{"op": "move", "value": {"a": 1}}]})");
    // Act
    const auto body = v11::user_patch("u-1", deactivate);
    const auto with_path = v11::user_patch("u-1", pathed);
    // Assert: the body Okta's 1.1 reference shows for deactivation, byte for byte
    BOOST_REQUIRE(body);
    BOOST_TEST(json::serialize(*body) == R"({"schemas":["urn:scim:schemas:core:1.0"],"id":"u-1","active":false})");
    BOOST_REQUIRE(with_path);
    BOOST_TEST(with_path->at("title") == "Boss");
    BOOST_TEST(json::serialize(with_path->at("meta")) == R"({"attributes":["nickName"]})");
    BOOST_TEST(!v11::user_patch("u-1", filtered));
    BOOST_TEST(!v11::user_patch("u-1", moved));
}

BOOST_AUTO_TEST_CASE(group_patches_are_a_rename_and_a_member_delta) {
    // Setup
    engine::GroupPatch delta;
    delta.remove = {"u-old"};
    delta.add = {{"u-new", "new@example.com"}};
    engine::GroupPatch push_now;
    push_now.members = std::vector<engine::GroupMember>{{"u-1", "one@example.com"}};
    // Act / Assert
    BOOST_TEST(json::serialize(v11::group_rename("g-1", "Eng")) ==
               R"({"schemas":["urn:scim:schemas:core:1.0"],"id":"g-1","displayName":"Eng"})");
    BOOST_TEST(json::serialize(*v11::group_members(delta)) ==
               R"({"schemas":["urn:scim:schemas:core:1.0"],"members":[{"value":"u-old","operation":"delete"},)"
               R"({"value":"u-new","display":"new@example.com"}]})");
    BOOST_TEST(json::serialize(*v11::group_members(push_now)) ==
               R"({"schemas":["urn:scim:schemas:core:1.0"],"meta":{"attributes":["members"]},)"
               R"("members":[{"value":"u-1","display":"one@example.com"}]})");
    BOOST_TEST(!v11::group_members(engine::GroupPatch{}));
}

BOOST_AUTO_TEST_CASE(client_sends_1_1_media_types_and_reads_answers_in_2_0_terms) {
    // Setup
    Rig11 rig;
    Diagnostics diag;
    json::object user = user_2_0();
    // Act
    auto created = rig.run(rig.connector->create_user(user, diag));
    const wire::Exchange post = rig.last();
    BOOST_REQUIRE(created);
    const std::string id(created->at("id").as_string());
    auto found = rig.run(rig.connector->find_user("ada@example.com", diag));
    auto patched = rig.run(rig.connector->patch_user(id, engine::patch_replace(json::object{{"active", false}}), diag));
    const wire::Exchange patch = rig.last();
    // Assert: 1.1 on the wire ...
    BOOST_TEST(post.request.header("Accept") == "application/json");
    BOOST_TEST(post.request.header("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(first_schema(object_of(post.request.body)) == "urn:scim:schemas:core:1.0");
    BOOST_TEST(post.delivery.response->header("Content-Type") == "application/json");
    BOOST_TEST(json::serialize(object_of(post.delivery.response->body).at("schemas")) ==
               R"(["urn:scim:schemas:core:1.0","urn:scim:schemas:extension:enterprise:1.0"])");
    BOOST_TEST(patch.request.method == "PATCH");
    BOOST_TEST(patch.request.body == R"({"schemas":["urn:scim:schemas:core:1.0"],"id":")" + id + R"(","active":false})");
    // ... and 2.0 for the engine, the extension under its 2.0 key
    BOOST_TEST(first_schema(*created) == urn::user);
    BOOST_TEST(created->at(urn::enterprise_user).at("department") == "Engines");
    BOOST_REQUIRE(found);
    BOOST_REQUIRE(*found);
    BOOST_TEST(first_schema(**found) == urn::user);
    BOOST_REQUIRE(patched);
    BOOST_TEST(patched->at("active") == false);
    BOOST_TEST(rig.app->find_account(id)->at("active") == false);
}

BOOST_AUTO_TEST_CASE(client_reads_1_1_errors_and_a_1_1_not_found) {
    // Setup: a 404 with the 1.1 error body is "no such user"; two Errors are shown joined
    Rig11 rig(R"({"scimVersion": "1.1", "faults": [
        {"match": {"method": "GET", "path": "/Users", "times": 1}, "respond": {"status": 404, "contentType": "application/json",
         "body": "{\"Errors\":[{\"description\":\"No such user\",\"code\":404}]}"}},
        {"match": {"method": "POST", "path": "/Users"}, "respond": {"status": 400, "contentType": "application/json",
         "body": "{\"Errors\":[{\"description\":\"a\",\"code\":400},{\"code\":400},{\"description\":\"b\",\"code\":\"400\"}]}"}},
        {"match": {"method": "GET", "path": "/Users/gone"}, "respond": {"status": 404, "detail": "User gone not found"}}]})");
    Diagnostics lookup_diag, create_diag, get_diag;
    // Act
    auto found = rig.run(rig.connector->find_user("ada@example.com", lookup_diag));
    auto created = rig.run(rig.connector->create_user(user_2_0(), create_diag));
    auto got = rig.run(rig.connector->get_user("gone", get_diag));
    const wire::Exchange get = rig.last();
    // Assert
    BOOST_REQUIRE(found);
    BOOST_TEST(!*found);
    BOOST_REQUIRE(!created);
    BOOST_TEST(create_diag.provider_message() == "Bad Request. Errors reported by remote server: a, b");
    BOOST_REQUIRE(!got);
    BOOST_TEST(get.delivery.response->body == R"({"Errors":[{"description":"User gone not found","code":404}]})");
    BOOST_TEST(get_diag.detail == "User gone not found");
}

BOOST_AUTO_TEST_CASE(group_push_sends_the_rename_and_the_members_as_two_patches) {
    // Setup
    Rig11 rig;
    Diagnostics diag;
    auto member = rig.run(rig.connector->create_user(user_2_0(), diag));
    BOOST_REQUIRE(member);
    const std::string member_id(member->at("id").as_string());
    auto group = rig.run(rig.connector->create_group(
        object_of(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng", "members": []})"),
        diag));
    BOOST_REQUIRE(group);
    const std::string id(group->at("id").as_string());
    const std::string post_body = rig.last().request.body;
    engine::GroupPatch patch;
    patch.display_name = "Engineering";
    patch.add = {{member_id, "one@example.com"}};
    const std::size_t before = rig.wire.exchanges().size();
    // Act
    auto patched = rig.run(rig.connector->patch_group(id, patch, diag));
    // Assert
    BOOST_TEST(post_body == R"({"schemas":["urn:scim:schemas:core:1.0"],"displayName":"Eng"})");
    BOOST_REQUIRE(patched);
    BOOST_REQUIRE(rig.wire.exchanges().size() == before + 2);
    BOOST_TEST(rig.wire.exchanges()[before].request.body ==
               R"({"schemas":["urn:scim:schemas:core:1.0"],"id":")" + id + R"(","displayName":"Engineering"})");
    BOOST_TEST(rig.wire.exchanges()[before + 1].request.body ==
               R"({"schemas":["urn:scim:schemas:core:1.0"],"members":[{"value":")" + member_id +
                   R"(","display":"one@example.com"}]})");
    BOOST_TEST(patched->at("displayName") == "Engineering");
    BOOST_TEST(first_schema(*patched) == urn::group);
    BOOST_TEST(rig.connector->dialect().group_description);
    BOOST_TEST(rig.connector->dialect().profile_put_on_link);
}

BOOST_AUTO_TEST_CASE(app_applies_1_1_patches) {
    // Setup
    auto app = make_app(R"({"scimVersion": "1.1", "accounts": [
        {"id": "u1", "userName": "a", "nickName": "A", "emails": [{"value": "a@x", "type": "work"}]},
        {"id": "u2", "userName": "b"}, {"id": "u3", "userName": "c"}],
        "groups": [{"id": "g1", "displayName": "G", "members": [{"value": "u1"}, {"value": "u2"}]}]})");
    // Act
    const auto user = send(app, "PATCH", "/scim/v1/Users/u1",
                           R"({"schemas": ["urn:scim:schemas:core:1.0"], "id": "u1", "active": false,
                               "emails": [{"value": "b@x", "type": "home"}], "meta": {"attributes": ["nickName"]}})");
    const auto members = send(app, "PATCH", "/scim/v1/Groups/g1",
                              R"({"schemas": ["urn:scim:schemas:core:1.0"],
                                  "members": [{"value": "u1", "operation": "delete"}, {"value": "u3"}]})");
    const auto rename = send(app, "PATCH", "/scim/v1/Groups/g1",
                             R"({"schemas": ["urn:scim:schemas:core:1.0"], "id": "g1", "displayName": "H"})");
    const auto replace_all = send(app, "PATCH", "/scim/v1/Groups/g1",
                                  R"({"meta": {"attributes": ["members"]}, "members": [{"value": "u2"}]})");
    const auto bad = send(app, "PATCH", "/scim/v1/Groups/g1", R"({"members": [{"operation": "delete"}]})");
    // Assert: merge, add to a multi-valued attribute, clear; a delta; a rename that keeps members; a replace
    BOOST_TEST(status_of(user) == 200);
    BOOST_TEST(json_of(user).at("active") == false);
    BOOST_TEST(json_of(user).at("emails").as_array().size() == 2u);
    BOOST_TEST(!json_of(user).as_object().contains("nickName"));
    BOOST_TEST(json::serialize(json_of(members).at("members")) == R"([{"value":"u2"},{"value":"u3"}])");
    BOOST_TEST(json_of(rename).at("displayName") == "H");
    BOOST_TEST(json_of(rename).at("members").as_array().size() == 2u);
    BOOST_TEST(json::serialize(json_of(replace_all).at("members")) == R"([{"value":"u2"}])");
    BOOST_TEST(status_of(bad) == 400);
    BOOST_TEST(text_at(json_of(bad), "/Errors/0/description") == "a deleted value of members needs its \"value\"");
    BOOST_TEST(int_at(json_of(bad), "/Errors/0/code") == 400);
}

BOOST_AUTO_TEST_CASE(app_answers_in_1_1_shapes) {
    // Setup
    auto app = make_app(R"({"scimVersion": "1.1", "auth": {"bearer": "T"}})");
    const std::vector<wire::Header> auth{{"Authorization", "Bearer T"}};
    // Act
    const auto list = send(app, "GET", "/scim/v1/Users?startIndex=1&count=2", "", auth);
    const auto config = send(app, "GET", "/scim/v1/ServiceProviderConfigs", "", auth);
    const auto post_config = send(app, "POST", "/scim/v1/ServiceProviderConfigs", "test", auth);
    const auto config_2_0 = send(app, "GET", "/scim/v1/ServiceProviderConfig", "", auth);
    const auto schemas = send(app, "GET", "/scim/v1/Schemas", "", auth);
    const auto malformed = send(app, "GET", "/scim/v1/Users?filter=ADA%40EXAMPLE.COM", "", auth);
    const auto denied = send(app, "GET", "/scim/v1/Users");
    // Assert
    BOOST_TEST(json::serialize(json_of(list).at("schemas")) == R"(["urn:scim:schemas:core:1.0"])");
    BOOST_TEST(list.response->header("Content-Type") == "application/json");
    BOOST_TEST(status_of(config) == 200);
    BOOST_TEST(text_at(json_of(config), "/schemas/0") == "urn:scim:schemas:core:1.0");
    BOOST_TEST(json_of(config)
                   .at("urn:okta:schemas:scim:providerconfig:1.0")
                   .at("userManagementCapabilities")
                   .as_array()
                   .size() == 9u);
    BOOST_TEST(status_of(post_config) == 405);
    BOOST_TEST(status_of(config_2_0) == 404);
    BOOST_TEST(text_at(json_of(schemas), "/schemas/1") == "urn:scim:schemas:core:1.0:ListResponse");
    BOOST_TEST(status_of(malformed) == 400);
    BOOST_TEST(has(json_of(malformed), "/Errors/0/description"));
    BOOST_TEST(status_of(denied) == 401);
    BOOST_TEST(int_at(json_of(denied), "/Errors/0/code") == 401);
    BOOST_TEST(app.base_path() == "/scim/v1");
}

BOOST_AUTO_TEST_CASE(a_replaced_list_is_cleared_first) {
    // Setup: a 1.1 PATCH adds a list's values to the server's, so a replace must clear the list
    const auto replace = object_of(R"({"Operations": [{"op": "replace", "value": {"emails": [{"value": "b@x"}]}},
                                                      {"op": "add", "path": "phoneNumbers", "value": [{"value": "1"}]}]})");
    // Act
    const auto body = v11::user_patch("u-1", replace);
    // Assert: emails cleared and set; the add only adds
    BOOST_REQUIRE(body);
    BOOST_TEST(json::serialize(body->at("meta")) == R"({"attributes":["emails"]})");
    BOOST_TEST(body->at("emails").as_array().size() == 1u);
    BOOST_TEST(body->at("phoneNumbers").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_2_0_client_is_not_misread) {
    // Setup: the 2.0 client meets a 404 whose body is SCIM 1.1's error; the 1.1 app meets a 2.0 PatchOp
    wire::Delivery errors_404;
    errors_404.response.emplace();
    errors_404.response->status = 404;
    errors_404.response->body = R"({"Errors":[{"description":"No route","code":404}]})";
    auto app = make_app(R"({"scimVersion": "1.1", "accounts": [{"id": "u1", "userName": "a", "active": true}]})");
    Diagnostics d20, d11;
    // Act
    const auto as_2_0 = scim::read_lookup(errors_404, d20);
    const auto as_1_1 = scim::read_lookup(errors_404, d11, ScimVersion::v1_1);
    const auto patch_op = send(app, "PATCH", "/scim/v1/Users/u1",
                               R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                   "Operations": [{"op": "replace", "value": {"active": false}}]})");
    const auto odd_members = send(app, "PATCH", "/scim/v1/Users/u1", R"({"emails": "x", "meta": {"attributes": "x"}})");
    // Assert: a 2.0 look-up does not take a 1.1 error body for "no such user"; the 1.1 look-up does
    BOOST_TEST(!as_2_0);
    BOOST_REQUIRE(as_1_1);
    BOOST_TEST(!*as_1_1);
    // The 1.1 app refuses the PatchOp instead of storing "Operations" and answering 200
    BOOST_TEST(status_of(patch_op) == 400);
    BOOST_TEST(text_at(json_of(patch_op), "/Errors/0/description").find("not a SCIM 2.0 PatchOp") != std::string::npos);
    BOOST_TEST(app.find_account("u1")->at("active") == true);
    BOOST_TEST(!app.find_account("u1")->contains("Operations"));
    BOOST_TEST(status_of(odd_members) >= 200);  // answered, whatever it makes of it
    // A 2.0 connector keeps SCIM 2.0's flows
    sim::EventLoop loop{1, 0};
    engine::WireLog wire;
    std::string error;
    scim::ScimConnector v20(*scim::parse_endpoint("https://app.test/scim/v2", error), scim::Auth{},
                            std::make_unique<connectors::InprocTransport>(loop, app), loop, wire, "app");
    BOOST_TEST(!v20.dialect().profile_put_on_link);
    BOOST_TEST(!v20.dialect().group_description);
    loop.shutdown();
}

BOOST_AUTO_TEST_SUITE_END()
