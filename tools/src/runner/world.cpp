// Building a scenario's world and performing its action steps.
#include <oktasim/runner/world.hpp>

#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <oktasim/engine/mapping.hpp>

#include <algorithm>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>

namespace oktasim::runner {
namespace {

namespace asio = boost::asio;

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

engine::LogActor admin_actor(const json::object& admin, engine::IdGenerator& ids) {
    engine::LogActor a;
    a.id = str(admin, "id");
    if (a.id.empty()) a.id = ids.next(engine::id_prefix::user);
    a.alternate_id = str(admin, "login");
    if (a.alternate_id.empty()) a.alternate_id = "admin@example.com";
    a.display_name = str(admin, "displayName");
    if (a.display_name.empty()) a.display_name = "Org Admin";
    return a;
}

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed_, bool over_http)
    : seed(seed_), loop(seed_, scenario.start_unix_ms), ids(loop.prng().fork("ids")), log(loop, ids) {
    connectors::register_builtin_connectors(registry);
    build(scenario, over_http);
}

World::~World() {
    // Servers and live transports must go before the io_context; suspended jobs refer to the engine and the
    // org, so the loop destroys them while those still exist.
    servers.clear();
    for (auto& app : org.apps) app->connector.reset();
    loop.shutdown();
}

void World::serve(const std::string& app_key, engine::App& app) {
    auto& sim_app = *downstream(app_key);
    auto server = std::make_unique<connectors::http::HttpServer>(loop.context(), sim_app);
    server->set_now([this] { return loop.now(); });
    if (const auto ec = server->start()) throw std::runtime_error("cannot serve the simulated app: " + ec.message());
    point_at_server(app, *server);
    servers.emplace(app_key, std::move(server));
}

void World::point_at_server(engine::App& app, const connectors::http::HttpServer& server) {
    // Keep the configured paths; only the origin changes to the loopback server (for the OAuth token endpoint
    // too, when the app serves it).
    std::string error;
    const std::string origin = "http://127.0.0.1:" + std::to_string(server.port());
    const auto endpoint = connectors::scim::parse_endpoint(std::string(app.connector_config.at("baseUrl").as_string()), error);
    // The scenario's own host for this app (later steps name it again, e.g. a new tokenUrl).
    const std::string& scenario_host = scenario_hosts_.emplace(app.key, endpoint->host).first->second;
    app.connector_config["baseUrl"] = origin + endpoint->base_path;
    json::value* auth = app.connector_config.if_contains("auth");
    json::value* token_url = auth && auth->is_object() ? auth->as_object().if_contains("tokenUrl") : nullptr;
    if (!token_url || !token_url->is_string()) return;
    const auto token = connectors::scim::parse_endpoint(std::string(token_url->as_string()), error);
    if (token && (token->host == scenario_host || token->host == endpoint->host)) *token_url = origin + token->base_path;
}

connectors::simapp::SimApp* World::downstream(std::string_view app_key) {
    const auto it = downstreams.find(app_key);
    return it == downstreams.end() ? nullptr : it->second.get();
}

void World::build(const Scenario& sc, bool over_http) {
    org.org_url = sc.org_url;
    const std::string t0 = loop.timestamp();
    for (const auto& spec : sc.users) {
        engine::User u;
        u.id = spec.id.empty() ? ids.next(engine::id_prefix::user) : spec.id;
        u.status = *engine::user_status_from(spec.status);
        u.profile = spec.profile;
        u.password = spec.password;
        u.created = u.last_updated = u.status_changed = t0;
        if (u.status != engine::UserStatus::staged) u.activated = t0;
        if (u.password) u.password_changed = t0;
        org.users.emplace(u.id, std::move(u));
    }
    for (const auto& spec : sc.groups) {
        engine::Group g;
        g.id = spec.id.empty() ? ids.next(engine::id_prefix::group) : spec.id;
        g.profile = spec.profile;
        for (const auto& m : spec.members) g.add_member(org.user_by_ref(m)->id);
        g.created = g.last_updated = g.last_membership_updated = t0;
        org.groups.emplace(g.id, std::move(g));
    }
    for (const auto& spec : sc.apps) {
        auto app = std::make_unique<engine::App>();
        app->key = spec.key;
        app->id = spec.id.empty() ? ids.next(engine::id_prefix::app) : spec.id;
        app->name = spec.name;
        app->label = spec.label;
        app->sign_on_mode = spec.sign_on_mode;
        app->flavour = spec.flavour == "OIN" ? engine::Flavour::oin : engine::Flavour::aiw;
        app->create_users_off = spec.create_users_off == "okta-kb" ? engine::CreateUsersOff::okta_kb
                                                                   : engine::CreateUsersOff::problem_statement;
        app->api_integration = spec.api_integration;
        app->exclude_username_updates = spec.exclude_username_updates;
        app->push_null_values = spec.push_null_values;
        std::string why;
        engine::apply_capabilities(spec.capabilities, app->to_app, why);  // validated when loading
        app->connector_config = spec.connector;
        app->created = app->last_updated = t0;
        if (spec.downstream) {
            std::string error;
            auto config = connectors::simapp::parse_sim_app_config(json::value(*spec.downstream), error);
            downstreams.emplace(spec.key, std::make_unique<connectors::simapp::SimApp>(
                                              std::move(*config), loop.wall_clock(), loop.prng().fork("simapp:" + spec.key)));
        }
        for (const auto& g : spec.groups) app->assigned_groups.push_back(org.group_by_ref(g)->id);
        for (const auto& a : spec.app_users) add_app_user(*app, a, t0);
        org.apps.push_back(std::move(app));
    }
    provisioning.emplace(loop, org, log, ids, admin_actor(sc.admin, ids));
    if (over_http) {
        for (auto& app : org.apps)
            if (downstream(app->key)) serve(app->key, *app);
    }
    for (auto& app : org.apps) {
        std::string why;
        if (connect(*app, why)) app->connector.reset();  // live connectors are added by the HTTP transport
    }
}

// An assignment pasted from GET /api/v1/apps/{id}/users: the app user starts in that state, and nothing is logged
// or pushed for it. Missing status/syncState follow Okta: linked (externalId) is PROVISIONED and SYNCHRONIZED,
// otherwise an SSO-only ACTIVE with sync DISABLED.
void World::add_app_user(const engine::App& app, const AppUserSpec& spec, const std::string& t0) {
    const engine::User& user = *org.user_by_ref(spec.user);
    engine::AppUser au;
    au.user_id = user.id;
    au.app_key = app.key;
    au.direct = spec.scope == "USER";
    for (const auto& gid : app.assigned_groups)
        if (org.groups.at(gid).has_member(user.id)) au.via_groups.insert(gid);
    au.external_id = spec.external_id;
    au.status = !spec.status.empty() ? spec.status : spec.external_id ? "PROVISIONED" : "ACTIVE";
    au.sync_state = !spec.sync_state.empty() ? spec.sync_state : spec.external_id ? "SYNCHRONIZED" : "DISABLED";
    au.user_name = spec.user_name.value_or(user.login());
    au.profile = spec.profile.value_or(engine::app_user_profile(user));
    au.created = au.last_updated = au.status_changed = t0;
    org.app_users.emplace(std::pair{app.key, user.id}, std::move(au));
}

error_code World::connect(engine::App& app, std::string& why) {
    const auto* factory = registry.factory_for(app.connector_config);
    // In process the simulated app answers; served over HTTP, or live, the network does.
    connectors::NetworkTransports network(loop);
    std::optional<connectors::InprocTransports> inproc;
    if (auto* simulated = servers.count(app.key) ? nullptr : downstream(app.key)) inproc.emplace(loop, *simulated);
    engine::ConnectorContext context{loop, wire, app.key,
                                     inproc ? static_cast<engine::TransportProvider&>(*inproc) : network};
    engine::Problem problem;
    auto made = factory->create(app.connector_config, context, problem);
    if (!made) {
        why = problem.to_string();
        return made.error();
    }
    app.connector = std::move(*made);
    return {};
}

bool World::settle_jobs() {
    return loop.run_while([this] { return provisioning->active_jobs() > 0; });
}

error_code World::perform(const Step& step, std::string& why) {
    const auto& a = step.args;
    const std::string& act = step.action;
    const std::string user = str(a, "user"), app = str(a, "app"), group = str(a, "group");
    auto& e = *provisioning;
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
    else if (act == "test-credentials") return test_credentials(*org.app_by_ref(app), "Test API credentials", why);
    else if (act == "advance") {
        const sim::Duration by = *sim::parse_duration(str(a, "by"));
        if (by > sim::time_horizon - loop.now()) {  // the loader bounds the advances; retries may add more time
            why = "advancing by " + str(a, "by") + " passes the horizon of virtual time, start + " +
                  std::string(sim::max_duration_text);
            return make_error_code(scenario_errc::bad_value);
        }
        loop.run_until(loop.now() + by);
        return {};
    } else if (act == "settle") {
        loop.run_until_quiescent();  // waits on the network only for exchanges in flight, never on a server
        return {};
    } else if (act == "set-credentials") {
        return save_credentials(step, why);
    } else {
        return app_side(step, why);
    }
    return r ? error_code{} : r.error();
}

error_code World::app_side(const Step& step, std::string& why) {
    const auto& a = step.args;
    const std::string app_key = str(a, "app");
    connectors::simapp::SimApp* sim_app = downstream(app_key);
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
        auto r = sim_app->upsert_account(std::move(attributes), loop.now(), why, rename ? user_name : std::string());
        return r ? error_code{} : r.error();
    }
    const bool known = act == "delete-app-account" ? sim_app->delete_account(user_name, loop.now())
                                                   : sim_app->set_account_active(user_name, false, loop.now());
    if (!known) {
        why = "the app has no account '" + user_name + "'";
        return make_error_code(engine_errc::not_found);
    }
    return {};
}

