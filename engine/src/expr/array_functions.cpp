// Arrays.* (any of them takes a CSV string as an array, okta-mappings.md §3), Convert.toInt / Convert.toNum,
// and user.getInternalProperty. Parsing numbers uses std::from_chars: no locale.
#include "builtins.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace oktasim::expr::builtins {

namespace {

#define OKTASIM_EXPR_ARRAY(var, index)             \
    auto var##_read = array_arg(call, index);      \
    if (!var##_read) return var##_read.error();    \
    const std::optional<Value::Array>& var = *var##_read

void flatten_into(const Value& value, Value::Array& out) {
    if (const auto* items = value.if_array()) {
        for (const auto& item : *items) flatten_into(item, out);
    } else {
        out.push_back(value);
    }
}

// Java's Math.round: the nearest integer, halves up (123.5 -> 124, -2.5 -> -2).
Outcome round_to_integer(std::string_view function, double d) {
    const double rounded = std::floor(d + 0.5);
    // 2^63 is exactly representable; anything at or past it does not fit in a 64-bit integer.
    if (!std::isfinite(rounded) || rounded >= 9223372036854775808.0 || rounded < -9223372036854775808.0)
        return Failure{errc::not_a_number, std::string(function) + ": " + number_text(d).value_or("the number") +
                                               " does not fit in a 64-bit integer"};
    return Value::integer(static_cast<std::int64_t>(rounded));
}

// The whole of `text` as a double (an optional leading '+', as Java's Double.parseDouble allows); finite only.
std::optional<double> parse_double(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty() || text.front() == '+') return std::nullopt;
    double d = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(d)) return std::nullopt;
    // from_chars also reads "inf", "nan" and hex floats' spellings; Java does not take "nan" either.
    for (const char c : text)
        if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != 'e' && c != 'E' && c != '+') return std::nullopt;
    return d;
}

Failure not_a_number(std::string_view function, const std::string& text, std::string_view what) {
    return {errc::not_a_number, std::string(function) + ": '" + text + "' is not " + std::string(what)};
}

}  // namespace

Outcome arrays_add(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    Value::Array out = array.value_or(Value::Array{});
    out.push_back(call.values[1]);
    return Value::array(std::move(out));
}

Outcome arrays_remove(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    Value::Array out;
    for (const auto& item : array.value_or(Value::Array{}))
        if (!(item == call.values[1])) out.push_back(item);
    return Value::array(std::move(out));
}

Outcome arrays_clear(const CallArgs& call) {
    auto array = array_arg(call, 0);  // read only to refuse a value that is no array
    if (!array) return array.error();
    return Value::array({});
}

Outcome arrays_get(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    auto position = integer_arg(call, 1);
    if (!position) return position.error();
    if (!array) return Value::null();
    if (*position < 0 || static_cast<std::size_t>(*position) >= array->size())
        return Failure{errc::bad_index, std::string(call.function) + ": position " + std::to_string(*position) +
                                            " is outside the array (size " + std::to_string(array->size()) + ")"};
    return (*array)[static_cast<std::size_t>(*position)];
}

Outcome arrays_flatten(const CallArgs& call) {
    Value::Array out;
    for (std::size_t i = 0; i < call.values.size(); ++i) {
        const Value& value = call.values[i];
        if (value.is_null()) continue;
        if (value.if_string()) {  // a CSV string is an array here too
            OKTASIM_EXPR_ARRAY(items, i);
            for (const auto& item : *items) out.push_back(item);
            continue;
        }
        flatten_into(value, out);
    }
    return Value::array(std::move(out));
}

Outcome arrays_contains(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    if (!array) return Value::boolean(false);
    for (const auto& item : *array)
        if (item == call.values[1]) return Value::boolean(true);
    return Value::boolean(false);
}

Outcome arrays_size(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    return Value::integer(array ? static_cast<std::int64_t>(array->size()) : 0);
}

Outcome arrays_is_empty(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    return Value::boolean(!array || array->empty());
}

Outcome arrays_to_csv_string(const CallArgs& call) {
    OKTASIM_EXPR_ARRAY(array, 0);
    if (!array) return Value::null();
    std::string out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (i > 0) out += ",";
        const Value& item = (*array)[i];
        if (item.is_null()) continue;  // an empty field keeps the other items in place
        auto text = concat_text(item);
        if (!text) return Failure{errc::argument_type, std::string(call.function) + ": item " + std::to_string(i) +
                                                           " is an array; a CSV string holds only plain values"};
        out += *text;
    }
    return Value::string(std::move(out));
}

Outcome convert_to_int(const CallArgs& call) {
    const Value& value = call.values[0];
    switch (value.kind()) {
    case Kind::null: return Value::null();
    case Kind::integer: return value;
    case Kind::number: return round_to_integer(call.function, *value.if_number());
    case Kind::string: {
        const std::string& text = *value.if_string();
        std::int64_t n = 0;
        std::string_view digits = text;
        if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (!digits.empty() && ec == std::errc() && ptr == digits.data() + digits.size()) return Value::integer(n);
        if (ec == std::errc::result_out_of_range)
            return Failure{errc::not_a_number, std::string(call.function) + ": '" + text +
                                                   "' does not fit in a 64-bit integer"};
        if (const auto d = parse_double(text)) return round_to_integer(call.function, *d);
        return not_a_number(call.function, text, "a number");
    }
    case Kind::boolean:
    case Kind::array: break;
    }
    return type_failure(call, 0, "a string or a number");
}

Outcome convert_to_num(const CallArgs& call) {
    const Value& value = call.values[0];
    switch (value.kind()) {
    case Kind::null: return Value::null();
    case Kind::integer:
    case Kind::number: return Value::number(value.as_double());
    case Kind::string: {
        if (const auto d = parse_double(*value.if_string())) return Value::number(*d);
        return not_a_number(call.function, *value.if_string(), "a finite number");
    }
    case Kind::boolean:
    case Kind::array: break;
    }
    return type_failure(call, 0, "a string or a number");
}

Outcome user_internal_property(const CallArgs& call) {
    auto name = text_arg(call, 0);
    if (!name) return name.error();
    if (!call.context.internal)
        return Failure{errc::unknown_attribute, std::string(call.function) +
                                                    ": the Okta user's internal properties are not in this context"};
    if (*name == std::optional<std::string>("id")) return Value::string(call.context.internal->id);
    if (*name == std::optional<std::string>("status")) return Value::string(call.context.internal->status);
    return Failure{errc::unknown_attribute, std::string(call.function) + ": '" + name->value_or("null") +
                                                "' is not an internal property (\"id\" or \"status\")"};
}

#undef OKTASIM_EXPR_ARRAY

}  // namespace oktasim::expr::builtins
