// The Signal that wakes the lifecycle when a job's request completes, and the two transports around the server's:
// one that notifies the Signal after every exchange, one that a failed connection test closes.
#include "session.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace oktasim::check::detail {

void Signal::notify() {
    if (!waiter_) {
        pending_ = true;
        return;
    }
    auto handler = std::move(*waiter_);
    waiter_.reset();
    // As in the event loop: post to the loop, then dispatch to the handler's own executor.
    asio::post(executor_, [h = std::move(handler)]() mutable {
        auto ex = asio::get_associated_executor(h);
        asio::dispatch(ex, [h = std::move(h)]() mutable { std::move(h)(); });
    });
}

asio::awaitable<void> Signal::wait() {
    if (pending_) {
        pending_ = false;
        co_return;
    }
    // A named initiation: g++ 12 destroys a lambda temporary inside a co_await expression twice.
    const auto park = [this](asio::any_completion_handler<void()> handler) { waiter_.emplace(std::move(handler)); };
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(park, asio::use_awaitable);
}

asio::awaitable<wire::Delivery> GateTransport::send(wire::Request request) {
    if (closed_.empty()) co_return co_await inner_.send(std::move(request));
    wire::Delivery d;
    d.failure = wire::TransportFailure::connection_refused;
    d.failure_text = "not sent: " + closed_;
    co_return d;
}

asio::awaitable<wire::Delivery> SignalingTransport::send(wire::Request request) {
    wire::Delivery d = co_await inner_.send(std::move(request));
    signal_.notify();
    co_return d;
}
}  // namespace oktasim::check::detail
