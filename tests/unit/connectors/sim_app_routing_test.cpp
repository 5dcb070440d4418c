// Tests for the simulated SCIM app around the resources: base path and method routing, discovery documents,
// authentication modes, the backend log (and what it must never contain), and the admin API.
#include <oktasim/wire/text.hpp>

#include "support/sim_app.hpp"

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::test;
using simapp::SimApp;

BOOST_AUTO_TEST_SUITE(simapp_routing)

BOOST_AUTO_TEST_CASE(routing_wrong_base_path_is_404_before_auth) {
    // Setup
    auto app = make_app(R"({"auth": {"bearer": "T"}})");
    for (const std::string target : {"/scim/Users", "/scim/v2x/Users", "/v2/Users?startIndex=1&count=2", "/"}) {
        BOOST_TEST_CONTEXT(target) {
            // Act: no credentials at all; a wrong base URL never reaches the SCIM handler
            const auto d = send(app, "GET", target);
            // Assert: the web framework's own 404, not the SCIM error schema (so Okta cannot take it for "no such user")
            BOOST_TEST(status_of(d) == 404);
            BOOST_TEST(text_at(json_of(d), "/error") == "Not Found");
            BOOST_TEST(!json_of(d).as_object().contains("schemas"));
        }
    }
}

BOOST_AUTO_TEST_CASE(routing_follows_configured_base_path_and_public_url) {
    // Setup
    auto app = make_app(R"({"basePath": "/api/scim/", "publicUrl": "https://acme.example/"})");
    // Act
    const auto created = send(app, "POST", "/api/scim/Users", R"({"userName": "a"})");
    const auto old_path = send(app, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(status_of(created) == 201);
    BOOST_TEST(text_at(json_of(created), "/meta/location") ==
               "https://acme.example/api/scim/Users/" + text_at(json_of(created), "/id"));
    BOOST_TEST(status_of(old_path) == 404);
    BOOST_TEST(app.base_path() == "/api/scim");
}

BOOST_AUTO_TEST_CASE(routing_unknown_endpoint_is_404_and_wrong_method_405) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "a"}]})");
    // Act
    const auto unknown = send(app, "GET", "/scim/v2/Widgets");
    const auto nested = send(app, "GET", "/scim/v2/Users/u1/extra");
    const auto base = send(app, "GET", "/scim/v2");
    const auto put_collection = send(app, "PUT", "/scim/v2/Users", R"({"userName": "b"})");
    const auto post_member = send(app, "POST", "/scim/v2/Users/u1", R"({"userName": "b"})");
    const auto post_config = send(app, "POST", "/scim/v2/ServiceProviderConfig", "{}");
    // Assert
    BOOST_TEST(status_of(unknown) == 404);
    BOOST_TEST(text_at(json_of(unknown), "/detail") == "Unknown endpoint /Widgets");
    BOOST_TEST(status_of(nested) == 404);
    BOOST_TEST(status_of(base) == 404);
    BOOST_TEST(status_of(put_collection) == 405);
    BOOST_TEST(put_collection.response->header("Allow") == "GET, POST");
    BOOST_TEST(status_of(post_member) == 405);
    BOOST_TEST(post_member.response->header("Allow") == "GET, PUT, PATCH, DELETE");
    BOOST_TEST(status_of(post_config) == 405);
    BOOST_TEST(text_at(json_of(post_config), "/status") == "405");
}

BOOST_AUTO_TEST_CASE(discovery_service_provider_config_reflects_settings) {
    // Setup
    auto app = make_app(R"({"auth": {"bearer": "T"}})");
    // Act
    const auto d = send(app, "GET", "/scim/v2/ServiceProviderConfig", {}, {{"Authorization", "Bearer T"}});
    // Assert
    BOOST_TEST(status_of(d) == 200);
    const auto body = json_of(d);
    BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    BOOST_TEST(body.at_pointer("/patch/supported").as_bool());
    BOOST_TEST(!body.at_pointer("/bulk/supported").as_bool());
    BOOST_TEST(!body.at_pointer("/sort/supported").as_bool());
    BOOST_TEST(!body.at_pointer("/etag/supported").as_bool());
    BOOST_TEST(body.at_pointer("/filter/supported").as_bool());
    BOOST_TEST(text_at(body, "/authenticationSchemes/0/type") == "oauthbearertoken");
}

