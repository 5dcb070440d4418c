// The simulated app's responses: an Outcome (response plus backend-log detail), SCIM errors (RFC 7644 §3.12),
// ListResponses, JSON bodies, and reading a client's JSON body.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::simapp::detail {

using Outcome = SimApp::Outcome;
using Failure = std::optional<Outcome>;  // nullopt: carry on

Outcome make_outcome(int status);  // the status and its reason phrase, no body
void erase_header(std::vector<wire::Header>& headers, std::string_view name);
// The body as SCIM JSON (application/scim+json), with any ill-formed UTF-8 in it replaced.
void set_json_body(wire::Response& response, const json::value& body);
void clear_body(wire::Response& response);
Outcome json_outcome(int status, const json::value& body);

json::object error_body(int status, std::string_view detail, std::string_view scim_type);
// A SCIM error response whose detail is also what the backend log records.
Outcome scim_error(int status, std::string detail, std::string_view scim_type = {});
Outcome not_found(ResourceKind kind);
Outcome method_not_allowed(std::string_view method, std::string allow);

// The request body as a JSON object; nullopt with the 400 in `failure` otherwise.
std::optional<json::object> parse_body(std::string_view text, Outcome& failure);
json::object list_response(std::int64_t total, std::int64_t start, std::int64_t per_page, json::array resources);

}  // namespace oktasim::connectors::simapp::detail
