// JSP-style username templates (okta-mappings.md §7): Okta's built-in templates with their fn: functions and
// ${instance.userSuffix}, literal text around segments, null segments, syntax errors with columns; and CUSTOM
// username formats, which are plain expressions.
#include "expr_support.hpp"

#include <oktasim/expr/username_template.hpp>

#include <string>

using namespace expr_test;
using oktasim::expr::errc;

namespace {

expr::result<expr::Value> run_template(const std::string& text, const expr::Context& context) {
    auto parsed = expr::UsernameTemplate::parse(text);
    if (!parsed) return parsed.error();
    return parsed->evaluate(context);
}

std::string username(const std::string& text, const expr::Context& context) {
    auto value = run_template(text, context);
    BOOST_TEST_REQUIRE(value.has_value(), text << " failed: " << (value ? "" : value.error().message()));
    return expr::oel_text(*value);
}

expr::Error template_error(const std::string& text, const expr::Context& context = {}) {
    auto value = run_template(text, context);
    BOOST_TEST_REQUIRE(!value.has_value(), text << " gave a value");
    return value.error();
}

struct Tenant {
    Profiles profiles;
    boost::json::object instance = object(R"({"userSuffix": "@corp.example"})");

    Tenant() {
        profiles.user = object(R"({"login": "Ada.Lovelace@Example.com", "email": "Ada@Example.COM",
                                   "userName": "alovelace", "samAccountName": "ALovelace", "employeeID": "E42"})");
    }
    expr::Context context() const {
        auto c = profiles.context();
        c.instance = expr::Profile{&instance, nullptr};
        return c;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(expr_username_template)

BOOST_AUTO_TEST_CASE(okta_built_in_templates) {
    const Tenant t;
    const auto c = t.context();
    BOOST_TEST(username("${source.login}", c) == R"("Ada.Lovelace@Example.com")");
    BOOST_TEST(username(R"(${fn:substringBefore(source.login, "@")})", c) == R"("Ada.Lovelace")");
    BOOST_TEST(username("${source.email}", c) == R"("Ada@Example.COM")");
    BOOST_TEST(username("${fn:toLowerCase(source.email)}", c) == R"("ada@example.com")");
    BOOST_TEST(username(R"(${fn:substringBefore(source.email, "@")})", c) == R"("Ada")");
    BOOST_TEST(username("${source.samAccountName}", c) == R"("ALovelace")");
    BOOST_TEST(username("${fn:toLowerCase(source.samAccountName)}", c) == R"("alovelace")");
    BOOST_TEST(username("${source.employeeID}", c) == R"("E42")");
    // LDAP UID + custom suffix: the directory's uid and the app instance's suffix.
    BOOST_TEST(username("${source.userName}${instance.userSuffix}", c) == R"("alovelace@corp.example")");
    // AD UPN and AD UPN prefix: there userName is the user principal name.
    Tenant ad;
    ad.profiles.user["userName"] = "alovelace@ad.example";
    BOOST_TEST(username("${source.userName}", ad.context()) == R"("alovelace@ad.example")");
    BOOST_TEST(username(R"(${fn:substringBefore(source.userName, "@")})", ad.context()) == R"("alovelace")");
}

BOOST_AUTO_TEST_CASE(literal_text_and_null_segments) {
    Tenant t;
    BOOST_TEST(username(R"(${fn:substringBefore(source.login, "@")}@apps.example)", t.context()) ==
               R"("Ada.Lovelace@apps.example")");
    BOOST_TEST(username("plain", t.context()) == R"("plain")");
    BOOST_TEST(username("${source.nickName}", t.context()) == "null");  // no username, rather than ""
    t.instance = object("{}");
    BOOST_TEST(username("${source.userName}${instance.userSuffix}", t.context()) == R"("alovelace")");
    BOOST_TEST(username("x-${source.nickName}", t.context()) == R"("x-")");
    // JSTL's rules inside fn:: null reads as "", and a search text not found gives "".
    BOOST_TEST(username("${fn:toLowerCase(source.nickName)}", t.context()) == R"("")");
    BOOST_TEST(username(R"(${fn:substringBefore(source.userName, "@")}|${fn:substringAfter(source.userName, "@")})",
                        t.context()) == R"("|")");
    BOOST_TEST(username(R"(${fn:substring(source.userName, 1, -1)}${fn:length(source.userName)})", t.context()) ==
               R"("lovelace9")");
    BOOST_TEST(username("${fn:trim('  a  ')}${fn:toUpperCase('b')}${fn:replace('a-b', '-', '+')}", t.context()) ==
               R"("aBa+b")");
}

BOOST_AUTO_TEST_CASE(custom_username_formats_are_plain_expressions) {
    const Tenant t;
    const auto c = t.context();
    BOOST_TEST(shown(R"(String.substringBefore(user.login, "@"))", c) == R"("Ada.Lovelace")");
    BOOST_TEST(shown("user.email", c) == R"("Ada@Example.COM")");
    BOOST_TEST(shown("user.login", c) == R"("Ada.Lovelace@Example.com")");
    BOOST_TEST(shown("String.substringBefore(user.email, \"@\")", c) == R"("Ada")");
}

BOOST_AUTO_TEST_CASE(template_errors_name_the_template_and_column) {
    const Tenant t;
    const auto unclosed = template_error("${source.login");
    BOOST_TEST(unclosed.code == errc::syntax);
    BOOST_TEST(unclosed.column == 15u);
    BOOST_TEST(unclosed.message() ==
               "syntax error in '${source.login': column 15: expected '}' to close '${', found end of expression");
    BOOST_TEST(template_error("ok-${source.login + }").column == 21u);
    const auto unknown = template_error("${fn:escapeXml(source.login)}", t.context());
    BOOST_TEST(unknown.code == errc::unknown_function);
    BOOST_TEST(unknown.column == 3u);
    BOOST_TEST(template_error("${ {1, 2} }", t.context()).code == errc::argument_type);
}

BOOST_AUTO_TEST_SUITE_END()
