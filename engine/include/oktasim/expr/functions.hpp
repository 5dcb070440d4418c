// The function table: one explicit registry from a function's name ("String.len", "toUpperCase", "fn:length")
// to its implementation and argument count. Built by make_builtin_functions; nothing registers itself.
#pragma once

#include <oktasim/expr/context.hpp>
#include <oktasim/expr/error.hpp>
#include <oktasim/expr/value.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::expr {

// What a function is given: its name as called, its evaluated arguments, and the evaluation's context.
struct CallArgs {
    std::string_view function;
    const std::vector<Value>& values;
    const Context& context;
};

// Why a function failed; the evaluator adds the column and the expression.
struct Failure {
    errc code = errc::argument_type;
    std::string detail;
};

using Outcome = boost::system::result<Value, Failure>;
using FunctionImpl = Outcome (*)(const CallArgs&);

inline constexpr std::size_t any_number_of_args = std::numeric_limits<std::size_t>::max();

struct FunctionSpec {
    std::string_view name;
    std::size_t min_args = 0;
    std::size_t max_args = 0;  // any_number_of_args for String.join, Arrays.flatten, String.stringSwitch
    FunctionImpl impl = nullptr;
};

class FunctionTable {
public:
    // False (and the table unchanged) when the name is already there: a name means one function.
    bool add(const FunctionSpec& spec);
    const FunctionSpec* find(std::string_view name) const;
    std::vector<std::string_view> names() const;  // sorted

private:
    std::map<std::string, FunctionSpec, std::less<>> by_name_;
};

// Every function oktasim evaluates (okta-mappings.md §3, §7): String.*, the deprecated bare forms, Arrays.*,
// Convert.*, user.getInternalProperty, and the JSTL fn:* functions of username templates.
FunctionTable make_builtin_functions();

// The built-in table, made once and never changed.
const FunctionTable& builtin_functions();

}  // namespace oktasim::expr
