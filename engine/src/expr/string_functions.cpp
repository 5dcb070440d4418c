// String.* (and the deprecated bare forms) and the JSTL fn:* functions of username templates. Null rules are
// in expression.hpp ("Where Okta's documentation is silent"); case mapping is ASCII-only, so no locale is read.
#include "builtins.hpp"

#include <algorithm>

namespace oktasim::expr::builtins {

namespace {

// Reads every argument as text (nullopt for null) or fails on the first that is not text.
#define OKTASIM_EXPR_TEXT(var, index)              \
    auto var##_read = text_arg(call, index);       \
    if (!var##_read) return var##_read.error();    \
    const std::optional<std::string>& var = *var##_read

std::string ascii_upper(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

std::string ascii_lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// Every occurrence of `match` (literal text, not a pattern) replaced, left to right; an empty match changes nothing.
std::string replace_all(const std::string& input, const std::string& match, const std::string& replacement) {
    if (match.empty()) return input;
    std::string out;
    std::size_t from = 0;
    while (true) {
        const std::size_t at = input.find(match, from);
        if (at == std::string::npos) break;
        out.append(input, from, at - from);
        out += replacement;
        from = at + match.size();
    }
    out.append(input, from, std::string::npos);
    return out;
}

// Characters [start, end) of `input`, both clamped to [0, length]; start past end gives "".
std::string char_range(const std::string& input, std::int64_t start, std::int64_t end) {
    const auto length = static_cast<std::int64_t>(char_count(input));
    start = std::clamp<std::int64_t>(start, 0, length);
    end = std::clamp<std::int64_t>(end, 0, length);
    if (start >= end) return "";
    const std::size_t from = byte_offset(input, static_cast<std::size_t>(start));
    const std::size_t to = byte_offset(input, static_cast<std::size_t>(end));
    return input.substr(from, to - from);
}

Value text(std::string s) { return Value::string(std::move(s)); }

}  // namespace

Outcome string_append(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(suffix, 1);
    if (!input) return Value::null();
    return text(*input + suffix.value_or(""));
}

Outcome string_join(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(separator, 0);
    std::string out;
    bool first = true;
    const auto add = [&](const std::string& part) {
        if (!first) out += separator.value_or("");
        out += part;
        first = false;
    };
    for (std::size_t i = 1; i < call.values.size(); ++i) {
        if (const auto* items = call.values[i].if_array()) {  // Java's String... takes an array too
            for (const auto& item : *items) {
                if (item.is_null()) continue;
                auto part = concat_text(item);
                if (!part) return Failure{errc::argument_type, std::string(call.function) + ": argument " +
                                                                   std::to_string(i + 1) + " holds an array"};
                add(*part);
            }
            continue;
        }
        OKTASIM_EXPR_TEXT(part, i);
        if (part) add(*part);  // null strings are left out, not joined as "null" or ""
    }
    return text(std::move(out));
}

Outcome string_len(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    return Value::integer(static_cast<std::int64_t>(input ? char_count(*input) : 0));
}

Outcome string_remove_spaces(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    if (!input) return Value::null();
    std::string out = *input;
    out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
    return text(std::move(out));
}

Outcome string_replace(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(match, 1);
    OKTASIM_EXPR_TEXT(replacement, 2);
    if (!input) return Value::null();
    if (!match || !replacement) return text(*input);
    return text(replace_all(*input, *match, *replacement));
}

Outcome string_replace_first(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(match, 1);
    OKTASIM_EXPR_TEXT(replacement, 2);
    if (!input) return Value::null();
    if (!match || !replacement || match->empty()) return text(*input);
    std::string out = *input;
    const std::size_t at = out.find(*match);
    if (at != std::string::npos) out.replace(at, match->size(), *replacement);
    return text(std::move(out));
}

Outcome string_starts_with(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(prefix, 1);
    return Value::boolean(input && prefix && input->starts_with(*prefix));
}

Outcome string_contains(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    return Value::boolean(input && search && input->find(*search) != std::string::npos);
}

// (input, default, key1, value1, ...): the value of the first key that occurs in the input, else the default.
Outcome string_switch(const CallArgs& call) {
    if (call.values.size() % 2 != 0)
        return Failure{errc::argument_count, std::string(call.function) +
                                                 ": takes the input, a default, then key and value pairs; got " +
                                                 std::to_string(call.values.size()) + " arguments"};
    OKTASIM_EXPR_TEXT(input, 0);
    for (std::size_t key_at = 2; key_at + 1 < call.values.size(); key_at += 2) {
        OKTASIM_EXPR_TEXT(key, key_at);
        if (input && key && input->find(*key) != std::string::npos) return call.values[key_at + 1];
    }
    return call.values[1];
}

Outcome string_substring(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    auto start = integer_arg(call, 1);
    if (!start) return start.error();
    auto end = integer_arg(call, 2);
    if (!end) return end.error();
    if (!input) return Value::null();
    return text(char_range(*input, *start, *end));
}

// Commons Lang's StringUtils rules: not found gives "" after, and the whole input before.
Outcome string_substring_after(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    if (!input) return Value::null();
    if (!search) return text("");
    const std::size_t at = input->find(*search);
    return text(at == std::string::npos ? "" : input->substr(at + search->size()));
}

Outcome string_substring_before(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    if (!input) return Value::null();
    if (!search) return text(*input);
    const std::size_t at = input->find(*search);
    return text(at == std::string::npos ? *input : input->substr(0, at));
}

Outcome string_to_upper(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    if (!input) return Value::null();
    return text(ascii_upper(*input));
}

Outcome string_to_lower(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    if (!input) return Value::null();
    return text(ascii_lower(*input));
}

// JSTL (JSP Standard Tag Library 1.1, fn:): null arguments read as "", not-found gives "".
Outcome fn_substring_before(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    const std::string in = input.value_or(""), s = search.value_or("");
    const std::size_t at = in.find(s);
    return text(at == std::string::npos ? "" : in.substr(0, at));
}

Outcome fn_substring_after(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    const std::string in = input.value_or(""), s = search.value_or("");
    const std::size_t at = in.find(s);
    return text(at == std::string::npos ? "" : in.substr(at + s.size()));
}

// fn:substring(s, begin, end): a negative end, or one past the length, means the length.
Outcome fn_substring(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    auto begin = integer_arg(call, 1);
    if (!begin) return begin.error();
    auto end = integer_arg(call, 2);
    if (!end) return end.error();
    const std::string in = input.value_or("");
    const auto length = static_cast<std::int64_t>(char_count(in));
    return text(char_range(in, *begin, *end < 0 ? length : *end));
}

Outcome fn_to_lower(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    return text(ascii_lower(input.value_or("")));
}

Outcome fn_to_upper(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    return text(ascii_upper(input.value_or("")));
}

Outcome fn_length(const CallArgs& call) {
    if (const auto* items = call.values[0].if_array()) return Value::integer(static_cast<std::int64_t>(items->size()));
    OKTASIM_EXPR_TEXT(input, 0);
    return Value::integer(static_cast<std::int64_t>(char_count(input.value_or(""))));
}

Outcome fn_trim(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    const std::string in = input.value_or("");
    const auto first = in.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return text("");
    return text(in.substr(first, in.find_last_not_of(" \t\r\n") - first + 1));
}

Outcome fn_replace(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(before, 1);
    OKTASIM_EXPR_TEXT(after, 2);
    return text(replace_all(input.value_or(""), before.value_or(""), after.value_or("")));
}

Outcome fn_contains(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(search, 1);
    return Value::boolean(input.value_or("").find(search.value_or("")) != std::string::npos);
}

Outcome fn_starts_with(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(prefix, 1);
    return Value::boolean(input.value_or("").starts_with(prefix.value_or("")));
}

Outcome fn_ends_with(const CallArgs& call) {
    OKTASIM_EXPR_TEXT(input, 0);
    OKTASIM_EXPR_TEXT(suffix, 1);
    return Value::boolean(input.value_or("").ends_with(suffix.value_or("")));
}

#undef OKTASIM_EXPR_TEXT

}  // namespace oktasim::expr::builtins
