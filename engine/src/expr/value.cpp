// Values: equality, the JSON conversions, and the text forms (concatenation, JSON output, documentation notation).
#include <oktasim/expr/value.hpp>

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace oktasim::expr {

std::string_view describe(Kind kind) {
    switch (kind) {
    case Kind::null: return "null";
    case Kind::string: return "a string";
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "a boolean";
    case Kind::array: return "an array";
    }
    return "a value";
}

double Value::as_double() const {
    if (const auto* i = if_integer()) return static_cast<double>(*i);
    if (const auto* d = if_number()) return *d;
    return 0;
}

bool operator==(const Value& a, const Value& b) {
    if (a.is_numeric() && b.is_numeric()) {
        if (a.kind() == Kind::integer && b.kind() == Kind::integer) return *a.if_integer() == *b.if_integer();
        return a.as_double() == b.as_double();
    }
    return a.data_ == b.data_;
}

std::optional<Value> from_json(const boost::json::value& json) {
    switch (json.kind()) {
    case boost::json::kind::null: return Value::null();
    case boost::json::kind::bool_: return Value::boolean(json.get_bool());
    case boost::json::kind::int64: return Value::integer(json.get_int64());
    case boost::json::kind::uint64: {
        const std::uint64_t u = json.get_uint64();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return Value::integer(static_cast<std::int64_t>(u));
        return Value::number(static_cast<double>(u));
    }
    case boost::json::kind::double_: return Value::number(json.get_double());
    case boost::json::kind::string: return Value::string(std::string(json.get_string()));
    case boost::json::kind::array: {
        Value::Array items;
        for (const auto& item : json.get_array()) {
            auto value = from_json(item);
            if (!value) return std::nullopt;
            items.push_back(std::move(*value));
        }
        return Value::array(std::move(items));
    }
    case boost::json::kind::object: return std::nullopt;
    }
    return std::nullopt;
}

boost::json::value to_json(const Value& value) {
    switch (value.kind()) {
    case Kind::null: return nullptr;
    case Kind::string: return boost::json::string(*value.if_string());
    case Kind::integer: return *value.if_integer();
    case Kind::number: return *value.if_number();
    case Kind::boolean: return *value.if_boolean();
    case Kind::array: {
        boost::json::array items;
        for (const auto& item : *value.if_array()) items.push_back(to_json(item));
        return items;
    }
    }
    return nullptr;
}

std::optional<std::string> number_text(double d) {
    if (!std::isfinite(d)) return std::nullopt;
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    if (ec != std::errc()) return std::nullopt;
    std::string text(buffer, end);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
}

std::optional<std::string> concat_text(const Value& value) {
    switch (value.kind()) {
    case Kind::string: return *value.if_string();
    case Kind::integer: return std::to_string(*value.if_integer());
    case Kind::number: return number_text(*value.if_number());
    case Kind::boolean: return *value.if_boolean() ? "true" : "false";
    case Kind::null:
    case Kind::array: return std::nullopt;
    }
    return std::nullopt;
}

std::string json_text(const Value& value) {
    switch (value.kind()) {
    case Kind::null: return "null";
    case Kind::string: return boost::json::serialize(boost::json::value(boost::json::string(*value.if_string())));
    case Kind::integer: return std::to_string(*value.if_integer());
    case Kind::number: return number_text(*value.if_number()).value_or("null");
    case Kind::boolean: return *value.if_boolean() ? "true" : "false";
    case Kind::array: {
        std::string text = "[";
        for (const auto& item : *value.if_array()) {
            if (text.size() > 1) text += ",";
            text += json_text(item);
        }
        return text + "]";
    }
    }
    return "null";
}

std::string oel_text(const Value& value) {
    switch (value.kind()) {
    case Kind::string: return "\"" + *value.if_string() + "\"";
    case Kind::array: {
        const auto& items = *value.if_array();
        if (items.empty()) return "{ }";
        std::string text = "{";
        for (const auto& item : items) {
            if (text.size() > 1) text += ", ";
            text += oel_text(item);
        }
        return text + "}";
    }
    default: return json_text(value);
    }
}

}  // namespace oktasim::expr
