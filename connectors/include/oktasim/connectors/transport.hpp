// How Okta's SCIM client reaches an app: a Transport sends one request and yields a Delivery (a response, or a
// transport failure after some elapsed time). In process it calls the simulated app; live, it speaks HTTP.
#pragma once

#include <oktasim/engine/connector.hpp>
#include <oktasim/engine/wire.hpp>
#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace oktasim::connectors {

namespace asio = boost::asio;

// Okta's read timeout: 60 seconds of socket silence after a request (docs/okta-behaviour.md §1.4).
inline constexpr sim::Duration okta_read_timeout{60'000};

class Transport {
public:
    virtual ~Transport() = default;
    // Never throws for network trouble: failures come back as Delivery::failure.
    virtual asio::awaitable<wire::Delivery> send(wire::Request request) = 0;
};

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

}  // namespace oktasim::connectors
