// The in-process transport (the simulated app answers at once; its scripted delay passes in virtual time), and
// the live wrapper that keeps the event loop waiting for the network while an exchange is in flight.
#include <oktasim/connectors/content_coding.hpp>
#include <oktasim/connectors/transport.hpp>
#include <oktasim/sim/timer.hpp>

namespace oktasim::connectors {

asio::awaitable<wire::Delivery> InprocTransport::send(wire::Request request) {
    wire::Delivery delivery = peer_.handle(request, loop_.now());
    if (delivery.elapsed >= read_timeout_) {
        co_await sim::sleep_for(loop_, read_timeout_);
        co_return wire::Delivery{std::nullopt, wire::TransportFailure::timeout, "Read timed out", read_timeout_};
    }
    if (delivery.elapsed > sim::Duration{0}) co_await sim::sleep_for(loop_, delivery.elapsed);
    decode_response_body(delivery);
    co_return delivery;
}

std::unique_ptr<Transport> InprocTransports::open(std::string_view, const engine::TransportOptions&, std::string&) {
    return std::make_unique<InprocTransport>(loop_, peer_);
}

asio::awaitable<wire::Delivery> LiveTransport::send(wire::Request request) {
    struct InFlight {
        sim::EventLoop& loop;
        explicit InFlight(sim::EventLoop& l) : loop(l) { loop.io_started(); }
        ~InFlight() { loop.io_finished(); }
        InFlight(const InFlight&) = delete;
        InFlight& operator=(const InFlight&) = delete;
    };
    const InFlight in_flight(loop_);
    co_return co_await inner_->send(std::move(request));
}

}  // namespace oktasim::connectors
