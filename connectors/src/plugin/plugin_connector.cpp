// The `plugin` connector type: engine::Connector over a loaded plugin's C ABI. Each call becomes one oktasim_request;
// its completion (now or later, in virtual time) resumes the flow. A result is read as the matching HTTP answer
// would be, by the SCIM client's own readers, so Okta's messages, retries and failure modes apply unchanged, and each
// call is recorded in the request log with the operation as its method.
#include <oktasim/connectors/plugin/plugin.hpp>
#include <oktasim/connectors/scim/scim_protocol.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <iostream>
#include <set>

namespace oktasim::connectors::plugin {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// A plugin's own error (OKTASIM_STATUS_ERROR): the value keeps the plugin's code and, in its low 3 bits, the failure
// class the plugin gave, which is the condition Okta's retry rules read.
class PluginErrorCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.plugin"; }
    std::string message(int value) const override { return "plugin error " + std::to_string(value >> 3); }
    boost::system::error_condition default_error_condition(int value) const noexcept override {
        return make_error_condition(static_cast<failure_class>(value & 7));
    }
};

const PluginErrorCategory& plugin_category() noexcept {
    static const PluginErrorCategory category;
    return category;
}

error_code plugin_error(std::int32_t code, oktasim_failure_class cls) {
    const int c = cls >= OKTASIM_FAILURE_TRANSIENT && cls <= OKTASIM_FAILURE_RATE_LIMITED ? static_cast<int>(cls)
                                                                                        : OKTASIM_FAILURE_PERMANENT;
    return {static_cast<int>(static_cast<unsigned>(code) << 3) | c, plugin_category()};
}


// The capability an operation needs (its bit), so an UNSUPPORTED answer to a declared one is called out.
std::uint32_t capability_of(oktasim_operation op) {
    switch (op) {
        case OKTASIM_OP_PATCH_USER: return OKTASIM_CAP_USER_PATCH;
        case OKTASIM_OP_TEST_CREDENTIALS:
        case OKTASIM_OP_LIST_USERS: return OKTASIM_CAP_USER_LISTING;
        case OKTASIM_OP_LIST_USERS_CHANGED_SINCE: return OKTASIM_CAP_INCREMENTAL_IMPORT;
        case OKTASIM_OP_CREATE_GROUP:
        case OKTASIM_OP_GET_GROUP:
        case OKTASIM_OP_FIND_GROUP:
        case OKTASIM_OP_REPLACE_GROUP:
        case OKTASIM_OP_DELETE_GROUP: return OKTASIM_CAP_GROUPS;
        case OKTASIM_OP_PATCH_GROUP: return OKTASIM_CAP_GROUP_PATCH;
        case OKTASIM_OP_LIST_GROUPS: return OKTASIM_CAP_GROUP_LISTING;
        default: return OKTASIM_CAP_USERS;
    }
}

std::string_view capability_name(std::uint32_t bit) {
    switch (bit) {
        case OKTASIM_CAP_USER_PATCH: return "OKTASIM_CAP_USER_PATCH";
        case OKTASIM_CAP_USER_LISTING: return "OKTASIM_CAP_USER_LISTING";
        case OKTASIM_CAP_GROUPS: return "OKTASIM_CAP_GROUPS";
        case OKTASIM_CAP_GROUP_PATCH: return "OKTASIM_CAP_GROUP_PATCH";
        case OKTASIM_CAP_GROUP_LISTING: return "OKTASIM_CAP_GROUP_LISTING";
        case OKTASIM_CAP_INCREMENTAL_IMPORT: return "OKTASIM_CAP_INCREMENTAL_IMPORT";
        default: return "OKTASIM_CAP_USERS";
    }
}

// What came back from one call, copied out of the plugin's result.
struct Reply {
    oktasim_status status = OKTASIM_STATUS_OK;
    std::int32_t raw_status = 0;  // as the plugin wrote it (an unknown value is reported as such)
    std::string body, message;
    std::int32_t code = 0;
    oktasim_failure_class failure_class = OKTASIM_FAILURE_PERMANENT;
    std::int64_t retry_after_ms = 0;
};

