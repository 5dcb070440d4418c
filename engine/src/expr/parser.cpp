// Recursive-descent parser for the expression language subset. The first error stops the parse; it is kept in
// the parser and returned as a value (no exceptions), with the column of the offending token.
#include <oktasim/expr/lexer.hpp>
#include <oktasim/expr/parser.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <utility>

namespace oktasim::expr {

namespace {

// Deeper trees than this are refused, so a hostile expression cannot exhaust the stack (parsing, evaluating and
// destroying a tree all recurse over its height). Each parenthesis, operand of a unary operator, and each operator
// of a chain (a + b + c is two deep) counts as one level.
constexpr int max_depth = 256;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

class Parser {
public:
    Parser(std::string_view text, std::size_t offset, Dialect dialect)
        : text_(text), lexer_(text, offset, dialect == Dialect::template_segment), dialect_(dialect) {}

    result<Parsed> run() {
        advance();
        NodePtr root = expression();
        if (!failed_) {
            if (dialect_ == Dialect::template_segment) {
                if (token_.kind != TokenKind::rbrace)
                    fail_here("expected '}' to close '${', found " + describe(token_));
            } else if (token_.kind != TokenKind::end) {
                fail_here("expected an operator or the end of the expression, found " + describe(token_));
            }
        }
        if (failed_) return error_;
        return Parsed{std::move(root), lexer_.offset()};
    }

private:
    // The operand of a binary or ternary operator: tracks depth so nesting is bounded.
    NodePtr expression() {
        if (!deeper()) return nullptr;
        NodePtr result = conditional();
        --depth_;
        return result;
    }

    // One level deeper into the tree; false (and the parse failed) past max_depth.
    bool deeper() {
        if (++depth_ <= max_depth) return true;
        fail_here("the expression nests more than " + std::to_string(max_depth) +
                  " levels deep (parentheses, operators and chains of them)");
        return false;
    }

    NodePtr conditional() {
        NodePtr condition = logical_or();
        if (failed_) return nullptr;
        if (token_.kind == TokenKind::elvis) {
            const std::size_t at = token_.offset;
            advance();
            NodePtr fallback = expression();
            if (failed_) return nullptr;
            return make(at, Elvis{std::move(condition), std::move(fallback)});
        }
        if (token_.kind != TokenKind::question) return condition;
        const std::size_t at = token_.offset;
        advance();
        NodePtr when_true = expression();
        if (failed_) return nullptr;
        if (token_.kind != TokenKind::colon) {
            fail_here("expected ':' in the conditional 'c ? a : b', found " + describe(token_));
            return nullptr;
        }
        advance();
        NodePtr when_false = expression();
        if (failed_) return nullptr;
        return make(at, Conditional{std::move(condition), std::move(when_true), std::move(when_false)});
    }

    // OR / || (SpEL's keywords are case-insensitive), then AND / &&.
    bool at_keyword(std::string_view keyword) const {
        return token_.kind == TokenKind::identifier && equals_ignoring_case(token_.text, keyword);
    }

    NodePtr logical_or() {
        const int depth = depth_;
        NodePtr left = logical_and();
        while (!failed_ && (token_.kind == TokenKind::or_or || at_keyword("or")) && deeper()) {
            const std::size_t at = token_.offset;
            advance();
            NodePtr right = logical_and();
            if (failed_) return nullptr;
            left = make(at, Binary{BinaryOp::logical_or, std::move(left), std::move(right)});
        }
        depth_ = depth;
        return left;
    }

    NodePtr logical_and() {
        const int depth = depth_;
        NodePtr left = comparison();
        while (!failed_ && (token_.kind == TokenKind::and_and || at_keyword("and")) && deeper()) {
            const std::size_t at = token_.offset;
            advance();
            NodePtr right = comparison();
            if (failed_) return nullptr;
            left = make(at, Binary{BinaryOp::logical_and, std::move(left), std::move(right)});
        }
        depth_ = depth;
        return left;
    }

    // Comparisons do not chain (a < b < c is an error), as in SpEL.
    NodePtr comparison() {
        NodePtr left = additive();
        if (failed_) return nullptr;
        std::optional<BinaryOp> op;
        switch (token_.kind) {
        case TokenKind::equal: op = BinaryOp::equal; break;
        case TokenKind::not_equal: op = BinaryOp::not_equal; break;
        case TokenKind::less: op = BinaryOp::less; break;
        case TokenKind::greater: op = BinaryOp::greater; break;
        case TokenKind::less_equal: op = BinaryOp::less_equal; break;
        case TokenKind::greater_equal: op = BinaryOp::greater_equal; break;
        default: return left;
        }
        const std::size_t at = token_.offset;
        advance();
        NodePtr right = additive();
        if (failed_) return nullptr;
        return make(at, Binary{*op, std::move(left), std::move(right)});
    }

    NodePtr additive() {
        const int depth = depth_;
        NodePtr left = unary();
        while (!failed_ && token_.kind == TokenKind::plus && deeper()) {
            const std::size_t at = token_.offset;
            advance();
            NodePtr right = unary();
            if (failed_) return nullptr;
            left = make(at, Binary{BinaryOp::plus, std::move(left), std::move(right)});
        }
        depth_ = depth;
        return left;
    }

    NodePtr unary() {
        std::optional<UnaryOp> op;
        if (token_.kind == TokenKind::bang || at_keyword("not")) op = UnaryOp::logical_not;
        if (token_.kind == TokenKind::minus) op = UnaryOp::negate;
        if (!op) return postfix();
        const std::size_t at = token_.offset;
        advance();
        if (!deeper()) return nullptr;
        NodePtr operand = unary();
        --depth_;
        if (failed_) return nullptr;
        return make(at, Unary{*op, std::move(operand)});
    }

