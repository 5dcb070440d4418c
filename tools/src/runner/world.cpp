// Performing a scenario's action steps on its running org, and the run's projections.
#include <oktasim/runner/world.hpp>

#include <boost/json/parse.hpp>

namespace oktasim::runner {
namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

tenant::TenantOptions tenant_options(const Scenario& scenario, std::uint64_t seed, bool over_http) {
    tenant::TenantOptions o;
    o.seed = seed;
    o.start_unix_ms = scenario.start_unix_ms;
    o.serve_over_http = over_http;
    return o;
}

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed, bool over_http)
    : tenant_(scenario, tenant_options(scenario, seed, over_http)) {}

error_code World::perform(const Step& step, std::string& why) {
    const auto& a = step.args;
    const std::string& act = step.action;
    const std::string user = str(a, "user"), app = str(a, "app"), group = str(a, "group");
    auto& e = tenant_.provisioning();
    sim::EventLoop& loop = tenant_.loop();
    result<void> r;
    if (act == "assign") r = e.assign_user(app, user, why);
    else if (act == "unassign") r = e.unassign_user(app, user, why);
    else if (act == "assign-group") r = e.assign_group(app, group, why);
    else if (act == "unassign-group") r = e.unassign_group(app, group, why);
    else if (act == "add-to-group") r = e.add_group_member(group, user, why);
    else if (act == "remove-from-group") r = e.remove_group_member(group, user, why);
    else if (act == "update-user") r = e.update_user_profile(user, a.at("profile").as_object(), why);
    else if (act == "set-password") r = e.set_user_password(user, str(a, "password"), why);
    else if (act == "deactivate-user") r = e.deactivate_user(user, why);
    else if (act == "activate-user") r = e.activate_user(user, why);
    else if (act == "suspend-user") r = e.suspend_user(user, why);
    else if (act == "unsuspend-user") r = e.unsuspend_user(user, why);
    else if (act == "put-feature") r = e.put_user_provisioning(app, a.at("body").as_object(), why);
    else if (act == "set-api-integration") r = e.set_api_integration(app, a.at("enabled").as_bool(), why);
    else if (act == "provision-user") r = e.provision_user(app, user, why);
    else if (act == "sign-in") r = e.sign_in(user, app, why);
    else if (act == "retry-task" || act == "dismiss-task") return task_action(step, why);
    else if (act == "test-credentials") r = tenant_.test_credentials(app, "Test API credentials", why);
    else if (act == "advance") {
        const sim::Duration by = *sim::parse_duration(str(a, "by"));
        if (by > sim::time_horizon - loop.now()) {  // the loader bounds the advances; retries may add more time
            why = "advancing by " + str(a, "by") + " passes the horizon of virtual time, start + " +
                  std::string(sim::max_duration_text);
            return make_error_code(scenario_errc::bad_value);
        }
        tenant_.advance(by);
        return {};
    } else if (act == "settle") {
        loop.run_until_quiescent();  // waits on the network only for exchanges in flight, never on a server
        return {};
    } else if (act == "set-credentials") {
        tenant::CredentialChange change;
        if (const auto* v = a.if_contains("auth")) change.auth = *v;
        if (const auto* v = a.if_contains("baseUrl")) change.base_url = *v;
        r = tenant_.save_credentials(app, change, why);
    } else {
        return app_side(step, why);
    }
    return r ? error_code{} : r.error();
}

error_code World::app_side(const Step& step, std::string& why) {
    const auto& a = step.args;
    const std::string app_key = str(a, "app");
    connectors::simapp::SimApp* sim_app = downstream(app_key);
    const sim::TimePoint now = tenant_.loop().now();
    if (!sim_app) {
        why = "app '" + app_key + "' has no simulated downstream (\"downstream\" in /apps) to change";
        return make_error_code(engine_errc::not_found);
    }
    const std::string& act = step.action;
    const std::string user_name = str(a, "userName");
    if (act == "set-faults" || act == "clear-faults") {
        std::vector<connectors::simapp::Fault> faults;
        if (act == "set-faults") {
            auto config = connectors::simapp::parse_sim_app_config(json::object{{"faults", a.at("faults")}}, why);
            if (!config) return config.error();
            faults = std::move(config->faults);
        }
        sim_app->set_faults(std::move(faults));
        return {};
    }
    if (act == "set-app-credentials") {
        auto config = connectors::simapp::parse_sim_app_config(json::object{{"auth", a.at("auth")}}, why);
        if (!config) return config.error();
        sim_app->set_auth(config->auth);
        return {};
    }
    if (act == "set-quirks") {
        auto config = connectors::simapp::parse_sim_app_config(json::object{{"quirks", a.at("quirks")}}, why);
        if (!config) return config.error();
        sim_app->set_quirks(config->quirks);
        return {};
    }
    if (act == "change-app-account") {
        json::object attributes = a.at("set").as_object();
        // A userName in "set" renames the account the step names; that account must exist.
        const bool rename = attributes.contains("userName");
        if (!rename) attributes["userName"] = user_name;
        else if (!sim_app->find_account_by_user_name(user_name)) {
            why = "the app has no account '" + user_name + "' to rename";
            return make_error_code(engine_errc::not_found);
        }
        auto r = sim_app->upsert_account(std::move(attributes), now, why, rename ? user_name : std::string());
        return r ? error_code{} : r.error();
    }
    const bool known = act == "delete-app-account" ? sim_app->delete_account(user_name, now)
                                                   : sim_app->set_account_active(user_name, false, now);
    if (!known) {
        why = "the app has no account '" + user_name + "'";
        return make_error_code(engine_errc::not_found);
    }
    return {};
}

