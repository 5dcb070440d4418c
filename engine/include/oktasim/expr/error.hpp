// Why an expression could not be parsed or evaluated: an `enum class` code with its category ("oktasim.expr"),
// and Error, the value parse and evaluate return instead of throwing.
#pragma once

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace oktasim::expr {

enum class errc {
    syntax = 1,          // the text is not an expression of the subset (the mapping dialog shows it red)
    unsupported,         // valid SpEL that oktasim does not evaluate: a method or property on a value
    unknown_function,    // no such function in the table (Time.*, Iso3166Convert.*, group functions: out of scope)
    argument_count,      // a function called with too few or too many arguments
    argument_type,       // an argument or operand of the wrong kind (a string where a boolean is needed, ...)
    bad_index,           // an index that is not an integer, or past the end of the array
    unknown_attribute,   // the context says the object, app or attribute does not exist (not in the schema)
    not_a_number,        // Convert.toInt / Convert.toNum given text that is not a number, or one out of range
};

const boost::system::error_category& expr_category() noexcept;
boost::system::error_code make_error_code(errc e) noexcept;

struct Error {
    errc code = errc::syntax;
    std::size_t column = 0;  // 1-based column in `expression` where the problem is; 0 when none applies
    std::string detail;      // what is wrong, e.g. "expected ')' after the arguments of String.len, found ','"
    std::string expression;  // the text that was parsed

    // "syntax error in 'EXPR': column 14: expected ')' ..." or "cannot evaluate 'EXPR': column 1: ...".
    std::string message() const;
};

template <class T>
using result = boost::system::result<T, Error>;

// For result<T, Error>::value() on an error (a programmer error: callers test the result first).
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace oktasim::expr

template <>
struct boost::system::is_error_code_enum<oktasim::expr::errc> : std::true_type {};
