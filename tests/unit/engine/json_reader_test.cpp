// Tests for the strict JSON input reader: typed optional and required members, unknown keys with a suggestion,
// and problems reported as {path, message, code} with the first one kept.
#include <oktasim/engine/object_reader.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
namespace json = boost::json;
using input::ObjectReader;
using input::Problem;

namespace {

json::object parse_object(std::string_view text) { return boost::json::parse(text).as_object(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_json_reader)

BOOST_AUTO_TEST_CASE(optional_members_are_typed_and_absent_ones_stay_unset) {
    const json::object o = parse_object(R"({"name": "acme", "on": true, "count": 3})");
    std::optional<Problem> found;
    ObjectReader reader(o, "/app", found);
    std::optional<std::string> name, missing;
    std::optional<bool> on;
    std::optional<std::uint64_t> count;
    BOOST_TEST(reader.read_string("name", name));
    BOOST_TEST(reader.read_string("nope", missing));
    BOOST_TEST(reader.read_bool("on", on));
    BOOST_TEST(reader.read_uint("count", count, 1));
    BOOST_TEST(reader.ok());
    BOOST_TEST(*name == "acme");
    BOOST_TEST(!missing.has_value());
    BOOST_TEST(*on);
    BOOST_TEST(*count == 3u);
}

BOOST_AUTO_TEST_CASE(a_wrong_type_is_a_problem_at_its_path_and_the_first_problem_wins) {
    const json::object o = parse_object(R"({"name": 5, "on": "yes"})");
    std::optional<Problem> found;
    ObjectReader reader(o, "/apps/0", found);
    std::optional<std::string> name;
    std::optional<bool> on;
    BOOST_TEST(!reader.read_string("name", name));
    BOOST_TEST(!reader.read_bool("on", on));  // a second problem does not replace the first
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->path == "/apps/0/name");
    BOOST_TEST(found->message == "expected a string, not a number");
    BOOST_TEST((found->code == scenario_errc::wrong_type));
    BOOST_TEST(found->to_string() == "/apps/0/name: expected a string, not a number");
}

BOOST_AUTO_TEST_CASE(required_members_and_unknown_keys) {
    const json::object o = parse_object(R"({"stauts": "ENABLED", "a/b": 1})");
    std::optional<Problem> found;
    ObjectReader reader(o, "", found);
    BOOST_TEST(!reader.only({"status", "a/b"}));
    BOOST_TEST(found->path == "/stauts");
    BOOST_TEST(found->message == "unknown key (did you mean \"status\"?)");
    BOOST_TEST((found->code == scenario_errc::unknown_key));

    std::optional<Problem> missing;
    ObjectReader strict(o, "", missing);
    BOOST_TEST(strict.require("a/b"));
    BOOST_TEST(!strict.require("status", " (every feature needs one)"));
    BOOST_TEST(missing->path == "/status");
    BOOST_TEST(missing->message == "missing (every feature needs one)");
    BOOST_TEST((missing->code == scenario_errc::missing_key));
    BOOST_TEST(strict.path_of("a/b") == "/a~1b");  // JSON Pointer escaping (RFC 6901 §3)
}

BOOST_AUTO_TEST_CASE(a_value_that_is_not_an_object_reads_as_empty_and_the_root_prints_as_slash) {
    const json::value v = boost::json::parse("[1]");
    std::optional<Problem> found;
    ObjectReader reader(v, "", found);
    BOOST_TEST(!reader.get("x"));
    BOOST_TEST(!reader.fail("", "expected an object, not " + std::string(input::kind_name(v)), scenario_errc::wrong_type));
    BOOST_TEST(found->path == "");
    BOOST_TEST(found->to_string() == "/: expected an object, not an array");
    Problem out;
    const auto code = input::report(found, out);
    BOOST_TEST((code == make_error_code(scenario_errc::wrong_type)));
    BOOST_TEST(out.message == "expected an object, not an array");
}

BOOST_AUTO_TEST_SUITE_END()
