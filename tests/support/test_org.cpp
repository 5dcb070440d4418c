// The unit tests' org: a Tenant with fixed ids, an admin actor and the fake connector type.
#include "support/test_org.hpp"

#include "support/fake_connector.hpp"

namespace oktasim::test {
namespace {

tenant::OrgSpec empty_org() {
    tenant::OrgSpec spec;
    spec.admin = {"00uadmin", "admin@example.com", "Admin"};
    return spec;
}

tenant::TenantOptions options(std::uint64_t seed, engine::TransportProvider* network) {
    tenant::TenantOptions o;
    o.seed = seed;
    o.network = network;
    o.connectors = register_fake_connector;
    return o;
}

}  // namespace

TestOrg::TestOrg(std::uint64_t seed, engine::TransportProvider* network)
    : tenant(empty_org(), options(seed, network)),
      loop(tenant.loop()),
      org(tenant.org()),
      log(tenant.log()),
      wire(tenant.exchanges()),
      engine(tenant.provisioning()) {}

engine::User& TestOrg::add_user(std::string id, std::string login, std::string first, std::string last) {
    tenant::UserSpec u;
    u.id = std::move(id);
    u.profile = json::object{{"login", std::move(login)}, {"firstName", std::move(first)}, {"lastName", std::move(last)}};
    return org.users.at(tenant.add_user(u));
}

engine::App& TestOrg::add_app(json::object connector) {
    tenant::AppSpec a;
    a.key = "app";
    a.id = "0oaapp";
    a.name.clear();
    a.label = "App";
    a.capabilities = json::object{{"create", json::object{{"lifecycleCreate", json::object{{"status", "ENABLED"}}}}}};
    a.connector = std::move(connector);
    return tenant.add_app(a);
}

bool TestOrg::settle() {
    return loop.run_while([this] { return engine.active_jobs() > 0; });
}

const engine::Task* TestOrg::last_task(engine::TaskKind kind) const {
    const engine::Task* found = nullptr;
    for (const auto& t : org.tasks)
        if (t.kind == kind) found = &t;
    return found;
}

}  // namespace oktasim::test
