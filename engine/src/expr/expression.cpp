// Expression: a parsed text kept with its tree, evaluated with the built-in function table or another.
#include <oktasim/expr/evaluator.hpp>
#include <oktasim/expr/expression.hpp>
#include <oktasim/expr/parser.hpp>

namespace oktasim::expr {

result<Expression> Expression::parse(std::string_view text) {
    auto owned = std::make_shared<const std::string>(text);
    auto parsed = expr::parse(*owned, 0, Dialect::expression);
    if (!parsed) return parsed.error();
    return Expression(std::move(owned), std::shared_ptr<const Node>(std::move(parsed->root)));
}

result<Value> Expression::evaluate(const Context& context) const { return evaluate(context, builtin_functions()); }

result<Value> Expression::evaluate(const Context& context, const FunctionTable& functions) const {
    return expr::evaluate(*root_, *text_, context, functions);
}

result<Value> evaluate(std::string_view text, const Context& context) {
    auto expression = Expression::parse(text);
    if (!expression) return expression.error();
    return expression->evaluate(context);
}

}  // namespace oktasim::expr