// One call in flight: the plugin completes it through the token (a pointer to this), the loop resumes the flow. A
// call has a deadline (Okta's read timeout); a call still open when the connector goes is abandoned ("orphaned").
struct Call {
    std::optional<Reply> reply;
    std::optional<sim::EventLoop::Handler> handler;
    sim::EventLoop* loop = nullptr;
    std::uint64_t deadline_timer = 0;
    bool timed_out = false;
    bool orphaned = false;
};

constexpr sim::Duration call_deadline{60'000};  // Okta's read timeout (docs/okta-behaviour.md §5.2)

// Resumes the flow waiting on `call`, once.
void resume(Call& call) {
    if (!call.handler) return;
    auto h = std::move(*call.handler);
    call.handler.reset();
    call.loop->complete(std::move(h), {});
}

// The completion callback the plugin calls. Nothing may unwind into the plugin's C frames.
void on_complete(void* completion, const oktasim_result* r) noexcept {
    auto* call = static_cast<Call*>(completion);
    if (!call || call->reply) return;  // a completion after the deadline is ignored
    try {
        Reply reply;
        if (!r || r->size < sizeof(oktasim_result)) {
            reply.status = OKTASIM_STATUS_ERROR;
            reply.message = !r ? "the plugin completed a call without a result"
                               : "the plugin's oktasim_result is " + std::to_string(r->size) + " bytes, version 1 has " +
                                     std::to_string(sizeof(oktasim_result)) + " (set result.size = sizeof result)";
        } else {
            // Read as integers: a plugin may write any value into an enum-typed field.
            std::int32_t status = 0, cls = 0;
            std::memcpy(&status, &r->status, sizeof status);
            std::memcpy(&cls, &r->failure_class, sizeof cls);
            reply.raw_status = status;
            reply.status = status >= OKTASIM_STATUS_OK && status <= OKTASIM_STATUS_ERROR ? static_cast<oktasim_status>(status)
                                                                                       : OKTASIM_STATUS_ERROR;
            if (r->body && r->body_size) reply.body.assign(r->body, r->body_size);
            if (r->message && r->message_size) reply.message.assign(r->message, r->message_size);
            reply.code = r->code;
            reply.failure_class = cls >= OKTASIM_FAILURE_TRANSIENT && cls <= OKTASIM_FAILURE_RATE_LIMITED
                                      ? static_cast<oktasim_failure_class>(cls)
                                      : OKTASIM_FAILURE_PERMANENT;
            reply.retry_after_ms = std::clamp<std::int64_t>(r->retry_after_ms, 0, sim::max_duration.count());
        }
        call->reply = std::move(reply);
    } catch (...) {
        call->reply = Reply{OKTASIM_STATUS_ERROR, OKTASIM_STATUS_ERROR, {}, "out of memory reading the plugin's result"};
    }
    if (call->deadline_timer) call->loop->cancel_timer(std::exchange(call->deadline_timer, 0));
    resume(*call);
}

// The arguments of one call, owned while it is in flight.
struct Args {
    std::string id, attribute, value, body;
    std::int64_t start_index = 0, count = 0;
};

class PluginConnector final : public engine::Connector {
public:
    // `instance_number`: how many connectors this app had before (Save rebuilds it), so each gets its own stream.
    PluginConnector(std::shared_ptr<const Library> library, engine::ConnectorContext& context, std::uint64_t instance_number)
        : library_(std::move(library)), loop_(context.loop), recorder_(context.recorder), app_key_(context.app_key),
          prng_(context.loop.prng().fork("plugin:" + context.app_key + ":" + std::to_string(instance_number))) {
        host_.size = sizeof(oktasim_host);
        host_.context = this;
        host_.now_ms = [](void* c) noexcept {
            auto* self = static_cast<PluginConnector*>(c);
            return self->loop_.wall_clock().unix_ms(self->loop_.now());
        };
        host_.random = [](void* c) noexcept { return static_cast<PluginConnector*>(c)->prng_.next(); };
        host_.log = [](void* c, int level, const char* text, std::size_t size) noexcept {
            // Warnings and errors go to stderr, beside oktasim's own diagnostics (stdout stays the run's output).
            if (level < 2 || !text) return;
            try {
                std::clog << "plugin " << static_cast<PluginConnector*>(c)->library_->descriptor().name << ": "
                          << std::string_view(text, std::min<std::size_t>(size, 4096)) << "\n";
            } catch (...) {
            }
        };
        host_.after = [](void* c, std::int64_t delay_ms, void (*fn)(void*), void* arg) noexcept {
            auto* self = static_cast<PluginConnector*>(c);
            try {
                const std::uint64_t key = self->next_timer_++;
                // The handler may run after the connector is gone (cancelled at destruction, or fired and queued):
                // it touches nothing unless the connector still lives.
                std::weak_ptr<char> alive = self->alive_;
                auto handler = asio::bind_executor(self->loop_.get_executor(),
                                                   [self, alive, key, fn, arg](boost::system::error_code ec) {
                                                       if (alive.expired()) return;
                                                       self->timers_.erase(key);
                                                       if (!ec && fn) fn(arg);
                                                   });
                const auto delay = std::clamp<std::int64_t>(delay_ms, 0, sim::max_duration.count());
                self->timers_.emplace(key, self->loop_.add_timer(self->loop_.now() + sim::Duration(delay),
                                                                 sim::EventLoop::Handler(std::move(handler))));
            } catch (...) {
            }
        };
    }

    // Called by the factory once the host struct is at its final address.
    bool start(const std::string& config, engine::Problem& problem) {
        oktasim_problem p{};
        instance_ = library_->descriptor().create(&host_, config.data(), config.size(), &p);
        if (instance_) return true;
        p.path[sizeof p.path - 1] = p.message[sizeof p.message - 1] = '\0';  // a plugin may fill them completely
        problem = {"/config" + std::string(p.path), p.message[0] ? std::string(p.message) : "the plugin could not start",
                   make_error_code(scenario_errc::bad_value)};
        return false;
    }

    ~PluginConnector() override {
        alive_.reset();  // from here no plugin timer touches this connector
        if (instance_) library_->descriptor().destroy(instance_);
        const auto pending = timers_;
        for (const auto& [key, id] : pending) loop_.cancel_timer(id);
        // Calls still open are abandoned: their flows resume with an error and touch nothing of this connector.
        for (const auto& call : calls_) {
            call->orphaned = true;
            if (call->deadline_timer) loop_.cancel_timer(std::exchange(call->deadline_timer, 0));
            if (!call->reply) call->reply = Reply{OKTASIM_STATUS_UNAVAILABLE, 0, {}, "the connector was replaced"};
            resume(*call);
        }
    }

    std::string_view type() const noexcept override { return connector_type; }
    engine::Capabilities capabilities() const noexcept override { return library_->capabilities(); }

    asio::awaitable<result<engine::ResourcePage>> test_credentials(Diagnostics& diag) override {
        Args a;
        a.start_index = 1;
        a.count = 2;
        auto d = co_await invoke(OKTASIM_OP_TEST_CREDENTIALS, std::move(a), diag);
        if (!d) co_return d.error();
        co_return scim::read_list(*d, diag);
    }
    asio::awaitable<result<std::optional<json::object>>> find_user(std::string user_name, Diagnostics& diag) override {
        co_return co_await find_user_by("userName", std::move(user_name), diag);
    }
    asio::awaitable<result<std::optional<json::object>>> find_user_by(std::string attribute, std::string value,
                                                                      Diagnostics& diag) override {
        Args a;
        a.attribute = std::move(attribute);
        a.value = std::move(value);
        co_return co_await lookup(OKTASIM_OP_FIND_USER, std::move(a), diag);
    }
    asio::awaitable<result<json::object>> create_user(json::object resource, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_CREATE_USER, {}, std::move(resource), diag);
    }
    asio::awaitable<result<json::object>> get_user(std::string id, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_GET_USER, std::move(id), std::nullopt, diag);
    }
    asio::awaitable<result<json::object>> replace_user(std::string id, json::object resource, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_REPLACE_USER, std::move(id), std::move(resource), diag);
    }
    asio::awaitable<result<json::object>> patch_user(std::string id, json::object patch_op, Diagnostics& diag) override {
        co_return co_await patch_call(OKTASIM_OP_PATCH_USER, std::move(id), std::move(patch_op), diag);
    }
    asio::awaitable<result<engine::ResourcePage>> list_users(std::int64_t start_index, std::int64_t count,
                                                             Diagnostics& diag) override {
        co_return co_await list_call(OKTASIM_OP_LIST_USERS, {}, start_index, count, diag);
    }
    asio::awaitable<result<engine::ResourcePage>> list_users_changed_since(std::string since, std::int64_t start_index,
                                                                           std::int64_t count, Diagnostics& diag) override {
        co_return co_await list_call(OKTASIM_OP_LIST_USERS_CHANGED_SINCE, std::move(since), start_index, count, diag);
    }
    asio::awaitable<result<json::object>> create_group(json::object resource, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_CREATE_GROUP, {}, std::move(resource), diag);
    }
    asio::awaitable<result<json::object>> get_group(std::string id, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_GET_GROUP, std::move(id), std::nullopt, diag);
    }
    asio::awaitable<result<std::optional<json::object>>> find_group(std::string display_name, Diagnostics& diag) override {
        Args a;
        a.attribute = "displayName";
        a.value = std::move(display_name);
        co_return co_await lookup(OKTASIM_OP_FIND_GROUP, std::move(a), diag);
    }
    asio::awaitable<result<json::object>> replace_group(std::string id, json::object resource, Diagnostics& diag) override {
        co_return co_await resource_call(OKTASIM_OP_REPLACE_GROUP, std::move(id), std::move(resource), diag);
    }
    asio::awaitable<result<json::object>> patch_group(std::string id, engine::GroupPatch patch, Diagnostics& diag) override {
        json::object body = scim::group_patch_body(id, patch);
        co_return co_await patch_call(OKTASIM_OP_PATCH_GROUP, std::move(id), std::move(body), diag);
    }
    asio::awaitable<result<void>> delete_group(std::string id, Diagnostics& diag) override {
        Args a;
        a.id = std::move(id);
        auto d = co_await invoke(OKTASIM_OP_DELETE_GROUP, std::move(a), diag);
        if (!d) co_return d.error();
        if (error_code ec = scim::read_delete(*d, diag)) co_return ec;
        co_return result<void>{};
    }
    asio::awaitable<result<engine::ResourcePage>> list_groups(std::int64_t start_index, std::int64_t count,
                                                              Diagnostics& diag) override {
        co_return co_await list_call(OKTASIM_OP_LIST_GROUPS, {}, start_index, count, diag);
    }

