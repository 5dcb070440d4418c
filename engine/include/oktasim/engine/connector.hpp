// The operation-level interface between Okta's provisioning engine and a downstream app, and the registry
// that builds connectors by name. A SCIM client, a non-SCIM plugin and a test fake all implement Connector;
// the engine decides which operations a flow needs (Okta's request sequences), the connector how to send them.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/events.hpp>
#include <oktasim/engine/wire.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oktasim::engine {

namespace asio = boost::asio;
namespace json = boost::json;

// One page of a list request (SCIM ListResponse), with the numbers the app reported.
struct UserPage {
    std::vector<json::object> resources;
    std::int64_t total_results = 0;
    std::int64_t start_index = 1;
    std::int64_t items_per_page = 0;
};

// Every operation takes its arguments by value (coroutine safety) and fills `diag` on failure.
// Resources are SCIM 2.0 User objects; connectors to non-SCIM apps translate to and from that shape.
class Connector {
public:
    virtual ~Connector() = default;
    virtual std::string_view type() const noexcept = 0;

    // Okta's connection probe ("Test API Credentials"): GET /Users?startIndex=1&count=2.
    virtual asio::awaitable<result<UserPage>> test_credentials(Diagnostics& diag) = 0;
    // Look-up by the app's unique identifier: GET /Users?filter=userName eq "..."&startIndex=1&count=100.
    // nullopt when the app has no such user (200 with no Resources, or 404).
    virtual asio::awaitable<result<std::optional<json::object>>> find_user(std::string user_name,
                                                                           Diagnostics& diag) = 0;
    virtual asio::awaitable<result<json::object>> create_user(json::object resource, Diagnostics& diag) = 0;
    virtual asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics& diag) = 0;
    virtual asio::awaitable<result<json::object>> replace_user(std::string id, json::object resource,
                                                               Diagnostics& diag) = 0;
    // Sends a SCIM PatchOp body. An empty object when the app answered 204 No Content.
    virtual asio::awaitable<result<json::object>> patch_user(std::string id, json::object patch_op,
                                                             Diagnostics& diag) = 0;
    virtual asio::awaitable<result<UserPage>> list_users(std::int64_t start_index, std::int64_t count,
                                                         Diagnostics& diag) = 0;
};

// An HTTP peer reachable in process: the simulated SCIM app implements it, and the in-process transport
// delivers requests to it with the same bytes that would cross a socket. `now` is the virtual time.
class Downstream {
public:
    virtual ~Downstream() = default;
    virtual wire::Delivery handle(const wire::Request& request, sim::TimePoint now) = 0;
};

// Records every exchange a connector makes, in order, for transcripts and expectations.
class WireLog final : public ExchangeRecorder {
public:
    void record(wire::Exchange exchange) override { exchanges_.push_back(std::move(exchange)); }
    const std::vector<wire::Exchange>& exchanges() const noexcept { return exchanges_; }

private:
    std::vector<wire::Exchange> exchanges_;
};

// What a factory gets besides the connector's JSON configuration.
struct ConnectorContext {
    sim::EventLoop& loop;
    ExchangeRecorder& wire_log;  // where each exchange is reported
    std::string app_key;            // the app this connector serves, for recording
    Downstream* inproc = nullptr;   // the simulated app, when the scenario has one; else use the network
};

class ConnectorFactory {
public:
    virtual ~ConnectorFactory() = default;
    // Builds a connector, or explains in `error` what is wrong with `config` (naming the key).
    virtual result<std::unique_ptr<Connector>> create(const json::object& config, ConnectorContext context,
                                                      std::string& error) const = 0;
    // One line for `oktasim connectors`-style listings.
    virtual std::string_view description() const noexcept = 0;
};

// Connector factories by name. An explicit object filled by explicit calls: no static self-registration.
class ConnectorRegistry {
public:
    // False (and nothing changes) when `name` is already registered.
    bool add(std::string name, std::unique_ptr<ConnectorFactory> factory);
    const ConnectorFactory* find(std::string_view name) const noexcept;
    std::vector<std::string> names() const;  // sorted

private:
    std::map<std::string, std::unique_ptr<ConnectorFactory>, std::less<>> factories_;
};

}  // namespace oktasim::engine