error_code World::task_action(const Step& step, std::string& why) {
    const auto& a = step.args;
    engine::App* app = org.app_by_ref(str(a, "app"));
    engine::User* user = org.user_by_ref(str(a, "user"));
    const std::string kind = str(a, "kind");
    const engine::Task* found = nullptr;
    for (const engine::Task* t : org.tasks_of(app->key, user->id)) {
        if ((kind.empty() || t->kind == kind) && (t->status == "OPEN" || t->status == "PAUSED")) found = t;
    }
    if (!found) {
        why = "no open task for " + user->login() + " in " + app->label + (kind.empty() ? "" : " of kind " + kind);
        return make_error_code(engine_errc::not_found);
    }
    const std::string id = found->id;
    auto r = step.action == "retry-task" ? provisioning->retry_task(id, why) : provisioning->dismiss_task(id, why);
    return r ? error_code{} : r.error();
}

namespace {

asio::awaitable<void> probe_credentials(engine::Connector* connector, engine::App* app, engine::SystemLog* log,
                                        engine::LogActor actor, std::string display_message, std::string* why,
                                        error_code* ec, bool* done) {
    Diagnostics d;
    auto page = co_await connector->test_credentials(d);
    engine::LogEvent e;
    e.event_type = "application.configuration.update";
    e.display_message = std::move(display_message);
    e.actor = std::move(actor);
    e.targets = {{app->id, "AppInstance", app->name, app->label}};
    if (page) {
        e.debug_data["result"] = "Connector configured successfully";
    } else {
        e.outcome = "FAILURE";
        e.severity = "WARN";
        e.outcome_reason = "Okta couldn't verify api credentials: " + d.provider_message();
        *why = *e.outcome_reason;
        *ec = page.error();
    }
    log->emit(std::move(e));
    *done = true;
}

}  // namespace

