// The resource store: resources in creation order and the indexes every per-request look-up uses (id, userName or
// displayName case-folded, externalId, position), ids, timestamps and versions, and group memberships when a user goes.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "resource_kind.hpp"
#include "scim_json.hpp"

#include <algorithm>
#include <utility>

namespace oktasim::connectors::simapp {

using namespace detail;

namespace {

std::string make_uuid(sim::Prng& prng) {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::uint64_t hi = prng.next();
    std::uint64_t lo = prng.next();
    hi = (hi & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};                 // version 4
    lo = (lo & ~(std::uint64_t{0x3} << 62)) | (std::uint64_t{0x2} << 62);       // RFC 4122 variant
    std::string hex;
    for (const std::uint64_t word : {hi, lo})
        for (int shift = 60; shift >= 0; shift -= 4) hex.push_back(digits[(word >> shift) & 0xF]);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

}  // namespace

const SimApp::Resource* SimApp::find(Kind kind, std::string_view id) const {
    const Store& items = store(kind);
    const auto it = items.by_id.find(id);
    return it == items.by_id.end() ? nullptr : &items.items.at(it->second);
}

SimApp::Resource* SimApp::find(Kind kind, std::string_view id) {
    return const_cast<Resource*>(std::as_const(*this).find(kind, id));
}

const SimApp::Resource* SimApp::find_user_by_name(std::string_view user_name) const {
    return first_named(Kind::user, user_name);
}

const SimApp::Resource* SimApp::first_named(Kind kind, std::string_view name) const {
    const Store& items = store(kind);
    const auto it = items.by_name.find(to_lower(name));
    return it == items.by_name.end() || it->second.empty() ? nullptr : &items.items.at(*it->second.begin());
}

// --- Indexes: every write to a Store goes through these four ---------------------------------------------

SimApp::Resource& SimApp::insert(Kind kind, Resource resource) {
    Store& items = store(kind);
    resource.seq = items.next_seq++;
    Resource& stored = items.items.emplace(resource.seq, std::move(resource)).first->second;
    index(kind, stored, true);
    return stored;
}

void SimApp::set_body(Kind kind, Resource& resource, json::object body) {
    index(kind, resource, false);
    resource.body = std::move(body);
    index(kind, resource, true);
}

void SimApp::erase(Kind kind, const Resource& resource) {
    const std::uint64_t seq = resource.seq;  // not a reference into the node being erased
    index(kind, resource, false);
    store(kind).items.erase(seq);
}

// Keys come from the same accessors the filter and `validate` compare with, so a look-up finds what a scan would.
void SimApp::index(Kind kind, const Resource& resource, bool add) {
    Store& items = store(kind);
    const auto keep = [&](TextMap<Seqs>& map, std::string key) {
        if (add) {
            Seqs& seqs = map[std::move(key)];
            const auto at = std::lower_bound(seqs.begin(), seqs.end(), resource.seq);
            if (at == seqs.end() || *at != resource.seq) seqs.insert(at, resource.seq);
        } else if (const auto it = map.find(key); it != map.end()) {
            Seqs& seqs = it->second;
            if (const auto at = std::lower_bound(seqs.begin(), seqs.end(), resource.seq);
                at != seqs.end() && *at == resource.seq)
                seqs.erase(at);
            if (seqs.empty()) map.erase(it);
        }
    };
    if (add) {
        items.by_id.emplace(resource.id, resource.seq);
        items.positions.add(resource.seq);
    } else {
        if (const auto it = items.by_id.find(resource.id); it != items.by_id.end() && it->second == resource.seq)
            items.by_id.erase(it);
        items.positions.remove(resource.seq);
    }
    if (const auto name = string_ci(resource.body, info(kind).unique_attr)) keep(items.by_name, to_lower(*name));
    if (const auto external = string_ci(resource.body, "externalId")) keep(items.by_external_id, std::string(*external));
}

std::optional<std::vector<const SimApp::Resource*>> SimApp::indexed(Kind kind, std::string_view attr,
                                                                     std::string_view wanted) const {
    const Store& items = store(kind);
    std::vector<const Resource*> out;
    const auto add_all = [&](const TextMap<Seqs>& map, std::string_view key) {
        if (const auto it = map.find(key); it != map.end())
            for (const std::uint64_t seq : it->second) out.push_back(&items.items.at(seq));
        return out;
    };
    if (attr == "id") {
        if (const Resource* r = find(kind, wanted)) out.push_back(r);
        return out;
    }
    if (attr == info(kind).unique_attr) return add_all(items.by_name, to_lower(wanted));
    if (attr == "externalId") return add_all(items.by_external_id, wanted);
    return std::nullopt;
}

SimApp::Resource* SimApp::find_user_by_name(std::string_view user_name) {
    return const_cast<Resource*>(std::as_const(*this).find_user_by_name(user_name));
}

void SimApp::touch(Resource& resource, sim::TimePoint now) const {
    resource.last_modified = wall_.timestamp(now);
    ++resource.version;
}

std::string SimApp::new_id() {
    while (true) {
        std::string id = make_uuid(prng_);
        if (!find(Kind::user, id) && !find(Kind::group, id)) return id;
    }
}

void SimApp::drop_memberships(std::string_view user_id, sim::TimePoint now) {
    for (auto& [seq, group] : groups_.items) {
        const auto it = find_ci(group.body, "members");
        if (it == group.body.end() || !it->value().is_array()) continue;
        json::array& members = it->value().get_array();
        const auto removed = erase_where(members, [&](const json::value& m) {
            return m.is_object() && string_ci(m.get_object(), "value") == user_id;
        });
        if (removed > 0) touch(group, now);
    }
}

}  // namespace oktasim::connectors::simapp
