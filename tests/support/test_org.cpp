// The unit tests' org: the same parts the runner's world assembles, with fixed ids and an admin actor.
#include "support/test_org.hpp"

namespace oktasim::test {

TestOrg::TestOrg(std::uint64_t seed)
    : loop(seed, 0),
      ids(loop.prng().fork("ids")),
      log(loop, ids),
      engine(loop, org, log, ids, engine::LogActor{"00uadmin", "User", "admin@example.com", "Admin"}) {}

TestOrg::~TestOrg() { loop.shutdown(); }

engine::User& TestOrg::add_user(std::string id, std::string login, std::string first, std::string last) {
    engine::User u;
    u.id = std::move(id);
    u.profile = json::object{{"login", login}, {"firstName", std::move(first)}, {"lastName", std::move(last)}};
    const std::string key = u.id;
    return org.users.emplace(key, std::move(u)).first->second;
}

engine::App& TestOrg::add_app(std::unique_ptr<engine::Connector> connector) {
    auto app = std::make_unique<engine::App>();
    app->key = "app";
    app->id = "0oaapp";
    app->label = "App";
    app->to_app.create_users = true;
    app->connector = std::move(connector);
    org.apps.push_back(std::move(app));
    return *org.apps.back();
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
