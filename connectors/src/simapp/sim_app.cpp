// The simulated SCIM app's construction and its admin API: scenario steps and the admin endpoint read and change
// accounts, groups and faults here, under the same rules as SCIM clients.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "client_body.hpp"
#include "response.hpp"
#include "scim_json.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace oktasim::connectors::simapp {

using namespace detail;

SimApp::SimApp(SimAppConfig config, sim::WallClock wall, sim::Prng prng)
    : config_(std::move(config)), wall_(wall), prng_(prng), auth_(std::move(config_.auth)),
      faults_(std::move(config_.faults)) {
    config_.auth = {};
    config_.faults.clear();
    for (const auto& account : config_.accounts) load(Kind::user, account);
    for (const auto& group : config_.groups) load(Kind::group, group);
    config_.accounts.clear();
    config_.groups.clear();
}

void SimApp::load(Kind kind, const json::object& configured) {
    json::object body = configured;
    Resource resource;
    resource.created = resource.last_modified = wall_.timestamp(sim::TimePoint{0});
    if (const json::value* meta = get_ci(body, "meta"); meta && meta->is_object()) {
        if (const auto created = string_ci(meta->get_object(), "created")) resource.created = *created;
        if (const auto modified = string_ci(meta->get_object(), "lastModified")) resource.last_modified = *modified;
    }
    const auto id = string_ci(body, "id");
    resource.id = id && !id->empty() && !find(kind, *id) ? std::string(*id) : new_id();
    std::optional<std::string> password;
    // Configured resources were checked by parse_sim_app_config; a hand-built config gets the same cleanup.
    (void)strip_client_attributes(kind, body, std::nullopt, password);
    if (password) passwords_[resource.id] = *password;
    resource.body = std::move(body);
    insert(kind, std::move(resource));
}

// --- Faults, accounts and groups, for scenario steps and the admin endpoint ---------------------------

void SimApp::set_faults(std::vector<Fault> faults) { faults_.set(std::move(faults)); }
void SimApp::add_fault(Fault fault) { faults_.add(std::move(fault)); }
void SimApp::clear_faults() { faults_.clear(); }

result<json::object> SimApp::upsert_account(json::object attributes, sim::TimePoint now, std::string& error,
                                            std::string_view current_user_name) {
    error.clear();
    const auto name = string_ci(attributes, "userName");
    if (!name || is_blank(*name)) {
        error = "userName: expected a non-blank string";
        return make_error_code(get_ci(attributes, "userName") ? scenario_errc::wrong_type : scenario_errc::missing_key);
    }
    if (const auto where = non_finite_number(attributes)) {
        error = where->substr(1) + ": expected a finite number (this one is out of range)";
        return make_error_code(scenario_errc::bad_value);
    }
    Resource* existing = find_user_by_name(current_user_name.empty() ? *name : current_user_name);
    const std::string requested_id(string_ci(attributes, "id").value_or(""));
    std::optional<std::string> password;
    auto bad = strip_client_attributes(Kind::user, attributes, std::nullopt, password, existing == nullptr);
    json::object merged = existing ? existing->body : json::object{};
    merge_into(merged, attributes);
    if (!bad) bad = validate(Kind::user, merged, existing ? std::string_view(existing->id) : std::string_view{});
    if (!bad && !existing && !requested_id.empty() && find(Kind::user, requested_id))
        bad = scim_error(409, "id \"" + requested_id + "\" is already used by another account", "uniqueness");
    if (bad) {
        error = bad->detail;
        return make_error_code(scenario_errc::bad_value);
    }
    if (!existing) {
        Resource resource;
        resource.id = requested_id.empty() ? new_id() : requested_id;
        resource.created = resource.last_modified = wall_.timestamp(now);
        resource.body = std::move(merged);
        existing = &insert(Kind::user, std::move(resource));
    } else {
        touch(*existing, now);
        set_body(Kind::user, *existing, std::move(merged));
    }
    if (password) passwords_[existing->id] = std::move(*password);
    return render(Kind::user, *existing);
}

