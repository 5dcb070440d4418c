// Assembling a running org from its spec: users, groups, apps and their connectors, the simulated apps (in process
// or served on loopback), the assignments it starts with; and driving its loop.
#include <oktasim/tenant/tenant.hpp>

#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/transport.hpp>
#include <oktasim/engine/mapping.hpp>

#include "job_executor.hpp"

#include <boost/asio/co_spawn.hpp>

#include <stdexcept>

namespace oktasim::tenant {
namespace {

engine::LogActor admin_actor(const AdminSpec& admin, engine::IdGenerator& ids) {
    engine::LogActor a;
    a.id = admin.id.empty() ? ids.next(engine::id_prefix::user) : admin.id;
    a.alternate_id = admin.login.empty() ? "admin@example.com" : admin.login;
    a.display_name = admin.display_name.empty() ? "Org Admin" : admin.display_name;
    return a;
}

}  // namespace

Tenant::Tenant(const OrgSpec& spec, TenantOptions options)
    : options_(std::move(options)),
      own_loop_(std::make_unique<sim::EventLoop>(options_.seed, options_.start_unix_ms)),
      loop_(own_loop_.get()),
      core_(std::make_shared<Core>(*loop_, loop_->prng().fork(options_.id_stream), &feed_)) {
    core_->log.set_retain(options_.retain_log_events);
    build(spec);
}

Tenant::Tenant(const OrgSpec& spec, TenantOptions options, sim::EventLoop& loop)
    : options_(std::move(options)),
      loop_(&loop),
      core_(std::make_shared<Core>(*loop_, loop_->prng().fork(options_.id_stream), &feed_)) {
    core_->log.set_retain(options_.retain_log_events);
    build(spec);
}

Tenant::~Tenant() {
    // From here no job of this org runs again, on whatever loop: one that would resume is destroyed instead.
    core_->alive = false;
    // Servers and live transports go before the io_context. On its own loop the jobs go now, telling the feed they
    // finished; a job suspended on a borrowed loop keeps only the Core alive (through the executor it runs on),
    // until the loop's owner runs or shuts it down, and tells nobody.
    servers_.clear();
    for (auto& app : core_->org.apps) app->connector.reset();
    if (own_loop_) own_loop_->shutdown();
    core_->engine->set_event_feed(nullptr);
    core_->log.set_event_feed(nullptr);
    core_->engine->set_job_executor(loop_->get_executor());  // it held the Core: let go, or the Core never goes
}

asio::any_io_executor Tenant::job_executor() const {
    return detail::GuardedExecutor<asio::io_context::executor_type>(loop_->get_executor(),
                                                                     std::shared_ptr<const bool>(core_, &core_->alive));
}

void Tenant::ExchangeTap::record(wire::Exchange x) {
    if (tenant_.options_.retain_exchanges) {
        tenant_.feed_.record(x);
        tenant_.exchanges_.record(std::move(x));
    } else {
        tenant_.feed_.record(std::move(x));
    }
}

connectors::simapp::SimApp* Tenant::simulated_app(std::string_view app_key) {
    const auto it = simulated_apps_.find(app_key);
    return it == simulated_apps_.end() ? nullptr : it->second.get();
}

const connectors::simapp::SimApp* Tenant::simulated_app(std::string_view app_key) const {
    const auto it = simulated_apps_.find(app_key);
    return it == simulated_apps_.end() ? nullptr : it->second.get();
}

const connectors::http::HttpServer* Tenant::server(std::string_view app_key) const {
    const auto it = servers_.find(app_key);
    return it == servers_.end() ? nullptr : it->second.get();
}

void Tenant::build(const OrgSpec& spec) {
    connectors::register_builtin_connectors(registry_);
    if (options_.connectors) options_.connectors(registry_);
    core_->org.org_url = spec.org_url;
    for (const auto& us : spec.users) spec_user_ids_.push_back(add_user(us));
    const std::string t0 = loop_->timestamp();
    for (const auto& gs : spec.groups) {
        engine::Group g;
        g.id = gs.id.empty() ? core_->ids.next(engine::id_prefix::group) : gs.id;
        g.profile = gs.profile;
        for (const auto& m : gs.members) g.add_member(core_->org.user_by_ref(m)->id);
        g.created = g.last_updated = g.last_membership_updated = t0;
        spec_group_ids_.push_back(g.id);
        std::string id = g.id;
        core_->org.groups.emplace(std::move(id), std::move(g));
    }
    for (const auto& as : spec.apps) make_app(as);
    core_->engine.emplace(*loop_, core_->org, core_->log, core_->ids, admin_actor(spec.admin, core_->ids), &feed_);
    core_->engine->set_job_executor(job_executor());
    core_->engine->start_import_schedules();
    if (options_.serve_over_http) {
        for (auto& app : core_->org.apps)
            if (simulated_app(app->key)) serve(*app);
    }
    for (auto& app : core_->org.apps) {
        std::string why;
        if (connect(*app, why)) app->connector.reset();  // a step that needs it explains why it is missing
    }
}

std::string Tenant::add_user(const UserSpec& us) {
    const std::string t0 = loop_->timestamp();
    engine::User u;
    u.id = us.id.empty() ? core_->ids.next(engine::id_prefix::user) : us.id;
    u.status = *engine::user_status_from(us.status);
    u.profile = us.profile;
    u.password = us.password;
    u.created = u.last_updated = u.status_changed = t0;
    if (u.status != engine::UserStatus::staged) u.activated = t0;
    if (u.password) u.password_changed = t0;
    std::string id = u.id;
    core_->org.add_user(std::move(u));
    return id;
}

result<std::string> Tenant::create_group(std::string name, std::string description, std::string& why) {
    auto id = core_->engine->create_group(std::move(name), std::move(description), why);
    spec_group_ids_.push_back(id ? *id : std::string());
    return id;
}

engine::App& Tenant::add_app(const AppSpec& spec) {
    engine::App& app = make_app(spec);
    if (options_.serve_over_http && simulated_app(app.key)) serve(app);
    std::string why;
    if (connect(app, why)) app.connector.reset();
    core_->engine->start_import_schedules();  // re-arms every app's: the same times, now with this one's
    return app;
}

engine::App& Tenant::make_app(const AppSpec& as) {
    const std::string t0 = loop_->timestamp();
    auto app = std::make_unique<engine::App>();
    app->key = as.key;
    app->id = as.id.empty() ? core_->ids.next(engine::id_prefix::app) : as.id;
    app->name = as.name;
    app->label = as.label;
    app->sign_on_mode = as.sign_on_mode;
    app->flavour = as.flavour == "OIN" ? engine::Flavour::oin : engine::Flavour::aiw;
    app->create_users_off = as.create_users_off == "okta-kb" ? engine::CreateUsersOff::okta_kb
                                                             : engine::CreateUsersOff::problem_statement;
    app->group_create = as.group_push_create == "aiw-field" ? engine::GroupCreate::aiw_field
                                                             : engine::GroupCreate::documented;
    app->api_integration = as.api_integration;
    app->exclude_username_updates = as.exclude_username_updates;
    app->push_null_values = as.push_null_values;
    app->put_fallback = as.put_fallback;
    app->concurrency = as.concurrency;
    std::string why;
    engine::apply_capabilities(as.capabilities, app->to_app, why);  // validated with the spec
    app->import_groups = as.import_groups;
    app->group_push.push_memberships_immediately = as.push_memberships_immediately;
    app->group_push.rename_app_groups = as.rename_app_groups;
    if (as.profile_model) app->profile_model = std::make_shared<engine::ProfileModel>(*as.profile_model);
    engine::Problem problem;
    if (!engine::apply_inbound_capabilities(as.inbound_capabilities, app->to_okta, core_->org.import_safeguards, problem) ||
        !engine::check_sourcing_allowed(app->to_okta, app->flavour == engine::Flavour::aiw, problem) ||
        !engine::check_match_attributes_mapped(app->to_okta, app->profile_model.get(), problem))
        throw std::invalid_argument("app '" + as.key + "': INBOUND_PROVISIONING: " + problem.to_string());
    app->connector_config = as.connector;
    app->created = app->last_updated = t0;
    if (as.downstream) {
        std::string error;
        auto config = connectors::simapp::parse_sim_app_config(json::value(*as.downstream), error);
        if (!config) throw std::invalid_argument("app '" + as.key + "': downstream: " + error);
        simulated_apps_.emplace(as.key, std::make_unique<connectors::simapp::SimApp>(
                                            std::move(*config), loop_->wall_clock(),
                                            loop_->prng().fork("simapp:" + as.key)));
    }
    for (const auto& g : as.groups) app->assigned_groups.push_back(core_->org.group_by_ref(g)->id);
    for (const auto& a : as.app_users) add_app_user(*app, a, t0);
    core_->org.apps.push_back(std::move(app));
    return *core_->org.apps.back();
}

// An assignment pasted from GET /api/v1/apps/{id}/users: the app user starts in that state, and nothing is logged
// or pushed for it. Missing status/syncState follow Okta: linked (externalId) is PROVISIONED and SYNCHRONIZED,
// otherwise an SSO-only ACTIVE with sync DISABLED.
void Tenant::add_app_user(const engine::App& app, const AppUserSpec& spec, const std::string& t0) {
    const engine::User& user = *core_->org.user_by_ref(spec.user);
    engine::AppUser au;
    au.user_id = user.id;
    au.app_key = app.key;
    au.direct = spec.scope == "USER";
    for (const auto& gid : app.assigned_groups)
        if (core_->org.groups.at(gid).has_member(user.id)) au.via_groups.insert(gid);
    au.external_id = spec.external_id;
    au.status = spec.status.value_or(spec.external_id ? engine::AppUserStatus::provisioned : engine::AppUserStatus::active);
    au.sync_state =
        spec.sync_state.value_or(spec.external_id ? engine::SyncState::synchronized : engine::SyncState::disabled);
    au.profile = spec.profile.value_or(engine::app_user_profile(app, user, nullptr).profile);
    au.user_name = spec.user_name.value_or(engine::user_name_of(au.profile, user));
    au.created = au.last_updated = au.status_changed = t0;
    core_->org.app_users.emplace(std::pair{app.key, user.id}, std::move(au));
}

void Tenant::serve(engine::App& app) {
    auto& sim_app = *simulated_app(app.key);
    connectors::http::HttpServerOptions options;
    options.error_format = sim_app.scim_version();
    auto server = std::make_unique<connectors::http::HttpServer>(loop_->context(), sim_app, options);
    server->set_now([this] { return loop_->now(); });
    if (const auto ec = server->start()) throw std::runtime_error("cannot serve the simulated app: " + ec.message());
    point_at_server(app, *server);
    servers_.emplace(app.key, std::move(server));
}

void Tenant::point_at_server(engine::App& app, const connectors::http::HttpServer& server) {
    // Only the origin changes to the loopback server; which URLs are the app's is the connector's knowledge.
    const auto* factory = registry_.factory_for(app.connector_config);
    if (!factory) return;
    const json::object& first = first_configs_.emplace(app.key, app.connector_config).first->second;
    app.connector_config =
        factory->served_at(app.connector_config, first, "http://127.0.0.1:" + std::to_string(server.port()));
}

error_code Tenant::connect(engine::App& app, std::string& why) {
    auto made = make_connector(app, tap_, why);
    if (!made) return made.error();
    app.connector = std::move(*made);
    return {};
}

result<std::unique_ptr<engine::Connector>> Tenant::make_connector(const engine::App& app,
                                                                  engine::ExchangeRecorder& recorder,
                                                                  std::string& why) {
    const auto* factory = registry_.factory_for(app.connector_config);
    if (!factory) {
        why = "app '" + app.key + "' has no connector of a known type";
        return make_error_code(scenario_errc::bad_value);
    }
    // In process the simulated app answers; served over HTTP, or live, the network does.
    connectors::NetworkTransports network(*loop_);
    std::optional<connectors::InprocTransports> inproc;
    if (auto* simulated = servers_.count(app.key) ? nullptr : simulated_app(app.key)) inproc.emplace(*loop_, *simulated);
    engine::TransportProvider& remote = options_.network ? *options_.network : network;
    engine::ConnectorContext context{*loop_, recorder, app.key,
                                     inproc ? static_cast<engine::TransportProvider&>(*inproc) : remote};
    engine::Problem problem;
    auto made = factory->create(app.connector_config, context, problem);
    if (!made) why = problem.to_string();
    return made;
}

bool Tenant::settle_jobs() {
    return loop_->run_while([this] { return core_->engine->queued_jobs() + core_->engine->running_jobs() > 0; });
}

bool Tenant::settle_all_jobs() {
    return loop_->run_while([this] { return !core_->engine->jobs_idle(); });
}

void Tenant::advance(sim::Duration by) { loop_->run_until(loop_->now() + by); }

bool Tenant::run_to_end(std::function<asio::awaitable<void>()> operation) {
    // Shared, so an operation that cannot finish now and resumes later never touches a dead frame.
    auto done = std::make_shared<bool>(false);
    asio::co_spawn(
        job_executor(),
        [operation = std::move(operation), done]() -> asio::awaitable<void> {
            co_await operation();
            *done = true;
        },
        [](std::exception_ptr p) {
            if (p) std::rethrow_exception(p);
        });
    return loop_->run_while([&done] { return !*done; });
}

}  // namespace oktasim::tenant