error_code World::test_credentials(engine::App& app, std::string_view display_message, std::string& why) {
    if (!app.connector) {
        why = "app '" + app.key + "' has no connector";
        return make_error_code(engine_errc::not_found);
    }
    error_code ec;
    bool done = false;
    asio::co_spawn(loop.get_executor(),
                   probe_credentials(app.connector.get(), &app, &log, provisioning->admin(),
                                     std::string(display_message), &why, &ec, &done),
                   [](std::exception_ptr p) {
                       if (p) std::rethrow_exception(p);
                   });
    loop.run_while([&] { return !done; });
    return ec;
}

// Save on Provisioning > Integration: the new values are stored and the connector rebuilt, then Okta probes the
// server with them (§2.1: saving sends the connection test once more). A failed probe fails the step with the
// error the Save shows (§5.2 #21); the values stay saved, so later steps show what they do.
error_code World::save_credentials(const Step& step, std::string& why) {
    const auto& a = step.args;
    engine::App& target = *org.app_by_ref(str(a, "app"));
    if (a.contains("auth")) target.connector_config["auth"] = a.at("auth");
    if (a.contains("baseUrl")) target.connector_config["baseUrl"] = a.at("baseUrl");
    if (const auto it = servers.find(target.key); it != servers.end()) point_at_server(target, *it->second);
    if (const error_code ec = connect(target, why)) {
        provisioning->note_credentials_changed(target);
        return ec;
    }
    const error_code probe = test_credentials(target, "Save API credentials", why);
    provisioning->note_credentials_changed(target);
    if (probe) why = "An error has occurred: " + why;
    return probe;
}

