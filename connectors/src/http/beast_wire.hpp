// Received Beast messages as wire messages, and which Beast errors mean malformed HTTP: the one translation the
// HTTP server (requests) and the HTTP transport (responses) share, so both read a peer's message the same way.
#pragma once

#include <oktasim/wire/message.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

namespace oktasim::connectors::http {

// Method, target and every header as received (order and repeats kept); the body is moved out of `message`.
wire::Request to_wire(boost::beast::http::request<boost::beast::http::string_body>& message);
// Status, reason (the standard phrase when the peer sent none), headers as received; the body is moved out.
wire::Response to_wire(boost::beast::http::response<boost::beast::http::string_body>& message);

// True when a read failed because the peer's bytes are not HTTP, as opposed to the stream ending early.
bool is_http_parse_error(const boost::system::error_code& ec);

}  // namespace oktasim::connectors::http
