// Okta's default attribute mapping and the USER_PROVISIONING capabilities (docs/okta-behaviour.md §2.2, §3.1, §4.1).
#include <oktasim/engine/mapping.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim::engine;
namespace json = boost::json;

namespace {

User alice(UserStatus status = UserStatus::active) {
    User u;
    u.id = "00ujl29u0le5T6Aj10h7";
    u.status = status;
    u.profile = json::object{{"login", "test.user@okta.local"}, {"email", "test.user@okta.local"},
                             {"firstName", "Test"}, {"lastName", "User"}, {"locale", "en-US"}, {"department", "R&D"}};
    return u;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_mapping)

BOOST_AUTO_TEST_CASE(create_body_has_okta_documented_shape) {
    // Setup
    const User u = alice();
    // Act
    const json::object body = scim_create_body(u, app_user_profile(u), "1mz050nq");
    // Assert: the documented POST body of §2.2, with the enterprise extension for the department
    BOOST_TEST(body.at("userName") == "test.user@okta.local");
    BOOST_TEST(json::serialize(body.at("name")) == R"({"givenName":"Test","familyName":"User"})");
    BOOST_TEST(json::serialize(body.at("emails")) == R"([{"primary":true,"value":"test.user@okta.local","type":"work"}])");
    BOOST_TEST(body.at("displayName") == "Test User");
    BOOST_TEST(body.at("locale") == "en-US");
    BOOST_TEST(body.at("externalId") == "00ujl29u0le5T6Aj10h7");
    BOOST_TEST(body.at("groups").as_array().empty());
    BOOST_TEST(body.at("password") == "1mz050nq");
    BOOST_TEST(body.at("active") == true);
    BOOST_TEST(body.at("schemas").as_array().size() == 2u);
    BOOST_TEST(body.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").at("department") == "R&D");
}

BOOST_AUTO_TEST_CASE(pending_users_are_created_inactive) {
    const User staged = alice(UserStatus::staged);
    BOOST_TEST(scim_create_body(staged, app_user_profile(staged), "x").at("active") == false);
    const User provisioned = alice(UserStatus::provisioned);
    BOOST_TEST(scim_create_body(provisioned, app_user_profile(provisioned), "x").at("active") == true);
}

BOOST_AUTO_TEST_CASE(profile_push_edits_a_copy_and_keeps_what_okta_does_not_map) {
    json::object resource{{"id", "abc"}, {"userName", "old@okta.local"}, {"title", "kept"},
                          {"emails", json::array{json::object{{"primary", true}, {"value", "old@okta.local"}}}},
                          {"meta", json::object{{"version", "W/\"1\""}}}};
    const User u = alice();
    apply_app_profile(resource, app_user_profile(u), false);
    BOOST_TEST(resource.at("id") == "abc");
    BOOST_TEST(resource.at("userName") == "test.user@okta.local");
    BOOST_TEST(resource.at("emails").as_array()[0].at("value") == "test.user@okta.local");
    BOOST_TEST(resource.at("meta").at("version") == "W/\"1\"");
    json::object keep{{"userName", "keep@okta.local"}};
    apply_app_profile(keep, app_user_profile(u), true);
    BOOST_TEST(keep.at("userName") == "keep@okta.local");
}

// §2.4 / §3.3, issue 6 item 22: Push Null Values off leaves attributes without a value out; on sends them as null.
BOOST_AUTO_TEST_CASE(push_null_values_off_omits_and_on_sends_null) {
    User u = alice();
    u.profile["title"] = "";  // empty counts as no value
    const json::object off = scim_create_body(u, app_user_profile(u), "x");
    BOOST_TEST(!off.contains("title"));
    BOOST_TEST(json::serialize(off) == json::serialize(scim_create_body(u, app_user_profile(u), "x", NullValues::omit)));
    const json::object on = scim_create_body(u, app_user_profile(u), "x", NullValues::push);
    BOOST_TEST(on.at("title").is_null());
    BOOST_TEST(on.at("locale") == "en-US");
    BOOST_TEST(on.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").at("employeeNumber").is_null());

    json::object resource{{"id", "abc"}, {"userName", "x"}, {"title", "Old title"}};
    json::object kept = resource;
    apply_app_profile(kept, app_user_profile(u), false);
    BOOST_TEST(kept.at("title") == "Old title");
    apply_app_profile(resource, app_user_profile(u), false, NullValues::push);
    BOOST_TEST(resource.at("title").is_null());
}

BOOST_AUTO_TEST_CASE(oin_patch_has_no_path) {
    const json::object p = patch_replace(json::object{{"active", false}});
    BOOST_TEST(json::serialize(p) ==
               R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]})");
}

BOOST_AUTO_TEST_CASE(capabilities_round_trip_in_okta_shape) {
    ToAppSettings s;
    std::string why;
    const json::object put{{"create", {{"lifecycleCreate", {{"status", "ENABLED"}}}}},
                           {"update", {{"password", {{"status", "ENABLED"}, {"seed", "OKTA"}, {"change", "CHANGE"}}}}}};
    BOOST_TEST(apply_capabilities(put, s, why));
    BOOST_TEST(s.create_users);
    BOOST_TEST(!s.update_user_attributes);
    BOOST_TEST(s.sync_password);
    BOOST_TEST(s.password_seed == "OKTA");
    BOOST_TEST(json::serialize(s.capabilities()) ==
               R"({"create":{"lifecycleCreate":{"status":"ENABLED"}},"update":{"profile":{"status":"DISABLED"},)"
               R"("lifecycleDeactivate":{"status":"DISABLED"},"password":{"status":"ENABLED","seed":"OKTA","change":"CHANGE"}}})");
}

BOOST_AUTO_TEST_CASE(capabilities_errors_name_the_path) {
    ToAppSettings s;
    std::string why;
    BOOST_TEST(!apply_capabilities(json::object{{"update", {{"profile", {{"status", "ON"}}}}}}, s, why));
    BOOST_TEST(why == "/update/profile/status: expected one of \"ENABLED\", \"DISABLED\", got \"ON\"");
    BOOST_TEST(!apply_capabilities(json::object{{"delete", json::object{}}}, s, why));
    BOOST_TEST(why == "/delete: unknown key; expected one of: create, update");
    BOOST_TEST(!apply_capabilities(json::object{{"create", 5}}, s, why));
    BOOST_TEST(why == "/create: expected an object, got an integer");
}

BOOST_AUTO_TEST_SUITE_END()
