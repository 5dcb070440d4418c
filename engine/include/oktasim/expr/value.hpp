// The values Okta Expression Language expressions compute: null, string, integer, number (double), boolean and
// array; with the conversions to and from profile JSON and the two ways of printing one.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace oktasim::expr {

// Integers are 64-bit: the Profile Editor documents Okta's integer as Java's Long (okta-mappings.md §9, §12.1).
enum class Kind { null, string, integer, number, boolean, array };

// "null", "a string", "an integer", ...: how error messages name a kind.
std::string_view describe(Kind kind);

class Value {
public:
    using Array = std::vector<Value>;

    Value() = default;  // null
    static Value null() { return Value(); }
    static Value string(std::string text) { return Value(Data(std::in_place_index<1>, std::move(text))); }
    static Value integer(std::int64_t n) { return Value(Data(std::in_place_index<2>, n)); }
    static Value number(double d) { return Value(Data(std::in_place_index<3>, d)); }
    static Value boolean(bool b) { return Value(Data(std::in_place_index<4>, b)); }
    static Value array(Array items) { return Value(Data(std::in_place_index<5>, std::move(items))); }

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool is_null() const { return kind() == Kind::null; }
    bool is_numeric() const { return kind() == Kind::integer || kind() == Kind::number; }

    // Each is nullptr unless the value is of that kind.
    const std::string* if_string() const { return std::get_if<1>(&data_); }
    const std::int64_t* if_integer() const { return std::get_if<2>(&data_); }
    const double* if_number() const { return std::get_if<3>(&data_); }
    const bool* if_boolean() const { return std::get_if<4>(&data_); }
    const Array* if_array() const { return std::get_if<5>(&data_); }

    // An integer or a number as a double; only for is_numeric() values.
    double as_double() const;

    // Same kind and same contents; an integer equals a number of the same value (1 == 1.0), as in SpEL.
    friend bool operator==(const Value& a, const Value& b);

private:
    using Data = std::variant<std::monostate, std::string, std::int64_t, double, bool, Array>;
    explicit Value(Data data) : data_(std::move(data)) {}
    Data data_;
};

// A profile attribute's JSON as a value: strings, booleans, integers (unsigned ones past 2^63 become numbers),
// doubles, null and arrays of these. nullopt for an object (or an array holding one): profiles hold no objects.
std::optional<Value> from_json(const boost::json::value& json);
boost::json::value to_json(const Value& value);

// The text a value contributes to a string concatenation: strings as they are, integers in decimal, numbers as
// number_text does, true/false. Arrays and null have no text (nullopt): the caller decides (see expression.hpp).
std::optional<std::string> concat_text(const Value& value);

// A number in the shortest form that reads back to the same double, with ".0" kept on whole numbers so a number
// never looks like an integer (3.0, 3.141, 1.0E21 in Java's style is not used: 1e+21). nullopt for inf/NaN.
std::optional<std::string> number_text(double d);

// The value as JSON text, the way `oktasim expr` prints non-strings: 1234, 3.141, 124.0, true, null,
// ["a",1]. Numbers use number_text (Boost.JSON would print 3.141E0).
std::string json_text(const Value& value);

// The value in Okta's documentation notation, for messages and tests: "This", 1234, true, null, {10, 20, 30},
// { } for the empty array (as okta-mappings.md §3 writes Arrays.clear's result).
std::string oel_text(const Value& value);

}  // namespace oktasim::expr
