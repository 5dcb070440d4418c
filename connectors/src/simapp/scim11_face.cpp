// The simulated app's SCIM 1.1 face: 1.1 requests in as SCIM 2.0, answers out as 1.1 (Okta's 1.1 reference).
#include "scim11_face.hpp"

#include "scim_json.hpp"

#include <oktasim/connectors/scim/scim11.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace oktasim::connectors::simapp::detail {
namespace {

namespace v11 = scim::v11;

std::optional<v11::Kind> kind_of(std::string_view relative) {
    const auto head = relative.substr(0, relative.find('/', 1));
    if (head == "/Users") return v11::Kind::user;
    if (head == "/Groups") return v11::Kind::group;
    return std::nullopt;
}

// A filter's compare value: a JSON string (RFC 7644 §3.4.2.2).
std::string quoted(std::string_view value) { return json::serialize(json::string(value)); }

// A 1.1 partial resource (URNs already 2.0) as PatchOp operations: clears first, then per multi-valued attribute one
// remove per deleted value and one add, then one path-less replace with every single-valued attribute.
std::optional<Outcome> to_patch_op(const json::object& partial, json::array& operations) {
    if (const json::value* meta = partial.if_contains("meta"); meta && meta->is_object())
        if (const json::value* cleared = meta->as_object().if_contains("attributes"); cleared && cleared->is_array())
            for (const json::value& name : cleared->as_array())
                if (name.is_string()) operations.push_back(json::object{{"op", "remove"}, {"path", name}});
    json::object replaced;
    for (const auto& [key, value] : partial) {
        if (key == "schemas" || key == "id" || key == "meta") continue;
        const json::array* items = value.if_array();
        if (!items) {
            replaced[key] = value;
            continue;
        }
        json::array added;
        for (const json::value& item : *items) {
            const json::object* o = item.if_object();
            const json::value* operation = o ? o->if_contains("operation") : nullptr;
            if (!operation) {
                added.push_back(item);
                continue;
            }
            if (!(operation->is_string() && operation->as_string() == "delete"))
                return scim_error(400, "\"operation\" on a value of " + std::string(key) + " can only be \"delete\"",
                                  "invalidValue");
            const json::value* deleted = o->if_contains("value");
            if (!deleted || !deleted->is_string())
                return scim_error(400, "a deleted value of " + std::string(key) + " needs its \"value\"", "invalidValue");
            operations.push_back(json::object{
                {"op", "remove"}, {"path", std::string(key) + "[value eq " + quoted(deleted->as_string()) + "]"}});
        }
        if (!added.empty()) operations.push_back(json::object{{"op", "add"}, {"path", key}, {"value", std::move(added)}});
    }
    if (!replaced.empty()) operations.push_back(json::object{{"op", "replace"}, {"value", std::move(replaced)}});
    return std::nullopt;
}

json::object resource_to_v11(json::object resource) {
    resource = v11::to_v11(std::move(resource));
    strip_resource_type(resource);
    return resource;
}

}  // namespace

void strip_resource_type(json::object& resource) {
    if (json::value* meta = resource.if_contains("meta"); meta && meta->is_object()) meta->as_object().erase("resourceType");
}

std::optional<Outcome> request_from_v11(wire::Request& request, std::string_view relative) {
    const auto kind = kind_of(relative);
    if (!kind || request.body.empty()) return std::nullopt;
    if (request.method != "POST" && request.method != "PUT" && request.method != "PATCH") return std::nullopt;
    boost::system::error_code ec;
    json::value parsed = json::parse(request.body, ec);
    if (ec || !parsed.is_object()) return std::nullopt;
    json::object body = v11::from_v11(std::move(parsed.as_object()), *kind);
    if (request.method == "PATCH" && (body.contains("Operations") || lists_schema(body, urn::patch_op)))
        return scim_error(400, "This is a SCIM 1.1 server: a PATCH body is the partial resource, not a SCIM 2.0 PatchOp",
                          "invalidSyntax");
    if (request.method == "PATCH") {
        json::array operations;
        if (auto bad = to_patch_op(body, operations)) return bad;
        body = json::object{{"schemas", json::array{json::string(urn::patch_op)}}, {"Operations", std::move(operations)}};
    }
    request.body = json::serialize(body);
    wire::set_header(request.headers, "Content-Length", std::to_string(request.body.size()));
    return std::nullopt;
}

void outcome_to_v11(Outcome& outcome) {
    wire::Response& response = outcome.response;
    if (response.body.empty()) return;
    boost::system::error_code ec;
    json::value parsed = json::parse(response.body, ec);
    json::object* body = ec ? nullptr : parsed.if_object();
    if (!body) return;
    if (lists_schema(*body, urn::error)) {
        const json::value* detail = body->if_contains("detail");
        json::object error{{"description", detail && detail->is_string() ? detail->as_string() : json::string()},
                           {"code", response.status}};
        set_json_body(response, json::object{{"Errors", json::array{std::move(error)}}});
    } else if (lists_schema(*body, urn::list_response)) {
        (*body)["schemas"] = json::array{json::string(urn::v1::core)};
        if (json::value* resources = body->if_contains("Resources"); resources && resources->is_array())
            for (json::value& item : resources->as_array())
                if (item.is_object()) item = resource_to_v11(std::move(item.as_object()));
        set_json_body(response, *body);
    } else if (lists_schema(*body, urn::user) || lists_schema(*body, urn::group)) {
        set_json_body(response, resource_to_v11(std::move(*body)));
    } else {
        return;  // not a SCIM body (a web framework's 404, a token response, a 1.1 discovery document)
    }
    wire::set_header(response.headers, "Content-Type", std::string(scim11_content_type));
}

}  // namespace oktasim::connectors::simapp::detail