    NodePtr postfix() {
        const int depth = depth_;
        NodePtr target = primary();
        while (!failed_ && (token_.kind == TokenKind::lbracket || token_.kind == TokenKind::dot) && deeper()) {
            if (token_.kind == TokenKind::lbracket) {
                const std::size_t at = token_.offset;
                advance();
                NodePtr index = expression();
                if (failed_) return nullptr;
                if (!expect(TokenKind::rbracket, "expected ']' after the index")) return nullptr;
                target = make(at, Index{std::move(target), std::move(index)});
            } else {
                advance();
                const std::size_t at = token_.offset;
                if (token_.kind != TokenKind::identifier) {
                    fail_here("expected a name after '.', found " + describe(token_));
                    return nullptr;
                }
                std::string name = token_.text;
                advance();
                bool call = false;
                if (token_.kind == TokenKind::lparen) {  // parsed so the error can say what is unsupported
                    call = true;
                    std::vector<NodePtr> ignored;
                    if (!arguments(name, ignored)) return nullptr;
                }
                target = make(at, Member{std::move(target), std::move(name), call});
            }
        }
        depth_ = depth;
        return failed_ ? nullptr : std::move(target);
    }

    NodePtr primary() {
        const Token token = token_;
        switch (token.kind) {
        case TokenKind::integer: advance(); return make(token.offset, Literal{Value::integer(token.integer)});
        case TokenKind::number: advance(); return make(token.offset, Literal{Value::number(token.number)});
        case TokenKind::string: advance(); return make(token.offset, Literal{Value::string(token.text)});
        case TokenKind::lparen: {
            advance();
            NodePtr inner = expression();
            if (failed_) return nullptr;
            if (!expect(TokenKind::rparen,
                        "expected ')' to close the '(' at column " + std::to_string(column_of(text_, token.offset))))
                return nullptr;
            return inner;
        }
        case TokenKind::lbrace: return array_literal();
        case TokenKind::identifier: return name();
        default:
            fail_here("expected a value (a name, a literal, '(' or '{'), found " + describe(token));
            return nullptr;
        }
    }

    NodePtr array_literal() {
        const std::size_t at = token_.offset;
        advance();
        ArrayLiteral array;
        if (token_.kind != TokenKind::rbrace) {
            while (true) {
                NodePtr item = expression();
                if (failed_) return nullptr;
                array.items.push_back(std::move(item));
                if (token_.kind == TokenKind::comma) {
                    advance();
                    continue;
                }
                if (!expect(TokenKind::rbrace, "expected ',' or '}' in the array")) return nullptr;
                break;
            }
        } else {
            advance();
        }
        return make(at, std::move(array));
    }

    // A literal keyword, a function call `f(...)`, `Object.f(...)`, an attribute `object.name`, or a bare name.
    NodePtr name() {
        const Token first = token_;
        advance();
        if (equals_ignoring_case(first.text, "null")) return make(first.offset, Literal{Value::null()});
        if (equals_ignoring_case(first.text, "true")) return make(first.offset, Literal{Value::boolean(true)});
        if (equals_ignoring_case(first.text, "false")) return make(first.offset, Literal{Value::boolean(false)});
        if (token_.kind == TokenKind::lparen) return call(first.offset, first.text);
        if (token_.kind != TokenKind::dot) return make(first.offset, Attribute{"", first.text});
        advance();
        if (token_.kind != TokenKind::identifier) {
            fail_here("expected a name after '" + first.text + ".', found " + describe(token_));
            return nullptr;
        }
        const std::string second = token_.text;
        advance();
        if (token_.kind == TokenKind::lparen) return call(first.offset, first.text + "." + second);
        return make(first.offset, Attribute{first.text, second});
    }

    NodePtr call(std::size_t at, std::string function) {
        Call node{std::move(function), {}};
        if (!arguments(node.function, node.args)) return nullptr;
        return make(at, std::move(node));
    }

    // `(a, b, ...)` with the current token the '('.
    bool arguments(const std::string& function, std::vector<NodePtr>& args) {
        advance();
        if (token_.kind == TokenKind::rparen) {
            advance();
            return true;
        }
        while (true) {
            NodePtr arg = expression();
            if (failed_) return false;
            args.push_back(std::move(arg));
            if (token_.kind == TokenKind::comma) {
                advance();
                continue;
            }
            return expect(TokenKind::rparen, "expected ',' or ')' after an argument of " + function);
        }
    }

    bool expect(TokenKind kind, const std::string& what) {
        if (failed_) return false;
        if (token_.kind != kind) {
            fail_here(what + ", found " + describe(token_));
            return false;
        }
        advance();
        return true;
    }

    void advance() {
        if (failed_) return;
        LexError lex_error;
        if (auto token = lexer_.next(lex_error)) {
            token_ = std::move(*token);
        } else {
            fail_at(lex_error.offset, lex_error.detail);
        }
    }

    void fail_here(std::string detail) { fail_at(token_.offset, std::move(detail)); }

    void fail_at(std::size_t offset, std::string detail) {
        if (failed_) return;  // the first error is the one to report
        failed_ = true;
        error_ = Error{errc::syntax, column_of(text_, offset), std::move(detail), std::string(text_)};
    }

    template <class Kind>
    NodePtr make(std::size_t offset, Kind kind) {
        return std::make_unique<const Node>(Node{offset, std::move(kind)});
    }

    std::string_view text_;
    Lexer lexer_;
    Dialect dialect_;
    Token token_;
    bool failed_ = false;
    Error error_;
    int depth_ = 0;
};

}  // namespace

result<Parsed> parse(std::string_view text, std::size_t offset, Dialect dialect) {
    return Parser(text, offset, dialect).run();
}

}  // namespace oktasim::expr