error_code World::task_action(const Step& step, std::string& why) {
    const auto& a = step.args;
    engine::App* app = org().app_by_ref(str(a, "app"));
    engine::User* user = org().user_by_ref(str(a, "user"));
    const std::string kind = str(a, "kind");
    const std::optional<engine::TaskKind> wanted = engine::task_kind_from(kind);  // the loader checked the spelling
    const engine::Task* found = nullptr;
    for (const engine::Task* t : org().tasks_of(app->key, user->id)) {
        if ((kind.empty() || t->kind == wanted) && engine::is_open(t->status)) found = t;
    }
    if (!found) {
        why = "no open task for " + user->login() + " in " + app->label + (kind.empty() ? "" : " of kind " + kind);
        return make_error_code(engine_errc::not_found);
    }
    const std::string id = found->id;
    auto r = step.action == "retry-task" ? tenant_.provisioning().retry_task(id, why) : tenant_.provisioning().dismiss_task(id, why);
    return r ? error_code{} : r.error();
}

json::array World::request_summary() const {
    json::array out;
    for (const auto& x : wire().exchanges()) {
        json::object r{{"app", x.app}, {"method", x.request.method}, {"target", x.request.target}};
        boost::system::error_code ec;
        const json::value body = json::parse(x.request.body, ec);
        r["body"] = ec ? json::value(x.request.body) : body;
        if (x.delivery.response) r["status"] = x.delivery.response->status;
        else r["failure"] = "no response";  // refused in process reads as reset over a socket; Okta shows both as "null"
        out.push_back(std::move(r));
    }
    return out;
}

json::object World::final_state() const {
    json::array tasks, app_users;
    for (const auto& t : org().tasks)
        tasks.push_back(json::object{{"app", t.app_key}, {"user", t.user_id}, {"kind", engine::to_string(t.kind)},
                                     {"message", t.message}, {"status", engine::to_string(t.status)},
                                     {"attempts", t.attempts}});
    for (const auto& [key, au] : org().app_users)
        app_users.push_back(json::object{{"app", au.app_key}, {"user", au.user_id}, {"status", engine::to_string(au.status)},
                                         {"syncState", engine::to_string(au.sync_state)},
                                         {"externalId", au.external_id ? json::value(*au.external_id) : nullptr}});
    return json::object{{"tasks", std::move(tasks)}, {"appUsers", std::move(app_users)}};
}

std::string World::transcript() const {
    std::string out;
    for (const auto& x : wire().exchanges()) {
        out += "# " + loop().wall_clock().timestamp(x.at) + " app=" + x.app + "\n";
        out += "> " + x.request.method + " " + x.request.target + " HTTP/1.1\n";
        for (const auto& h : wire::redact(x.request.headers)) out += "> " + h.name + ": " + h.value + "\n";
        if (!x.request.body.empty()) out += ">\n> " + wire::redact_body(x.request.body) + "\n";
        if (const auto& r = x.delivery.response) {
            out += "< HTTP/1.1 " + std::to_string(r->status) + " " + r->reason + "\n";
            for (const auto& h : wire::redact(r->headers)) out += "< " + h.name + ": " + h.value + "\n";
            if (!r->body.empty()) out += "<\n< " + wire::redact_body(r->body) + "\n";
        } else {
            out += "< (no response: " + std::string(wire::to_string(x.delivery.failure)) + ")\n";
        }
        out += "\n";
    }
    return out;
}

}  // namespace oktasim::runner
