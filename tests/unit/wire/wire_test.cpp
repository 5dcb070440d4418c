// Tests for wire helpers: Okta-style percent-encoding of filters, header look-up and redaction.
#include <oktasim/wire/har.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim::wire;

BOOST_AUTO_TEST_SUITE(wire)

BOOST_AUTO_TEST_CASE(filter_is_encoded_as_okta_documents_it) {
    // docs/okta-behaviour.md §1.2: filter=userName%20eq%20%22test.user%40okta.local%22
    BOOST_TEST(percent_encode("userName eq \"test.user@okta.local\"") ==
               "userName%20eq%20%22test.user%40okta.local%22");
    BOOST_TEST(*percent_decode("userName%20eq%20%22a%40b%22") == "userName eq \"a@b\"");
    BOOST_TEST(!percent_decode("bad%2").has_value());
    BOOST_TEST(!percent_decode("bad%zz").has_value());
}

BOOST_AUTO_TEST_CASE(headers_are_case_insensitive_and_redacted) {
    Request r{"GET", "/scim/v2/Users?startIndex=1&count=2", {{"Authorization", "Bearer s3cr3t"}}, {}};
    BOOST_TEST(r.header("authorization") == "Bearer s3cr3t");
    BOOST_TEST(r.path() == "/scim/v2/Users");
    BOOST_TEST(r.query() == "startIndex=1&count=2");
    const auto red = redact(r.headers);
    BOOST_TEST(red[0].value == "Bearer [REDACTED]");
    BOOST_TEST(reason_phrase(422) == "Unprocessable Entity");
}

BOOST_AUTO_TEST_CASE(queries_split_into_encoded_pairs) {
    const auto pairs = split_query("filter=userName%20eq%20%22a%22&&count&startIndex=1=2&");
    BOOST_TEST_REQUIRE(pairs.size() == 3u);  // the empty pairs between "&&" and after the last '&' are left out
    BOOST_TEST(pairs[0].name == "filter");
    BOOST_TEST(pairs[0].value == "userName%20eq%20%22a%22");  // still encoded: callers decode as their form needs
    BOOST_TEST(pairs[1].name == "count");
    BOOST_TEST(pairs[1].value == "");
    BOOST_TEST(pairs[2].name == "startIndex");
    BOOST_TEST(pairs[2].value == "1=2");  // only the first '=' separates
    BOOST_TEST(split_query("").empty());
}

BOOST_AUTO_TEST_CASE(case_insensitive_compare_folds_ascii_only) {
    BOOST_TEST(iequals("Content-Type", "content-TYPE"));
    BOOST_TEST(!iequals("userName", "userNam"));
    BOOST_TEST(!iequals("a", "b"));
    BOOST_TEST(!iequals("\xc3\x89", "\xc3\xa9"));  // "É" and "é": bytes beyond ASCII compare exactly
    BOOST_TEST(to_lower("Alice@Example.COM") == "alice@example.com");
}

BOOST_AUTO_TEST_CASE(base64_pads_as_rfc_4648) {
    BOOST_TEST(base64("") == "");
    BOOST_TEST(base64("f") == "Zg==");
    BOOST_TEST(base64("fo") == "Zm8=");
    BOOST_TEST(base64("foo") == "Zm9v");
    BOOST_TEST(base64("svc:pw") == "c3ZjOnB3");
}

