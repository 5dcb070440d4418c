// The discovery endpoints (RFC 7643 §5-7): /ServiceProviderConfig (SCIM 1.1: /ServiceProviderConfigs, with Okta's
// extension), /Schemas and /ResourceTypes, read-only.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "query.hpp"
#include "resource_kind.hpp"
#include "response.hpp"
#include "scim11_face.hpp"
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

// SCIM 1.1's /ServiceProviderConfigs with Okta's extension: the provisioning features the app offers, as Okta's
// on-premises agent reads them (docs/okta-behaviour.md §2.15).
json::object service_provider_configs(std::string_view base_url, const AuthConfig& auth, const Quirks& quirks) {
    json::object doc = service_provider_config(base_url, auth, quirks);
    doc.erase("meta");
    doc["schemas"] = json::array{json::string(urn::v1::core), json::string(urn::v1::okta_provider_config)};
    doc["documentationUrl"] = std::string(base_url) + "/ServiceProviderConfigs";
    json::array features;
    for (std::string_view f : {"GROUP_PUSH", "IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS",
                               "PUSH_PASSWORD_UPDATES", "PUSH_PENDING_USERS", "PUSH_PROFILE_UPDATES",
                               "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"})
        features.push_back(json::string(f));
    doc[urn::v1::okta_provider_config] = json::object{{"userManagementCapabilities", std::move(features)}};
    return doc;
}

// A discovery document or list in 1.1 terms: the core URN (and, on a list, the ListResponse URN Okta's 1.1 SPEC
// test asserts), meta without resourceType.
json::object discovery_v11(json::object doc, bool list) {
    doc["schemas"] = list ? json::array{json::string(urn::v1::core), json::string(urn::v1::list_response)}
                          : json::array{json::string(urn::v1::core)};
    strip_resource_type(doc);
    if (json::value* schema = doc.if_contains("schema"); schema && schema->is_string())
        *schema = json::string(urn::v1::core);  // a resource type's schema: 1.1 has one core schema
    if (json::value* resources = doc.if_contains("Resources"); resources && resources->is_array())
        for (json::value& item : resources->as_array())
            if (item.is_object()) item = discovery_v11(std::move(item.as_object()), false);
    return doc;
}

}  // namespace

SimApp::Outcome SimApp::route_discovery(const std::vector<std::string>& segments, const wire::Request& request) const {
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    const std::string base_url = config_.public_url + config_.base_path;
    const std::string& head = segments.front();
    const bool v11 = config_.scim_version == ScimVersion::v1_1;
    // SCIM 1.1 answers in its own URNs as application/json (outcome_to_v11 leaves discovery documents alone).
    const auto answer = [v11](json::object doc, bool list) {
        if (!v11) return json_outcome(200, doc);
        Outcome outcome = json_outcome(200, discovery_v11(std::move(doc), list));
        wire::set_header(outcome.response.headers, "Content-Type", std::string(scim11_content_type));
        return outcome;
    };
    if (head == "ServiceProviderConfig" || head == "ServiceProviderConfigs") {
        if (segments.size() != 1) return scim_error(404, "Unknown endpoint " + std::string(request.path()));
        if (v11) {
            Outcome outcome = json_outcome(200, service_provider_configs(base_url, auth_, config_.quirks));
            wire::set_header(outcome.response.headers, "Content-Type", std::string(scim11_content_type));
            return outcome;
        }
        return answer(service_provider_config(base_url, auth_, config_.quirks), false);
    }
    json::array docs = head == "Schemas" ? schema_documents(base_url) : resource_type_documents(base_url);
    if (segments.size() == 1) {
        const auto n = static_cast<std::int64_t>(docs.size());
        return answer(list_response(n, 1, n, std::move(docs)), true);
    }
    if (segments.size() == 2)
        for (const json::value& doc : docs)
            if (view(doc.get_object().at("id").get_string()) == segments[1]) return answer(doc.get_object(), false);
    return scim_error(404, head == "Schemas" ? "Schema not found" : "Resource type not found");
}

}  // namespace oktasim::connectors::simapp
