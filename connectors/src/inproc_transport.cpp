// The in-process transport: the simulated app answers at once; its scripted delay passes in virtual time.
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
    co_return delivery;
}

}  // namespace oktasim::connectors