BOOST_AUTO_TEST_CASE(a_har_holds_no_secret_from_headers_query_or_body) {
    // Setup: a token in the query, a cookie, a password in the body, a token in the response.
    Exchange x;
    x.app = "acme";
    x.request.method = "POST";
    x.request.target = "/scim/v2/Users?access_token=QSECRET&count=2";
    x.request.headers = {{"Host", "acme.example.test"}, {"Cookie", "sid=CSECRET"}, {"Authorization", "Bearer ASECRET"}};
    x.request.body = R"({"userName":"ada","password":"PSECRET"})";
    Response r;
    r.status = 201;
    r.body = R"({"id":"1","access_token":"RSECRET"})";
    x.delivery.response = r;
    // Act
    const std::string har = boost::json::serialize(
        to_har({x}, oktasim::sim::WallClock(0), HarCreator{"oktasim", "test"}, [](std::string_view) { return std::string("https://x"); }));
    // Assert
    for (const char* secret : {"QSECRET", "CSECRET", "ASECRET", "PSECRET", "RSECRET"})
        BOOST_TEST(har.find(secret) == std::string::npos, secret << " in " << har);
    BOOST_TEST(har.find(R"("url":"https://acme.example.test/scim/v2/Users?access_token=[REDACTED]&count=2")") != std::string::npos, har);
}

BOOST_AUTO_TEST_CASE(cookies_and_api_keys_are_redacted_whole) {
    const auto out = redact({{"Cookie", "sid=SECRET; theme=dark"}, {"Set-Cookie", "sid=SECRET; Path=/; HttpOnly"},
                             {"X-Api-Key", "key SECRET"}, {"Authorization", "Bearer SECRET"}});
    BOOST_TEST(out[0].value == "[REDACTED]");
    BOOST_TEST(out[1].value == "[REDACTED]");
    BOOST_TEST(out[2].value == "[REDACTED]");
    BOOST_TEST(out[3].value == "Bearer [REDACTED]");
}

BOOST_AUTO_TEST_CASE(base64_decodes_what_it_encodes_and_refuses_other_text) {
    for (std::string_view text : {"", "f", "fo", "foo", "svc:pw", "{\"Resources\":[]}"})
        BOOST_TEST(base64_decode(base64(text)).value_or("?") == text);
    BOOST_TEST(base64_decode("Zm8").value_or("?") == "fo");  // padding is optional
    BOOST_TEST(!base64_decode("Zm9v!").has_value());
    BOOST_TEST(!base64_decode("Zg==Zg").has_value());  // data after the padding
}

BOOST_AUTO_TEST_CASE(hardening_header_value_with_control_character_is_invalid) {
    BOOST_TEST(valid_header_value("Bearer abc.DEF-123"));
    BOOST_TEST(valid_header_value("a\tb"));  // HTAB is allowed inside a field value
    BOOST_TEST(valid_header_value(""));
    BOOST_TEST(!valid_header_value("T\r\nX-Evil: 1"));
    BOOST_TEST(!valid_header_value("T\n"));
    BOOST_TEST(!valid_header_value(std::string_view("T\0x", 3)));
    BOOST_TEST(!valid_header_value("\x1b[31m"));
    BOOST_TEST(!valid_header_value("x\x7f"));
    BOOST_TEST(valid_header_value("caf\xc3\xa9"));  // bytes above 0x7F are obs-text, not control characters
}

BOOST_AUTO_TEST_CASE(hardening_redact_body_hides_passwords_and_tokens) {
    const std::string json = redact_body(
        R"({"userName":"a","password":"4hb01we9","nested":[{"access_token":"AT1","refresh_token":"RT1"}],)"
        R"("client_secret":"CS1","active":true})");
    for (std::string_view secret : {"4hb01we9", "AT1", "RT1", "CS1"})
        BOOST_TEST(json.find(secret) == std::string::npos, secret << " in " << json);
    BOOST_TEST(json.find(R"("userName":"a")") != std::string::npos);
    BOOST_TEST(json.find(R"("password":"[REDACTED]")") != std::string::npos);
    const std::string form = redact_body("grant_type=refresh_token&refresh_token=RT2&client_secret=CS2&x=1");
    BOOST_TEST(form == "grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&x=1");
    BOOST_TEST(redact_body("plain text") == "plain text");
}

BOOST_AUTO_TEST_CASE(hardening_valid_header_value_refuses_control_characters) {
    BOOST_TEST(valid_header_value("Bearer abc.DEF-123"));
    BOOST_TEST(valid_header_value("a\tb"));  // HTAB is allowed inside a field value (RFC 9110 §5.5)
    BOOST_TEST(valid_header_value("caf\xC3\xA9"));
    BOOST_TEST(valid_header_value(""));
    for (const char c : {'\r', '\n', '\0', '\x01', '\x1b', '\x1f', '\x7f'})
        BOOST_TEST(!valid_header_value(std::string("T") + c + "X-Evil: 1"), int(c));
}

BOOST_AUTO_TEST_CASE(hardening_redact_body_hides_secret_fields_in_json_and_forms) {
    BOOST_TEST(redact_body(R"({"userName":"a","password":"p1","x":[{"password":"p2"}],"access_token":"t"})") ==
               R"({"userName":"a","password":"[REDACTED]","x":[{"password":"[REDACTED]"}],"access_token":"[REDACTED]"})");
    BOOST_TEST(redact_body("grant_type=refresh_token&refresh_token=rt-1&client_secret=s") ==
               "grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]");
    BOOST_TEST(redact_body("<html>not json</html>") == "<html>not json</html>");
    BOOST_TEST(redact_body("") == "");
    BOOST_TEST(is_secret_header("proxy-authorization"));
    BOOST_TEST(!is_secret_header("Content-Type"));
}

BOOST_AUTO_TEST_SUITE_END()
