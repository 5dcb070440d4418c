// Beast messages -> wire messages (see beast_wire.hpp).
#include "beast_wire.hpp"

#include <boost/beast/http/error.hpp>

#include <string>
#include <utility>
#include <vector>

namespace oktasim::connectors::http {
namespace {

namespace bhttp = boost::beast::http;

std::vector<wire::Header> to_wire(const bhttp::fields& fields) {
    std::vector<wire::Header> headers;
    for (const auto& field : fields) headers.push_back({std::string(field.name_string()), std::string(field.value())});
    return headers;
}

}  // namespace

wire::Request to_wire(bhttp::request<bhttp::string_body>& message) {
    wire::Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.headers = to_wire(message.base());
    request.body = std::move(message.body());
    return request;
}

wire::Response to_wire(bhttp::response<bhttp::string_body>& message) {
    wire::Response response;
    response.status = static_cast<int>(message.result_int());
    response.reason = std::string(message.reason());
    if (response.reason.empty()) response.reason = std::string(wire::reason_phrase(response.status));
    response.headers = to_wire(message.base());
    response.body = std::move(message.body());
    return response;
}

bool is_http_parse_error(const boost::system::error_code& ec) {
    if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category()) return false;
    return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
           ec != bhttp::error::short_read;
}

}  // namespace oktasim::connectors::http