BOOST_AUTO_TEST_CASE(discovery_schemas_and_resource_types) {
    // Setup
    auto app = make_app();
    // Act
    const auto schemas = json_of(send(app, "GET", "/scim/v2/Schemas"));
    const auto types = json_of(send(app, "GET", "/scim/v2/ResourceTypes"));
    const auto one = send(app, "GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    const auto user_type = json_of(send(app, "GET", "/scim/v2/ResourceTypes/User"));
    const auto missing = send(app, "GET", "/scim/v2/ResourceTypes/Role");
    // Assert
    BOOST_TEST(int_at(schemas, "/totalResults") == 2);
    BOOST_TEST(text_at(schemas, "/Resources/0/id") == "urn:ietf:params:scim:schemas:core:2.0:User");
    BOOST_TEST(text_at(schemas, "/Resources/0/attributes/0/name") == "userName");
    BOOST_TEST(text_at(types, "/Resources/1/endpoint") == "/Groups");
    BOOST_TEST(status_of(one) == 200);
    BOOST_TEST(text_at(json_of(one), "/name") == "User");
    BOOST_TEST(text_at(user_type, "/schema") == "urn:ietf:params:scim:schemas:core:2.0:User");
    BOOST_TEST(status_of(missing) == 404);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simapp_auth)

BOOST_AUTO_TEST_CASE(auth_bearer_missing_or_wrong_token_is_401_scim_error) {
    // Setup
    auto app = make_app(R"({"auth": {"bearer": "T0k3n"}, "authErrorDetail": "Invalid SCIM token"})");
    struct Case {
        std::vector<wire::Header> headers;
        int status;
    };
    const std::vector<Case> cases = {{{}, 401},
                                     {{{"Authorization", "non-token"}}, 401},  // SPEC test step 11
                                     {{{"Authorization", "Bearer wrong"}}, 401},
                                     {{{"Authorization", "Basic T0k3n"}}, 401},
                                     {{{"Authorization", "Bearer T0k3n"}}, 200},
                                     {{{"authorization", "bearer  T0k3n"}}, 200}};
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT((c.headers.empty() ? std::string("no header") : c.headers[0].value)) {
            // Act
            const auto d = send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22X%22", {}, c.headers);
            // Assert
            BOOST_TEST(status_of(d) == c.status);
            if (c.status != 401) continue;
            const auto body = json_of(d);
            BOOST_TEST(text_at(body, "/status") == "401");
            BOOST_TEST(text_at(body, "/detail") == "Invalid SCIM token");
            BOOST_TEST(text_at(body, "/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
            BOOST_TEST(d.response->header("WWW-Authenticate") == "Bearer realm=\"scim\"");
        }
    }
}

BOOST_AUTO_TEST_CASE(auth_basic_and_raw_header_modes) {
    // Setup
    auto basic = make_app(R"({"auth": {"basic": {"username": "svc", "password": "pw"}}})");
    auto header = make_app(R"({"auth": {"header": "SSWS 00abc"}})");
    // Act
    const auto basic_ok = send(basic, "GET", "/scim/v2/Users", {}, {{"Authorization", "Basic c3ZjOnB3"}});
    const auto basic_bad = send(basic, "GET", "/scim/v2/Users", {}, {{"Authorization", "Basic c3ZjOnB4"}});
    const auto header_ok = send(header, "GET", "/scim/v2/Users", {}, {{"Authorization", "SSWS 00abc"}});
    const auto header_bearer = send(header, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer 00abc"}});
    // Assert
    BOOST_TEST(status_of(basic_ok) == 200);
    BOOST_TEST(status_of(basic_bad) == 401);
    BOOST_TEST(basic_bad.response->header("WWW-Authenticate") == "Basic realm=\"scim\"");
    BOOST_TEST(status_of(header_ok) == 200);
    BOOST_TEST(status_of(header_bearer) == 401);
    BOOST_TEST(header_bearer.response->header("WWW-Authenticate") == "SSWS realm=\"scim\"");
}

BOOST_AUTO_TEST_CASE(auth_can_change_at_runtime) {
    // Setup: an admin rotates the token in the app (scenario step)
    auto app = make_app();
    const auto before = send(app, "GET", "/scim/v2/Users");
    simapp::AuthConfig auth;
    auth.kind = simapp::AuthConfig::Kind::bearer;
    auth.token = "new";
    // Act
    app.set_auth(auth);
    const auto without = send(app, "GET", "/scim/v2/Users");
    const auto with = send(app, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer new"}});
    // Assert
    BOOST_TEST(status_of(before) == 200);
    BOOST_TEST(status_of(without) == 401);
    BOOST_TEST(status_of(with) == 200);
    BOOST_TEST(app.auth().kind_name() == "bearer");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simapp_numbers_and_bytes)

BOOST_AUTO_TEST_CASE(hardening_out_of_range_numbers_in_bodies_get_400_and_are_never_stored) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "alice"}]})");
    // Act
    const auto created = send(app, "POST", "/scim/v2/Users", R"({"userName": "bob", "x": 1e999999})");
    const auto replaced = send(app, "PUT", "/scim/v2/Users/u1", R"({"userName": "alice", "n": {"v": [-1e400]}})");
    const auto patched = send(app, "PATCH", "/scim/v2/Users/u1",
                              patch_body(R"([{"op": "replace", "path": "x", "value": 1e999999}])"));
    const auto listed = send(app, "GET", "/scim/v2/Users");
    // Assert
    BOOST_TEST(status_of(created) == 400);
    BOOST_TEST(text_at(json_of(created), "/scimType") == "invalidValue");
    BOOST_TEST(text_at(json_of(created), "/detail") ==
               "Request body has a number out of range at /x (JSON numbers are finite)");
    BOOST_TEST(status_of(replaced) == 400);
    BOOST_TEST(text_at(json_of(replaced), "/detail") ==
               "Request body has a number out of range at /n/v/0 (JSON numbers are finite)");
    BOOST_TEST(status_of(patched) == 400);
    BOOST_TEST(status_of(listed) == 200);
    BOOST_TEST(int_at(json_of(listed), "/totalResults") == 1);  // json_of fails the test if the body is not JSON
    BOOST_TEST(!has(json_of(listed), "/Resources/0/n"));
    std::string error;
    BOOST_TEST(!app.upsert_account(json::parse(R"({"userName": "carol", "big": 1e999})").as_object(),
                                   sim::TimePoint{0}, error));
    BOOST_TEST(error == "big: expected a finite number (this one is out of range)");
}

