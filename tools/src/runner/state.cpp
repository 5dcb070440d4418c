// The state an expectation names, rendered as timeline lines and as redacted report JSON.
#include <oktasim/runner/state.hpp>

#include <oktasim/engine/system_log.hpp>
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

// The (app key, user id) pairs an expectation names through its app and user references, in order, once each.
std::vector<std::pair<engine::App*, engine::User*>> pairs_of(World& world, const json::object& expect) {
    std::vector<std::pair<engine::App*, engine::User*>> out;
    const auto add = [&](const json::value& v) {
        if (!v.is_object()) return;
        engine::App* app = world.org().app_by_ref(str(v.as_object(), "app"));
        engine::User* user = world.org().user_by_ref(str(v.as_object(), "user"));
        if (app && user && std::find(out.begin(), out.end(), std::pair{app, user}) == out.end()) out.emplace_back(app, user);
    };
    for (const char* key : {"appUser", "task"})
        if (const auto* v = expect.if_contains(key)) add(*v);
    if (const auto* v = expect.if_contains("openTasks"); v && v->is_array())
        for (const auto& m : v->as_array()) add(m);
    return out;
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

json::object request_json(const wire::Exchange& x) {
    json::object headers;
    for (const auto& h : wire::redact(x.request.headers)) headers[h.name] = h.value;
    json::object r{{"app", x.app}, {"method", x.request.method}, {"target", x.request.target}, {"headers", std::move(headers)}};
    if (!x.request.body.empty()) {
        boost::system::error_code ec;
        const std::string body = wire::redact_body(x.request.body);
        json::value parsed = json::parse(body, ec);
        r["body"] = ec ? json::value(body) : std::move(parsed);
    }
    if (x.delivery.response) r["status"] = x.delivery.response->status;
    else r["failure"] = wire::to_string(x.delivery.failure);
    return r;
}

json::array tasks_json(World& world, const json::object* matcher, bool open_only) {
    const engine::App* app = matcher ? world.org().app_by_ref(str(*matcher, "app")) : nullptr;
    const engine::User* user = matcher ? world.org().user_by_ref(str(*matcher, "user")) : nullptr;
    json::array out;
    for (const auto& t : world.org().tasks) {
        if (open_only && !engine::is_open(t.status)) continue;
        if ((app && t.app_key != app->key) || (user && t.user_id != user->id)) continue;
        out.push_back(t.to_json());
    }
    return out;
}

}  // namespace

std::vector<std::string> state_lines(World& world, const json::object& expect) {
    std::vector<std::string> out;
    std::vector<std::string> accounts_shown;
    const auto show_account = [&](const std::string& app_key, const std::optional<json::object>& a, const std::string& name) {
        const std::string key = app_key + "/" + (a ? str(*a, "id") : name);
        if (std::find(accounts_shown.begin(), accounts_shown.end(), key) != accounts_shown.end()) return;
        accounts_shown.push_back(key);
        out.push_back(a ? account_line(app_key, *a) : "account " + app_key + ": no account " + name);
    };
    for (const auto& [app, user] : pairs_of(world, expect)) {
        const engine::AppUser* au = world.org().app_user(app->key, user->id);
        out.push_back(app_user_line(*app, *user, au));
        for (const auto& t : world.org().tasks)
            if (t.app_key == app->key && t.user_id == user->id)
                out.push_back("task " + t.id + " " + std::string(engine::to_string(t.status)) + " [" + t.title + "] " + t.message);
        if (world.downstream(app->key)) show_account(app->key, linked_account(world, *app, *user, au), user->login());
    }
    if (const auto* v = expect.if_contains("account"); v && v->is_object()) {
        const std::string app_key = str(v->as_object(), "app"), name = str(v->as_object(), "userName");
        if (auto* sim_app = world.downstream(app_key)) show_account(app_key, sim_app->find_account_by_user_name(name), name);
    }
    if (const auto* v = expect.if_contains("accounts"); v && v->is_object()) {
        const std::string app_key = str(v->as_object(), "app");
        if (auto* sim_app = world.downstream(app_key))
            for (const auto& a : sim_app->accounts()) show_account(app_key, a, str(a, "userName"));
    }
    if (const auto* v = expect.if_contains("user"); v && v->is_object())
        if (const engine::User* u = world.org().user_by_ref(str(v->as_object(), "user")))
            out.push_back("user " + u->login() + ": status " + std::string(engine::to_string(u->status)));
    return out;
}

json::object actual_state(World& world, const json::object& expect, const Cursors& cursors) {
    json::object out;
    for (const auto& [key, v] : expect) {
        const json::object* m = v.if_object();
        if (key == "appUser" && m) {
            const engine::App* app = world.org().app_by_ref(str(*m, "app"));
            const engine::User* user = world.org().user_by_ref(str(*m, "user"));
            const engine::AppUser* au = app && user ? world.org().app_user(app->key, user->id) : nullptr;
            out[key] = au ? json::value(au->to_json(world.org().org_url)) : json::value(nullptr);
        } else if (key == "task") {
            out[key] = tasks_json(world, m, false);
        } else if (key == "openTasks") {
            out[key] = tasks_json(world, nullptr, true);
        } else if (key == "log") {
            json::array events;
            const auto& all = world.log().events();
            for (std::size_t i = cursors.log; i < all.size(); ++i) events.push_back(engine::SystemLog::to_json(all[i]));
            out[key] = std::move(events);
        } else if (key == "requests") {
            json::array requests;
            const auto& xs = world.wire().exchanges();
            for (std::size_t i = cursors.requests; i < xs.size(); ++i) requests.push_back(request_json(xs[i]));
            out[key] = std::move(requests);
        } else if ((key == "accounts" || key == "account") && m) {
            auto* sim_app = world.downstream(str(*m, "app"));
            if (!sim_app) {
                out[key] = nullptr;  // a live server: read only by the expectation itself
            } else if (key == "accounts") {
                json::array list;
                for (auto& a : sim_app->accounts()) list.push_back(std::move(a));
                out[key] = std::move(list);
            } else {
                auto a = sim_app->find_account_by_user_name(str(*m, "userName"));
                out[key] = a ? json::value(std::move(*a)) : json::value(nullptr);
            }
        } else if (key == "user" && m) {
            const engine::User* u = world.org().user_by_ref(str(*m, "user"));
            out[key] = u ? json::value(json::object{{"id", u->id}, {"login", u->login()},
                                                    {"status", engine::to_string(u->status)}})
                         : json::value(nullptr);
        } else if (key == "backendLog" && m) {
            auto* sim_app = world.downstream(str(*m, "app"));
            out[key] = sim_app ? json::value(sim_app->backend_log().to_text()) : json::value(nullptr);
        }
    }
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
