// The live transport provider: an HTTP(S) transport per origin, wrapped so the event loop waits for the network.
#include <oktasim/connectors/http/http_transport.hpp>
#include <oktasim/connectors/transport.hpp>

namespace oktasim::connectors {

std::unique_ptr<Transport> NetworkTransports::open(std::string_view base_url, const engine::TransportOptions& options,
                                                   std::string& why) {
    http::HttpTransportOptions http_options;
    http_options.tls.ca_file = options.ca_file;
    http_options.tls.insecure = options.insecure;
    http_options.max_connections = options.max_connections;
    http_options.exchange_timeout = options.exchange_timeout;
    auto live = http::HttpTransport::create(loop_.get_executor(), std::string(base_url), http_options, why);
    if (!live) return nullptr;
    return std::make_unique<LiveTransport>(loop_, std::move(live));
}

}  // namespace oktasim::connectors
