// How Okta's SCIM client reaches an app: a Transport sends one request and yields a Delivery (a response, or a
// transport failure after some elapsed time). In process it calls the simulated app; live, it speaks HTTP. The
// providers are the host's two ways of opening them.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace oktasim::connectors {

namespace asio = boost::asio;

// Okta's read timeout: 60 seconds of socket silence after a request (docs/okta-behaviour.md §1.4).
inline constexpr sim::Duration okta_read_timeout{60'000};

using engine::Transport;

// Delivers requests to an in-process Downstream. The peer's scripted delay passes in virtual time; a delay of
// `read_timeout` or more becomes a timeout after exactly `read_timeout`.
class InprocTransport final : public Transport {
public:
    InprocTransport(sim::EventLoop& loop, engine::Downstream& peer, sim::Duration read_timeout = okta_read_timeout)
        : loop_(loop), peer_(peer), read_timeout_(read_timeout) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override;

private:
    sim::EventLoop& loop_;
    engine::Downstream& peer_;
    sim::Duration read_timeout_;
};

// Wraps a network transport and tells the event loop while an exchange is in flight, so the loop waits for the
// network before it jumps virtual time (live mode).
class LiveTransport final : public Transport {
public:
    LiveTransport(sim::EventLoop& loop, std::unique_ptr<Transport> inner) : loop_(loop), inner_(std::move(inner)) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override;

private:
    sim::EventLoop& loop_;
    std::unique_ptr<Transport> inner_;
};

// The host side in process: every origin a connector opens reaches the one simulated app (its token endpoint too).
class InprocTransports final : public engine::TransportProvider {
public:
    InprocTransports(sim::EventLoop& loop, engine::Downstream& peer) : loop_(loop), peer_(peer) {}
    std::unique_ptr<Transport> open(std::string_view base_url, const engine::TransportOptions& options,
                                    std::string& why) override;

private:
    sim::EventLoop& loop_;
    engine::Downstream& peer_;
};

// The host side live: HTTP(S) over the network, the loop waiting for it while an exchange is in flight.
class NetworkTransports final : public engine::TransportProvider {
public:
    explicit NetworkTransports(sim::EventLoop& loop) : loop_(loop) {}
    std::unique_ptr<Transport> open(std::string_view base_url, const engine::TransportOptions& options,
                                    std::string& why) override;

private:
    sim::EventLoop& loop_;
};

}  // namespace oktasim::connectors
