// JSP-style app username templates (okta-mappings.md §7): literal text with `${...}` segments, e.g.
// ${source.login}, ${fn:substringBefore(source.login, "@")}, ${source.userName}${instance.userSuffix}.
// CUSTOM username formats are plain expressions: use Expression for those.
#pragma once

#include <oktasim/expr/ast.hpp>
#include <oktasim/expr/context.hpp>
#include <oktasim/expr/error.hpp>
#include <oktasim/expr/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::expr {

// Inside ${...} the expression grammar applies, plus the JSTL fn:* functions. Choices where JSP and Okta are
// silent: a segment that is null adds nothing (JSP EL writes null as ""), but a template of segments only that are
// all null is null, so a caller can tell "no username" from "". There is no \${ escape. A segment that is an
// array is an argument_type error.
class UsernameTemplate {
public:
    // A syntax error names the template and the 1-based column in it (an unclosed ${ is one).
    static result<UsernameTemplate> parse(std::string_view text);

    result<Value> evaluate(const Context& context) const;

    const std::string& text() const { return *text_; }

private:
    struct Segment {
        std::string literal;               // text before the expression (or the tail)
        std::shared_ptr<const Node> node;  // nullptr for the tail
    };
    UsernameTemplate(std::shared_ptr<const std::string> text, std::vector<Segment> segments)
        : text_(std::move(text)), segments_(std::move(segments)) {}

    std::shared_ptr<const std::string> text_;
    std::vector<Segment> segments_;
};

}  // namespace oktasim::expr
