// The tokens of the expression language, read one at a time from an offset so a username template can stop at
// the `}` that closes its `${...}` and go on with the literal text after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::expr {

enum class TokenKind {
    end,         // no more text
    identifier,  // user, String, substringBefore, AND; in templates also fn:toLowerCase
    integer,     // 1234
    number,      // 3.141, 1e3
    string,      // 'Hello' or "Hello" (text holds the unquoted contents)
    lparen, rparen, lbrace, rbrace, lbracket, rbracket, comma, dot,
    question,    // ?  (ternary)
    colon,       // :
    elvis,       // ?:
    equal, not_equal, less, greater, less_equal, greater_equal,
    and_and, or_or, bang, plus, minus,
};

struct Token {
    TokenKind kind = TokenKind::end;
    std::size_t offset = 0;  // byte offset of the token's first character in the text
    std::string text;        // identifier name or string contents
    std::int64_t integer = 0;
    double number = 0;
};

// How a token reads in a message: "end of expression", "')'", "identifier 'foo'", "string 'abc'", "number 12".
std::string describe(const Token& token);

// What went wrong reading a token, and where (byte offset).
struct LexError {
    std::size_t offset = 0;
    std::string detail;
};

class Lexer {
public:
    // `fn_prefix`: read `fn:name` as one identifier (the JSTL functions of JSP-style username templates, §7).
    Lexer(std::string_view text, std::size_t offset, bool fn_prefix) : text_(text), at_(offset), fn_prefix_(fn_prefix) {}

    // The next token, or the first lexical error. SpEL strings have no backslash escapes: a quote is doubled
    // ('It''s'), and "\" is one backslash, as Okta's documented sample `... + "\" + ...` needs.
    std::optional<Token> next(LexError& error);

    // Where the next token would start (after the last one returned).
    std::size_t offset() const { return at_; }

private:
    bool read_number(Token& token, LexError& error);
    bool read_string(Token& token, LexError& error);
    bool read_operator(Token& token, LexError& error);

    std::string_view text_;
    std::size_t at_;
    bool fn_prefix_;
};

// The 1-based column of byte `offset` in `text`, counting UTF-8 characters (not bytes).
std::size_t column_of(std::string_view text, std::size_t offset);

}  // namespace oktasim::expr
