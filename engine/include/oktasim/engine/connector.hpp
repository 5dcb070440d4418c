// The operation-level interface between Okta's provisioning engine and a downstream app, and the registry
// that builds connectors by name. A SCIM client, a non-SCIM plugin and a test fake all implement Connector;
// the engine decides which operations a flow needs (Okta's request sequences), the connector how to send them.
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/events.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
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

// One page of a list request (SCIM ListResponse), with the numbers the app reported. Users and groups alike.
struct ResourcePage {
    std::vector<json::object> resources;
    std::int64_t total_results = 0;
    std::int64_t start_index = 1;
    std::int64_t items_per_page = 0;
    bool paging_integers = true;  // false: the app's startIndex or itemsPerPage was not an integer (Okta fails it)
};
using UserPage = ResourcePage;  // the name from before groups; the same page

// What a connector can do, so the engine can tell "this app cannot" from "this request failed" before it picks a
// flow: import pages users and groups, Group Push needs the group operations, OIN flows PATCH. An operation a
// connector does not declare answers connector_errc::unsupported.
struct Capabilities {
    bool users = true;           // look up, create, read and replace users (every connector)
    bool user_patch = true;      // PATCH a user (OIN deactivation, reactivation, password)
    bool user_listing = true;    // list users a page at a time (Test API Credentials, import)
    bool groups = false;         // create, read, replace, delete groups, look one up by displayName (Group Push)
    bool group_patch = false;    // PATCH a group's members and name (OIN Group Push)
    bool group_listing = false;  // list groups a page at a time (import, the group list Okta caches on save)
    bool incremental_import = false;  // list users changed since a time (the Import tab offers Incremental)
};

// Where Okta's client runs a flow differently by SCIM version, beyond how each request is encoded (that is the
// connector's business). SCIM 2.0 and non-SCIM connectors keep the defaults (docs/okta-behaviour.md §2.14).
struct Dialect {
    // A look-up hit gets the app profile at once by PUT /Users/{id}, no GET first (with Update User Attributes on).
    bool profile_put_on_link = false;
    bool group_description = false;    // the Okta group's description goes with each group create and replace
};

// A group member as Okta pushes it: `value` is the member's id in the app (the app user's externalId).
struct GroupMember {
    std::string value;
    std::string display;  // empty: not sent
};

// Members as a SCIM Group's "members" array: [{"value": ..., "display": ...}], display left out when empty.
json::array member_values(const std::vector<GroupMember>& members);

// One change to a group, sent as one PATCH (docs/okta-behaviour.md §2.10). Each part that is set becomes operations,
// in this order: rename, one remove per removed member, one add with every added member, replace of all members.
struct GroupPatch {
    std::optional<std::string> display_name;          // rename: replace {"id", "displayName"}
    std::vector<std::string> remove;                  // member values to remove
    std::vector<GroupMember> add;                     // members to add
    std::optional<std::vector<GroupMember>> members;  // Push Now: the whole member list
};

// Every operation takes its arguments by value (coroutine safety) and fills `diag` on failure.
// Resources are SCIM 2.0 User and Group objects; connectors to non-SCIM apps translate to and from that shape.
// The user operations every connector has; the group operations default to connector_errc::unsupported, so a
// connector implements what its capabilities() declare and nothing more.
class Connector {
public:
    virtual ~Connector() = default;
    virtual std::string_view type() const noexcept = 0;
    virtual Capabilities capabilities() const noexcept { return {}; }
    virtual Dialect dialect() const noexcept { return {}; }

    // Okta's connection probe ("Test API Credentials"): GET /Users?startIndex=1&count=2.
    virtual asio::awaitable<result<ResourcePage>> test_credentials(Diagnostics& diag) = 0;

    // --- Users ---
    // Look-up by the app's unique identifier: GET /Users?filter=userName eq "..."&startIndex=1&count=100.
    // nullopt when the app has no such user (200 with no Resources, or 404).
    virtual asio::awaitable<result<std::optional<json::object>>> find_user(std::string user_name,
                                                                           Diagnostics& diag) = 0;
    // Look-up by another unique attribute (`externalId`, `emails.value`, ...); "userName" is find_user.
    virtual asio::awaitable<result<std::optional<json::object>>> find_user_by(std::string attribute, std::string value,
                                                                              Diagnostics& diag);
    virtual asio::awaitable<result<json::object>> create_user(json::object resource, Diagnostics& diag) = 0;
    virtual asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics& diag) = 0;
    virtual asio::awaitable<result<json::object>> replace_user(std::string id, json::object resource,
                                                               Diagnostics& diag) = 0;
    // Sends a SCIM PatchOp body. An empty object when the app answered 204 No Content.
    virtual asio::awaitable<result<json::object>> patch_user(std::string id, json::object patch_op,
                                                             Diagnostics& diag) = 0;
    virtual asio::awaitable<result<ResourcePage>> list_users(std::int64_t start_index, std::int64_t count,
                                                             Diagnostics& diag) = 0;
    // An incremental import's page: the users changed after `since` (an ISO 8601 UTC timestamp), for connectors
    // that declare incremental_import; the others answer connector_errc::unsupported.
    virtual asio::awaitable<result<ResourcePage>> list_users_changed_since(std::string since, std::int64_t start_index,
                                                                           std::int64_t count, Diagnostics& diag);

    // --- Groups (Group Push, import) ---
    virtual asio::awaitable<result<json::object>> create_group(json::object resource, Diagnostics& diag);
    virtual asio::awaitable<result<json::object>> get_group(std::string id, Diagnostics& diag);
    // By displayName, when Okta does not know the group's id in the app; nullopt when there is none.
    virtual asio::awaitable<result<std::optional<json::object>>> find_group(std::string display_name,
                                                                            Diagnostics& diag);
    virtual asio::awaitable<result<json::object>> replace_group(std::string id, json::object resource,
                                                                Diagnostics& diag);
    // The group as the app returned it; an empty object when it answered 204 No Content.
    virtual asio::awaitable<result<json::object>> patch_group(std::string id, GroupPatch patch, Diagnostics& diag);
    virtual asio::awaitable<result<void>> delete_group(std::string id, Diagnostics& diag);
    virtual asio::awaitable<result<ResourcePage>> list_groups(std::int64_t start_index, std::int64_t count,
                                                              Diagnostics& diag);

    // What the connector found wrong with the run as a whole, beyond any one operation (a replayed recording that
    // diverged or was not used up); the runner reports each as a failure of the run.
    virtual std::vector<std::string> problems() const { return {}; }
};

