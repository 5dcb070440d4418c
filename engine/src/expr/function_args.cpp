// Reading the built-in functions' arguments: text, integers and arrays (with Okta's CSV-string arrays), and
// UTF-8 character positions (String.len and String.substring count characters, not bytes).
#include "builtins.hpp"

#include <cmath>

namespace oktasim::expr::builtins {

namespace {

std::string ordinal(std::size_t index) { return "argument " + std::to_string(index + 1); }

std::string_view trim_spaces(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

}  // namespace

Failure type_failure(const CallArgs& call, std::size_t index, std::string_view expected) {
    return {errc::argument_type, std::string(call.function) + ": " + ordinal(index) + " must be " +
                                     std::string(expected) + ", got " +
                                     std::string(describe(call.values[index].kind()))};
}

Read<std::optional<std::string>> text_arg(const CallArgs& call, std::size_t index) {
    const Value& value = call.values[index];
    if (value.is_null()) return std::optional<std::string>();
    if (auto text = concat_text(value)) return std::optional<std::string>(std::move(*text));
    return type_failure(call, index, "a string");
}

Read<std::int64_t> integer_arg(const CallArgs& call, std::size_t index) {
    const Value& value = call.values[index];
    if (const auto* i = value.if_integer()) return *i;
    if (const auto* d = value.if_number()) {
        if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);
    }
    return type_failure(call, index, "an integer");
}

Read<std::optional<Value::Array>> array_arg(const CallArgs& call, std::size_t index) {
    const Value& value = call.values[index];
    if (value.is_null()) return std::optional<Value::Array>();
    if (const auto* array = value.if_array()) return std::optional<Value::Array>(*array);
    if (const auto* csv = value.if_string()) {
        Value::Array items;
        if (trim_spaces(*csv).empty()) return std::optional<Value::Array>(std::move(items));
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = csv->find(',', start);
            const std::string_view item =
                std::string_view(*csv).substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            items.push_back(Value::string(std::string(trim_spaces(item))));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return std::optional<Value::Array>(std::move(items));
    }
    return type_failure(call, index, "an array or a CSV string");
}

std::size_t char_count(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

std::size_t byte_offset(std::string_view text, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == n) return i;
            ++seen;
        }
    }
    return text.size();
}

}  // namespace oktasim::expr::builtins
