// The loader's first stage: strict JSON (no comments, trailing commas or repeated keys, valid UTF-8), each syntax
// error named by line and column and said in words a scenario author can act on.
#include "loader.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <vector>

namespace oktasim::runner {
namespace {

// A json::basic_parser handler that builds nothing and finds the first key repeated within one object.
// json::parse keeps the last of repeated keys without a word, which in a scenario silently drops a step list
// or an argument; and its errors carry no position, which basic_parser's consumed-byte count supplies.
class DuplicateKeyFinder {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    std::optional<std::string> duplicate;  // JSON pointer of the repeated key
    bool out_of_range = false;             // a number too large for a double (Boost.JSON reads it as infinity)

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        frames_.push_back({true, {}, {}, 0});
        return true;
    }
    bool on_object_end(std::size_t, error_code&) { return end_container(); }
    bool on_array_begin(error_code&) {
        frames_.push_back({false, {}, {}, 0});
        return true;
    }
    bool on_array_end(std::size_t, error_code&) { return end_container(); }
    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, error_code& ec) {
        key_.append(s.data(), s.size());
        Frame& f = frames_.back();
        f.key = std::move(key_);
        key_.clear();
        if (!f.keys.insert(f.key).second) {
            duplicate = pointer();
            ec = json::error::syntax;  // stops the parser; `duplicate` says why
            return false;
        }
        return true;
    }
    bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
    bool on_string(json::string_view, std::size_t, error_code&) { return scalar(); }
    bool on_number_part(json::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, error_code&) { return scalar(); }
    bool on_uint64(std::uint64_t, json::string_view, error_code&) { return scalar(); }
    bool on_double(double d, json::string_view, error_code& ec) {
        if (std::isfinite(d)) return scalar();
        out_of_range = true;
        ec = json::error::syntax;  // stops the parser; `out_of_range` says why
        return false;
    }
    bool on_bool(bool, error_code&) { return scalar(); }
    bool on_null(error_code&) { return scalar(); }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

private:
    struct Frame {
        bool object;
        std::set<std::string, std::less<>> keys;
        std::string key;    // objects: the key being read
        std::size_t index;  // arrays: the element being read
    };

    bool scalar() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
        return true;
    }
    bool end_container() {
        frames_.pop_back();
        return scalar();
    }
    std::string pointer() const {
        std::string out;
        for (const Frame& f : frames_) out += "/" + (f.object ? pointer_escape(f.key) : std::to_string(f.index));
        return out;
    }

    std::vector<Frame> frames_;
    std::string key_;
};

// "line 3, column 14" of a byte offset (columns count bytes, from 1).
std::string position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
    const std::size_t newline = text.substr(0, offset).rfind('\n');
    const std::size_t column = offset - (newline == std::string_view::npos ? 0 : newline + 1) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629 §4: no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos. Boost.JSON rejects these too, but only says "syntax error".
std::size_t first_invalid_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    for (std::size_t i = 0; i < text.size();) {
        const unsigned c = byte(i);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (c < 0x80) n = 1;
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else return i;
        for (std::size_t k = 1; k < n; ++k) {
            const unsigned b = byte(i + k);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
        }
        i += n;
    }
    return std::string_view::npos;
}

