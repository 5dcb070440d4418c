// sim::Timer: an Asio I/O object that waits in virtual time. Works with any completion token and supports
// per-operation cancellation, so `co_await (op || timer.async_wait(...))` races end at the deadline.
#pragma once

#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>

namespace oktasim::sim {

class Timer {
public:
    explicit Timer(EventLoop& loop) noexcept : loop_(loop), at_(loop.now()) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer() { cancel(); }

    void expires_after(Duration d) noexcept { at_ = loop_.now() + d; }
    void expires_at(TimePoint t) noexcept { at_ = t; }
    TimePoint expiry() const noexcept { return at_; }

    // Completes a pending wait with boost::asio::error::operation_aborted.
    void cancel() {
        if (id_ != 0) loop_.cancel_timer(std::exchange(id_, 0));
    }

    // Completion signature: void(boost::system::error_code).
    template <class CompletionToken>
    auto async_wait(CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            [this](auto handler) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                const std::uint64_t id = loop_.add_timer(at_, EventLoop::Handler(std::move(handler)));
                id_ = id;
                if (slot.is_connected()) {
                    slot.assign([loop = &loop_, id](asio::cancellation_type) { loop->cancel_timer(id); });
                }
            },
            token);
    }

private:
    EventLoop& loop_;
    TimePoint at_;
    std::uint64_t id_ = 0;
};

// Suspends the calling coroutine for `d` of virtual time.
asio::awaitable<void> sleep_for(EventLoop& loop, Duration d);

}  // namespace oktasim::sim
