// The one table of built-in functions: every name oktasim evaluates, with its argument count and
// implementation. Adding a function means adding its row here.
#include "builtins.hpp"

#include <oktasim/expr/functions.hpp>

namespace oktasim::expr {

bool FunctionTable::add(const FunctionSpec& spec) {
    return by_name_.emplace(std::string(spec.name), spec).second;
}

const FunctionSpec* FunctionTable::find(std::string_view name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> FunctionTable::names() const {
    std::vector<std::string_view> names;
    for (const auto& [name, spec] : by_name_) names.push_back(spec.name);
    return names;
}

FunctionTable make_builtin_functions() {
    using namespace builtins;
    constexpr std::size_t any = any_number_of_args;
    static constexpr FunctionSpec rows[] = {
        // String functions (okta-mappings.md §3).
        {"String.append", 2, 2, string_append},
        {"String.join", 1, any, string_join},
        {"String.len", 1, 1, string_len},
        {"String.removeSpaces", 1, 1, string_remove_spaces},
        {"String.replace", 3, 3, string_replace},
        {"String.replaceFirst", 3, 3, string_replace_first},
        {"String.startsWith", 2, 2, string_starts_with},
        {"String.stringContains", 2, 2, string_contains},
        {"String.stringSwitch", 2, any, string_switch},
        {"String.substring", 3, 3, string_substring},
        {"String.substringAfter", 2, 2, string_substring_after},
        {"String.substringBefore", 2, 2, string_substring_before},
        {"String.toUpperCase", 1, 1, string_to_upper},
        {"String.toLowerCase", 1, 1, string_to_lower},
        // The deprecated bare forms: the same functions.
        {"toUpperCase", 1, 1, string_to_upper},
        {"toLowerCase", 1, 1, string_to_lower},
        {"substringBefore", 2, 2, string_substring_before},
        {"substringAfter", 2, 2, string_substring_after},
        {"substring", 3, 3, string_substring},
        // Array functions; each takes a CSV string for an array.
        {"Arrays.add", 2, 2, arrays_add},
        {"Arrays.remove", 2, 2, arrays_remove},
        {"Arrays.clear", 1, 1, arrays_clear},
        {"Arrays.get", 2, 2, arrays_get},
        {"Arrays.flatten", 1, any, arrays_flatten},
        {"Arrays.contains", 2, 2, arrays_contains},
        {"Arrays.size", 1, 1, arrays_size},
        {"Arrays.isEmpty", 1, 1, arrays_is_empty},
        {"Arrays.toCsvString", 1, 1, arrays_to_csv_string},
        // Conversion functions.
        {"Convert.toInt", 1, 1, convert_to_int},
        {"Convert.toNum", 1, 1, convert_to_num},
        // The Okta user's internal properties (§2).
        {"user.getInternalProperty", 1, 1, user_internal_property},
        // JSTL functions of JSP-style username templates (§7), only reachable inside ${...}.
        {"fn:substringBefore", 2, 2, fn_substring_before},
        {"fn:substringAfter", 2, 2, fn_substring_after},
        {"fn:substring", 3, 3, fn_substring},
        {"fn:toLowerCase", 1, 1, fn_to_lower},
        {"fn:toUpperCase", 1, 1, fn_to_upper},
        {"fn:length", 1, 1, fn_length},
        {"fn:trim", 1, 1, fn_trim},
        {"fn:replace", 3, 3, fn_replace},
        {"fn:contains", 2, 2, fn_contains},
        {"fn:startsWith", 2, 2, fn_starts_with},
        {"fn:endsWith", 2, 2, fn_ends_with},
    };
    FunctionTable table;
    for (const auto& row : rows) table.add(row);
    return table;
}

const FunctionTable& builtin_functions() {
    static const FunctionTable table = make_builtin_functions();  // immutable after construction
    return table;
}

}  // namespace oktasim::expr
