// Tests for the strict JSON reader: typed required and optional members, unknown keys, and problems reported as
// {path, message, code, expected, found} with one wording and the first problem kept.
#include <oktasim/engine/json_reader.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace oktasim;
namespace json = boost::json;
using engine::JsonReader;
using engine::Problem;

namespace {

json::object parse_object(std::string_view text) { return boost::json::parse(text).as_object(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_json_reader)

BOOST_AUTO_TEST_CASE(optional_members_are_typed_and_absent_ones_stay_unset) {
    const json::object o = parse_object(R"({"name": "acme", "on": true, "count": 3})");
    Problem found;
    JsonReader reader(o, "/app", found);
    std::optional<std::string> name, missing;
    std::optional<bool> on;
    std::optional<std::uint64_t> count;
    BOOST_TEST(reader.string("name", name));
    BOOST_TEST(reader.string("nope", missing));
    BOOST_TEST(reader.boolean("on", on));
    BOOST_TEST(reader.unsigned_integer("count", count, 1));
    BOOST_TEST(reader.ok());
    BOOST_TEST(found.empty());
    BOOST_TEST(*name == "acme");
    BOOST_TEST(!missing.has_value());
    BOOST_TEST(*on);
    BOOST_TEST(*count == 3u);
}

BOOST_AUTO_TEST_CASE(a_wrong_type_is_a_structured_problem_at_its_path_and_the_first_problem_wins) {
    const json::object o = parse_object(R"({"name": 5, "on": "yes"})");
    Problem found;
    JsonReader reader(o, "/apps/0", found);
    std::optional<std::string> name;
    std::optional<bool> on;
    BOOST_TEST(!reader.string("name", name));
    BOOST_TEST(!reader.boolean("on", on));  // a second problem does not replace the first
    BOOST_TEST(!reader.ok());
    BOOST_TEST(found.path == "/apps/0/name");
    BOOST_TEST(found.message == "expected a string, got an integer");
    BOOST_TEST(found.expected == "a string");
    BOOST_TEST(found.found == "an integer");
    BOOST_TEST((found.code == scenario_errc::wrong_type));
    BOOST_TEST(found.to_string() == "/apps/0/name: expected a string, got an integer");
}

BOOST_AUTO_TEST_CASE(required_members_and_unknown_keys) {
    const json::object o = parse_object(R"({"stauts": "ENABLED", "a/b": 1})");
    Problem found;
    JsonReader reader(o, "", found);
    BOOST_TEST(!reader.only({"status", "a/b"}));
    BOOST_TEST(found.path == "/stauts");
    BOOST_TEST(found.message == "unknown key; expected one of: status, a/b");
    BOOST_TEST(found.expected == "one of: status, a/b");
    BOOST_TEST(found.found == "stauts");
    BOOST_TEST((found.code == scenario_errc::unknown_key));

    Problem missing;
    JsonReader strict(o, "", missing);
    std::string status;
    BOOST_TEST(strict.require("a/b", "an integer"));
    BOOST_TEST(!strict.string("status", status, true));
    BOOST_TEST(missing.path == "/status");
    BOOST_TEST(missing.message == "missing; expected a string");
    BOOST_TEST(missing.expected == "a string");
    BOOST_TEST(missing.found.empty());
    BOOST_TEST((missing.code == scenario_errc::missing_key));
}

BOOST_AUTO_TEST_CASE(an_unknown_key_is_escaped_in_the_path) {
    const json::object o = parse_object(R"({"a/b~c": 1})");
    Problem found;
    JsonReader reader(o, "/x", found);
    BOOST_TEST(!reader.only({"status"}));
    BOOST_TEST(found.path == "/x/a~1b~0c");  // JSON Pointer escaping (RFC 6901 §3)
    BOOST_TEST(found.found == "a/b~c");
}

BOOST_AUTO_TEST_CASE(values_outside_what_is_allowed_say_what_was_found) {
    const json::object o = parse_object(R"({"mode": "loud", "nth": 0, "after": -2, "times": 1.5, "id": ""})");
    const auto problem = [&](auto read) {
        Problem found;
        JsonReader reader(o, "", found);
        BOOST_TEST(!read(reader));
        return found;
    };
    std::string mode;
    std::optional<std::uint64_t> number;
    std::optional<std::string> id;
    const Problem choice = problem([&](JsonReader& r) { return r.one_of("mode", mode, {"quiet", "silent"}); });
    const Problem below = problem([&](JsonReader& r) { return r.unsigned_integer("nth", number, 1); });
    const Problem negative = problem([&](JsonReader& r) { return r.unsigned_integer("after", number); });
    const Problem fraction = problem([&](JsonReader& r) { return r.unsigned_integer("times", number, 1); });
    const Problem empty = problem([&](JsonReader& r) { return r.non_empty_string("id", id); });
    BOOST_TEST(choice.message == "expected one of \"quiet\", \"silent\", got \"loud\"");
    BOOST_TEST(choice.found == "\"loud\"");
    BOOST_TEST((choice.code == scenario_errc::bad_value));
    BOOST_TEST(below.message == "expected an integer >= 1, got 0");
    BOOST_TEST((below.code == scenario_errc::bad_value));
    BOOST_TEST(negative.message == "expected an integer >= 0, got -2");
    BOOST_TEST(fraction.message == "expected an integer >= 1, got a number");
    BOOST_TEST((fraction.code == scenario_errc::wrong_type));
    BOOST_TEST(empty.message == "expected a non-empty string, got an empty string");
    BOOST_TEST(!number.has_value());
    BOOST_TEST(!id.has_value());
}

BOOST_AUTO_TEST_CASE(a_value_that_is_not_an_object_reads_as_empty_and_the_root_prints_as_slash) {
    const json::value v = boost::json::parse("[1]");
    Problem found;
    JsonReader reader(v, "", found);
    BOOST_TEST(!reader.get("x"));
    BOOST_TEST(!reader.wrong_type("", "an object", v));
    BOOST_TEST(found.path == "");
    BOOST_TEST(found.to_string() == "/: expected an object, got an array");
    BOOST_TEST((found.code == scenario_errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(child_readers_share_the_problem_and_extend_the_path) {
    const json::object o = parse_object(R"({"auth": {"mode": 1}})");
    Problem found;
    JsonReader reader(o, "/connector", found);
    JsonReader auth = reader.child("auth", o.at("auth").as_object());
    BOOST_TEST(!auth.fail_at("mode", "expected a mode"));
    BOOST_TEST(!auth.fail_at("", "a later problem"));
    BOOST_TEST(reader.ok());  // ok() is the reader's own; the problem is the first anywhere
    BOOST_TEST(found.to_string() == "/connector/auth/mode: expected a mode");
    BOOST_TEST((found.code == scenario_errc::bad_value));
    std::string error;
    const auto parsed = engine::as_message(error, [&](Problem& p) { return p = found, false; });
    BOOST_TEST(!parsed);
    BOOST_TEST(error == "/connector/auth/mode: expected a mode");
}

BOOST_AUTO_TEST_SUITE_END()
