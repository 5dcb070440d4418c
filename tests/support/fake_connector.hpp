// A Connector whose answers a test scripts, recording each operation it is asked for: the engine's push flows
// run against it with no SCIM and no sockets.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/org.hpp>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::test {

namespace asio = boost::asio;
namespace json = boost::json;

class FakeConnector final : public engine::Connector {
public:
    // One scripted answer: fills the Diagnostics as a connector would, and returns the result the flow gets.
    using Answer = std::function<result<json::object>(Diagnostics&)>;
    using Script = std::deque<Answer>;

    std::vector<std::string> calls;  // "find alice@example.com", "create ...", "get <id>", "replace <id>", "patch <id>"
    Script creates;                  // empty: succeed with id "id-<userName>"
    Script replaces;                 // empty: succeed, echoing the resource
    Script patches;                  // empty: succeed with no content
    std::vector<json::object> patch_bodies, replace_bodies;
    std::optional<json::object> existing;  // what find_user returns

    std::string_view type() const noexcept override { return "fake"; }
    asio::awaitable<result<engine::UserPage>> test_credentials(Diagnostics&) override;
    asio::awaitable<result<std::optional<json::object>>> find_user(std::string name,
                                                                           Diagnostics&) override;
    asio::awaitable<result<json::object>> create_user(json::object r, Diagnostics& d) override;
    asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics&) override;
    asio::awaitable<result<json::object>> replace_user(std::string id, json::object r,
                                                               Diagnostics& d) override;
    asio::awaitable<result<json::object>> patch_user(std::string id, json::object op,
                                                             Diagnostics& d) override;
    asio::awaitable<result<engine::UserPage>> list_users(std::int64_t, std::int64_t,
                                                                 Diagnostics&) override;

private:
    static std::optional<Answer> pop(Script& script);
};

// The "fake" connector type: an app whose connector config is {"type": "fake"} gets a FakeConnector of its own,
// which the test reaches with fake_of(app) to script it.
inline constexpr std::string_view fake_connector_type = "fake";
void register_fake_connector(engine::ConnectorRegistry& registry);
// The app's connector as the fake it is; nullptr when it is another type (or none).
FakeConnector* fake_of(engine::App& app);

}  // namespace oktasim::test
