// The simulated app's responses: SCIM error bodies (RFC 7644 §3.12), ListResponses, JSON bodies kept valid UTF-8,
// and reading a client's JSON body.
#include "response.hpp"

#include "resource_kind.hpp"
#include "scim_json.hpp"

#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace oktasim::connectors::simapp::detail {

Outcome make_outcome(int status) {
    Outcome outcome;
    outcome.response.status = status;
    outcome.response.reason = std::string(wire::reason_phrase(status));
    return outcome;
}

void erase_header(std::vector<wire::Header>& headers, std::string_view name) {
    std::erase_if(headers, [&](const wire::Header& h) { return iequals(h.name, name); });
}

namespace {

// Replaces, in every string and key, what is not well-formed UTF-8 (bytes a request smuggled in, e.g. a filter
// given as %ff%fe that an error detail echoes), so the body stays valid JSON text (RFC 8259 §8.1).
json::value with_valid_utf8(const json::value& value) {
    if (const json::string* text = value.if_string()) return json::string(wire::valid_utf8(view(*text)));
    if (const json::array* list = value.if_array()) {
        json::array out;
        for (const json::value& item : *list) out.push_back(with_valid_utf8(item));
        return out;
    }
    if (const json::object* object = value.if_object()) {
        json::object out;
        for (const auto& member : *object) out[wire::valid_utf8(member.key())] = with_valid_utf8(member.value());
        return out;
    }
    return value;
}

}  // namespace

void set_json_body(wire::Response& response, const json::value& body) {
    response.body = json::serialize(body);
    if (!wire::is_valid_utf8(response.body)) response.body = json::serialize(with_valid_utf8(body));
    wire::set_header(response.headers, "Content-Type", std::string(scim_content_type));
}

void clear_body(wire::Response& response) {
    response.body.clear();
    erase_header(response.headers, "Content-Type");
}

Outcome json_outcome(int status, const json::value& body) {
    Outcome outcome = make_outcome(status);
    set_json_body(outcome.response, body);
    return outcome;
}

json::object error_body(int status, std::string_view detail, std::string_view scim_type) {
    json::object body;
    body["schemas"] = json::array{json::string(urn::error)};
    if (!scim_type.empty()) body["scimType"] = scim_type;
    body["detail"] = detail;
    body["status"] = std::to_string(status);  // RFC 7644 §3.12: a string
    return body;
}

Outcome scim_error(int status, std::string detail, std::string_view scim_type) {
    Outcome outcome = json_outcome(status, error_body(status, detail, scim_type));
    outcome.detail = std::move(detail);
    return outcome;
}

Outcome not_found(ResourceKind kind) { return scim_error(404, std::string(info(kind).noun) + " not found"); }

Outcome method_not_allowed(std::string_view method, std::string allow) {
    Outcome outcome = scim_error(405, "Method " + std::string(method) + " is not allowed on this endpoint");
    wire::set_header(outcome.response.headers, "Allow", std::move(allow));
    return outcome;
}

std::optional<json::object> parse_body(std::string_view text, Outcome& failure) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        failure = scim_error(400, "Request body is not valid JSON: " + ec.message(), "invalidSyntax");
        return std::nullopt;
    }
    if (!value.is_object()) {
        failure = scim_error(400, "Request body must be a JSON object", "invalidSyntax");
        return std::nullopt;
    }
    if (const auto where = non_finite_number(value)) {
        failure = scim_error(400, "Request body has a number out of range at " + *where + " (JSON numbers are finite)",
                             "invalidValue");
        return std::nullopt;
    }
    return std::move(value.get_object());
}

json::object list_response(std::int64_t total, std::int64_t start, std::int64_t per_page, json::array resources) {
    json::object body;
    body["schemas"] = json::array{json::string(urn::list_response)};
    body["totalResults"] = total;
    body["startIndex"] = start;
    body["itemsPerPage"] = per_page;
    body["Resources"] = std::move(resources);
    return body;
}

}  // namespace oktasim::connectors::simapp::detail
