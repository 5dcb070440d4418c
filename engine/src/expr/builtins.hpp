// Private to the function table: the built-in functions' implementations (string_functions.cpp,
// array_functions.cpp) and the argument readers they share (function_args.cpp).
#pragma once

#include <oktasim/expr/functions.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace oktasim::expr::builtins {

template <class T>
using Read = boost::system::result<T, Failure>;

Failure type_failure(const CallArgs& call, std::size_t index, std::string_view expected);

// Argument `index` as text: strings as they are, integers, numbers and booleans as their text (SpEL converts
// them); nullopt for null; an array is an argument_type failure.
Read<std::optional<std::string>> text_arg(const CallArgs& call, std::size_t index);
// Argument `index` as an integer: an integer, or a number with no fraction. Null is a failure too: a position
// or length must be given.
Read<std::int64_t> integer_arg(const CallArgs& call, std::size_t index);
// Argument `index` as an array: an array, or a CSV string split at commas with spaces around items trimmed
// ("" is the empty array); nullopt for null. Any Arrays.* function takes a CSV string (okta-mappings.md §3).
Read<std::optional<Value::Array>> array_arg(const CallArgs& call, std::size_t index);

// The number of UTF-8 characters in `text`, and the byte offset of character `n` (text.size() past the end).
std::size_t char_count(std::string_view text);
std::size_t byte_offset(std::string_view text, std::size_t n);

// String.* and the deprecated bare forms.
Outcome string_append(const CallArgs& call);
Outcome string_join(const CallArgs& call);
Outcome string_len(const CallArgs& call);
Outcome string_remove_spaces(const CallArgs& call);
Outcome string_replace(const CallArgs& call);
Outcome string_replace_first(const CallArgs& call);
Outcome string_starts_with(const CallArgs& call);
Outcome string_contains(const CallArgs& call);
Outcome string_switch(const CallArgs& call);
Outcome string_substring(const CallArgs& call);
Outcome string_substring_after(const CallArgs& call);
Outcome string_substring_before(const CallArgs& call);
Outcome string_to_upper(const CallArgs& call);
Outcome string_to_lower(const CallArgs& call);

// The JSTL functions of JSP-style username templates (fn:*), with JSTL's rules: null reads as "".
Outcome fn_substring_before(const CallArgs& call);
Outcome fn_substring_after(const CallArgs& call);
Outcome fn_substring(const CallArgs& call);
Outcome fn_to_lower(const CallArgs& call);
Outcome fn_to_upper(const CallArgs& call);
Outcome fn_length(const CallArgs& call);
Outcome fn_trim(const CallArgs& call);
Outcome fn_replace(const CallArgs& call);
Outcome fn_contains(const CallArgs& call);
Outcome fn_starts_with(const CallArgs& call);
Outcome fn_ends_with(const CallArgs& call);

// Arrays.*, Convert.* and user.getInternalProperty.
Outcome arrays_add(const CallArgs& call);
Outcome arrays_remove(const CallArgs& call);
Outcome arrays_clear(const CallArgs& call);
Outcome arrays_get(const CallArgs& call);
Outcome arrays_flatten(const CallArgs& call);
Outcome arrays_contains(const CallArgs& call);
Outcome arrays_size(const CallArgs& call);
Outcome arrays_is_empty(const CallArgs& call);
Outcome arrays_to_csv_string(const CallArgs& call);
Outcome convert_to_int(const CallArgs& call);
Outcome convert_to_num(const CallArgs& call);
Outcome user_internal_property(const CallArgs& call);

}  // namespace oktasim::expr::builtins
