// The scim2 connector: builds Okta's requests (SCIM 2.0, or 1.1 bodies from scim11), sends them over the transport,
// records and reads the answers.
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors::scim {

ScimConnector::ScimConnector(Endpoint endpoint, Auth auth, std::unique_ptr<Transport> transport, sim::EventLoop& loop,
                             engine::ExchangeRecorder& recorder, std::string app_key,
                             std::unique_ptr<Transport> token_transport, bool incremental_import)
    : endpoint_(std::move(endpoint)),
      auth_(std::move(auth)),
      transport_(std::move(transport)),
      loop_(loop),
      recorder_(recorder),
      app_key_(std::move(app_key)),
      token_transport_(std::move(token_transport)),
      incremental_import_(incremental_import) {}

asio::awaitable<wire::Delivery> ScimConnector::send_recorded(wire::Request request, Transport& transport) {
    const sim::TimePoint sent_at = loop_.now();
    wire::Delivery delivery = co_await transport.send(request);
    recorder_.record(wire::Exchange{sent_at, app_key_, std::move(request), delivery});
    co_return delivery;
}

asio::awaitable<wire::Delivery> ScimConnector::exchange(wire::Request request) {
    wire::Request first = request;
    wire::Delivery delivery = co_await send_recorded(std::move(first), *transport_);
    const bool can_refresh = auth_.mode == Auth::Mode::oauth2 && !auth_.refresh_token.empty() && !auth_.token_url.empty();
    if (!can_refresh || !delivery.response || delivery.response->status != 401) co_return delivery;
    const bool refreshed = co_await refresh_access_token();
    if (!refreshed) co_return delivery;
    wire::set_header(request.headers, "Authorization", auth_.authorization());
    delivery = co_await send_recorded(std::move(request), *transport_);
    co_return delivery;
}

asio::awaitable<bool> ScimConnector::refresh_access_token() {
    std::string error;
    std::optional<wire::Request> request = token_refresh(auth_, error);
    if (!request) {
        // Not silently skipped: the transcript shows the refresh that could not be sent, and why.
        wire::Exchange x;
        x.at = loop_.now();
        x.app = app_key_;
        x.request.method = "POST";
        x.request.target = auth_.token_url;
        x.delivery.failure = wire::TransportFailure::connection_refused;
        x.delivery.failure_text = "cannot refresh the access token: tokenUrl: " + error;
        recorder_.record(std::move(x));
        co_return false;
    }
    Transport& transport = token_transport_ ? *token_transport_ : *transport_;
    const wire::Delivery delivery = co_await send_recorded(std::move(*request), transport);
    Diagnostics ignored;
    const auto grant = read_token(delivery, ignored);
    if (!grant) co_return false;  // the original 401 stands: Okta shows it
    auth_.token = grant->access_token;
    if (!grant->refresh_token.empty()) auth_.refresh_token = grant->refresh_token;
    co_return true;
}

engine::Capabilities capabilities(bool incremental_import) noexcept {
    return {.users = true, .user_patch = true, .user_listing = true,
            .groups = true, .group_patch = true, .group_listing = true, .incremental_import = incremental_import};
}

engine::Capabilities ScimConnector::capabilities() const noexcept { return scim::capabilities(incremental_import_); }

engine::Dialect ScimConnector::dialect() const noexcept {
    return {.profile_put_on_link = v11(), .group_description = v11()};
}

json::object ScimConnector::outgoing(json::object resource) const {
    return v11() ? v11::to_v11(std::move(resource)) : std::move(resource);
}

result<json::object> ScimConnector::incoming(result<json::object> answer, v11::Kind kind) const {
    if (answer && v11()) *answer = v11::from_v11(std::move(*answer), kind);
    return answer;
}

result<std::optional<json::object>> ScimConnector::incoming(result<std::optional<json::object>> answer,
                                                            v11::Kind kind) const {
    if (answer && *answer && v11()) **answer = v11::from_v11(std::move(**answer), kind);
    return answer;
}

result<engine::ResourcePage> ScimConnector::incoming(result<engine::ResourcePage> answer, v11::Kind kind) const {
    if (answer && v11())
        for (auto& resource : answer->resources) resource = v11::from_v11(std::move(resource), kind);
    return answer;
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::test_credentials(Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::list_users(endpoint_, auth_, 1, 2));
    co_return incoming(read_list(d, diag), v11::Kind::user);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_user(std::string user_name, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_user(endpoint_, auth_, user_name));
    co_return incoming(read_lookup(d, diag, endpoint_.version), v11::Kind::user);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_user_by(std::string attribute,
                                                                                 std::string value, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_user_by(endpoint_, auth_, attribute, value));
    co_return incoming(read_lookup(d, diag, endpoint_.version), v11::Kind::user);
}

asio::awaitable<result<json::object>> ScimConnector::create_user(json::object resource, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::create_user(endpoint_, auth_, outgoing(std::move(resource))));
    co_return incoming(read_resource(d, diag), v11::Kind::user);
}

