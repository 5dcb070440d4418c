// The parsed form of an expression: a tree of nodes, each with the byte offset of its text so evaluation errors
// can name the column too. Names are kept as written; what they refer to is decided at evaluation.
#pragma once

#include <oktasim/expr/value.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace oktasim::expr {

struct Node;
using NodePtr = std::unique_ptr<const Node>;

struct Literal {
    Value value;
};

struct ArrayLiteral {  // {1, 2, 3}
    std::vector<NodePtr> items;
};

// `object.name` (user.firstName, source.login, zendesk.email, app.domain, org.name), or a bare `name` (object
// empty), which reads the source object.
struct Attribute {
    std::string object;
    std::string name;
};

// A function: "String.len", "Arrays.size", "toUpperCase", "user.getInternalProperty", "fn:toLowerCase".
struct Call {
    std::string function;
    std::vector<NodePtr> args;
};

struct Index {  // target[index]
    NodePtr target;
    NodePtr index;
};

// `.name` or `.name(...)` after a value (user.firstName.length()): valid SpEL, not evaluated by oktasim.
struct Member {
    NodePtr target;
    std::string name;
    bool call = false;
};

enum class UnaryOp { logical_not, negate };
struct Unary {
    UnaryOp op;
    NodePtr operand;
};

enum class BinaryOp { plus, equal, not_equal, less, greater, less_equal, greater_equal, logical_and, logical_or };
struct Binary {
    BinaryOp op;
    NodePtr left;
    NodePtr right;
};

struct Conditional {  // condition ? when_true : when_false
    NodePtr condition;
    NodePtr when_true;
    NodePtr when_false;
};

struct Elvis {  // value ?: fallback
    NodePtr value;
    NodePtr fallback;
};

struct Node {
    std::size_t offset = 0;  // byte offset in the parsed text (the operator's, for unary and binary nodes)
    std::variant<Literal, ArrayLiteral, Attribute, Call, Index, Member, Unary, Binary, Conditional, Elvis> kind;
};

}  // namespace oktasim::expr