bool SimApp::set_account_active(std::string_view user_name, bool active, sim::TimePoint now) {
    Resource* account = find_user_by_name(user_name);
    if (!account) return false;
    const json::value* current = get_ci(account->body, "active");
    if (current && current->is_bool() && current->get_bool() == active) return true;
    account->body[key_for(account->body, "active")] = active;  // no indexed attribute: no set_body needed
    touch(*account, now);
    return true;
}

bool SimApp::delete_account(std::string_view user_name, sim::TimePoint now) {
    const Resource* account = find_user_by_name(user_name);
    if (!account) return false;
    const std::string id = account->id;
    remove(Kind::user, id, now);
    return true;
}

std::vector<json::object> SimApp::accounts() const {
    std::vector<json::object> out;
    out.reserve(users_.items.size());
    for (const auto& [seq, r] : users_.items) out.push_back(render(Kind::user, r));
    return out;
}

std::optional<json::object> SimApp::find_account(std::string_view id) const {
    const Resource* r = find(Kind::user, id);
    return r ? std::optional<json::object>(render(Kind::user, *r)) : std::nullopt;
}

std::optional<json::object> SimApp::find_account_by_user_name(std::string_view user_name) const {
    const Resource* r = find_user_by_name(user_name);
    return r ? std::optional<json::object>(render(Kind::user, *r)) : std::nullopt;
}

std::optional<std::string> SimApp::password(std::string_view id) const {
    const auto it = passwords_.find(id);
    return it == passwords_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::vector<json::object> SimApp::groups() const {
    std::vector<json::object> out;
    out.reserve(groups_.items.size());
    for (const auto& [seq, r] : groups_.items) out.push_back(render(Kind::group, r));
    return out;
}

std::optional<json::object> SimApp::find_group(std::string_view id) const {
    const Resource* r = find(Kind::group, id);
    return r ? std::optional<json::object>(render(Kind::group, *r)) : std::nullopt;
}

std::optional<json::object> SimApp::find_group_by_display_name(std::string_view display_name) const {
    const Resource* r = first_named(Kind::group, display_name);
    return r ? std::optional<json::object>(render(Kind::group, *r)) : std::nullopt;
}

json::object SimApp::snapshot(Passwords passwords) const {
    json::object out;
    out["basePath"] = config_.base_path;
    out["publicUrl"] = config_.public_url;
    out["auth"] = auth_.kind_name();
    out["patchResponse"] = config_.patch_response == PatchResponse::resource ? "resource" : "no-content";
    out["quirks"] = {{"itemsPerPageEchoesCount", config_.quirks.items_per_page_echoes_count},
                     {"caseSensitiveUserNameFilter", config_.quirks.case_sensitive_user_name_filter},
                     {"noPatch", config_.quirks.no_patch}};
    json::array accounts_json, groups_json, faults_json;
    for (const auto& [seq, r] : users_.items) accounts_json.push_back(render(Kind::user, r));
    for (const auto& [seq, r] : groups_.items) groups_json.push_back(render(Kind::group, r));
    for (std::size_t i = 0; i < faults_.faults().size(); ++i) {
        json::object fault = to_json(faults_.faults()[i]);
        fault["matched"] = faults_.matched(i);
        faults_json.push_back(std::move(fault));
    }
    std::vector<const std::pair<const std::string, std::string>*> stored;  // by id, as before the hash map
    stored.reserve(passwords_.size());
    for (const auto& entry : passwords_) stored.push_back(&entry);
    std::sort(stored.begin(), stored.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    json::object passwords_json;
    for (const auto* entry : stored)
        passwords_json[entry->first] = passwords == Passwords::include ? entry->second : std::string("[REDACTED]");
    out["accounts"] = std::move(accounts_json);
    out["groups"] = std::move(groups_json);
    out["passwords"] = std::move(passwords_json);
    out["faults"] = std::move(faults_json);
    out["requests"] = log_.recorded();
    return out;
}

}  // namespace oktasim::connectors::simapp
