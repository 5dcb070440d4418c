// Redaction of credentials in headers, JSON bodies and form bodies.
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace oktasim::wire {
namespace {

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

// SCIM passwords and the OAuth 2.0 token exchange's secrets (RFC 6749 §4.1.3, §5.1, §6).
bool is_secret_field(std::string_view key) noexcept { return is_secret_key(key); }

bool is_secret_header(std::string_view name) noexcept {
    return iequals(name, "Authorization") || iequals(name, "Proxy-Authorization") || iequals(name, "X-Api-Key") ||
           iequals(name, "Cookie") || iequals(name, "Set-Cookie");
}

std::vector<Header> redact(const std::vector<Header>& headers) {
    std::vector<Header> out = headers;
    for (auto& h : out) {
        if (!is_secret_header(h.name)) continue;
        // The scheme word stays only where there is one (Authorization: "Bearer [REDACTED]"); a cookie or API key
        // is hidden whole: "sid=SECRET; b=x" has no scheme, and its first word is the secret itself.
        const bool has_scheme = iequals(h.name, "Authorization") || iequals(h.name, "Proxy-Authorization");
        const auto space = h.value.find(' ');
        h.value = !has_scheme || space == std::string::npos ? "[REDACTED]" : h.value.substr(0, space) + " [REDACTED]";
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

}  // namespace oktasim::wire