private:
    asio::awaitable<result<json::object>> resource_call(oktasim_operation op, std::string id,
                                                        std::optional<json::object> body, Diagnostics& diag) {
        Args a;
        a.id = std::move(id);
        if (body) a.body = json::serialize(*body);
        auto d = co_await invoke(op, std::move(a), diag);
        if (!d) co_return d.error();
        co_return scim::read_resource(*d, diag);
    }
    asio::awaitable<result<json::object>> patch_call(oktasim_operation op, std::string id, json::object body,
                                                     Diagnostics& diag) {
        Args a;
        a.id = std::move(id);
        a.body = json::serialize(body);
        auto d = co_await invoke(op, std::move(a), diag);
        if (!d) co_return d.error();
        co_return scim::read_patch(*d, diag);
    }
    asio::awaitable<result<engine::ResourcePage>> list_call(oktasim_operation op, std::string since,
                                                            std::int64_t start_index, std::int64_t count, Diagnostics& diag) {
        Args a;
        a.value = std::move(since);
        a.start_index = start_index;
        a.count = count;
        auto d = co_await invoke(op, std::move(a), diag);
        if (!d) co_return d.error();
        co_return scim::read_list(*d, diag);
    }
    asio::awaitable<result<std::optional<json::object>>> lookup(oktasim_operation op, Args a, Diagnostics& diag) {
        auto d = co_await invoke(op, std::move(a), diag);
        if (!d) co_return d.error();
        const auto blank = [](const std::string& b) {
            return std::all_of(b.begin(), b.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
        };
        if (d->response && d->response->status == 200 && blank(d->response->body))
            co_return std::optional<json::object>{};  // none found
        if (d->response && d->response->status == 404) co_return std::optional<json::object>{};
        auto found = scim::read_resource(*d, diag);
        if (!found) co_return found.error();
        co_return std::optional<json::object>(std::move(*found));
    }

    // Sends one call to the plugin and waits for its completion; the reply as the HTTP answer it stands for (a
    // plugin's own error, or a declared capability it then refuses, as the error itself).
    asio::awaitable<result<wire::Delivery>> invoke(oktasim_operation op, Args args, Diagnostics& diag) {
        const oktasim_plugin& d = library_->descriptor();
        const std::uint32_t needed = capability_of(op);
        if (!(d.capabilities & needed)) co_return make_error_code(connector_errc::unsupported);
        auto call = std::make_shared<Call>();
        call->loop = &loop_;
        calls_.insert(call);
        oktasim_request request{};
        request.size = sizeof(oktasim_request);
        request.operation = op;
        const auto text = [](const std::string& t) { return t.empty() ? nullptr : t.data(); };  // unused: NULL, 0
        request.id = text(args.id);
        request.id_size = args.id.size();
        request.attribute = text(args.attribute);
        request.attribute_size = args.attribute.size();
        request.value = text(args.value);
        request.value_size = args.value.size();
        request.body = text(args.body);
        request.body_size = args.body.size();
        request.start_index = args.start_index;
        request.count = args.count;
        const sim::TimePoint sent_at = loop_.now();
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(boost::system::error_code)>(
            [&](auto handler) {
                call->handler.emplace(std::move(handler));
                // Okta's read timeout: a plugin that does not complete in time fails the call ("Read timed out").
                std::weak_ptr<Call> weak = call;
                call->deadline_timer = loop_.add_timer(
                    loop_.now() + call_deadline,
                    sim::EventLoop::Handler(asio::bind_executor(loop_.get_executor(), [weak](boost::system::error_code ec) {
                        auto c = weak.lock();
                        if (ec || !c || c->reply) return;
                        c->deadline_timer = 0;
                        c->timed_out = true;
                        c->reply = Reply{OKTASIM_STATUS_UNAVAILABLE, 0, {}, "Read timed out"};
                        resume(*c);
                    })));
                d.call(instance_, &request, &on_complete, call.get());
            },
            asio::use_awaitable);
        if (call->orphaned) {  // the connector is gone: touch nothing of it
            diag.transport = call->reply ? call->reply->message : "the connector was replaced";
            co_return make_error_code(connector_errc::connection_failed);
        }
        calls_.erase(call);
        Reply reply = std::move(*call->reply);

        wire::Exchange x;
        x.at = sent_at;
        x.app = app_key_;
        x.request.method = std::string(operation_name(op));
        x.request.target = target_of(op, args);
        x.request.body = args.body;
        x.delivery.elapsed = loop_.now() - sent_at;
        if (call->timed_out) {
            x.delivery.failure = wire::TransportFailure::timeout;
            x.delivery.failure_text = "Read timed out";
            recorder_.record(std::move(x));
            diag.transport = "Read timed out";
            co_return make_error_code(connector_errc::timeout);
        }
        if (reply.status == OKTASIM_STATUS_UNSUPPORTED) {
            record(std::move(x), 501, reply.message);
            diag.transport = "the plugin " + std::string(d.name) + " declares " + std::string(capability_name(needed)) +
                             " but answered " + std::string(operation_name(op)) + " with OKTASIM_STATUS_UNSUPPORTED";
            co_return make_error_code(connector_errc::unsupported);
        }
        if (reply.status == OKTASIM_STATUS_ERROR) {
            const bool unknown = reply.raw_status != OKTASIM_STATUS_ERROR;
            record(std::move(x), 500, reply.message);
            diag.transport = unknown ? "the plugin answered with an unknown status " + std::to_string(reply.raw_status)
                                     : (reply.message.empty() ? "plugin error " + std::to_string(reply.code) : reply.message);
            if (reply.failure_class == OKTASIM_FAILURE_RATE_LIMITED && reply.retry_after_ms > 0)
                diag.retry_after = sim::Duration(reply.retry_after_ms);
            co_return unknown ? plugin_error(0, OKTASIM_FAILURE_PERMANENT) : plugin_error(reply.code, reply.failure_class);
        }
        if (reply.status == OKTASIM_STATUS_UNAVAILABLE) {
            x.delivery.failure = wire::TransportFailure::connection_refused;
            x.delivery.failure_text = reply.message;
            wire::Delivery out = x.delivery;
            recorder_.record(std::move(x));
            co_return out;
        }
        wire::Response response;
        response.status = status_of(op, reply.status);
        response.reason = std::string(wire::reason_phrase(response.status));
        if (reply.status == OKTASIM_STATUS_OK) {
            response.body = reply.body;
        } else {
            // The SCIM error shape, so the readers take the plugin's words as the app's detail.
            response.body = json::serialize(json::object{
                {"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:Error"}},
                {"detail", reply.message},
                {"status", std::to_string(response.status)}});
            if (reply.status == OKTASIM_STATUS_RATE_LIMITED && reply.retry_after_ms > 0)
                response.headers.push_back({"Retry-After", std::to_string(reply.retry_after_ms / 1000 + (reply.retry_after_ms % 1000 != 0))});
        }
        x.delivery.response = response;
        wire::Delivery out = x.delivery;
        recorder_.record(std::move(x));
        co_return out;
    }

    void record(wire::Exchange x, int status, const std::string& message) {
        wire::Response r;
        r.status = status;
        r.reason = std::string(wire::reason_phrase(status));
        r.body = message;
        x.delivery.response = std::move(r);
        recorder_.record(std::move(x));
    }

    static int status_of(oktasim_operation op, oktasim_status s) {
        switch (s) {
            case OKTASIM_STATUS_OK: return op == OKTASIM_OP_CREATE_USER || op == OKTASIM_OP_CREATE_GROUP ? 201
                                           : op == OKTASIM_OP_DELETE_GROUP ? 204 : 200;
            case OKTASIM_STATUS_NOT_FOUND: return 404;
            case OKTASIM_STATUS_CONFLICT: return 409;
            case OKTASIM_STATUS_UNAUTHORIZED: return 401;
            case OKTASIM_STATUS_FORBIDDEN: return 403;
            case OKTASIM_STATUS_RATE_LIMITED: return 429;
            case OKTASIM_STATUS_REJECTED: return 400;
            default: return 500;
        }
    }

    // A readable target for the request log: the resource the operation is about.
    static std::string target_of(oktasim_operation op, const Args& a) {
        const bool group = op >= OKTASIM_OP_CREATE_GROUP && op <= OKTASIM_OP_LIST_GROUPS;
        std::string t = group ? "/Groups" : "/Users";
        if (!a.id.empty()) t += "/" + a.id;
        if (!a.attribute.empty()) t += "?" + a.attribute + "=" + a.value;
        else if (!a.value.empty()) t += "?since=" + a.value;
        if (a.count > 0) t += std::string(t.find('?') == std::string::npos ? "?" : "&") + "startIndex=" +
                              std::to_string(a.start_index) + "&count=" + std::to_string(a.count);
        return t;
    }

    std::shared_ptr<const Library> library_;
    sim::EventLoop& loop_;
    engine::ExchangeRecorder& recorder_;
    std::string app_key_;
    sim::Prng prng_;
    oktasim_host host_{};
    void* instance_ = nullptr;
    std::set<std::shared_ptr<Call>> calls_;  // in flight; a call the plugin never completes stays until destruction
    std::map<std::uint64_t, std::uint64_t> timers_;  // the plugin's pending `after` callbacks: key -> loop timer id
    std::uint64_t next_timer_ = 1;
    std::shared_ptr<char> alive_ = std::make_shared<char>();  // expires when the connector goes (see host_.after)
};