asio::awaitable<result<json::object>> ScimConnector::get_user(std::string id, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::get_user(endpoint_, auth_, id));
    co_return incoming(read_resource(d, diag), v11::Kind::user);
}

asio::awaitable<result<json::object>> ScimConnector::replace_user(std::string id, json::object resource,
                                                                  Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::replace_user(endpoint_, auth_, id, outgoing(std::move(resource))));
    co_return incoming(read_resource(d, diag), v11::Kind::user);
}

asio::awaitable<result<json::object>> ScimConnector::patch_user(std::string id, json::object patch_op,
                                                                Diagnostics& diag) {
    if (v11()) {
        std::optional<json::object> body = v11::user_patch(id, patch_op);
        if (!body) {
            diag.detail = "a SCIM 1.1 PATCH cannot carry this change";
            co_return make_error_code(connector_errc::unsupported);
        }
        const wire::Delivery d = co_await exchange(scim::patch_user(endpoint_, auth_, id, *body));
        co_return incoming(read_patch(d, diag), v11::Kind::user);
    }
    const wire::Delivery d = co_await exchange(scim::patch_user(endpoint_, auth_, id, patch_op));
    co_return read_patch(d, diag);
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::list_users(std::int64_t start_index, std::int64_t count,
                                                                        Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::list_users(endpoint_, auth_, start_index, count));
    co_return incoming(read_list(d, diag), v11::Kind::user);
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::list_users_changed_since(std::string since,
                                                                                      std::int64_t start_index,
                                                                                      std::int64_t count,
                                                                                      Diagnostics& diag) {
    if (!incremental_import_) co_return make_error_code(connector_errc::unsupported);
    const wire::Delivery d =
        co_await exchange(scim::list_users_changed_since(endpoint_, auth_, since, start_index, count));
    co_return incoming(read_list(d, diag), v11::Kind::user);
}

asio::awaitable<result<json::object>> ScimConnector::create_group(json::object resource, Diagnostics& diag) {
    json::object body = outgoing(std::move(resource));
    // Okta's 1.1 create carries no members key when there are none (its 1.1 reference).
    if (const json::value* members = body.if_contains("members");
        v11() && members && members->is_array() && members->as_array().empty())
        body.erase("members");
    const wire::Delivery d = co_await exchange(scim::create_group(endpoint_, auth_, body));
    co_return incoming(read_resource(d, diag), v11::Kind::group);
}

asio::awaitable<result<json::object>> ScimConnector::get_group(std::string id, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::get_group(endpoint_, auth_, id));
    co_return incoming(read_resource(d, diag), v11::Kind::group);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_group(std::string display_name,
                                                                               Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_group(endpoint_, auth_, display_name));
    co_return incoming(read_lookup(d, diag, endpoint_.version), v11::Kind::group);
}

asio::awaitable<result<json::object>> ScimConnector::replace_group(std::string id, json::object resource,
                                                                   Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::replace_group(endpoint_, auth_, id, outgoing(std::move(resource))));
    co_return incoming(read_resource(d, diag), v11::Kind::group);
}

asio::awaitable<result<json::object>> ScimConnector::patch_group(std::string id, engine::GroupPatch patch,
                                                                 Diagnostics& diag) {
    if (v11()) {
        // SCIM 1.1 (§2.14): the rename and the membership change are PATCHes of their own, the rename first.
        result<json::object> answer = json::object{};
        if (patch.display_name) {
            const wire::Delivery d =
                co_await exchange(scim::patch_group(endpoint_, auth_, id, v11::group_rename(id, *patch.display_name)));
            answer = read_patch(d, diag);
            if (!answer) co_return answer;
        }
        if (std::optional<json::object> members = v11::group_members(patch)) {
            const wire::Delivery d = co_await exchange(scim::patch_group(endpoint_, auth_, id, *members));
            answer = read_patch(d, diag);
        }
        co_return incoming(std::move(answer), v11::Kind::group);
    }
    const wire::Delivery d = co_await exchange(scim::patch_group(endpoint_, auth_, id, group_patch_body(id, patch)));
    co_return read_patch(d, diag);
}

asio::awaitable<result<void>> ScimConnector::delete_group(std::string id, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::delete_group(endpoint_, auth_, id));
    if (const error_code ec = read_delete(d, diag)) co_return ec;
    co_return result<void>{};
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::list_groups(std::int64_t start_index, std::int64_t count,
                                                                         Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::list_groups(endpoint_, auth_, start_index, count));
    co_return incoming(read_list(d, diag), v11::Kind::group);
}

}  // namespace oktasim::connectors::scim
