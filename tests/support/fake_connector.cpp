// The scripted fake connector: each operation records itself, then plays the next scripted answer or succeeds.
#include "support/fake_connector.hpp"

namespace oktasim::test {

using engine::UserPage;

asio::awaitable<result<UserPage>> FakeConnector::test_credentials(Diagnostics&) { co_return UserPage{}; }

asio::awaitable<result<std::optional<json::object>>> FakeConnector::find_user(std::string name, Diagnostics&) {
    calls.push_back("find " + name);
    co_return existing;
}

asio::awaitable<result<json::object>> FakeConnector::create_user(json::object r, Diagnostics& d) {
    calls.push_back("create " + std::string(r.at("userName").as_string()));
    if (auto next = pop(creates)) co_return (*next)(d);
    co_return json::object{{"id", "id-" + std::string(r.at("userName").as_string())}};
}

asio::awaitable<result<json::object>> FakeConnector::get_user(std::string id, Diagnostics&) {
    calls.push_back("get " + id);
    co_return json::object{{"id", id}, {"active", true}};
}

asio::awaitable<result<json::object>> FakeConnector::replace_user(std::string id, json::object r, Diagnostics& d) {
    calls.push_back("replace " + id);
    replace_bodies.push_back(r);
    if (auto next = pop(replaces)) co_return (*next)(d);
    co_return r;
}

asio::awaitable<result<json::object>> FakeConnector::patch_user(std::string id, json::object op, Diagnostics& d) {
    calls.push_back("patch " + id);
    patch_bodies.push_back(op);
    if (auto next = pop(patches)) co_return (*next)(d);
    co_return json::object{};
}

asio::awaitable<result<UserPage>> FakeConnector::list_users(std::int64_t, std::int64_t, Diagnostics&) {
    co_return UserPage{};
}

std::optional<FakeConnector::Answer> FakeConnector::pop(Script& script) {
    if (script.empty()) return std::nullopt;
    auto next = std::move(script.front());
    script.pop_front();
    return next;
}

namespace {

class FakeFactory final : public engine::ConnectorFactory {
public:
    bool validate(const json::object&, engine::Problem&) const override { return true; }
    result<std::unique_ptr<engine::Connector>> create(const json::object&, engine::ConnectorContext,
                                                      engine::Problem&) const override {
        return std::unique_ptr<engine::Connector>(std::make_unique<FakeConnector>());
    }
    std::string_view description() const noexcept override { return "the tests' scripted connector"; }
};

}  // namespace

void register_fake_connector(engine::ConnectorRegistry& registry) {
    registry.add(std::string(fake_connector_type), std::make_unique<FakeFactory>());
}

FakeConnector* fake_of(engine::App& app) { return dynamic_cast<FakeConnector*>(app.connector.get()); }

}  // namespace oktasim::test
