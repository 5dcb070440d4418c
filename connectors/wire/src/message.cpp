// Header look-up, request targets, transport failures and reason phrases of wire messages.
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/text.hpp>

#include <algorithm>

namespace oktasim::wire {

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

bool valid_header_value(std::string_view value) noexcept {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7F;
    });
}

}  // namespace oktasim::wire
