// Reads the expression language's tokens: identifiers, SpEL number and string literals, operators.
#include <oktasim/expr/lexer.hpp>

#include <charconv>
#include <system_error>

namespace oktasim::expr {

namespace {

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string describe(const Token& token) {
    switch (token.kind) {
    case TokenKind::end: return "end of expression";
    case TokenKind::identifier: return "identifier '" + token.text + "'";
    case TokenKind::integer: return "number " + std::to_string(token.integer);
    case TokenKind::number: return "a number";
    case TokenKind::string: return "string '" + token.text + "'";
    case TokenKind::lparen: return "'('";
    case TokenKind::rparen: return "')'";
    case TokenKind::lbrace: return "'{'";
    case TokenKind::rbrace: return "'}'";
    case TokenKind::lbracket: return "'['";
    case TokenKind::rbracket: return "']'";
    case TokenKind::comma: return "','";
    case TokenKind::dot: return "'.'";
    case TokenKind::question: return "'?'";
    case TokenKind::colon: return "':'";
    case TokenKind::elvis: return "'?:'";
    case TokenKind::equal: return "'=='";
    case TokenKind::not_equal: return "'!='";
    case TokenKind::less: return "'<'";
    case TokenKind::greater: return "'>'";
    case TokenKind::less_equal: return "'<='";
    case TokenKind::greater_equal: return "'>='";
    case TokenKind::and_and: return "'&&'";
    case TokenKind::or_or: return "'||'";
    case TokenKind::bang: return "'!'";
    case TokenKind::plus: return "'+'";
    case TokenKind::minus: return "'-'";
    }
    return "a token";
}

std::optional<Token> Lexer::next(LexError& error) {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
    Token token;
    token.offset = at_;
    if (at_ == text_.size()) return token;
    const char c = text_[at_];
    if (is_identifier_start(c)) {
        std::size_t end = at_;
        while (end < text_.size() && is_identifier_char(text_[end])) ++end;
        if (fn_prefix_ && text_.substr(at_, end - at_) == "fn" && end + 1 < text_.size() && text_[end] == ':' &&
            is_identifier_start(text_[end + 1])) {
            end += 1;
            while (end < text_.size() && is_identifier_char(text_[end])) ++end;
        }
        token.kind = TokenKind::identifier;
        token.text = std::string(text_.substr(at_, end - at_));
        at_ = end;
        return token;
    }
    if (is_digit(c)) {
        if (!read_number(token, error)) return std::nullopt;
        return token;
    }
    if (c == '\'' || c == '"') {
        if (!read_string(token, error)) return std::nullopt;
        return token;
    }
    if (!read_operator(token, error)) return std::nullopt;
    return token;
}

bool Lexer::read_number(Token& token, LexError& error) {
    std::size_t end = at_;
    while (end < text_.size() && is_digit(text_[end])) ++end;
    bool fraction = false;
    // "1.5" is a number; "1.x" is 1 then '.', as SpEL reads it.
    if (end + 1 < text_.size() && text_[end] == '.' && is_digit(text_[end + 1])) {
        fraction = true;
        ++end;
        while (end < text_.size() && is_digit(text_[end])) ++end;
    }
    if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
        std::size_t exponent = end + 1;
        if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
        if (exponent < text_.size() && is_digit(text_[exponent])) {
            fraction = true;
            end = exponent;
            while (end < text_.size() && is_digit(text_[end])) ++end;
        }
    }
    if (end < text_.size() && is_identifier_char(text_[end])) {
        error = {end, "unexpected '" + std::string(1, text_[end]) + "' in a number"};
        return false;
    }
    const char* first = text_.data() + at_;
    const char* last = text_.data() + end;
    if (fraction) {
        token.kind = TokenKind::number;
        const auto [ptr, ec] = std::from_chars(first, last, token.number);
        if (ec != std::errc() || ptr != last) {
            error = {at_, "number " + std::string(first, last) + " is out of range"};
            return false;
        }
    } else {
        token.kind = TokenKind::integer;
        const auto [ptr, ec] = std::from_chars(first, last, token.integer);
        if (ec != std::errc() || ptr != last) {
            error = {at_, "integer " + std::string(first, last) + " does not fit in 64 bits"};
            return false;
        }
    }
    at_ = end;
    return true;
}

bool Lexer::read_string(Token& token, LexError& error) {
    const char quote = text_[at_];
    std::size_t i = at_ + 1;
    while (true) {
        if (i >= text_.size()) {
            error = {at_, std::string("unterminated string: no closing ") + quote};
            return false;
        }
        if (text_[i] == quote) {
            if (i + 1 < text_.size() && text_[i + 1] == quote) {  // a doubled quote is one quote character
                token.text += quote;
                i += 2;
                continue;
            }
            break;
        }
        token.text += text_[i];
        ++i;
    }
    token.kind = TokenKind::string;
    at_ = i + 1;
    return true;
}

bool Lexer::read_operator(Token& token, LexError& error) {
    const char c = text_[at_];
    const char d = at_ + 1 < text_.size() ? text_[at_ + 1] : '\0';
    const auto two = [&](TokenKind kind) {
        token.kind = kind;
        at_ += 2;
        return true;
    };
    const auto one = [&](TokenKind kind) {
        token.kind = kind;
        at_ += 1;
        return true;
    };
    switch (c) {
    case '(': return one(TokenKind::lparen);
    case ')': return one(TokenKind::rparen);
    case '{': return one(TokenKind::lbrace);
    case '}': return one(TokenKind::rbrace);
    case '[': return one(TokenKind::lbracket);
    case ']': return one(TokenKind::rbracket);
    case ',': return one(TokenKind::comma);
    case '.': return one(TokenKind::dot);
    case ':': return one(TokenKind::colon);
    case '+': return one(TokenKind::plus);
    case '-': return one(TokenKind::minus);
    case '?': return d == ':' ? two(TokenKind::elvis) : one(TokenKind::question);
    case '<': return d == '=' ? two(TokenKind::less_equal) : one(TokenKind::less);
    case '>': return d == '=' ? two(TokenKind::greater_equal) : one(TokenKind::greater);
    case '!': return d == '=' ? two(TokenKind::not_equal) : one(TokenKind::bang);
    case '=':
        if (d == '=') return two(TokenKind::equal);
        error = {at_, "'=' is an assignment, which expressions may not contain (compare with '==')"};
        return false;
    case '&':
        if (d == '&') return two(TokenKind::and_and);
        error = {at_, "unexpected '&' (and is '&&' or AND)"};
        return false;
    case '|':
        if (d == '|') return two(TokenKind::or_or);
        error = {at_, "unexpected '|' (or is '||' or OR)"};
        return false;
    default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    error = {at_, byte >= 0x20 && byte < 0x7f ? "unexpected '" + std::string(1, c) + "'"
                                              : "unexpected character (byte " + std::to_string(byte) + ")"};
    return false;
}

std::size_t column_of(std::string_view text, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // skip UTF-8 continuation bytes
    return column;
}

}  // namespace oktasim::expr
