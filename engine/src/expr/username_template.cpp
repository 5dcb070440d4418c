// Username templates: split at ${ ... }, each inside parsed in the template dialect (which ends at its '}'),
// evaluated in order and joined.
#include <oktasim/expr/evaluator.hpp>
#include <oktasim/expr/parser.hpp>
#include <oktasim/expr/lexer.hpp>
#include <oktasim/expr/username_template.hpp>

namespace oktasim::expr {

result<UsernameTemplate> UsernameTemplate::parse(std::string_view text) {
    auto owned = std::make_shared<const std::string>(text);
    const std::string& all = *owned;
    std::vector<Segment> segments;
    std::size_t at = 0;
    while (true) {
        const std::size_t open = all.find("${", at);
        if (open == std::string::npos) {
            segments.push_back({all.substr(at), nullptr});
            break;
        }
        auto parsed = expr::parse(all, open + 2, Dialect::template_segment);
        if (!parsed) return parsed.error();
        segments.push_back({all.substr(at, open - at), std::shared_ptr<const Node>(std::move(parsed->root))});
        at = parsed->end;
    }
    return UsernameTemplate(std::move(owned), std::move(segments));
}

result<Value> UsernameTemplate::evaluate(const Context& context) const {
    std::string out;
    bool any_literal = false;
    bool any_value = false;
    for (const auto& segment : segments_) {
        out += segment.literal;
        any_literal = any_literal || !segment.literal.empty();
        if (!segment.node) continue;
        auto value = expr::evaluate(*segment.node, *text_, context, builtin_functions());
        if (!value) return value;
        if (value->is_null()) continue;
        auto text = concat_text(*value);
        if (!text)
            return Error{errc::argument_type, column_of(*text_, segment.node->offset),
                         "a ${...} segment must give text, got " + std::string(describe(value->kind())), *text_};
        out += *text;
        any_value = true;
    }
    if (!any_literal && !any_value) return Value::null();
    return Value::string(std::move(out));
}

}  // namespace oktasim::expr
