// The built-in connector factories: `scim2` (Okta's SCIM 2.0 client, in process or over HTTP).
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>

namespace oktasim::connectors {
namespace {

namespace json = boost::json;

// Tells the event loop while a real exchange is in flight, so it waits for the network before jumping time.
class LiveTransport final : public Transport {
public:
    LiveTransport(sim::EventLoop& loop, std::unique_ptr<Transport> inner) : loop_(loop), inner_(std::move(inner)) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override {
        struct InFlight {
            sim::EventLoop& loop;
            explicit InFlight(sim::EventLoop& l) : loop(l) { loop.io_started(); }
            ~InFlight() { loop.io_finished(); }
            InFlight(const InFlight&) = delete;
            InFlight& operator=(const InFlight&) = delete;
        } in_flight(loop_);
        co_return co_await inner_->send(std::move(request));
    }

private:
    sim::EventLoop& loop_;
    std::unique_ptr<Transport> inner_;
};

class Scim2Factory final : public engine::ConnectorFactory {
public:
    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      std::string& error) const override {
        auto parsed = scim::parse_scim_config(config, error);
        if (!parsed) return make_error_code(scenario_errc::bad_value);
        std::unique_ptr<Transport> transport;
        if (context.inproc) {
            transport = std::make_unique<InprocTransport>(context.loop, *context.inproc);
        } else {
            // Live mode: a real server at baseUrl. The loop then waits for real I/O when nothing else is due.
            http::HttpTransportOptions options;
            options.tls.ca_file = parsed->ca_file;
            options.tls.insecure = parsed->insecure;
            options.max_connections = static_cast<std::size_t>(parsed->max_connections);
            std::string why;
            auto live = http::HttpTransport::create(context.loop.get_executor(), parsed->endpoint.base_url, options, why);
            if (!live) {
                error = "/baseUrl: " + why;
                return make_error_code(scenario_errc::bad_value);
            }
            transport = std::make_unique<LiveTransport>(context.loop, std::move(live));
        }
        return std::unique_ptr<engine::Connector>(std::make_unique<scim::ScimConnector>(
            std::move(parsed->endpoint), std::move(parsed->auth), std::move(transport), context.loop, context.wire_log,
            std::move(context.app_key)));
    }
    std::string_view description() const noexcept override {
        return "Okta's SCIM 2.0 client (in process to the simulated app, or over HTTP)";
    }
};

}  // namespace

void register_builtin_connectors(engine::ConnectorRegistry& registry) {
    registry.add("scim2", std::make_unique<Scim2Factory>());
}

}  // namespace oktasim::connectors