class PluginFactory final : public engine::ConnectorFactory {
public:
    explicit PluginFactory(std::vector<std::string> search) : cache_(std::move(search)) {}

    bool validate(const json::object& config, engine::Problem& problem) const override {
        return load(config, problem) != nullptr;
    }

    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      engine::Problem& problem) const override {
        auto library = load(config, problem);
        if (!library) return make_error_code(scenario_errc::bad_value);
        auto connector = std::make_unique<PluginConnector>(library, context, instances_[context.app_key]++);
        if (!connector->start(config_text(config), problem)) return make_error_code(scenario_errc::bad_value);
        return std::unique_ptr<engine::Connector>(std::move(connector));
    }

    std::string_view description() const noexcept override {
        return "a connector plugin loaded at run time (oktasim_connector.h): {\"path\": FILE or NAME, \"config\": {...}}";
    }

    LibraryCache& cache() const { return cache_; }

private:
    static std::string config_text(const json::object& config) {
        const json::value* c = config.if_contains("config");
        return c ? json::serialize(*c) : std::string("{}");
    }

    // The plugin the config names, loaded, with its own config checked by the plugin.
    std::shared_ptr<const Library> load(const json::object& config, engine::Problem& problem) const {
        for (const auto& [key, value] : config) {
            const bool generic = std::find(engine::generic_connector_keys.begin(), engine::generic_connector_keys.end(),
                                           key) != engine::generic_connector_keys.end();
            if (!generic && key != "path" && key != "config") {
                problem = {"/" + std::string(key), "unknown key; a plugin connector takes \"path\" and \"config\"",
                           make_error_code(scenario_errc::unknown_key)};
                return nullptr;
            }
        }
        const json::value* path = config.if_contains("path");
        if (!path || !path->is_string()) {
            problem = {"/path", std::string(path ? "expected a string" : "missing") +
                                    "; expected the plugin's file (with a '/') or its name on the plugin search path",
                       make_error_code(path ? scenario_errc::wrong_type : scenario_errc::missing_key)};
            return nullptr;
        }
        if (const json::value* c = config.if_contains("config"); c && !c->is_object()) {
            problem = {"/config", "expected an object: the plugin's own settings",
                       make_error_code(scenario_errc::wrong_type)};
            return nullptr;
        }
        std::string why;
        auto library = cache_.get(path->as_string(), why);
        if (!library) {
            problem = {"/path", why, make_error_code(scenario_errc::bad_value)};
            return nullptr;
        }
        const std::string text = config_text(config);
        oktasim_problem p{};
        if (!library->descriptor().validate(text.data(), text.size(), &p)) {
            p.path[sizeof p.path - 1] = p.message[sizeof p.message - 1] = '\0';
            problem = {"/config" + std::string(p.path),
                       "plugin " + std::string(library->descriptor().name) + ": " +
                           (p.message[0] ? std::string(p.message) : std::string("the config is not valid")),
                       make_error_code(scenario_errc::bad_value)};
            return nullptr;
        }
        return library;
    }

    mutable LibraryCache cache_;
    mutable std::map<std::string, std::uint64_t, std::less<>> instances_;  // connectors made per app so far
};

}  // namespace

namespace {
constexpr std::array<std::string_view, 20> methods{
    "GET", "POST", "PUT", "PATCH", "DELETE",
    "TEST_CREDENTIALS", "FIND_USER", "CREATE_USER", "GET_USER", "REPLACE_USER", "PATCH_USER", "LIST_USERS",
    "LIST_USERS_CHANGED_SINCE", "CREATE_GROUP", "GET_GROUP", "FIND_GROUP", "REPLACE_GROUP", "PATCH_GROUP",
    "DELETE_GROUP", "LIST_GROUPS"};
constexpr std::size_t first_operation = 5;  // methods[first_operation + op - 1] names operation op
}  // namespace

std::string_view operation_name(oktasim_operation op) noexcept {
    const auto index = static_cast<std::size_t>(op);
    return index >= 1 && first_operation + index - 1 < methods.size() ? methods[first_operation + index - 1]
                                                                     : std::string_view("UNKNOWN");
}

std::span<const std::string_view> request_methods() noexcept { return methods; }

std::unique_ptr<engine::ConnectorFactory> make_factory(std::vector<std::string> search) {
    return std::make_unique<PluginFactory>(std::move(search));
}

}  // namespace oktasim::connectors::plugin
