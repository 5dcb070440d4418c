// The Users and Groups operations over SCIM: list (filter, paging), get, create, replace, patch, delete, the
// checks a stored body must pass, and how a stored resource is rendered.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "client_body.hpp"
#include "filter.hpp"
#include "patch.hpp"
#include "query.hpp"
#include "resource_kind.hpp"
#include "response.hpp"
#include "scim_json.hpp"

#include <oktasim/engine/scim_urns.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iterator>

namespace oktasim::connectors::simapp {

using namespace detail;

SimApp::Outcome SimApp::list(Kind kind, const wire::Request& request) const {
    std::string bad;
    const auto params = parse_query(request.query(), bad);
    if (!params)
        return scim_error(400, "Malformed percent-encoding in query parameter '" + bad + "'",
                          iequals(bad, "filter") ? "invalidFilter" : "invalidSyntax");
    Paging paging;
    if (auto failure = read_paging(*params, paging)) return std::move(*failure);
    std::optional<Comparison> filter;
    std::string attr;
    if (const std::string* text = find_param(*params, "filter")) {
        std::string why;
        filter = parse_comparison(*text, why);
        if (filter) attr = filter_attribute(kind, *filter, why);
        if (!filter || attr.empty()) return scim_error(400, "Invalid filter '" + *text + "': " + why, "invalidFilter");
    }
    const Store& items = store(kind);
    json::array page;
    std::int64_t total = 0;
    if (!filter) {  // the page straight from the store, nothing copied; its first resource found by position
        total = static_cast<std::int64_t>(items.positions.size());
        if (const auto first = items.positions.nth(static_cast<std::uint64_t>(paging.start - 1))) {
            auto it = items.items.find(*first);
            for (std::int64_t n = 0; it != items.items.end() && n < paging.count; ++it, ++n)
                page.push_back(render(kind, it->second));
        }
    } else {
        const std::string_view wanted = view(filter->value.get_string());
        const std::int64_t wanted_ms =
            attr == "meta.lastModified" ? sim::WallClock::parse_timestamp(wanted).value_or(0) : 0;
        const auto matches = [&](const Resource& r) {
            if (attr == "meta.lastModified")
                return time_matches(filter->op, sim::WallClock::parse_timestamp(r.last_modified).value_or(0), wanted_ms);
            return filter_matches(attr, wanted, r.id, r.body, config_.quirks.case_sensitive_user_name_filter);
        };
        // An incremental import's filter scans the store once per page: it asks for what changed, which is
        // usually few, and the scan is linear in the store, not in the pages read so far.
        std::vector<const Resource*> hits;
        if (auto candidates = indexed(kind, attr, wanted)) {
            for (const Resource* r : *candidates)
                if (matches(*r)) hits.push_back(r);
        } else {
            for (const auto& [seq, r] : items.items)
                if (matches(r)) hits.push_back(&r);
        }
        total = static_cast<std::int64_t>(hits.size());
        for (std::int64_t i = paging.start - 1; i < total && i - (paging.start - 1) < paging.count; ++i)
            page.push_back(render(kind, *hits[static_cast<std::size_t>(i)]));
    }
    const std::int64_t per_page =
        config_.quirks.items_per_page_echoes_count ? paging.count : static_cast<std::int64_t>(page.size());
    return json_outcome(200, list_response(total, paging.start, per_page, std::move(page)));
}

SimApp::Outcome SimApp::get(Kind kind, std::string_view id) const {
    const Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    return json_outcome(200, render(kind, *resource));
}

SimApp::Outcome SimApp::create(Kind kind, const wire::Request& request, sim::TimePoint now) {
    Outcome failure;
    auto body = parse_body(request.body, failure);
    if (!body) return failure;
    std::optional<std::string> password;
    if (auto bad = strip_client_attributes(kind, *body, std::nullopt, password)) return std::move(*bad);
    if (auto bad = validate(kind, *body, {})) return std::move(*bad);
    Resource resource;
    resource.id = new_id();
    resource.body = std::move(*body);
    resource.created = resource.last_modified = wall_.timestamp(now);
    if (password) passwords_[resource.id] = std::move(*password);
    return modified(kind, insert(kind, std::move(resource)), 201, true);
}

SimApp::Outcome SimApp::replace(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now) {
    Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    Outcome failure;
    auto body = parse_body(request.body, failure);
    if (!body) return failure;
    std::optional<std::string> password;
    if (auto bad = strip_client_attributes(kind, *body, resource->id, password)) return std::move(*bad);
    if (auto bad = validate(kind, *body, resource->id)) return std::move(*bad);
    set_body(kind, *resource, std::move(*body));
    if (password) passwords_[resource->id] = std::move(*password);
    touch(*resource, now);
    return modified(kind, *resource, 200, false);
}

SimApp::Outcome SimApp::patch(Kind kind, std::string_view id, const wire::Request& request, sim::TimePoint now) {
    Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    Outcome failure;
    const auto body = parse_body(request.body, failure);
    if (!body) return failure;
    if (!lists_schema(*body, urn::patch_op))
        return scim_error(400, "A PATCH body must list the schema " + std::string(urn::patch_op), "invalidSyntax");
    const json::value* operations = get_ci(*body, "Operations");
    if (!operations || !operations->is_array())
        return scim_error(400, "A PATCH body needs an 'Operations' array", "invalidSyntax");
    // Operations apply to a copy: one failing operation leaves the resource untouched (RFC 7644 §3.5.2).
    PatchState state{resource->body, false, std::nullopt};
    for (const json::value& operation : operations->get_array()) {
        if (!operation.is_object()) return scim_error(400, "Each operation must be an object", "invalidSyntax");
        if (auto bad = apply_operation(kind, resource->id, operation.get_object(), state)) return std::move(*bad);
    }
    if (auto bad = validate(kind, state.body, resource->id)) return std::move(*bad);
    set_body(kind, *resource, std::move(state.body));
    if (state.password_changed && state.password) passwords_[resource->id] = *state.password;
    if (state.password_changed && !state.password) passwords_.erase(resource->id);
    touch(*resource, now);
    if (config_.patch_response == PatchResponse::no_content) return make_outcome(204);
    return modified(kind, *resource, 200, false);
}

SimApp::Outcome SimApp::remove(Kind kind, std::string_view id, sim::TimePoint now) {
    const Resource* resource = find(kind, id);
    if (!resource) return not_found(kind);
    const std::string removed = resource->id;
    erase(kind, *resource);
    if (kind == Kind::user) {
        passwords_.erase(removed);
        drop_memberships(removed, now);
    }
    return make_outcome(204);
}

SimApp::Outcome SimApp::modified(Kind kind, const Resource& resource, int status, bool with_location) const {
    Outcome outcome = json_outcome(status, render(kind, resource));
    if (with_location) wire::set_header(outcome.response.headers, "Location", location(kind, resource.id));
    return outcome;
}

std::optional<SimApp::Outcome> SimApp::validate(Kind kind, json::object& body, std::string_view self_id) const {
    const KindInfo& k = info(kind);
    const auto name = string_ci(body, k.unique_attr);
    if (!name || is_blank(*name))
        return scim_error(400,
                          "Attribute '" + std::string(k.unique_attr) + "' is required and must be a non-blank string",
                          "invalidValue");
    const Store& items = store(kind);
    if (const auto named = items.by_name.find(to_lower(*name)); named != items.by_name.end())
        for (const std::uint64_t seq : named->second)
            if (items.items.at(seq).id != self_id)
                return scim_error(409, std::string(k.noun) + " already exists in the database.", "uniqueness");
    if (kind == Kind::group)
        return normalize_members(body, [this](std::string_view id) { return find(Kind::user, id) != nullptr; });
    // Strict servers refuse Entra-style string booleans ("False") instead of guessing.
    if (const json::value* active = get_ci(body, "active"); active && !active->is_bool())
        return scim_error(400, "Attribute 'active' must be a boolean, not " + json::serialize(*active), "invalidValue");
    return std::nullopt;
}

std::string SimApp::location(Kind kind, std::string_view id) const {
    return config_.public_url + config_.base_path + "/" + std::string(info(kind).endpoint) + "/" + std::string(id);
}

json::object SimApp::render(Kind kind, const Resource& resource) const {
    json::object out;
    if (const json::value* schemas = get_ci(resource.body, "schemas")) out["schemas"] = *schemas;
    out["id"] = resource.id;
    for (const auto& member : resource.body)
        if (!iequals(member.key(), "schemas")) out.emplace(member.key(), member.value());
    if (kind == Kind::user) {
        json::array memberships;  // derived, read-only (RFC 7643 §4.1.2)
        for (const auto& [seq, group] : groups_.items) {
            const json::value* members = get_ci(group.body, "members");
            if (!members || !members->is_array()) continue;
            const auto& list = members->get_array();
            if (std::none_of(list.begin(), list.end(), [&](const json::value& m) {
                    return m.is_object() && string_ci(m.get_object(), "value") == std::string_view(resource.id);
                }))
                continue;
            json::object entry{{"value", group.id}, {"$ref", location(Kind::group, group.id)}};
            if (const auto name = string_ci(group.body, "displayName")) entry["display"] = *name;
            memberships.push_back(std::move(entry));
        }
        if (!memberships.empty()) out["groups"] = std::move(memberships);
    }
    out["meta"] = {{"resourceType", info(kind).noun},
                   {"created", resource.created},
                   {"lastModified", resource.last_modified},
                   {"location", location(kind, resource.id)},
                   {"version", "W/\"" + std::to_string(resource.version) + "\""}};
    return out;
}

}  // namespace oktasim::connectors::simapp