namespace {

asio::awaitable<void> read_pages(connectors::Transport* transport, connectors::scim::Endpoint endpoint,
                                 connectors::scim::Auth auth, std::vector<json::object>* out, error_code* ec,
                                 std::string* why, bool* done) {
    constexpr std::int64_t page_size = 100;
    constexpr int pages_max = 100;
    for (std::int64_t start = 1, page = 0; page < pages_max; start += page_size, ++page) {
        wire::Request request = connectors::scim::list_users(endpoint, auth, start, page_size);
        const wire::Delivery delivery = co_await transport->send(std::move(request));
        Diagnostics d;
        auto list = connectors::scim::read_list(delivery, d);
        if (!list) {
            *ec = list.error();
            *why = "reading the app's users failed: " + d.provider_message();
            break;
        }
        for (auto& r : list->resources) out->push_back(std::move(r));
        if (list->resources.empty() || start + page_size > list->total_results) break;
    }
    *done = true;
}

}  // namespace

result<std::vector<json::object>> World::read_live_accounts(const std::string& app_key, std::string& why) {
    const engine::App* app = org.app_by_ref(app_key);
    engine::Problem problem;
    auto config = connectors::scim::parse_scim_config(app->connector_config, problem);
    if (!config) {
        why = problem.to_string();
        return config.error();
    }
    connectors::http::HttpTransportOptions options;
    options.tls.ca_file = config->ca_file;
    options.tls.insecure = config->insecure;
    auto http = connectors::http::HttpTransport::create(loop.get_executor(), config->endpoint.base_url, options, why);
    if (!http) return make_error_code(scenario_errc::bad_value);
    connectors::LiveTransport transport(loop, std::move(http));
    std::vector<json::object> accounts;
    error_code ec;
    bool done = false;
    asio::co_spawn(loop.get_executor(),
                   read_pages(&transport, config->endpoint, config->auth, &accounts, &ec, &why, &done),
                   [](std::exception_ptr p) {
                       if (p) std::rethrow_exception(p);
                   });
    loop.run_while([&] { return !done; });
    if (ec) return ec;
    return accounts;
}

json::array World::request_summary() const {
    json::array out;
    for (const auto& x : wire.exchanges()) {
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
    for (const auto& t : org.tasks)
        tasks.push_back(json::object{{"app", t.app_key}, {"user", t.user_id}, {"kind", t.kind}, {"message", t.message},
                                     {"status", t.status}, {"attempts", t.attempts}});
    for (const auto& [key, au] : org.app_users)
        app_users.push_back(json::object{{"app", au.app_key}, {"user", au.user_id}, {"status", au.status},
                                         {"syncState", au.sync_state},
                                         {"externalId", au.external_id ? json::value(*au.external_id) : nullptr}});
    return json::object{{"tasks", std::move(tasks)}, {"appUsers", std::move(app_users)}};
}

std::string World::transcript() const {
    std::string out;
    for (const auto& x : wire.exchanges()) {
        out += "# " + loop.wall_clock().timestamp(x.at) + " app=" + x.app + "\n";
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