BOOST_AUTO_TEST_CASE(hardening_every_json_body_stays_valid_utf8_when_echoing_raw_bytes) {
    // Setup
    auto app = make_app();
    // Act: a filter of raw bytes that are not UTF-8, echoed by the error detail; an unknown endpoint likewise
    const auto filtered = send(app, "GET", "/scim/v2/Users?filter=%ff%fe");
    const auto endpoint = send(app, "GET", "/scim/v2/%C3%28x");
    // Assert
    BOOST_TEST(status_of(filtered) == 400);
    BOOST_TEST(wire::is_valid_utf8(filtered.response->body), filtered.response->body);
    BOOST_TEST(text_at(json_of(filtered), "/detail").find("\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
    BOOST_TEST(status_of(endpoint) == 404);
    BOOST_TEST(wire::is_valid_utf8(endpoint.response->body), endpoint.response->body);
    BOOST_TEST(text_at(json_of(endpoint), "/detail") == "Unknown endpoint /\xEF\xBF\xBD(x");
    BOOST_TEST(wire::is_valid_utf8(app.backend_log().to_jsonl()));
    // The helpers themselves: well-formed text is kept, each stray byte becomes one U+FFFD
    BOOST_TEST(wire::valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
    BOOST_TEST(wire::valid_utf8("a\xC0\xAF" "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");  // an overlong '/'
    BOOST_TEST(wire::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    BOOST_TEST(!wire::is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    BOOST_TEST(wire::is_valid_utf8(""));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simapp_backend_log)

BOOST_AUTO_TEST_CASE(backend_log_records_each_request_with_time_status_and_detail) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "alice"}]})");
    // Act
    send(app, "GET", "/scim/v2/Users?startIndex=1&count=2", {}, {}, sim::TimePoint{0});
    send(app, "POST", "/scim/v2/Users", R"({"userName": "ALICE"})", {}, sim::TimePoint{1'500});
    // Assert
    const auto& entries = app.backend_log().entries();
    BOOST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].timestamp == "2024-04-21T12:47:34.228Z");
    BOOST_TEST(entries[0].status == 200);
    BOOST_TEST(entries[0].target == "/scim/v2/Users?startIndex=1&count=2");
    BOOST_TEST(entries[1].at.count() == 1'500);
    BOOST_TEST(entries[1].method == "POST");
    BOOST_TEST(entries[1].status == 409);
    BOOST_TEST(entries[1].detail == "User already exists in the database.");
    BOOST_TEST(app.backend_log().to_text() ==
               "2024-04-21T12:47:34.228Z GET /scim/v2/Users?startIndex=1&count=2 -> 200 OK\n"
               "2024-04-21T12:47:35.728Z POST /scim/v2/Users -> 409 Conflict: User already exists in the database.\n");
}

BOOST_AUTO_TEST_CASE(hardening_backend_log_is_a_bounded_ring_that_counts_what_it_dropped) {
    // Setup
    auto app = make_app();
    app.backend_log().set_capacity(3);
    std::vector<std::string> observed;  // what the app server's --log file would receive: every entry
    app.backend_log().set_observer([&observed](const simapp::BackendLogEntry& e) { observed.push_back(e.target); });
    // Act
    for (int i = 1; i <= 5; ++i) send(app, "GET", "/scim/v2/Users/" + std::to_string(i));
    // Assert
    const auto& entries = app.backend_log().entries();
    BOOST_REQUIRE(entries.size() == 3u);
    BOOST_TEST(entries.front().target == "/scim/v2/Users/3");
    BOOST_TEST(entries.back().target == "/scim/v2/Users/5");
    BOOST_TEST(app.backend_log().dropped() == 2u);
    BOOST_TEST(app.backend_log().recorded() == 5u);
    BOOST_TEST(observed.size() == 5u);
    BOOST_TEST(int_at(json::value(app.snapshot()), "/requests") == 5);
    BOOST_TEST(simapp::BackendLog().capacity() == simapp::BackendLog::default_capacity);
    BOOST_TEST(simapp::BackendLog::default_capacity == 10'000u);
}

BOOST_AUTO_TEST_CASE(backend_log_jsonl_has_one_object_per_line) {
    // Setup
    auto app = make_app();
    send(app, "GET", "/scim/v2/Users/nope");
    send(app, "GET", "/scim/v2/Users");
    // Act
    const std::string jsonl = app.backend_log().to_jsonl();
    // Assert
    BOOST_TEST(jsonl ==
               R"({"timestamp":"2024-04-21T12:47:34.228Z","atMs":0,"method":"GET","target":"/scim/v2/Users/nope",)"
               R"("status":404,"detail":"User not found"})"
               "\n"
               R"({"timestamp":"2024-04-21T12:47:34.228Z","atMs":0,"method":"GET","target":"/scim/v2/Users","status":200})"
               "\n");
}

BOOST_AUTO_TEST_CASE(backend_log_never_holds_credentials_or_passwords) {
    // Setup
    auto app = make_app(R"({"auth": {"bearer": "s3cr3t-token"}})");
    // Act
    send(app, "GET", "/scim/v2/Users", {}, {{"Authorization", "Bearer wrong-t0ken"}});
    send(app, "POST", "/scim/v2/Users?access_token=qu3ry-t0ken", R"({"userName":"a","password":"pa55word"})",
         {{"Authorization", "Bearer s3cr3t-token"}});
    // Assert
    const std::string all = app.backend_log().to_text() + app.backend_log().to_jsonl();
    for (const std::string secret : {"s3cr3t-token", "wrong-t0ken", "qu3ry-t0ken", "pa55word"})
        BOOST_TEST(all.find(secret) == std::string::npos, secret << " leaked into the log");
    BOOST_TEST(app.backend_log().entries()[0].detail ==
               "Authentication failed: missing or invalid credentials (Bearer credentials that do not match)");
    BOOST_TEST(app.backend_log().entries()[1].target == "/scim/v2/Users?access_token=[REDACTED]");
}

BOOST_AUTO_TEST_CASE(backend_log_redact_target_masks_only_secret_parameters) {
    // Act / Assert
    BOOST_TEST(simapp::redact_target("/a?count=2&apiKey=x&password=y&filter=z") ==
               "/a?count=2&apiKey=[REDACTED]&password=[REDACTED]&filter=z");
    BOOST_TEST(simapp::redact_target("/a") == "/a");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simapp_admin)

BOOST_AUTO_TEST_CASE(admin_upsert_creates_then_merges_by_user_name) {
    // Setup
    auto app = make_app();
    std::string error;
    // Act
    auto created = app.upsert_account(json::parse(R"({"id": "u7", "userName": "alice", "name": {"givenName": "Al"},
                                                      "password": "pw1"})").as_object(),
                                      sim::TimePoint{0}, error);
    auto merged = app.upsert_account(json::parse(R"({"userName": "ALICE", "name": {"familyName": "Smith"},
                                                     "title": "CTO", "password": "pw2"})").as_object(),
                                     sim::TimePoint{2'000}, error);
    // Assert
    BOOST_REQUIRE(created.has_value());
    BOOST_REQUIRE(merged.has_value());
    BOOST_TEST(text_at(json::value(*created), "/id") == "u7");
    BOOST_TEST(created->at("active").as_bool());
    const json::value m(*merged);
    BOOST_TEST(text_at(m, "/userName") == "ALICE");  // found case-insensitively; scalars take the new value
    BOOST_TEST(text_at(m, "/name/givenName") == "Al");
    BOOST_TEST(text_at(m, "/name/familyName") == "Smith");
    BOOST_TEST(text_at(m, "/title") == "CTO");
    BOOST_TEST(text_at(m, "/meta/version") == "W/\"2\"");
    BOOST_TEST(!has(m, "/password"));
    BOOST_TEST(app.password("u7").value_or("<none>") == "pw2");
    BOOST_TEST(app.accounts().size() == 1u);
}

BOOST_AUTO_TEST_CASE(admin_upsert_rejects_bad_attributes) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "bob"}]})");
    std::string error;
    // Act
    const auto no_name = app.upsert_account(json::parse(R"({"title": "x"})").as_object(), sim::TimePoint{0}, error);
    const std::string no_name_error = error;
    const auto bad_active =
        app.upsert_account(json::parse(R"({"userName": "bob", "active": "no"})").as_object(), sim::TimePoint{0}, error);
    const std::string bad_active_error = error;
    const auto taken_id =
        app.upsert_account(json::parse(R"({"userName": "new", "id": "u1"})").as_object(), sim::TimePoint{0}, error);
    // Assert
    BOOST_TEST(!no_name.has_value());
    BOOST_TEST(no_name.error() == make_error_code(scenario_errc::missing_key));
    BOOST_TEST(no_name_error == "userName: expected a non-blank string");
    BOOST_TEST(!bad_active.has_value());
    BOOST_TEST(bad_active_error.find("'active' must be a boolean") != std::string::npos);
    BOOST_TEST(!taken_id.has_value());
    BOOST_TEST(app.accounts().size() == 1u);
    BOOST_TEST(app.find_account("u1")->at("active").as_bool());
}

