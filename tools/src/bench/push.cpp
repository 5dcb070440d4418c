// The push benchmark's world: generated users in one group, one AIW app with Create Users on and a simulated
// downstream (or a live server); the group is assigned and the loop runs until every job has finished.
#include <oktasim/bench/push.hpp>

#include <oktasim/runner/user_template.hpp>
#include <oktasim/runner/world.hpp>

#include <stdexcept>

namespace oktasim::bench {
namespace {

namespace json = boost::json;

// `base_url` empty: the simulated app in process; else a live server there, `in_flight` jobs and connections.
runner::Scenario push_scenario(std::size_t users, std::uint64_t seed, const std::string& base_url, int in_flight) {
    runner::Scenario sc;
    sc.file = "<bench>";
    sc.name = "bench: push";
    sc.seed = seed;
    sc.users = runner::generate_users(runner::UserTemplate{}, users, seed);
    runner::GroupSpec everyone;
    everyone.profile = json::object{{"name", "Everyone"}};
    everyone.members.reserve(users);
    for (const auto& u : sc.users) everyone.members.push_back(std::string(u.profile.at("login").as_string()));
    sc.groups.push_back(std::move(everyone));
    runner::AppSpec app;
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

PushFigures measure_push(const runner::Scenario& sc, std::size_t users, std::uint64_t seed) {
    PushFigures out;
    out.users = users;
    const Stopwatch setup;
    runner::World world(sc, seed);
    out.setup = setup.elapsed();

    const Stopwatch push;
    std::string why;
    if (!world.provisioning->assign_group("acme", "Everyone", why)) throw std::runtime_error("bench: assign-group: " + why);
    if (!world.settle_jobs()) throw std::runtime_error("bench: a provisioning job is stuck");
    out.push = push.elapsed();

    for (const auto& [key, au] : world.org.app_users) out.provisioned += au.status == "PROVISIONED" ? 1 : 0;
    out.requests = world.wire.exchanges().size();
    return out;
}

}  // namespace

PushFigures run_push(std::size_t users, std::uint64_t seed) { return measure_push(push_scenario(users, seed, {}, 1), users, seed); }

PushFigures run_http_push(std::size_t users, std::uint64_t seed, const std::string& base_url, int in_flight) {
    return measure_push(push_scenario(users, seed, base_url, in_flight), users, seed);
}

}  // namespace oktasim::bench
