// The state an expectation names, rendered as timeline lines (the parts say what they name; the line drawing is
// shared here) and as redacted report JSON (each part's actual value).
#include <oktasim/runner/state.hpp>

#include <oktasim/wire/message.hpp>
#include <oktasim/wire/redact.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <utility>

namespace oktasim::runner {
namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string account_line(const std::string& app_key, const json::object& a) {
    const auto* active = a.if_contains("active");
    return "account " + app_key + ": userName " + str(a, "userName") + ", active " +
           (active ? json::serialize(*active) : std::string("(not set)")) + ", id " + str(a, "id");
}

std::string app_user_line(const engine::App& app, const engine::User& user, const engine::AppUser* au) {
    const std::string head = "appUser " + app.key + "/" + user.login() + ": ";
    if (!au) return head + "not assigned";
    return head + "status " + std::string(engine::to_string(au->status)) + ", syncState " +
           std::string(engine::to_string(au->sync_state)) + ", externalId " +
           au->external_id.value_or("(none)") + ", scope " + au->scope() + ", userName " + au->user_name;
}

// The account an app user is linked to (its externalId), else the one with its userName.
std::optional<json::object> linked_account(World& world, const engine::App& app, const engine::User& user,
                                           const engine::AppUser* au) {
    auto* sim_app = world.downstream(app.key);
    if (!sim_app) return std::nullopt;
    if (au && au->external_id)
        if (auto a = sim_app->find_account(*au->external_id)) return a;
    return sim_app->find_account_by_user_name(au ? au->user_name : user.login());
}

}  // namespace

std::vector<std::string> state_lines(World& world, const Step& step) {
    StateNames named;
    for (const Expectation* e : step.checks) e->names(named);
    const tenant::Tenant& t = world.tenant();
    std::vector<std::string> out;
    std::vector<std::string> accounts_shown;
    const auto show_account = [&](const std::string& app_key, const std::optional<json::object>& a, const std::string& name) {
        const std::string key = app_key + "/" + (a ? str(*a, "id") : name);
        if (std::find(accounts_shown.begin(), accounts_shown.end(), key) != accounts_shown.end()) return;
        accounts_shown.push_back(key);
        out.push_back(a ? account_line(app_key, *a) : "account " + app_key + ": no account " + name);
    };
    for (const auto& [app_index, user_index] : named.app_users) {
        const engine::App& app = *world.org().apps.at(app_index);  // the spec's apps, in order
        const engine::User& user = world.org().users.at(t.spec_user_id(user_index));
        const engine::AppUser* au = world.org().app_user(app.key, user.id);
        out.push_back(app_user_line(app, user, au));
        for (const auto& task : world.org().tasks)
            if (task.app_key == app.key && task.user_id == user.id)
                out.push_back("task " + task.id + " " + std::string(engine::to_string(task.status)) + " [" + task.title +
                              "] " + task.message);
        if (world.downstream(app.key)) show_account(app.key, linked_account(world, app, user, au), user.login());
    }
    for (const auto& [app_index, name] : named.accounts) {
        const std::string& app_key = t.spec_app_key(app_index);
        if (auto* sim_app = world.downstream(app_key)) show_account(app_key, sim_app->find_account_by_user_name(name), name);
    }
    for (const std::size_t app_index : named.all_accounts) {
        const std::string& app_key = t.spec_app_key(app_index);
        if (auto* sim_app = world.downstream(app_key))
            for (const auto& a : sim_app->accounts()) show_account(app_key, a, str(a, "userName"));
    }
    for (const std::size_t user_index : named.users) {
        const engine::User& u = world.org().users.at(t.spec_user_id(user_index));
        out.push_back("user " + u.login() + ": status " + std::string(engine::to_string(u.status)));
    }
    return out;
}

json::object actual_state(World& world, const Step& step, const Cursors& cursors) {
    json::object out;
    for (const auto& e : step.expect) out[e->key()] = e->actual(world, cursors);
    return redacted(out).as_object();
}

json::value redacted(const json::value& value) {
    boost::system::error_code ec;
    json::value out = json::parse(wire::redact_body(json::serialize(value)), ec);
    if (ec) return value;  // not expected: it was JSON on the way in
    // Expected request headers name credentials too ("headers": {"Authorization": "Bearer ..."}).
    const auto redact_headers = [](json::value& requests) {
        if (!requests.is_array()) return;
        for (auto& r : requests.as_array()) {
            json::value* headers = r.is_object() ? r.as_object().if_contains("headers") : nullptr;
            if (!headers || !headers->is_object()) continue;
            for (auto& [name, v] : headers->as_object()) {
                if (!v.is_string() || v.as_string().starts_with("$")) continue;  // "$absent", "$any"
                const auto safe = wire::redact({wire::Header{std::string(name), std::string(v.as_string())}});
                v = safe.front().value;
            }
        }
    };
    if (auto* o = out.if_object())
        if (auto* requests = o->if_contains("requests")) redact_headers(*requests);
    return out;
}

}  // namespace oktasim::runner
