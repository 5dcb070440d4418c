// The discovery endpoints (RFC 7643 §5-7): /ServiceProviderConfig, /Schemas and /ResourceTypes, read-only.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "query.hpp"
#include "resource_kind.hpp"
#include "response.hpp"
#include "scim_json.hpp"

#include <oktasim/engine/scim_urns.hpp>

#include <vector>

namespace oktasim::connectors::simapp {

using namespace detail;

namespace {

struct AttributeSpec {
    std::string_view name;
    std::string_view type = "string";
    bool multi_valued = false;
    bool required = false;
    std::string_view mutability = "readWrite";
    std::string_view returned = "default";
    std::string_view uniqueness = "none";
    std::vector<AttributeSpec> sub_attributes = {};
};

json::object attribute_json(const AttributeSpec& spec) {
    json::object out;
    out["name"] = spec.name;
    out["type"] = spec.type;
    out["multiValued"] = spec.multi_valued;
    out["required"] = spec.required;
    out["caseExact"] = false;
    out["mutability"] = spec.mutability;
    out["returned"] = spec.returned;
    out["uniqueness"] = spec.uniqueness;
    if (!spec.sub_attributes.empty()) {
        json::array subs;
        for (const auto& sub : spec.sub_attributes) subs.push_back(attribute_json(sub));
        out["subAttributes"] = std::move(subs);
    }
    return out;
}

json::object schema_document(std::string_view base_url, std::string_view urn, std::string_view name,
                             const std::vector<AttributeSpec>& attributes) {
    json::object doc;
    doc["schemas"] = json::array{json::string(urn::schema)};
    doc["id"] = urn;
    doc["name"] = name;
    doc["description"] = std::string(name) + " resources";
    json::array list;
    for (const auto& a : attributes) list.push_back(attribute_json(a));
    doc["attributes"] = std::move(list);
    doc["meta"] = {{"resourceType", "Schema"}, {"location", std::string(base_url) + "/Schemas/" + std::string(urn)}};
    return doc;
}

json::array schema_documents(std::string_view base_url) {
    const std::vector<AttributeSpec> user = {
        {.name = "userName", .required = true, .uniqueness = "server"},
        {.name = "name", .type = "complex",
         .sub_attributes = {{.name = "formatted"},
                            {.name = "familyName"},
                            {.name = "givenName"},
                            {.name = "middleName"}}},
        {.name = "displayName"},
        {.name = "emails", .type = "complex", .multi_valued = true,
         .sub_attributes = {{.name = "value"}, {.name = "type"}, {.name = "primary", .type = "boolean"}}},
        {.name = "active", .type = "boolean"},
        {.name = "password", .mutability = "writeOnly", .returned = "never"},
        {.name = "groups", .type = "complex", .multi_valued = true, .mutability = "readOnly",
         .sub_attributes = {{.name = "value", .mutability = "readOnly"},
                            {.name = "display", .mutability = "readOnly"}}},
    };
    const std::vector<AttributeSpec> group = {
        {.name = "displayName", .required = true},
        {.name = "members", .type = "complex", .multi_valued = true,
         .sub_attributes = {{.name = "value", .mutability = "immutable"}, {.name = "display"}}},
    };
    json::array out;
    out.push_back(schema_document(base_url, urn::user, "User", user));
    out.push_back(schema_document(base_url, urn::group, "Group", group));
    return out;
}

json::array resource_type_documents(std::string_view base_url) {
    json::array out;
    for (ResourceKind kind : {ResourceKind::user, ResourceKind::group}) {
        const KindInfo& k = info(kind);
        json::object doc;
        doc["schemas"] = json::array{json::string(urn::resource_type)};
        doc["id"] = k.noun;
        doc["name"] = k.noun;
        doc["endpoint"] = "/" + std::string(k.endpoint);
        doc["description"] = std::string(k.noun) + " resources";
        doc["schema"] = k.schema;
        doc["meta"] = {{"resourceType", "ResourceType"},
                       {"location", std::string(base_url) + "/ResourceTypes/" + std::string(k.noun)}};
        out.push_back(std::move(doc));
    }
    return out;
}

json::array authentication_schemes(const AuthConfig& auth) {
    const auto scheme = [](std::string_view type, std::string_view name, std::string_view description) {
        json::array out;
        out.push_back(json::object{{"type", type}, {"name", name}, {"description", description}, {"primary", true}});
        return out;
    };
    switch (auth.kind) {
        case AuthConfig::Kind::none: return {};
        case AuthConfig::Kind::bearer:
            return scheme("oauthbearertoken", "OAuth Bearer Token", "A bearer token in the Authorization header");
        case AuthConfig::Kind::basic:
            return scheme("httpbasic", "HTTP Basic", "Username and password with HTTP Basic authentication");
        case AuthConfig::Kind::header:
            return scheme("oauthbearertoken", "HTTP Header", "A fixed value in the Authorization header");
    }
    return {};
}

json::object service_provider_config(std::string_view base_url, const AuthConfig& auth, const Quirks& quirks) {
    json::object doc;
    doc["schemas"] = json::array{json::string(urn::service_provider_config)};
    doc["patch"] = {{"supported", !quirks.no_patch}};
    doc["bulk"] = {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}};
    doc["filter"] = {{"supported", true}, {"maxResults", max_count}};
    doc["changePassword"] = {{"supported", true}};
    doc["sort"] = {{"supported", false}};
    doc["etag"] = {{"supported", false}};
    doc["authenticationSchemes"] = authentication_schemes(auth);
    doc["meta"] = {{"resourceType", "ServiceProviderConfig"},
                   {"location", std::string(base_url) + "/ServiceProviderConfig"}};
    return doc;
}

}  // namespace

SimApp::Outcome SimApp::route_discovery(const std::vector<std::string>& segments, const wire::Request& request) const {
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    const std::string base_url = config_.public_url + config_.base_path;
    const std::string& head = segments.front();
    if (head == "ServiceProviderConfig") {
        if (segments.size() != 1) return scim_error(404, "Unknown endpoint " + std::string(request.path()));
        return json_outcome(200, service_provider_config(base_url, auth_, config_.quirks));
    }
    json::array docs = head == "Schemas" ? schema_documents(base_url) : resource_type_documents(base_url);
    if (segments.size() == 1) {
        const auto n = static_cast<std::int64_t>(docs.size());
        return json_outcome(200, list_response(n, 1, n, std::move(docs)));
    }
    if (segments.size() == 2)
        for (const json::value& doc : docs)
            if (view(doc.get_object().at("id").get_string()) == segments[1]) return json_outcome(200, doc);
    return scim_error(404, head == "Schemas" ? "Schema not found" : "Resource type not found");
}

}  // namespace oktasim::connectors::simapp
