// Parses the expression language subset (okta-mappings.md §2, §13.1) into a tree, with SpEL's precedence:
// ternary and Elvis lowest, then OR / ||, AND / &&, comparisons, +, unary ! and -, then postfix . [] and calls.
#pragma once

#include <oktasim/expr/ast.hpp>
#include <oktasim/expr/error.hpp>

#include <cstddef>
#include <string_view>

namespace oktasim::expr {

struct Parsed {
    NodePtr root;
    std::size_t end = 0;  // byte offset just after the last character the parse consumed
};

enum class Dialect {
    expression,  // a whole text is one expression (mappings, CUSTOM username formats)
    template_segment,  // the inside of `${...}`: also fn:name functions; ends at the closing '}' (consumed)
};

// Parses from byte `offset` of `text`. For Dialect::expression the expression must run to the end of the text.
// The error's column is 1-based in `text`, and its expression is `text`.
result<Parsed> parse(std::string_view text, std::size_t offset, Dialect dialect);

}  // namespace oktasim::expr