// What a JSON syntax error at `offset` most likely is, in words a scenario author can act on.
std::string syntax_error(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "syntax error: the file ends inside a value (an unclosed string, '{' or '[')";
    const auto c = static_cast<unsigned char>(text[offset]);
    const std::string_view rest = text.substr(offset);
    const std::size_t before = offset == 0 ? std::string_view::npos : text.find_last_not_of(" \t\r\n", offset - 1);
    const char previous = before == std::string_view::npos ? '\0' : text[before];
    if (c == '/')
        return "syntax error: JSON has no comments (remove the comment, or move the text into a \"note\" or "
               "\"description\")";
    if ((c == '}' || c == ']') && previous == ',')
        return std::string("syntax error: a trailing comma before '") + char(c) + "' (JSON allows none; remove the comma)";
    if (rest.rfind("NaN", 0) == 0 || rest.rfind("Infinity", 0) == 0 || rest.rfind("nan", 0) == 0 ||
        rest.rfind("inf", 0) == 0)
        return "syntax error: NaN and Infinity are not JSON (numbers must be finite, written in decimal)";
    if (offset > 0 && text[offset - 1] == '\\' && c >= 0x20 && c < 0x7F)
        return std::string("syntax error: invalid escape '\\") + char(c) +
               "' in a string (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)";
    if (offset >= 6 && text[offset - 6] == '\\' && (text[offset - 5] == 'u' || text[offset - 5] == 'U') &&
        (text[offset - 4] == 'd' || text[offset - 4] == 'D'))
        return "syntax error: a \\u escape of a UTF-16 surrogate must be a high surrogate (\\uD800-\\uDBFF) followed by "
               "a low one (\\uDC00-\\uDFFF)";
    if (c < 0x20)
        return "syntax error: control character " + hex_byte(c) +
               " (inside a string write it as an escape such as \\n, \\t or \\u00" + hex_byte(c).substr(2) + ")";
    if (c == '\'') return "syntax error: strings and keys are written in double quotes in JSON, not single quotes";
    if (c >= 0x7F) return "syntax error: unexpected byte " + hex_byte(c);
    return std::string("syntax error: unexpected '") + char(c) + "'";
}

// The message for a parse failure with error code `ec` at `offset`.
std::string json_error(std::string_view text, std::size_t offset, const error_code& ec) {
    if (ec == json::error::syntax) return syntax_error(text, offset);
    if (ec == json::error::incomplete) return syntax_error(text, text.size());
    if (ec == json::error::too_deep)
        return "nested deeper than " + std::to_string(json::parse_options{}.max_depth) +
               " levels of objects and arrays (no scenario needs that many)";
    if (ec == json::error::exponent_overflow) return "number out of range: its exponent is too large";
    return ec.message();
}

}  // namespace

bool parse_json(std::string_view text, json::value& root, LoadError& error) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark, as some editors write
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        error.message = "the file is empty; expected a scenario object";
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    }
    const auto fail = [&](std::size_t offset, const std::string& why) {
        error.message = "not valid JSON at " + position(text, offset) + ": " + why;
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    };
    if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos)
        return fail(bad, "invalid UTF-8 byte " + hex_byte(static_cast<unsigned char>(text[bad])) +
                             " (a scenario file must be UTF-8 text; was it saved in another encoding?)");
    json::basic_parser<DuplicateKeyFinder> scan{json::parse_options{}};
    error_code ec;
    const std::size_t consumed = scan.write_some(false, text.data(), text.size(), ec);
    if (scan.handler().duplicate) {
        error.path = *scan.handler().duplicate;
        error.message = "repeated key (at " + position(text, consumed) +
                        "); JSON objects must not repeat a key, the earlier value would be silently dropped";
        error.code = make_error_code(scenario_errc::bad_json);
        return false;
    }
    if (scan.handler().out_of_range) {
        const std::size_t start = text.find_last_not_of("0123456789+-.eE", consumed == 0 ? 0 : consumed - 1);
        return fail(start == std::string_view::npos ? 0 : start + 1,
                    "number out of range (larger than a 64-bit floating-point number can hold)");
    }
    if (ec) return fail(consumed, json_error(text, consumed, ec));
    if (const std::size_t extra = text.find_first_not_of(" \t\r\n", consumed); extra != std::string_view::npos)
        return fail(extra, "syntax error: more text after the end of the scenario object (a second top-level value, "
                           "or one '}' too many?)");
    root = json::parse(text, ec);
    if (ec) return fail(0, json_error(text, 0, ec));  // not expected after the scan, but never trust that silently
    return true;
}

}  // namespace oktasim::runner