// An HTTP peer reachable in process: the simulated SCIM app implements it, and the in-process transport
// delivers requests to it with the same bytes that would cross a socket. `now` is the virtual time. Hosts use it
// to serve or route to an app; connectors never see it, they get a Transport.
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

// Sends one request to an app and yields a Delivery (a response, or a transport failure after some elapsed time).
// Never throws for network trouble: failures come back as Delivery::failure.
class Transport {
public:
    virtual ~Transport() = default;
    virtual asio::awaitable<wire::Delivery> send(wire::Request request) = 0;
    // What the transport found wrong with the run as a whole (a replay that diverged or was not used up).
    virtual std::vector<std::string> problems() const { return {}; }
};

// What a connector's config may ask of the transports it opens (TLS and the pool apply to the network only).
struct TransportOptions {
    std::string ca_file;
    bool insecure = false;
    std::size_t max_connections = 4;
    sim::Duration exchange_timeout{120'000};  // the deadline of one whole exchange
};

// How the host lets a connector's HTTP requests reach its app: in process the runner routes them to the simulated
// app, live they go over the network. A connector opens one transport per origin it talks to (its base URL, an
// OAuth token endpoint elsewhere).
class TransportProvider {
public:
    virtual ~TransportProvider() = default;
    // A transport for requests to `base_url`; null, with `why`, when it cannot be reached.
    virtual std::unique_ptr<Transport> open(std::string_view base_url, const TransportOptions& options,
                                            std::string& why) = 0;
};

// What a factory gets besides the connector's JSON configuration.
struct ConnectorContext {
    sim::EventLoop& loop;
    ExchangeRecorder& recorder;    // where every exchange the connector makes is reported
    std::string app_key;           // the app this connector serves, for recording
    TransportProvider& transports; // how its requests reach the app
};

// What an admin saves on Provisioning > Integration: the base URL and the authentication; absent fields stay as
// they are. Each connector type says where they go in its config (ConnectorFactory::with_credentials).
struct CredentialChange {
    std::optional<json::value> auth;
    std::optional<json::value> base_url;
};

// Keys of a connector config that the host reads, not the connector: "type" picks the factory. Every factory
// accepts these beside its own keys, and checks only its own.
inline constexpr std::array<std::string_view, 2> generic_connector_keys{"type", "concurrency"};

class ConnectorFactory {
public:
    virtual ~ConnectorFactory() = default;
    // Checks `config` (the app's whole connector object) without building anything. On failure `problem` says
    // what is wrong, its path relative to `config` ("/auth/mode").
    virtual bool validate(const json::object& config, Problem& problem) const = 0;
    // Builds a connector, or says in `problem` what is wrong with `config` or why its app cannot be reached.
    virtual result<std::unique_ptr<Connector>> create(const json::object& config, ConnectorContext context,
                                                      Problem& problem) const = 0;
    // One line for `oktasim connectors`-style listings.
    virtual std::string_view description() const noexcept = 0;
    // What connectors of this type can do, for listings; nullopt when it depends on what is loaded (plugins).
    virtual std::optional<Capabilities> declared_capabilities() const { return std::nullopt; }
    // `config` with `change` saved into it. Default: unchanged (a connector with nothing to save).
    virtual json::object with_credentials(const json::object& config, const CredentialChange& change) const {
        (void)change;
        return config;
    }
    // `config` re-targeted at its app served at `origin` ("http://127.0.0.1:<port>", the host serving a simulated
    // app on loopback): every URL on the app's server, the one `config` names or the one `first` (the config the
    // app started with) named, moves to `origin` with its path kept. Default: unchanged (no URLs).
    virtual json::object served_at(const json::object& config, const json::object& first, std::string_view origin) const {
        (void)first;
        (void)origin;
        return config;
    }
};

// Connector factories by name. An explicit object filled by explicit calls: no static self-registration.
class ConnectorRegistry {
public:
    // False (and nothing changes) when `name` is already registered. The first one added is the default type.
    bool add(std::string name, std::unique_ptr<ConnectorFactory> factory);
    const ConnectorFactory* find(std::string_view name) const noexcept;
    std::vector<std::string> names() const;  // sorted

    // The type of a config without "type".
    const std::string& default_type() const noexcept { return default_type_; }
    // The type `config` names: its "type" string, else the default ("" when "type" is not a string).
    std::string type_of(const json::object& config) const;
    // The factory for type_of(config); null when none is registered under it.
    const ConnectorFactory* factory_for(const json::object& config) const;

private:
    std::map<std::string, std::unique_ptr<ConnectorFactory>, std::less<>> factories_;
    std::string default_type_;
};

}  // namespace oktasim::engine
