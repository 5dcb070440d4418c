// The Okta Expression Language subset provisioning uses (okta-mappings.md §2-§4, §13.1): parse an expression once,
// evaluate it against a Context as often as needed. Pure: no I/O, no clocks, no locale, no global mutable state.
#pragma once

#include <oktasim/expr/ast.hpp>
#include <oktasim/expr/context.hpp>
#include <oktasim/expr/error.hpp>
#include <oktasim/expr/functions.hpp>
#include <oktasim/expr/value.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace oktasim::expr {

// What the subset holds: attribute references (user., source., appuser. / appUser., <appName>., <appName>_app.,
// app., org., and instance. in username templates), string ('..' and "..", a quote doubled inside, no backslash
// escapes), integer, number, boolean and null literals (keywords case-insensitive, as in SpEL), array literals
// {1, 2} and indexing [0], parentheses, + , == != < > <= >=, AND OR && || ! (NOT), c ? a : b, a ?: b, the functions
// of functions.cpp's table, and user.getInternalProperty("id" | "status"). Not in it: arithmetic other than + and
// unary -, the deprecated `matches`, methods or properties on values (user.login.length()), collection projection
// and selection, and the Time, Iso3166Convert, group, manager and directory functions (unknown_function).
//
// Where Okta's documentation is silent (okta-mappings.md §4, §12.6), this library chooses, following §4's advice
// (null input gives null output) and, for the String functions, Apache Commons StringUtils, whose names they share:
//  1. A String function given null for its input returns null (String.append, removeSpaces, replace, replaceFirst,
//     substring, substringAfter, substringBefore, toUpperCase, toLowerCase and the bare forms). Exceptions:
//     String.len(null) is 0 (as Arrays.size(NULL) is documented 0, and so the documented sample
//     `String.len(middleInitial) == 0 ? ...` works when there is none), startsWith / stringContains on null are
//     false, String.stringSwitch(null, default, ...) is the default, String.join leaves null strings out.
//     A null in another argument (suffix, match, replacement, search) leaves the input unchanged, except
//     substringAfter(s, null), which is "".
//  2. `+` with null on either side is null (SpEL would write "null"); with a string on either side it
//     concatenates, numbers written as text (integers in decimal, numbers shortest with ".0" on whole ones); with
//     two numbers it adds.
//  3. String.replace and String.replaceFirst match literal text, not a regular expression; an empty match
//     changes nothing.
//  4. String.substring(s, start, end) counts characters (UTF-8 code points, end exclusive) and clamps start and
//     end into [0, length]; start >= end gives "". An out-of-range position is not an error.
//  5. String.substringBefore returns the whole input when the search text is absent, substringAfter returns ""
//     (StringUtils). The template functions fn:substringBefore / fn:substringAfter return "" (JSTL).
//  6. String.toUpperCase / toLowerCase (and fn:) map ASCII letters only: no locale, the same on every machine.
//  7. String.removeSpaces removes the space character only (not tabs or newlines).
//  8. Arrays.*: a null array is the empty array (add gives {value}, remove and clear { }, contains false; size 0
//     and isEmpty true are documented), except Arrays.get(null, i) and Arrays.toCsvString(null), which are null.
//     A CSV string is split at commas with spaces around each item trimmed, items staying strings ("" is { }).
//     Arrays.remove removes every equal item. Arrays.toCsvString writes a null item as an empty field.
//  9. Convert.toInt rounds halves up like Java's Math.round (123.5 -> 124); it takes integer or decimal text;
//     other text, or a value past 64 bits (Okta's integer is a Long, §9), is a not_a_number error.
//     Convert.toNum takes decimal text (no "NaN", no "Infinity").
// 10. Equality: an integer equals a number of the same value; different kinds are unequal ("1" != 1), as in SpEL.
//     <, >, <=, >= take two numbers or two strings (compared by code point); null is below any value (SpEL).
// 11. AND, OR, ! and the condition of c ? a : b need booleans: null there is an argument_type error, as SpEL
//     refuses to convert null to a boolean. AND and OR short-circuit.
// 12. Indexing null gives null; an index past either end is a bad_index error, as is Arrays.get's.
// 13. A bare name (firstName, as in Okta's documented sample) reads the source object's attribute.
// 14. An attribute missing from the profile is null; it is an unknown_attribute error only when the Context
//     gives the schema and the name is not in it.
class Expression {
public:
    // Parses `text` as one expression. A syntax error names `text` and the 1-based column.
    static result<Expression> parse(std::string_view text);

    result<Value> evaluate(const Context& context) const;
    result<Value> evaluate(const Context& context, const FunctionTable& functions) const;

    const std::string& text() const { return *text_; }

private:
    Expression(std::shared_ptr<const std::string> text, std::shared_ptr<const Node> root)
        : text_(std::move(text)), root_(std::move(root)) {}

    std::shared_ptr<const std::string> text_;
    std::shared_ptr<const Node> root_;
};

// Parses and evaluates `text` in one go (the mapping dialog's preview).
result<Value> evaluate(std::string_view text, const Context& context);

}  // namespace oktasim::expr
