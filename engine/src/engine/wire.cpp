// Header look-up, reason phrases, percent-encoding and redaction for wire messages.
#include <oktasim/engine/wire.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace oktasim::wire {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Length of the well-formed UTF-8 sequence `text` starts with, after the table of RFC 3629 §4 (which leaves out
// overlong forms, surrogates and code points past U+10FFFF); 0 when it starts with none.
std::size_t utf8_sequence(std::string_view text) noexcept {
    const auto at = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = at(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (text.size() < length || at(1) < low || at(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((at(i) & 0xC0) != 0x80) return 0;
    return length;
}

constexpr std::array<std::string_view, 4> secret_keys = {"password", "access_token", "refresh_token",
                                                         "client_secret"};

bool is_secret_key(std::string_view key) noexcept {
    return std::find(secret_keys.begin(), secret_keys.end(), key) != secret_keys.end();
}

void redact_json(boost::json::value& v) {
    if (auto* o = v.if_object()) {
        for (auto& [k, child] : *o) {
            if (is_secret_key(k) && !child.is_null())
                child = "[REDACTED]";
            else
                redact_json(child);
        }
    } else if (auto* a = v.if_array()) {
        for (auto& child : *a) redact_json(child);
    }
}

// key=value pairs separated by '&' (application/x-www-form-urlencoded); keys compared after percent-decoding.
std::string redact_form(std::string_view body) {
    std::string out;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t amp = std::min(body.find('&', start), body.size());
        const std::string_view pair = body.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        const auto key = eq == std::string_view::npos ? std::nullopt : percent_decode(pair.substr(0, eq), true);
        if (key && is_secret_key(*key))
            out.append(pair.substr(0, eq + 1)).append("[REDACTED]");
        else
            out.append(pair);
        if (amp < body.size()) out.push_back('&');
        start = amp + 1;
    }
    return out;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<QueryPair> split_query(std::string_view query) {
    std::vector<QueryPair> pairs;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        pairs.push_back({pair.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1)});
    }
    return pairs;
}

bool is_valid_utf8(std::string_view text) noexcept {
    while (!text.empty()) {
        const std::size_t n = utf8_sequence(text);
        if (n == 0) return false;
        text.remove_prefix(n);
    }
    return true;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t n = utf8_sequence(text);
        out.append(n == 0 ? std::string_view("\xEF\xBF\xBD") : text.substr(0, n));  // U+FFFD for a bad byte
        text.remove_prefix(n == 0 ? 1 : n);
    }
    return out;
}

// SCIM passwords and the OAuth 2.0 token exchange's secrets (RFC 6749 §4.1.3, §5.1, §6).
bool is_secret_field(std::string_view key) noexcept { return is_secret_key(key); }

std::string_view find_header(const std::vector<Header>& headers, std::string_view name) noexcept {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return h.value;
    return {};
}

void set_header(std::vector<Header>& headers, std::string name, std::string value) {
    for (auto& h : headers) {
        if (iequals(h.name, name)) {
            h.value = std::move(value);
            return;
        }
    }
    headers.push_back({std::move(name), std::move(value)});
}

std::string_view Request::path() const noexcept {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view Request::query() const noexcept {
    const std::string_view t = target;
    const auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string_view to_string(TransportFailure f) noexcept {
    switch (f) {
        case TransportFailure::none: return "none";
        case TransportFailure::connection_refused: return "connection refused";
        case TransportFailure::connection_reset: return "connection reset";
        case TransportFailure::timeout: return "read timed out";
        case TransportFailure::tls: return "TLS failure";
    }
    return "unknown";
}

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 412: return "Precondition Failed";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Unknown";
    }
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string base64(std::string_view data) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, data.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t k = 0; k < 3; ++k)
            chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(data[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k)
            out.push_back(k <= n ? alphabet[(chunk >> (18 - 6 * k)) & 0x3F] : '=');
    }
    return out;
}

bool is_secret_header(std::string_view name) noexcept {
    return iequals(name, "Authorization") || iequals(name, "Proxy-Authorization") || iequals(name, "X-Api-Key") ||
           iequals(name, "Cookie") || iequals(name, "Set-Cookie");
}

std::vector<Header> redact(const std::vector<Header>& headers) {
    std::vector<Header> out = headers;
    for (auto& h : out) {
        if (!is_secret_header(h.name)) continue;
        const auto space = h.value.find(' ');
        h.value = space == std::string::npos ? "[REDACTED]" : h.value.substr(0, space) + " [REDACTED]";
    }
    return out;
}

std::string redact_body(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) return redact_form(body);
    redact_json(v);
    return boost::json::serialize(v);
}

bool valid_header_value(std::string_view value) noexcept {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7F;
    });
}

}  // namespace oktasim::wire
