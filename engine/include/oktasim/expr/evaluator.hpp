// Evaluates a parsed expression against a Context with a function table. Pure: reads only its arguments.
#pragma once

#include <oktasim/expr/ast.hpp>
#include <oktasim/expr/context.hpp>
#include <oktasim/expr/error.hpp>
#include <oktasim/expr/functions.hpp>

#include <string_view>

namespace oktasim::expr {

// `text` is what `root` was parsed from: errors name it and the column of the node that failed.
result<Value> evaluate(const Node& root, std::string_view text, const Context& context,
                       const FunctionTable& functions);

}  // namespace oktasim::expr
