// An app's profile model (okta-mappings.md §5-§7, §10; docs/okta-behaviour.md §2.16): reading Okta's JSON, computing
// the app user profile on create and on change, checking it against the schema, and writing it into SCIM by
// namespace and external name.
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/profile_model.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim::engine;
namespace json = boost::json;

namespace {

User ada() {
    User u;
    u.id = "00uada0000000000000A";
    u.status = UserStatus::active;
    u.profile = json::object{{"login", "ada.lovelace@example.com"}, {"email", "ada.lovelace@example.com"},
                             {"firstName", "Ada"}, {"lastName", "Lovelace"}, {"title", "Analyst"}};
    return u;
}

// A model read from Okta's JSON the way the loader reads it.
ProfileModel model(std::string_view schema, std::string_view mapping, std::string_view username = {}) {
    ProfileModel m;
    Problem problem;
    const json::object s = json::parse(schema).as_object();
    JsonReader sr(s, "/appUserSchema", problem);
    BOOST_TEST_REQUIRE(read_app_user_schema(sr, m.schema), problem.to_string());
    const json::object mp = json::parse(mapping).as_object();
    JsonReader mr(mp, "/mappings/0", problem);
    bool to_okta = false;
    BOOST_TEST_REQUIRE(read_to_app_mapping(mr, m.schema, m.to_app, to_okta), problem.to_string());
    if (!username.empty()) {
        const json::object u = json::parse(username).as_object();
        JsonReader ur(u, "/credentials/userNameTemplate", problem);
        BOOST_TEST_REQUIRE(read_username_format(ur, m.username), problem.to_string());
    }
    return m;
}

constexpr std::string_view schema_json = R"({"definitions": {
  "base": {"properties": {"userName": {"type": "string", "required": true}}, "required": ["userName"]},
  "custom": {"properties": {
    "email": {"type": "string", "externalName": "emails.^[primary==true].value",
              "externalNamespace": "urn:ietf:params:scim:schemas:core:2.0:User"},
    "emailType": {"type": "string", "externalName": "emails.^[primary==true].type",
                  "externalNamespace": "urn:ietf:params:scim:schemas:core:2.0:User"},
    "givenName": {"type": "string", "externalName": "name.givenName",
                  "externalNamespace": "urn:ietf:params:scim:schemas:core:2.0:User"},
    "title": {"type": "string", "externalName": "title", "externalNamespace": "urn:ietf:params:scim:schemas:core:2.0:User"},
    "department": {"type": "string", "externalName": "department",
                   "externalNamespace": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"},
    "nickName": {"type": "string"}}}}})";

constexpr std::string_view mapping_json = R"({"source": {"type": "user"}, "target": {"type": "appuser"}, "properties": {
  "email": {"expression": "user.email", "pushStatus": "PUSH"},
  "emailType": {"expression": "(user.email != null && user.email != '') ? 'work' : ''", "pushStatus": "PUSH"},
  "givenName": {"expression": "user.firstName", "pushStatus": "PUSH"},
  "title": {"expression": "user.title", "pushStatus": "DONT_PUSH"},
  "department": {"expression": "user.department", "pushStatus": "PUSH"},
  "nickName": {"expression": "'Countess'", "pushStatus": "PUSH"}}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_profile_model)

BOOST_AUTO_TEST_CASE(writes_by_namespace_and_external_name) {
    // Arrange
    const ProfileModel m = model(schema_json, mapping_json);
    User u = ada();
    u.profile["department"] = "Research";
    const ComputedProfile computed = compute_app_profile(m, u, {}, nullptr);
    json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}}};
    // Act
    const auto problem = write_profile(m, computed.profile, body, false);
    // Assert: the selector made the primary email, the extension got its URN, nickName (no namespace) is not sent
    BOOST_TEST(!problem);
    BOOST_TEST(!computed.problem);
    BOOST_TEST(json::serialize(body) ==
               R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],)"
               R"("userName":"ada.lovelace@example.com","emails":[{"primary":true,"value":"ada.lovelace@example.com","type":"work"}],)"
               R"("name":{"givenName":"Ada"},"title":"Analyst",)"
               R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"}})");
    BOOST_TEST(computed.profile.at("nickName") == "Countess");
}

