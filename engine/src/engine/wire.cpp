// Header look-up, reason phrases, percent-encoding and redaction for wire messages.
#include <oktasim/engine/wire.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace oktasim::wire {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

// SCIM passwords and the OAuth 2.0 token exchange's secrets (RFC 6749 §4.1.3, §5.1, §6).
bool is_secret_field(std::string_view key) noexcept {
    return key == "password" || key == "access_token" || key == "refresh_token" || key == "client_secret";
}

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
    for (unsigned char c : text) {
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

namespace {

void redact_secret_fields(boost::json::value& v) {
    if (auto* o = v.if_object()) {
        for (auto& [k, child] : *o) {
            if (is_secret_field(k) && child.is_string()) child = "[REDACTED]";
            else redact_secret_fields(child);
        }
    } else if (auto* a = v.if_array()) {
        for (auto& child : *a) redact_secret_fields(child);
    }
}

}  // namespace

std::string redact_body(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (!ec) {
        redact_secret_fields(v);
        return boost::json::serialize(v);
    }
    // Not JSON: a form body (the OAuth token request) or text; hide the values of secret form fields.
    std::string out;
    out.reserve(body.size());
    while (true) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && is_secret_field(percent_decode(pair.substr(0, eq), true).value_or("")))
            out.append(pair.substr(0, eq + 1)).append("[REDACTED]");
        else
            out.append(pair);
        if (amp == std::string_view::npos) break;
        out.push_back('&');
        body.remove_prefix(amp + 1);
    }
    return out;
}

bool valid_header_value(std::string_view value) noexcept {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7F;
    });
}

}  // namespace oktasim::wire
