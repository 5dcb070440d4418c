// The push benchmark's org: generated users in one group, one AIW app with Create Users on and a simulated
// downstream (or a live server); the group is assigned and the loop runs until every job has finished.
#include <oktasim/bench/push.hpp>

#include <oktasim/runner/user_template.hpp>
#include <oktasim/tenant/tenant.hpp>

#include <stdexcept>

namespace oktasim::bench {
namespace {

namespace json = boost::json;

// `base_url` empty: the simulated app in process; else a live server there, `in_flight` jobs and connections.
tenant::OrgSpec push_org(std::size_t users, std::uint64_t seed, const std::string& base_url, int in_flight) {
    tenant::OrgSpec sc;
    sc.users = runner::generate_users(runner::UserTemplate{}, users, seed);
    tenant::GroupSpec everyone;
    everyone.profile = json::object{{"name", "Everyone"}};
    everyone.members.reserve(users);
    for (const auto& u : sc.users) everyone.members.push_back(std::string(u.profile.at("login").as_string()));
    sc.groups.push_back(std::move(everyone));
    tenant::AppSpec app;
    app.key = "acme";
    app.label = "Acme Cloud";
    app.capabilities = json::object{{"create", json::object{{"lifecycleCreate", json::object{{"status", "ENABLED"}}}}}};
    app.connector = json::object{{"type", "scim2"},
                                 {"baseUrl", base_url.empty() ? "https://acme.example.test/scim/v2" : base_url},
                                 {"auth", json::object{{"mode", "header"}, {"token", bench_token}}}};
    if (base_url.empty()) {
        app.downstream = json::object{{"auth", json::object{{"bearer", bench_token}}}};
    } else {
        app.concurrency = in_flight;
        app.connector["maxConnections"] = in_flight;
    }
    sc.apps.push_back(std::move(app));
    return sc;
}

// Counts the exchanges as they happen: the benchmark keeps none of them (nor the System Log's events), as a run that
// asks for no transcript and no System Log.
struct ExchangeCounter final : engine::EventObserver {
    std::size_t exchanges = 0;
    void on_exchange(const wire::Exchange&) override { ++exchanges; }
};

PushFigures measure_push(const tenant::OrgSpec& spec, std::size_t users, std::uint64_t seed) {
    PushFigures out;
    out.users = users;
    const Stopwatch setup;
    tenant::TenantOptions options;
    options.seed = seed;
    options.retain_exchanges = false;
    options.retain_log_events = false;
    tenant::Tenant org(spec, options);
    ExchangeCounter counter;
    org.feed().subscribe(counter);
    out.setup = setup.elapsed();

    const Stopwatch push;
    std::string why;
    if (!org.provisioning().assign_group("acme", "Everyone", why)) throw std::runtime_error("bench: assign-group: " + why);
    if (!org.settle_jobs()) throw std::runtime_error("bench: a provisioning job is stuck");
    out.push = push.elapsed();

    for (const auto& [key, au] : org.org().app_users)
        out.provisioned += au.status == engine::AppUserStatus::provisioned ? 1 : 0;
    out.requests = counter.exchanges;
    org.feed().unsubscribe(counter);
    return out;
}

}  // namespace

PushFigures run_push(std::size_t users, std::uint64_t seed) { return measure_push(push_org(users, seed, {}, 1), users, seed); }

PushFigures run_http_push(std::size_t users, std::uint64_t seed, const std::string& base_url, int in_flight) {
    return measure_push(push_org(users, seed, base_url, in_flight), users, seed);
}

}  // namespace oktasim::bench