BOOST_AUTO_TEST_CASE(a_selector_sets_the_element_it_finds_and_nulls_follow_push_null_values) {
    // Arrange: the app holds a secondary email and a primary one of another type
    const ProfileModel m = model(schema_json, mapping_json);
    const json::object profile{{"userName", "ada"}, {"email", "new@example.com"}, {"emailType", "work"}, {"title", nullptr}};
    json::object resource = json::parse(R"({"emails": [{"primary": false, "value": "old2@example.com"},
                                                        {"primary": true, "value": "old@example.com", "type": "home"}]})")
                                .as_object();
    json::object with_nulls = resource;
    // Act
    (void)write_profile(m, profile, resource, false);
    (void)write_profile(m, profile, with_nulls, true);
    // Assert
    BOOST_TEST(json::serialize(resource.at("emails")) ==
               R"([{"primary":false,"value":"old2@example.com"},{"primary":true,"value":"new@example.com","type":"work"}])");
    BOOST_TEST(!resource.contains("title"));
    BOOST_TEST(with_nulls.at("title").is_null());
    BOOST_TEST(with_nulls.at("name").as_object().at("givenName").is_null());
}

BOOST_AUTO_TEST_CASE(a_change_evaluates_only_push_mappings_over_the_stored_profile) {
    // Arrange
    const ProfileModel m = model(schema_json, mapping_json);
    User u = ada();
    const json::object stored = compute_app_profile(m, u, {}, nullptr).profile;
    u.profile["title"] = "Lead Analyst";
    u.profile["firstName"] = "Augusta";
    // Act
    const ComputedProfile changed = compute_app_profile(m, u, {}, &stored);
    // Assert: title is DONT_PUSH (create only), givenName is PUSH
    BOOST_TEST(changed.profile.at("title") == "Analyst");
    BOOST_TEST(changed.profile.at("givenName") == "Augusta");
}

