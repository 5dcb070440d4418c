// Okta JSON shapes of the org model (users, groups, apps, app users, features, tasks) and look-ups by reference.
#include <oktasim/engine/org.hpp>
#include <oktasim/wire/text.hpp>

#include <algorithm>
#include <cctype>

namespace oktasim::engine {
namespace {

using wire::iequals;

json::object link(std::string href) { return json::object{{"href", std::move(href)}}; }

json::value optional_string(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

constexpr std::pair<UserStatus, std::string_view> user_status_names[] = {
    {UserStatus::staged, "STAGED"},
    {UserStatus::provisioned, "PROVISIONED"},
    {UserStatus::active, "ACTIVE"},
    {UserStatus::recovery, "RECOVERY"},
    {UserStatus::password_expired, "PASSWORD_EXPIRED"},
    {UserStatus::locked_out, "LOCKED_OUT"},
    {UserStatus::suspended, "SUSPENDED"},
    {UserStatus::deprovisioned, "DEPROVISIONED"},
};

}  // namespace

std::string_view to_string(UserStatus s) noexcept {
    for (const auto& [status, name] : user_status_names)
        if (status == s) return name;
    return "UNKNOWN";
}

std::optional<UserStatus> user_status_from(std::string_view text) noexcept {
    for (const auto& [status, name] : user_status_names)
        if (name == text) return status;
    return std::nullopt;
}

std::string_view to_string(Flavour f) noexcept { return f == Flavour::oin ? "OIN" : "AIW"; }

std::string User::profile_string(std::string_view key) const {
    const auto* v = profile.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string User::login() const { return profile_string("login"); }

json::object User::to_json(std::string_view org_url) const {
    const std::string self = std::string(org_url) + "/api/v1/users/" + id;
    json::object credentials{{"provider", json::object{{"type", "OKTA"}, {"name", "OKTA"}}}};
    if (password) credentials["password"] = json::object{};
    return json::object{
        {"id", id},
        {"status", to_string(status)},
        {"created", created},
        {"activated", activated.empty() ? json::value(nullptr) : json::value(activated)},
        {"statusChanged", status_changed.empty() ? json::value(nullptr) : json::value(status_changed)},
        {"lastLogin", nullptr},
        {"lastUpdated", last_updated},
        {"passwordChanged", password_changed.empty() ? json::value(nullptr) : json::value(password_changed)},
        {"type", json::object{{"id", "oty00000000000000000"}}},
        {"profile", profile},
        {"credentials", std::move(credentials)},
        {"_links", json::object{{"self", link(self)}}},
    };
}

std::string Group::name() const {
    const auto* v = profile.if_contains("name");
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string Group::description() const {
    const auto* v = profile.if_contains("description");
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

void Group::add_member(std::string user_id) {
    ++member_count_[user_id];
    members_.push_back(std::move(user_id));
}

bool Group::remove_member(std::string_view user_id) {
    const auto count = member_count_.find(user_id);
    if (count == member_count_.end()) return false;
    if (--count->second == 0) member_count_.erase(count);
    members_.erase(std::find(members_.begin(), members_.end(), user_id));
    return true;
}

json::object Group::to_json() const {
    return json::object{
        {"id", id},
        {"created", created},
        {"lastUpdated", last_updated},
        {"lastMembershipUpdated", last_membership_updated},
        {"objectClass", json::array{type == "APP_GROUP" ? "okta:app_group" : "okta:user_group"}},
        {"type", type},
        {"profile", profile},
    };
}

json::object ToAppSettings::capabilities() const {
    const auto status = [](bool on) { return json::object{{"status", on ? "ENABLED" : "DISABLED"}}; };
    json::object password = status(sync_password);
    password["seed"] = password_seed;
    password["change"] = password_change;
    return json::object{
        {"create", json::object{{"lifecycleCreate", status(create_users)}}},
        {"update", json::object{{"profile", status(update_user_attributes)},
                                {"lifecycleDeactivate", status(deactivate_users)},
                                {"password", std::move(password)}}},
    };
}

json::object App::user_provisioning_feature(std::string_view org_url) const {
    const std::string self = std::string(org_url) + "/api/v1/apps/" + id + "/features/USER_PROVISIONING";
    return json::object{
        {"name", "USER_PROVISIONING"},
        {"status", api_integration ? "ENABLED" : "DISABLED"},
        {"description", "User provisioning settings from Okta to a downstream application"},
        {"capabilities", to_app.capabilities()},
        {"_links", json::object{{"self", json::object{{"href", self},
                                                      {"hints", json::object{{"allow", json::array{"GET", "PUT"}}}}}}}},
    };
}

json::object App::inbound_provisioning_feature(std::string_view org_url, const ImportSafeguards& safeguards) const {
    const std::string self = std::string(org_url) + "/api/v1/apps/" + id + "/features/INBOUND_PROVISIONING";
    json::object caps = to_okta.capabilities();
    caps["importSafeguards"] = safeguards.to_json();
    return json::object{
        {"name", "INBOUND_PROVISIONING"},
        {"status", api_integration ? "ENABLED" : "DISABLED"},
        {"description", "In-bound provisioning settings from an application to Okta"},
        {"capabilities", std::move(caps)},
        {"_links", json::object{{"self", json::object{{"href", self},
                                                      {"hints", json::object{{"allow", json::array{"GET", "PUT"}}}}}}}},
    };
}

json::object App::to_json(std::string_view org_url) const {
    const std::string self = std::string(org_url) + "/api/v1/apps/" + id;
    return json::object{
        {"id", id},
        {"name", name},
        {"label", label},
        {"status", status},
        {"created", created},
        {"lastUpdated", last_updated},
        {"signOnMode", sign_on_mode},
        {"features", json::array{}},
        {"_links", json::object{{"self", link(self)}, {"users", link(self + "/users")}}},
    };
}

json::object AppUser::to_json(std::string_view org_url) const {
    return json::object{
        {"id", user_id},
        {"externalId", optional_string(external_id)},
        {"created", created},
        {"lastUpdated", last_updated},
        {"scope", scope()},
        {"status", to_string(status)},
        {"statusChanged", status_changed},
        {"passwordChanged", optional_string(password_changed)},
        {"syncState", to_string(sync_state)},
        {"lastSync", optional_string(last_sync)},
        {"credentials", json::object{{"userName", user_name}}},
        {"profile", profile},
        {"_links", json::object{{"user", link(std::string(org_url) + "/api/v1/users/" + user_id)}}},
    };
}

json::object Task::to_json() const {
    json::object out{
        {"id", id},         {"app", app_key},          {"user", user_id},      {"kind", to_string(kind)},
        {"title", title},   {"message", message},      {"status", to_string(status)}, {"retryable", retryable},
        {"attempts", attempts}, {"created", created},  {"lastUpdated", last_updated},
    };
    if (!status_text.empty()) out["statusText"] = status_text;
    if (failure_mode) out["failureMode"] = *failure_mode;
    return out;
}

namespace {

std::string folded(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

void Org::index_logins() {
    by_login_.clear();
    for (const auto& [id, u] : users) by_login_.emplace(folded(u.login()), id);  // id order: the smallest id stays
    logins_indexed_ = users.size();
    logins_stale_ = false;
}

User& Org::add_user(User user) {
    const bool index_current = !logins_stale_ && logins_indexed_ == users.size();
    const std::string id = user.id;
    User& added = users.emplace(id, std::move(user)).first->second;
    if (index_current) {
        const auto [it, inserted] = by_login_.emplace(folded(added.login()), id);
        if (!inserted && id < it->second) it->second = id;  // of equal logins the smallest id wins
        logins_indexed_ = users.size();
    }
    return added;
}

User* Org::user_by_ref(std::string_view ref) {
    if (auto it = users.find(std::string(ref)); it != users.end()) return &it->second;
    if (logins_stale_ || logins_indexed_ != users.size()) index_logins();
    const std::string key = folded(ref);
    for (int pass = 0; pass < 2; ++pass) {
        const auto hit = by_login_.find(key);
        if (hit == by_login_.end()) return nullptr;
        const auto it = users.find(hit->second);
        if (it != users.end() && iequals(it->second.login(), ref)) return &it->second;
        index_logins();  // a login changed without `login_changed`: answer from a fresh index
    }
    return nullptr;
}

void Org::index_group_names() {
    by_group_name_.clear();
    for (const auto& [id, g] : groups) by_group_name_.emplace(g.name(), id);  // id order: the smallest id stays
    group_names_indexed_ = groups.size();
}

Group* Org::group_by_ref(std::string_view ref) {
    if (auto it = groups.find(std::string(ref)); it != groups.end()) return &it->second;
    if (group_names_indexed_ != groups.size()) index_group_names();
    for (int pass = 0; pass < 2; ++pass) {
        const auto hit = by_group_name_.find(ref);
        if (hit == by_group_name_.end()) return nullptr;
        const auto it = groups.find(hit->second);
        if (it != groups.end() && it->second.name() == ref) return &it->second;
        index_group_names();  // renamed after all: answer from a fresh index
    }
    return nullptr;
}

App* Org::app_by_ref(std::string_view ref) {
    for (auto& a : apps)
        if (a->key == ref || a->id == ref) return a.get();
    for (auto& a : apps)
        if (a->label == ref) return a.get();
    return nullptr;
}

std::vector<AppUser*> Org::app_users_of(std::string_view app_key) {
    std::vector<AppUser*> out;
    for (auto it = app_users.lower_bound(std::pair<std::string_view, std::string_view>(app_key, ""));
         it != app_users.end() && it->first.first == app_key; ++it)
        out.push_back(&it->second);
    return out;
}

AppUser* Org::app_user(std::string_view app_key, std::string_view user_id) {
    const auto it = app_users.find(std::pair{app_key, user_id});
    return it == app_users.end() ? nullptr : &it->second;
}

void Org::index_tasks() {
    if (tasks_indexed_ > tasks.size()) {  // tasks are never removed; should they be, start again
        task_by_id_.clear();
        tasks_by_app_user_.clear();
        tasks_indexed_ = 0;
    }
    for (; tasks_indexed_ < tasks.size(); ++tasks_indexed_) {
        const Task& t = tasks[tasks_indexed_];
        task_by_id_.emplace(t.id, tasks_indexed_);
        tasks_by_app_user_[{t.app_key, t.user_id}].push_back(tasks_indexed_);
    }
}

Task* Org::task(std::string_view id) {
    index_tasks();
    const auto it = task_by_id_.find(id);
    return it != task_by_id_.end() && tasks[it->second].id == id ? &tasks[it->second] : nullptr;
}

std::vector<Task*> Org::tasks_of(std::string_view app_key, std::string_view user_id) {
    index_tasks();
    std::vector<Task*> out;
    const auto it = tasks_by_app_user_.find(std::pair{app_key, user_id});
    if (it == tasks_by_app_user_.end()) return out;
    for (const std::size_t i : it->second) out.push_back(&tasks[i]);
    return out;
}

Task* Org::open_task(std::string_view app_key, std::string_view user_id, TaskKind kind) {
    for (Task* t : tasks_of(app_key, user_id))
        if (t->kind == kind && is_open(t->status)) return t;
    return nullptr;
}

}  // namespace oktasim::engine
