// References in steps and expectations: users, groups and apps resolved at load under the one rule (Names), the
// loader's messages when a reference names nothing, and turning a spec position into the running org's id.
#include "loader.hpp"

#include <oktasim/tenant/tenant.hpp>

#include <algorithm>

namespace oktasim::runner {
namespace {

std::optional<std::size_t> at(const std::map<std::string, std::size_t, std::less<>>& m, std::string_view key) {
    const auto it = m.find(key);
    return it == m.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

}  // namespace

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<std::size_t> Names::user(std::string_view ref) const {
    if (auto i = at(user_ids, ref)) return i;
    return at(user_logins, lower(ref));
}

std::optional<std::size_t> Names::group(std::string_view ref) const {
    if (auto i = at(group_ids, ref)) return i;
    return at(group_names, ref);
}

std::optional<std::size_t> Names::app(std::string_view ref) const { return at(apps, ref); }

bool check_ref(JsonReader& r, const json::object& o, std::string_view key, Arg kind, bool required,
               const Names& names) {
    std::string value;
    if (!r.string(key, value, required)) return false;
    if (!o.contains(key)) return true;
    const auto path = r.path_of(key);
    // An empty name refers to nothing; letting it through would leave the runner a null user or app.
    if (kind == Arg::user && value.empty())
        return r.fail(path, "expected the login or id of a user in /org/users, got an empty string",
                      scenario_errc::bad_reference);
    if (kind == Arg::group && value.empty())
        return r.fail(path, "expected the name or id of a group in /org/groups, got an empty string",
                      scenario_errc::bad_reference);
    if (kind == Arg::app && value.empty())
        return r.fail(path, "expected the key of an app in /apps, got an empty string", scenario_errc::bad_reference);
    if (kind == Arg::user && !names.user(value))
        return r.fail(path, "no user '" + value + "' (expected the login or id of a user in /org/users)",
                      scenario_errc::bad_reference);
    if (kind == Arg::group && !names.group(value))
        return r.fail(path, "no group '" + value + "' (expected the name or id of a group in /org/groups)",
                      scenario_errc::bad_reference);
    if (kind == Arg::app && !names.app(value))
        return r.fail(path, "no app '" + value + "' (expected the key of an app in /apps)", scenario_errc::bad_reference);
    return true;
}

bool check_simulated(JsonReader& r, const json::object& o, const Names& names) {
    const auto* app = o.if_contains("app");
    if (!app || !app->is_string() || names.simulated.count(std::string_view(app->as_string()))) return true;
    return r.fail(r.path_of("app"),
                  "app '" + std::string(app->as_string()) + "' has no simulated downstream (\"downstream\" in /apps)",
                  scenario_errc::bad_reference);
}

const std::string& UserRef::id(const tenant::Tenant& t) const { return t.spec_user_id(index); }
const std::string& GroupRef::id(const tenant::Tenant& t) const { return t.spec_group_id(index); }
const std::string& AppRef::key(const tenant::Tenant& t) const { return t.spec_app_key(index); }

}  // namespace oktasim::runner
