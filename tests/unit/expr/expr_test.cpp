// The expression language against Okta's documented examples (okta-mappings.md §3: the function table and the
// documented mapping samples, each with its documented output), plus syntax errors with their columns, evaluation
// errors as values, Elvis on "" and null, &&, attribute references in both directions, and the choices
// expression.hpp lists where the documentation is silent.
#include "expr_support.hpp"

#include <oktasim/expr/functions.hpp>

#include <set>
#include <utility>
#include <string>
#include <vector>

using namespace expr_test;
using oktasim::expr::errc;

namespace {

struct Example {
    const char* expression;
    const char* documented;  // the output as okta-mappings.md §3 shows it, in OEL notation
};

void check_examples(const std::vector<Example>& examples, const expr::Context& context = {}) {
    for (const auto& example : examples) {
        BOOST_TEST_CONTEXT(example.expression) { BOOST_TEST(shown(example.expression, context) == example.documented); }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expr_language)

BOOST_AUTO_TEST_CASE(documented_string_functions) {
    check_examples({
        {R"(String.append("This is", " a test"))", R"("This is a test")"},
        {R"(String.join(",", "This", "is", "a", "test"))", R"("This,is,a,test")"},
        {R"(String.join("", "This", "is", "a", "test"))", R"("Thisisatest")"},
        {R"(String.len("This"))", "4"},
        {R"(String.removeSpaces("This is a test"))", R"("Thisisatest")"},
        {R"(String.replace("This is a test", "is", "at"))", R"("That at a test")"},
        {R"(String.replaceFirst("This is a test", "is", "at"))", R"("That is a test")"},
        {R"(String.startsWith("Kiss", "K"))", "true"},
        {R"(String.stringContains("This is a test", "test"))", "true"},
        {R"(String.stringContains("This is a test", "doesn'tExist"))", "false"},
        {R"(String.stringSwitch("First match wins", "default", "absent", "value1", "wins", "value2", "match", "value3"))",
         R"("value2")"},
        {R"(String.stringSwitch("Substrings count", "default", "ring", "value1"))", R"("value1")"},
        {R"(String.stringSwitch("Nothing here", "default", "absent", "value1"))", R"("default")"},
        {R"(String.substring("This is a test", 2, 9))", R"("is is a")"},
        {R"(String.substringAfter("abc@okta.com", "@"))", R"("okta.com")"},
        {R"(String.substringBefore("abc@okta.com", "@"))", R"("abc")"},
        {R"(String.toUpperCase("This"))", R"("THIS")"},
        {R"(String.toLowerCase("ThiS"))", R"("this")"},
    });
}

BOOST_AUTO_TEST_CASE(documented_deprecated_bare_forms) {
    Profiles p;
    p.user = object(R"({"firstName": "Alexander", "email": "alex@example.com"})");
    check_examples({
        {"substring(source.firstName, 1, 4)", R"("lex")"},
        {"substringBefore(user.email, '@')", R"("alex")"},
        {"substringAfter(user.email, '@')", R"("example.com")"},
        {"toUpperCase('This')", R"("THIS")"},
        {"toLowerCase('ThiS')", R"("this")"},
    }, p.context());
}

BOOST_AUTO_TEST_CASE(documented_array_functions) {
    Profiles p;
    p.user = object(R"({"arrayAttribute": [10, 20, 30]})");
    check_examples({
        {"Arrays.add(user.arrayAttribute, 40)", "{10, 20, 30, 40}"},
        {"Arrays.remove(user.arrayAttribute, 20)", "{10, 30}"},
        {"Arrays.clear(user.arrayAttribute)", "{ }"},
        {"Arrays.get({0, 1, 2}, 0)", "0"},
        {"Arrays.flatten(10, {20, 30}, 40)", "{10, 20, 30, 40}"},
        // The CSV string's items stay strings (expression.hpp, choice 8); the documentation writes them bare.
        {"Arrays.flatten('10, 20, 30, 40')", R"({"10", "20", "30", "40"})"},
        {"Arrays.contains({10, 20, 30}, 10)", "true"},
        {"Arrays.contains({10, 20, 30}, 50)", "false"},
        {"Arrays.size({10, 20, 30})", "3"},
        {"Arrays.size(NULL)", "0"},
        {"Arrays.isEmpty(NULL)", "true"},
        {"Arrays.isEmpty({10, 20, 30})", "false"},
        {R"(Arrays.toCsvString({"This", "is", " a ", "test"}))", R"("This,is, a ,test")"},
    }, p.context());
}

BOOST_AUTO_TEST_CASE(documented_conversion_functions) {
    check_examples({
        {"Convert.toInt('1234')", "1234"},
        {"Convert.toInt(123.4)", "123"},
        {"Convert.toInt(123.6)", "124"},
        {"Convert.toNum('3.141')", "3.141"},
    });
    BOOST_TEST(value_of("Convert.toNum('3.141')").kind() == expr::Kind::number);
    BOOST_TEST(value_of("Convert.toInt('1234')").kind() == expr::Kind::integer);
}

BOOST_AUTO_TEST_CASE(any_arrays_function_takes_a_csv_string) {
    check_examples({
        {"Arrays.contains('a, b, c', 'b')", "true"},
        {"Arrays.size('a,b,c')", "3"},
        {"Arrays.size('')", "0"},
        {"Arrays.get('x,y', 1)", R"("y")"},
        {"Arrays.add('a,b', 'c')", R"({"a", "b", "c"})"},
        {"Arrays.toCsvString('a, b')", R"("a,b")"},
    });
}

BOOST_AUTO_TEST_CASE(documented_mapping_samples) {
    Profiles p;
    const std::string full_name = R"(firstName + " " + (String.len(middleInitial) == 0 ? "" : )"
                                  R"((String.substring(middleInitial, 0, 1) + ". ")) + lastName)";
    p.user = object(R"({"firstName": "Winston", "middleInitial": "Leonard", "lastName": "Churchill",
                        "email": "winston.churchill@gmail.com"})");
    BOOST_TEST(shown(full_name, p.context()) == R"("Winston L. Churchill")");
    BOOST_TEST(shown("toLowerCase(substring( user.firstName, 0, 1)) + \".\" + toLowerCase(user.lastName)",
                     p.context()) == R"("w.churchill")");
    // "\" is one backslash: SpEL strings have no escapes.
    const expr::Value domain_user = value_of(R"(toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\" + substringBefore( user.email, "@"))",
                                             p.context());
    BOOST_TEST(*domain_user.if_string() == R"(GMAIL\winston.churchill)");

    // No middle initial: "" (cleared in the Admin Console) and null (never set) both give "First Last".
    p.user = object(R"({"firstName": "Winston", "middleInitial": "", "lastName": "Churchill"})");
    BOOST_TEST(shown(full_name, p.context()) == R"("Winston Churchill")");
    p.user = object(R"({"firstName": "Winston", "lastName": "Churchill"})");
    BOOST_TEST(shown(full_name, p.context()) == R"("Winston Churchill")");
}

BOOST_AUTO_TEST_CASE(okta_default_type_mapping_with_and_and) {
    const std::string type = "(user.email != null && user.email != '') ? 'work' : ''";
    Profiles p;
    p.user = object(R"({"email": "a@example.com"})");
    BOOST_TEST(shown(type, p.context()) == R"("work")");
    p.user = object(R"({"email": ""})");
    BOOST_TEST(shown(type, p.context()) == R"("")");
    p.user = object(R"({})");
    BOOST_TEST(shown(type, p.context()) == R"("")");
    // The same with Okta's documented keywords, in either case.
    p.user = object(R"({"employeeNumber": "42"})");
    BOOST_TEST(shown("user.employeeNumber != \"\" AND user.employeeNumber != null ? 'yes' : 'no'", p.context()) ==
               R"("yes")");
    BOOST_TEST(shown("user.employeeNumber == '1' or user.employeeNumber == '42'", p.context()) == "true");
    BOOST_TEST(shown("!(user.employeeNumber == '42') || false", p.context()) == "false");
}

BOOST_AUTO_TEST_CASE(elvis_substitutes_on_null_and_empty) {
    Profiles p;
    p.user = object(R"({"firstName": "Winston", "nickName": ""})");
    BOOST_TEST(shown("user.nickName ?: user.firstName", p.context()) == R"("Winston")");
    BOOST_TEST(shown("user.middleName ?: user.firstName", p.context()) == R"("Winston")");
    BOOST_TEST(shown("user.firstName ?: 'none'", p.context()) == R"("Winston")");
    BOOST_TEST(shown("null ?: ''", p.context()) == R"("")");
    BOOST_TEST(shown("0 ?: 1") == "0");
    BOOST_TEST(shown("false ?: true") == "false");
}

BOOST_AUTO_TEST_CASE(literals_operators_and_indexing) {
    Profiles p;
    p.user = object(R"({"firstName": "Ada", "lastName": "Lovelace", "arrayProperty": ["x", "y"], "age": 36})");
    check_examples({
        {"user.firstName + \" \" + user.lastName", R"("Ada Lovelace")"},
        {"'Hello world'", R"("Hello world")"},
        {"\"It\"\"s\" + 'It''s'", R"("It"sIt's")"},
        {"1234", "1234"},
        {"3.141", "3.141"},
        {"true", "true"},
        {"null", "null"},
        {"{1, 2, 3}[0]", "1"},
        {"{}", "{ }"},
        {"user.arrayProperty[1]", R"("y")"},
        {"1 + 2", "3"},
        {"1 + 2.5", "3.5"},
        {"-1 + 3", "2"},
        {"'a' + 1", R"("a1")"},
        {"'v' + 2.0 + true", R"("v2.0true")"},
        {"user.age >= 18 ? 'adult' : 'minor'", R"("adult")"},
        {"1 == 1.0", "true"},
        {"'1' == 1", "false"},
        {"{1, 2} == {1, 2}", "true"},
        {"'a' < 'b'", "true"},
        {"2 <= 1", "false"},
        {"null < 1", "true"},
        {"null == null", "true"},
        {"1 > 2 ? 'a' : 2 > 1 ? 'b' : 'c'", R"("b")"},
    }, p.context());
}

BOOST_AUTO_TEST_CASE(attribute_references_in_both_directions) {
    Profiles p;
    p.user = object(R"({"login": "okta@example.com"})");
    p.app_user = object(R"({"userName": "app-user", "email": "app@example.com"})");
    p.apps["zendesk"] = object(R"({"firstName": "Zed"})");
    BOOST_TEST(shown("source.login", p.context()) == R"("okta@example.com")");
    BOOST_TEST(shown("user.login", p.context()) == R"("okta@example.com")");
    BOOST_TEST(shown("appuser.userName", p.context()) == R"("app-user")");
    BOOST_TEST(shown("zendesk.firstName", p.context()) == R"("Zed")");
    const auto to_okta = p.context(expr::Direction::to_okta);
    BOOST_TEST(shown("source.userName", to_okta) == R"("app-user")");
    BOOST_TEST(shown("appUser.email", to_okta) == R"("app@example.com")");
    BOOST_TEST(shown("appuser.nickName", to_okta) == "null");  // defined, never populated

    const boost::json::object org = object(R"({"name": "Acme", "subDomain": "acme"})");
    const boost::json::object zendesk_app = object(R"({"companySubDomain": "acme-help"})");
    auto context = p.context();
    context.org = expr::Profile{&org, nullptr};
    context.app_settings_of = [&](std::string_view name) -> std::optional<expr::Profile> {
        if (name == "zendesk") return expr::Profile{&zendesk_app, nullptr};
        return std::nullopt;
    };
    context.internal = expr::InternalProperties{"00u1abcd", "ACTIVE"};
    BOOST_TEST(shown("org.subDomain + '.' + zendesk_app.companySubDomain", context) == R"("acme.acme-help")");
    BOOST_TEST(shown("user.getInternalProperty(\"id\") + '/' + user.getInternalProperty('status')", context) ==
               R"("00u1abcd/ACTIVE")");
}

BOOST_AUTO_TEST_CASE(undocumented_null_and_range_choices) {
    check_examples({
        {"String.toUpperCase(null)", "null"},
        {"String.substringBefore(null, '@')", "null"},
        {"String.len(null)", "0"},
        {"String.stringContains(null, 'a')", "false"},
        {"String.startsWith(null, 'a')", "false"},
        {"String.stringSwitch(null, 'default', 'a', 'b')", R"("default")"},
        {"String.join('-', 'a', null, 'b')", R"("a-b")"},
        {"String.append('a', null)", R"("a")"},
        {"null + 'x'", "null"},
        {"String.substring('abc', 1, 10)", R"("bc")"},
        {"String.substring('abc', -5, 2)", R"("ab")"},
        {"String.substring('abc', 2, 1)", R"("")"},
        {"String.substring('h\xc3\xa9llo', 1, 3)", "\"\xc3\xa9l\""},  // characters, not bytes
        {"String.len('h\xc3\xa9llo')", "5"},
        {"String.replace('a.b.c', '.', '-')", R"("a-b-c")"},  // literal: a regex '.' would replace everything
        {"String.replace('abc', '', '-')", R"("abc")"},
        {"String.substringBefore('no-at-sign', '@')", R"("no-at-sign")"},
        {"String.substringAfter('no-at-sign', '@')", R"("")"},
        {"String.toUpperCase('stra\xc3\x9f" "e')", "\"STRA\xc3\x9f" "E\""},  // ASCII letters only
        {"String.removeSpaces('a b\tc')", "\"ab\tc\""},
        {"Arrays.add(null, 1)", "{1}"},
        {"Arrays.remove({1, 2, 1}, 1)", "{2}"},
        {"Arrays.get(null, 0)", "null"},
        {"Arrays.toCsvString({1, null, 'x'})", R"("1,,x")"},
        {"Convert.toInt(-2.5)", "-2"},
        {"Convert.toInt('12.5')", "13"},
        {"Convert.toNum(2)", "2.0"},
        {"null[0]", "null"},
    });
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_the_expression_and_column) {
    const auto e = error_of(R"(String.len("This")");
    BOOST_TEST(e.code == errc::syntax);
    BOOST_TEST(e.column == 18u);
    BOOST_TEST(e.message() ==
               R"(syntax error in 'String.len("This"': column 18: expected ',' or ')' after an argument of )"
               R"(String.len, found end of expression)");
    BOOST_TEST(error_of("user.firstName +").column == 17u);
    BOOST_TEST(error_of("user.firstName +").detail ==
               "expected a value (a name, a literal, '(' or '{'), found end of expression");
    BOOST_TEST(error_of("'abc").detail == "unterminated string: no closing '");
    BOOST_TEST(error_of("'abc").column == 1u);
    const auto assignment = error_of("user.a = 'x'");
    BOOST_TEST(assignment.column == 8u);
    BOOST_TEST(assignment.detail == "'=' is an assignment, which expressions may not contain (compare with '==')");
    const auto ternary = error_of("(user.email != null && user.email != '') ? 'work'");
    BOOST_TEST(ternary.column == 50u);
    BOOST_TEST(ternary.detail == "expected ':' in the conditional 'c ? a : b', found end of expression");
    BOOST_TEST(error_of("(1 + 2").detail == "expected ')' to close the '(' at column 1, found end of expression");
    BOOST_TEST(error_of("1 2").detail == "expected an operator or the end of the expression, found number 2");
    BOOST_TEST(error_of("1 2").column == 3u);
    BOOST_TEST(error_of("'\xc3\xa9' # 1").column == 5u);  // columns count characters: é is one
    BOOST_TEST(error_of("user.").detail == "expected a name after 'user.', found end of expression");
    BOOST_TEST(error_of("a & b").detail == "unexpected '&' (and is '&&' or AND)");
    BOOST_TEST(error_of("99999999999999999999").detail == "integer 99999999999999999999 does not fit in 64 bits");
    BOOST_TEST(error_of("{1, 2").detail == "expected ',' or '}' in the array, found end of expression");
    BOOST_TEST(error_of("fn:toLowerCase('A')").code == errc::syntax);  // fn: only inside a template's ${...}
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_a_syntax_error_not_a_crash) {
    const auto e = error_of(std::string(5000, '(') + "1" + std::string(5000, ')'));
    BOOST_TEST(e.code == errc::syntax);
    BOOST_TEST(e.detail == "the expression nests more than 256 levels deep (parentheses, operators and chains of them)");
    BOOST_TEST(error_of(std::string(5000, '!') + "true").code == errc::syntax);
    // Long chains build deep trees too (a + b + c is left-nested), so they are bounded the same way.
    std::string sum = "1", indexed = "{1}", ors = "false";
    for (int i = 0; i < 50000; ++i) {
        sum += " + 1";
        indexed += "[0]";
        ors += " OR false";
    }
    BOOST_TEST(error_of(sum).code == errc::syntax);
    BOOST_TEST(error_of(indexed).code == errc::syntax);
    BOOST_TEST(error_of(ors).code == errc::syntax);
    std::string fine = "'a'";
    for (int i = 0; i < 200; ++i) fine += " + 'a'";
    BOOST_TEST(value_of(fine).if_string()->size() == 201u);
}

BOOST_AUTO_TEST_CASE(evaluation_errors_are_values) {
    const auto unknown = error_of("String.foo('x')");
    BOOST_TEST(unknown.code == errc::unknown_function);
    BOOST_TEST(unknown.column == 1u);
    BOOST_TEST(unknown.message().starts_with("cannot evaluate 'String.foo('x')': column 1: unknown function 'String.foo'"));
    BOOST_TEST(error_of("Time.now()").code == errc::unknown_function);
    BOOST_TEST(error_of("Iso3166Convert.toAlpha2('IND')").code == errc::unknown_function);
    BOOST_TEST(error_of("hasWorkdayUser() ? findWorkdayUser().employeeID : null").code == errc::unknown_function);

    const auto count = error_of("'x' + String.len('a', 'b')");
    BOOST_TEST(count.code == errc::argument_count);
    BOOST_TEST(count.column == 7u);
    BOOST_TEST(count.detail == "String.len takes 1 argument, got 2");
    BOOST_TEST(error_of("String.substring('a')").detail == "String.substring takes 3 arguments, got 1");
    BOOST_TEST(error_of("String.stringSwitch('a', 'b', 'c')").code == errc::argument_count);

    const auto type = error_of("String.substring('abc', 'x', 2)");
    BOOST_TEST(type.code == errc::argument_type);
    BOOST_TEST(type.detail == "String.substring: argument 2 must be an integer, got a string");
    BOOST_TEST(error_of("String.len({1})").detail == "String.len: argument 1 must be a string, got an array");
    BOOST_TEST(error_of("!'x'").detail == "'!' needs a boolean, got a string");
    BOOST_TEST(error_of("null ? 1 : 2").detail == "the condition before '?' must be a boolean, got null");
    BOOST_TEST(error_of("true AND 1").detail == "AND needs booleans, got an integer on its right");
    BOOST_TEST(error_of("1 < 'a'").code == errc::argument_type);
    BOOST_TEST(error_of("true + 1").code == errc::argument_type);
    BOOST_TEST(error_of("Convert.toInt('abc')").code == errc::not_a_number);
    BOOST_TEST(error_of("Convert.toInt('99999999999999999999')").code == errc::not_a_number);
    BOOST_TEST(error_of("Convert.toNum('nan')").code == errc::not_a_number);

    const auto index = error_of("{1, 2}[5]");
    BOOST_TEST(index.code == errc::bad_index);
    BOOST_TEST(index.column == 7u);
    BOOST_TEST(index.detail == "index 5 is outside the array (size 2)");
    BOOST_TEST(error_of("{1, 2}[-1]").code == errc::bad_index);
    BOOST_TEST(error_of("{1, 2}['a']").code == errc::bad_index);
    BOOST_TEST(error_of("Arrays.get({0, 1, 2}, 3)").code == errc::bad_index);
    BOOST_TEST(error_of("'abc'[0]").code == errc::argument_type);

    Profiles p;
    p.user = object(R"({"login": "a@example.com", "manager": {"id": "x"}})");
    BOOST_TEST(error_of("user.login.length()", p.context()).code == errc::unsupported);
    BOOST_TEST(error_of("user.manager", p.context()).code == errc::unsupported);
    const auto app = error_of("zendesk.firstName", p.context());
    BOOST_TEST(app.code == errc::unknown_attribute);
    BOOST_TEST(app.detail == "zendesk.firstName: 'zendesk' is neither an object (user, source, appuser, app, org) "
                             "nor an app in this context");
    BOOST_TEST(error_of("user.getInternalProperty('id')", p.context()).code == errc::unknown_attribute);
    BOOST_TEST(error_of("user.login").code == errc::unknown_attribute);  // no user in an empty Context
}

BOOST_AUTO_TEST_CASE(unknown_attribute_only_when_the_schema_says_so) {
    const boost::json::object user = object(R"({"firstName": "Ada"})");
    const std::set<std::string, std::less<>> schema{"firstName", "nickName"};
    expr::Context context;
    context.okta_user = expr::Profile{&user, &schema};
    BOOST_TEST(shown("user.firstName", context) == R"("Ada")");
    BOOST_TEST(shown("user.nickName", context) == "null");  // in the schema, never populated
    const auto e = error_of("'x' + user.nickNmae", context);
    BOOST_TEST(e.code == errc::unknown_attribute);
    BOOST_TEST(e.column == 7u);
    BOOST_TEST(e.detail == "user.nickNmae: no attribute 'nickNmae' in the user schema");
}

BOOST_AUTO_TEST_CASE(an_expression_parses_once_and_evaluates_many_times) {
    auto parsed = expr::Expression::parse("String.toLowerCase(user.login)");
    BOOST_TEST_REQUIRE(parsed.has_value());
    const std::pair<const char*, const char*> logins[] = {{"A@Example.com", "a@example.com"},
                                                          {"B@Example.COM", "b@example.com"}};
    for (const auto& [login, lowered] : logins) {
        Profiles p;
        p.user = boost::json::object{{"login", login}};
        auto value = parsed->evaluate(p.context());
        BOOST_TEST_REQUIRE(value.has_value());
        BOOST_TEST(*value->if_string() == lowered);
    }
}

BOOST_AUTO_TEST_CASE(the_function_table_is_explicit) {
    const auto names = expr::builtin_functions().names();
    BOOST_TEST(names.size() == 42u);
    expr::FunctionTable table = expr::make_builtin_functions();
    BOOST_TEST(!table.add({"String.len", 1, 1, nullptr}));  // a name means one function
    BOOST_TEST(table.find("Arrays.toCsvString") != nullptr);
    BOOST_TEST(table.find("Time.now") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