BOOST_AUTO_TEST_CASE(username_formats) {
    // Arrange
    const User u = ada();
    const ProfileModel prefix = model(schema_json, mapping_json, R"j({"template": "${fn:substringBefore(source.login, \"@\")}", "type": "BUILT_IN"})j");
    const ProfileModel custom = model(schema_json, mapping_json,
                                      R"j({"template": "String.toUpperCase(user.firstName)", "type": "CUSTOM", "pushStatus": "DONT_PUSH"})j");
    const ProfileModel suffixed = model(schema_json, mapping_json,
                                        R"({"template": "${source.firstName}${instance.userSuffix}", "type": "BUILT_IN", "suffix": "@corp"})");
    // Act
    const json::object a = compute_app_profile(prefix, u, {}, nullptr).profile;
    const json::object b = compute_app_profile(custom, u, {}, nullptr).profile;
    const json::object c = compute_app_profile(suffixed, u, {}, nullptr).profile;
    User renamed = u;
    renamed.profile["firstName"] = "Augusta";
    const json::object b_changed = compute_app_profile(custom, renamed, {}, &b).profile;
    // Assert
    BOOST_TEST(a.at("userName") == "ada.lovelace");
    BOOST_TEST(b.at("userName") == "ADA");
    BOOST_TEST(b_changed.at("userName") == "ADA");  // DONT_PUSH: set on create only
    BOOST_TEST(c.at("userName") == "Ada@corp");
}

BOOST_AUTO_TEST_CASE(a_username_mapping_overrides_the_format_and_builtin_push_status_is_ignored) {
    // Arrange: §7, an override replaces the username format; pushStatus is effective only for CUSTOM formats
    ProfileModel overridden = model(schema_json, mapping_json, R"({"template": "${source.email}", "type": "BUILT_IN"})");
    overridden.to_app.push_back({"userName", oktasim::expr::Expression::parse("String.toUpperCase(user.lastName)").value(),
                                 PushStatus::push});
    const ProfileModel builtin = model(schema_json, mapping_json,
                                       R"({"template": "${source.firstName}", "type": "BUILT_IN", "pushStatus": "DONT_PUSH"})");
    User u = ada();
    const json::object stored = compute_app_profile(builtin, u, {}, nullptr).profile;
    u.profile["firstName"] = "Augusta";
    // Act
    const json::object a = compute_app_profile(overridden, ada(), {}, nullptr).profile;
    const json::object b = compute_app_profile(builtin, u, {}, &stored).profile;
    // Assert
    BOOST_TEST(a.at("userName") == "LOVELACE");
    BOOST_TEST(b.at("userName") == "Augusta");
}

BOOST_AUTO_TEST_CASE(a_selector_value_past_64_bits_is_compared_as_text) {
    // Arrange
    ProfileModel m;
    SchemaProperty p;
    p.name = "badge";
    p.external_name = "ids.^[n==99999999999999999999].value";
    p.external_namespace = "urn:ietf:params:scim:schemas:core:2.0:User";
    m.schema.push_back(p);
    json::object body;
    // Act
    const auto problem = write_profile(m, json::object{{"badge", "b-1"}}, body, false);
    // Assert: no exception; the element is made with the value as a string
    BOOST_TEST(!problem);
    BOOST_TEST(json::serialize(body) == R"({"ids":[{"n":"99999999999999999999","value":"b-1"}]})");
}

BOOST_AUTO_TEST_CASE(schema_rules_and_bad_input) {
    // Arrange
    const std::string strict_schema = R"({"definitions": {"base": {"properties": {"userName": {"type": "string"}}},
      "custom": {"properties": {"level": {"type": "integer", "externalNamespace": "urn:x:y"},
                                "region": {"type": "string", "enum": ["EMEA"], "externalNamespace": "urn:x:y"},
                                "bad": {"type": "string", "externalNamespace": "urn_ietf:params"}}}}})";
    const ProfileModel m = model(strict_schema, R"({"source": {"type": "user"}, "target": {"type": "appuser"}, "properties": {
        "level": {"expression": "'seven'"}, "region": {"expression": "'APAC'"}}})");
    ProfileModel enum_only = m;
    enum_only.to_app.erase(enum_only.to_app.begin());
    Problem problem;
    std::vector<PropertyMapping> out;
    bool to_okta = false;
    const json::object unknown = json::parse(R"({"source": {"type": "user"}, "target": {"type": "appuser"},
                                                 "properties": {"nope": {"expression": "user.login"}}})").as_object();
    JsonReader r(unknown, "/mappings/0", problem);
    // Act
    const ComputedProfile typed = compute_app_profile(m, ada(), {}, nullptr);
    const ComputedProfile enumed = compute_app_profile(enum_only, ada(), {}, nullptr);
    json::object body;
    const auto ns = write_profile(m, enumed.profile, body, false);
    const bool read = read_to_app_mapping(r, m.schema, out, to_okta);
    // Assert
    BOOST_TEST_REQUIRE(typed.problem.has_value());
    BOOST_TEST((typed.problem->mode == failure_mode::mapping_wrong_type));
    BOOST_TEST(typed.problem->message == "Invalid value data type for property level: expected an integer, got a string");
    BOOST_TEST_REQUIRE(enumed.problem.has_value());
    BOOST_TEST((enumed.problem->mode == failure_mode::mapping_value_not_allowed));
    BOOST_TEST_REQUIRE(ns.has_value());
    BOOST_TEST(ns->message == "Invalid externalNamespace: urn_ietf:params for property: bad");
    BOOST_TEST(!read);
    BOOST_TEST(problem.path == "/mappings/0/properties/nope");
    BOOST_TEST(problem.message == "no property 'nope' in the app user schema");
}

BOOST_AUTO_TEST_CASE(an_app_without_a_model_keeps_the_default_profile) {
    // Arrange
    App app;
    const User u = ada();
    // Act
    const ComputedProfile p = app_user_profile(app, u, nullptr);
    std::optional<ProfileProblem> problem;
    const json::object body = scim_create_body(app, u, p.profile, "pw", problem);
    // Assert: the §13.4 default, as scim_create_body(user, ...) builds it
    BOOST_TEST(json::serialize(body) == json::serialize(scim_create_body(u, app_user_profile(u), "pw")));
    BOOST_TEST(!problem);
}

BOOST_AUTO_TEST_SUITE_END()
