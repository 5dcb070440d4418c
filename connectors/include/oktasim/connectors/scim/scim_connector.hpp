// The `scim2` connector: Okta's SCIM client (scim_protocol; SCIM 1.1 with "scimVersion": "1.1", scim11) driven over a
// Transport, recording each exchange.
#pragma once

#include <oktasim/connectors/scim/scim_config.hpp>
#include <oktasim/connectors/scim/scim11.hpp>
#include <oktasim/connectors/scim/scim_protocol.hpp>
#include <oktasim/connectors/transport.hpp>

#include <memory>

namespace oktasim::connectors::scim {

// What Okta's SCIM 2.0 client can ask of a server (every operation; incremental import only when configured).
engine::Capabilities capabilities(bool incremental_import) noexcept;

class ScimConnector final : public engine::Connector {
public:
    // `token_transport` reaches the OAuth token endpoint when it is on another origin; null: use `transport`.
    // `incremental_import`: the config's "incrementalImport" (list_users_changed_since is offered).
    ScimConnector(Endpoint endpoint, Auth auth, std::unique_ptr<Transport> transport, sim::EventLoop& loop,
                  engine::ExchangeRecorder& recorder, std::string app_key,
                  std::unique_ptr<Transport> token_transport = nullptr, bool incremental_import = false);

    std::string_view type() const noexcept override { return connector_type; }
    // The transport's (a replayed recording's); the token transport, when there is one, shares the app's.
    std::vector<std::string> problems() const override { return transport_->problems(); }
    // SCIM 2.0 defines every operation; whether the app answers them is the app's business (RFC 7644 §3).
    engine::Capabilities capabilities() const noexcept override;
    // SCIM 1.1 PUTs the profile to a linked account and sends group descriptions (docs/okta-behaviour.md §2.14).
    engine::Dialect dialect() const noexcept override;
    asio::awaitable<result<engine::ResourcePage>> test_credentials(Diagnostics& diag) override;

    asio::awaitable<result<std::optional<json::object>>> find_user(std::string user_name, Diagnostics& diag) override;
    asio::awaitable<result<std::optional<json::object>>> find_user_by(std::string attribute, std::string value,
                                                                      Diagnostics& diag) override;
    asio::awaitable<result<json::object>> create_user(json::object resource, Diagnostics& diag) override;
    asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics& diag) override;
    asio::awaitable<result<json::object>> replace_user(std::string id, json::object resource, Diagnostics& diag) override;
    asio::awaitable<result<json::object>> patch_user(std::string id, json::object patch_op, Diagnostics& diag) override;
    asio::awaitable<result<engine::ResourcePage>> list_users(std::int64_t start_index, std::int64_t count,
                                                             Diagnostics& diag) override;
    // GET /Users?filter=meta.lastModified gt "<since>"&startIndex=..&count=.. (docs/okta-behaviour.md §2.9).
    asio::awaitable<result<engine::ResourcePage>> list_users_changed_since(std::string since, std::int64_t start_index,
                                                                           std::int64_t count,
                                                                           Diagnostics& diag) override;

    asio::awaitable<result<json::object>> create_group(json::object resource, Diagnostics& diag) override;
    asio::awaitable<result<json::object>> get_group(std::string id, Diagnostics& diag) override;
    asio::awaitable<result<std::optional<json::object>>> find_group(std::string display_name,
                                                                    Diagnostics& diag) override;
    asio::awaitable<result<json::object>> replace_group(std::string id, json::object resource,
                                                        Diagnostics& diag) override;
    asio::awaitable<result<json::object>> patch_group(std::string id, engine::GroupPatch patch,
                                                      Diagnostics& diag) override;
    asio::awaitable<result<void>> delete_group(std::string id, Diagnostics& diag) override;
    asio::awaitable<result<engine::ResourcePage>> list_groups(std::int64_t start_index, std::int64_t count,
                                                              Diagnostics& diag) override;

private:
    // Sends and records; on a 401 with OAuth 2 and a refresh token, refreshes the access token once and resends.
    asio::awaitable<wire::Delivery> exchange(wire::Request request);
    asio::awaitable<wire::Delivery> send_recorded(wire::Request request, Transport& transport);
    asio::awaitable<bool> refresh_access_token();

    // SCIM 1.1 only: resources out in 1.1 terms, answers back in the 2.0 terms the engine reads (scim11.hpp).
    bool v11() const noexcept { return endpoint_.version == ScimVersion::v1_1; }
    json::object outgoing(json::object resource) const;
    result<json::object> incoming(result<json::object> answer, v11::Kind kind) const;
    result<std::optional<json::object>> incoming(result<std::optional<json::object>> answer, v11::Kind kind) const;
    result<engine::ResourcePage> incoming(result<engine::ResourcePage> answer, v11::Kind kind) const;

    Endpoint endpoint_;
    Auth auth_;
    std::unique_ptr<Transport> transport_;
    sim::EventLoop& loop_;
    engine::ExchangeRecorder& recorder_;
    std::string app_key_;
    std::unique_ptr<Transport> token_transport_;
    bool incremental_import_ = false;
};

// The factory the registry holds under connector_type: it reads ScimConfig and opens transports through the host.
std::unique_ptr<engine::ConnectorFactory> make_factory();

}  // namespace oktasim::connectors::scim