BOOST_AUTO_TEST_CASE(admin_deactivate_activate_and_delete_accounts) {
    // Setup
    auto app = make_app(R"({"accounts": [{"id": "u1", "userName": "alice"}, {"id": "u2", "userName": "bob"}],
                            "groups": [{"id": "g1", "displayName": "G", "members": [{"value": "u1"}]}]})");
    // Act
    const bool deactivated = app.set_account_active("ALICE", false, sim::TimePoint{1'000});
    const auto seen_by_okta = json_of(send(app, "GET", "/scim/v2/Users?filter=userName%20eq%20%22alice%22"));
    const bool reactivated = app.set_account_active("alice", true, sim::TimePoint{2'000});
    const bool deleted = app.delete_account("alice", sim::TimePoint{3'000});
    const bool unknown = app.set_account_active("nobody", false, sim::TimePoint{0});
    // Assert
    BOOST_TEST(deactivated);
    BOOST_TEST(!seen_by_okta.at_pointer("/Resources/0/active").as_bool());
    BOOST_TEST(reactivated);
    BOOST_TEST(deleted);
    BOOST_TEST(!unknown);
    BOOST_TEST(!app.find_account_by_user_name("alice").has_value());
    BOOST_TEST(app.find_account_by_user_name("BOB").has_value());
    BOOST_TEST(app.find_group_by_display_name("g")->at("members").as_array().empty());
    BOOST_TEST(app.groups().size() == 1u);
}

BOOST_AUTO_TEST_CASE(admin_snapshot_holds_state_but_not_credentials) {
    // Setup
    auto app = make_app(R"({"auth": {"bearer": "s3cr3t"}, "accounts": [{"id": "u1", "userName": "a", "password": "pw"}],
                            "faults": [{"name": "down", "match": {"method": "GET"}, "respond": {"status": 503}}]})");
    send(app, "GET", "/scim/v2/Users");
    // Act
    const json::value snap(app.snapshot());
    // Assert
    BOOST_TEST(text_at(snap, "/auth") == "bearer");
    BOOST_TEST(text_at(snap, "/accounts/0/id") == "u1");
    BOOST_TEST(text_at(snap, "/passwords/u1") == "pw");
    BOOST_TEST(text_at(snap, "/faults/0/name") == "down");
    BOOST_TEST(int_at(snap, "/faults/0/matched") == 1);
    BOOST_TEST(int_at(snap, "/requests") == 1);
    BOOST_TEST(json::serialize(snap).find("s3cr3t") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
