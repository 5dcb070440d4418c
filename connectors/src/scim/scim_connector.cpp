// The scim2 connector: builds Okta's requests, sends them over the transport, records and reads the answers.
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors::scim {

ScimConnector::ScimConnector(Endpoint endpoint, Auth auth, std::unique_ptr<Transport> transport, sim::EventLoop& loop,
                             engine::WireLog& wire_log, std::string app_key, std::unique_ptr<Transport> token_transport)
    : endpoint_(std::move(endpoint)),
      auth_(std::move(auth)),
      transport_(std::move(transport)),
      loop_(loop),
      wire_log_(wire_log),
      app_key_(std::move(app_key)),
      token_transport_(std::move(token_transport)) {}

asio::awaitable<wire::Delivery> ScimConnector::send_recorded(wire::Request request, Transport& transport) {
    const sim::TimePoint sent_at = loop_.now();
    wire::Delivery delivery = co_await transport.send(request);
    wire_log_.record(wire::Exchange{sent_at, app_key_, std::move(request), delivery});
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
        wire_log_.record(std::move(x));
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

engine::Capabilities ScimConnector::capabilities() const noexcept {
    return {.users = true, .user_patch = true, .user_listing = true,
            .groups = true, .group_patch = true, .group_listing = true};
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::test_credentials(Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::list_users(endpoint_, auth_, 1, 2));
    co_return read_list(d, diag);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_user(std::string user_name, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_user(endpoint_, auth_, user_name));
    co_return read_lookup(d, diag);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_user_by(std::string attribute,
                                                                                 std::string value, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_user_by(endpoint_, auth_, attribute, value));
    co_return read_lookup(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::create_user(json::object resource, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::create_user(endpoint_, auth_, resource));
    co_return read_resource(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::get_user(std::string id, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::get_user(endpoint_, auth_, id));
    co_return read_resource(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::replace_user(std::string id, json::object resource,
                                                                  Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::replace_user(endpoint_, auth_, id, resource));
    co_return read_resource(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::patch_user(std::string id, json::object patch_op,
                                                                Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::patch_user(endpoint_, auth_, id, patch_op));
    co_return read_patch(d, diag);
}

asio::awaitable<result<engine::ResourcePage>> ScimConnector::list_users(std::int64_t start_index, std::int64_t count,
                                                                        Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::list_users(endpoint_, auth_, start_index, count));
    co_return read_list(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::create_group(json::object resource, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::create_group(endpoint_, auth_, resource));
    co_return read_resource(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::get_group(std::string id, Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::get_group(endpoint_, auth_, id));
    co_return read_resource(d, diag);
}

asio::awaitable<result<std::optional<json::object>>> ScimConnector::find_group(std::string display_name,
                                                                               Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::find_group(endpoint_, auth_, display_name));
    co_return read_lookup(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::replace_group(std::string id, json::object resource,
                                                                   Diagnostics& diag) {
    const wire::Delivery d = co_await exchange(scim::replace_group(endpoint_, auth_, id, resource));
    co_return read_resource(d, diag);
}

asio::awaitable<result<json::object>> ScimConnector::patch_group(std::string id, engine::GroupPatch patch,
                                                                 Diagnostics& diag) {
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
    co_return read_list(d, diag);
}

namespace {

const json::value* member(const json::object& o, std::string_view key) { return o.if_contains(key); }

bool read_string(const json::object& o, std::string_view key, std::string& out, std::string_view path,
                 std::string& error, bool required = false) {
    const json::value* v = member(o, key);
    if (!v) {
        if (required) error = std::string(path) + "/" + std::string(key) + ": missing; expected a string";
        return !required;
    }
    if (!v->is_string()) {
        error = std::string(path) + "/" + std::string(key) + ": expected a string";
        return false;
    }
    out = std::string(v->as_string());
    return true;
}

bool known_keys(const json::object& o, std::initializer_list<std::string_view> keys, std::string_view path,
                std::string& error) {
    for (const auto& [k, v] : o) {
        bool known = false;
        for (auto key : keys) known = known || key == k;
        if (!known) {
            error = std::string(path) + "/" + std::string(k) + ": unknown key";
            return false;
        }
    }
    return true;
}

bool parse_auth(const json::object& a, Auth& auth, std::string& error) {
    std::string mode;
    if (!read_string(a, "mode", mode, "/auth", error, true)) return false;
    if (mode == "none") {
        auth.mode = Auth::Mode::none;
        return known_keys(a, {"mode"}, "/auth", error);
    }
    if (mode == "basic") {
        auth.mode = Auth::Mode::basic;
        return known_keys(a, {"mode", "username", "password"}, "/auth", error) &&
               read_string(a, "username", auth.username, "/auth", error, true) &&
               read_string(a, "password", auth.password, "/auth", error, true);
    }
    if (mode == "header") {
        auth.mode = Auth::Mode::header;
        return known_keys(a, {"mode", "token", "prefix"}, "/auth", error) &&
               read_string(a, "token", auth.token, "/auth", error, true) &&
               read_string(a, "prefix", auth.prefix, "/auth", error);
    }
    if (mode == "oauth2") {
        auth.mode = Auth::Mode::oauth2;
        if (!(known_keys(a, {"mode", "accessToken", "refreshToken", "tokenUrl", "clientId", "clientSecret"}, "/auth",
                         error) &&
              read_string(a, "accessToken", auth.token, "/auth", error, true) &&
              read_string(a, "refreshToken", auth.refresh_token, "/auth", error) &&
              read_string(a, "tokenUrl", auth.token_url, "/auth", error) &&
              read_string(a, "clientId", auth.client_id, "/auth", error) &&
              read_string(a, "clientSecret", auth.client_secret, "/auth", error)))
            return false;
        // A refresh needs both; with only one of them the refresh could never happen, so say so now.
        if (auth.refresh_token.empty() != auth.token_url.empty()) {
            error = auth.token_url.empty() ? "/auth/tokenUrl: missing; a refreshToken needs the token endpoint's URL"
                                           : "/auth/refreshToken: missing; a tokenUrl is only used with a refreshToken";
            return false;
        }
        if (!auth.token_url.empty()) {
            std::string url_error;
            if (!parse_endpoint(auth.token_url, url_error)) {
                error = "/auth/tokenUrl: " + url_error;
                return false;
            }
        }
        return true;
    }
    error = "/auth/mode: expected \"none\", \"basic\", \"header\" or \"oauth2\"";
    return false;
}

}  // namespace

std::optional<ScimConfig> parse_scim_config(const json::object& config, std::string& error) {
    if (!known_keys(config, {"type", "baseUrl", "auth", "tls", "maxConnections", "exchangeTimeout"}, "", error))
        return std::nullopt;
    ScimConfig out;
    std::string base_url;
    if (!read_string(config, "baseUrl", base_url, "", error, true)) return std::nullopt;
    std::string url_error;
    auto ep = parse_endpoint(base_url, url_error);
    if (!ep) {
        error = "/baseUrl: " + url_error;
        return std::nullopt;
    }
    out.endpoint = std::move(*ep);
    if (const json::value* a = member(config, "auth")) {
        if (!a->is_object()) {
            error = "/auth: expected an object like {\"mode\": \"header\", \"token\": \"...\"}";
            return std::nullopt;
        }
        if (!parse_auth(a->as_object(), out.auth, error)) return std::nullopt;
    }
    if (const json::value* t = member(config, "tls")) {
        if (!t->is_object()) {
            error = "/tls: expected an object";
            return std::nullopt;
        }
        const auto& tls = t->as_object();
        if (!known_keys(tls, {"caFile", "insecure"}, "/tls", error)) return std::nullopt;
        if (!read_string(tls, "caFile", out.ca_file, "/tls", error)) return std::nullopt;
        if (const json::value* i = member(tls, "insecure")) {
            if (!i->is_bool()) {
                error = "/tls/insecure: expected true or false";
                return std::nullopt;
            }
            out.insecure = i->as_bool();
        }
    }
    if (const json::value* m = member(config, "maxConnections")) {
        if (!m->is_int64() || m->as_int64() < 1 || m->as_int64() > 64) {
            error = "/maxConnections: expected an integer from 1 to 64";
            return std::nullopt;
        }
        out.max_connections = m->as_int64();
    }
    if (const json::value* t = member(config, "exchangeTimeout")) {
        const auto d = t->is_string() ? sim::parse_duration(t->as_string()) : std::nullopt;
        if (!d || d->count() <= 0 || *d > sim::Duration{86'400'000}) {
            error = "/exchangeTimeout: expected a duration from 1ms to 1d, like \"120s\"";
            return std::nullopt;
        }
        out.exchange_timeout = *d;
    }
    return out;
}

}  // namespace oktasim::connectors::scim
