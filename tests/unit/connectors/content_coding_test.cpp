// Content codings (docs/okta-behaviour.md §1.1: Okta sends Accept-Encoding: gzip,deflate): zlib round trips, the decoded-size
// cap, the response decoding every transport applies, and the simulated app's compressResponses.
#include "support/sim_app.hpp"

#include <oktasim/connectors/content_coding.hpp>
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::connectors;
using namespace oktasim::test;

namespace {

const std::string body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]})";

wire::Delivery encoded_delivery(ContentCoding coding, std::string header) {
    wire::Delivery d;
    d.response = wire::Response{200, "OK", {{"Content-Encoding", std::move(header)}}, *encode(body, coding)};
    return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_content_coding)

BOOST_AUTO_TEST_CASE(content_coding_gzip_and_deflate_round_trip) {
    for (const ContentCoding c : {ContentCoding::gzip, ContentCoding::deflate}) {
        const auto packed = encode(body, c);
        BOOST_REQUIRE(packed.has_value());
        BOOST_TEST(*packed != body);
        BOOST_TEST(decode(*packed, c).value() == body);
    }
    BOOST_TEST(static_cast<unsigned char>((*encode(body, ContentCoding::gzip))[0]) == 0x1f);  // gzip magic
    BOOST_TEST(!decode("not compressed", ContentCoding::gzip).has_value());
}

BOOST_AUTO_TEST_CASE(content_coding_deflate_also_reads_a_raw_stream) {
    const std::string zlib = *encode(body, ContentCoding::deflate);
    // A raw deflate stream is the zlib stream without its 2-byte header and 4-byte checksum.
    const std::string raw = zlib.substr(2, zlib.size() - 6);
    BOOST_TEST(decode(raw, ContentCoding::deflate).value() == body);
}

BOOST_AUTO_TEST_CASE(content_coding_decoded_size_is_capped) {
    const std::string huge(decoded_body_max + 1, '0');
    const auto bomb = encode(huge, ContentCoding::gzip);
    BOOST_REQUIRE(bomb.has_value());
    BOOST_TEST(bomb->size() < 1024u * 1024);
    BOOST_TEST(!decode(*bomb, ContentCoding::gzip).has_value());
}

BOOST_AUTO_TEST_CASE(content_coding_response_bodies_are_decoded_headers_kept) {
    wire::Delivery gz = encoded_delivery(ContentCoding::gzip, "GZIP");
    decode_response_body(gz);
    BOOST_TEST(gz.response->body == body);
    BOOST_TEST(gz.response->header("Content-Encoding") == "GZIP");
    wire::Delivery df = encoded_delivery(ContentCoding::deflate, "deflate");
    decode_response_body(df);
    BOOST_TEST(df.response->body == body);
    // An unknown coding, or bytes that do not decode, stay as they came.
    wire::Delivery br = encoded_delivery(ContentCoding::gzip, "br");
    const std::string raw = br.response->body;
    decode_response_body(br);
    BOOST_TEST(br.response->body == raw);
    wire::Delivery lie;
    lie.response = wire::Response{200, "OK", {{"Content-Encoding", "gzip"}}, body};
    decode_response_body(lie);
    BOOST_TEST(lie.response->body == body);
}

BOOST_AUTO_TEST_CASE(okta_requests_accept_gzip_and_deflate) {
    std::string error;
    const auto ep = scim::parse_endpoint("https://app.example.test/scim/v2", error);
    BOOST_REQUIRE(ep.has_value());
    scim::Auth auth;
    auth.token = "T";
    BOOST_TEST(scim::list_users(*ep, auth, 1, 2).header("Accept-Encoding") == "gzip,deflate");
    BOOST_TEST(scim::find_user(*ep, auth, "a@example.com").header("Accept-Encoding") == "gzip,deflate");
}

BOOST_AUTO_TEST_CASE(sim_app_compresses_only_what_the_request_accepts) {
    auto app = make_app(R"({"compressResponses": "gzip"})");
    const wire::Delivery plain = send(app, "GET", "/scim/v2/Users?startIndex=1&count=2");
    BOOST_TEST(plain.response->header("Content-Encoding").empty());
    BOOST_TEST(json_of(plain).at("totalResults") == 0);
    wire::Delivery packed =
        send(app, "GET", "/scim/v2/Users?startIndex=1&count=2", {}, {{"Accept-Encoding", "gzip,deflate"}});
    BOOST_TEST(packed.response->header("Content-Encoding") == "gzip");
    BOOST_TEST(packed.response->header("Vary") == "Accept-Encoding");
    BOOST_TEST(packed.response->body != plain.response->body);
    decode_response_body(packed);
    BOOST_TEST(packed.response->body == plain.response->body);
    const wire::Delivery refused =
        send(app, "GET", "/scim/v2/Users?startIndex=1&count=2", {}, {{"Accept-Encoding", "deflate, gzip;q=0"}});
    BOOST_TEST(refused.response->header("Content-Encoding").empty());
}

BOOST_AUTO_TEST_CASE(sim_app_config_reads_compress_responses) {
    std::string error;
    const auto config = simapp::parse_sim_app_config(std::string_view(R"({"compressResponses": "deflate"})"), error);
    BOOST_REQUIRE(config.has_value());
    BOOST_TEST((config->compress_responses == ContentCoding::deflate));
    BOOST_TEST(!simapp::parse_sim_app_config(std::string_view(R"({"compressResponses": "br"})"), error).has_value());
    BOOST_TEST(error == "/compressResponses: expected \"gzip\" or \"deflate\"");
}

BOOST_AUTO_TEST_SUITE_END()
