// Event loop run policies: drain ready handlers, then jump virtual time to the earliest (deadline, seq) timer.
#include <oktasim/sim/event_loop.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace oktasim::sim {

EventLoop::EventLoop(std::uint64_t seed, std::int64_t epoch_ms) : wall_(epoch_ms), prng_(seed) { ioc_.emplace(1); }

EventLoop::~EventLoop() { shutdown(); }

void EventLoop::shutdown() {
    if (shutting_down_) return;
    // Destroying a pending handler can destroy a coroutine frame whose Timer then asks to cancel itself.
    shutting_down_ = true;
    auto timers = std::move(timers_);
    deadline_of_.clear();
    timers.clear();
    ioc_.reset();
}

std::uint64_t EventLoop::add_timer(TimePoint at, Handler handler) {
    if (at < now_) at = now_;
    const std::uint64_t seq = next_seq_++;
    timers_.emplace(Key{at, seq}, std::move(handler));
    deadline_of_.emplace(seq, at);
    return seq;
}

void EventLoop::fire(std::map<Key, Handler>::iterator it, boost::system::error_code ec) {
    Handler handler = std::move(it->second);
    deadline_of_.erase(it->first.seq);
    timers_.erase(it);
    complete(std::move(handler), ec);
}

void EventLoop::complete(Handler handler, boost::system::error_code ec) {
    if (shutting_down_) return;
    // Post to the loop, then dispatch to the handler's own executor: Asio 1.26 cannot post to an
    // any_completion_executor directly.
    asio::post(*ioc_, [h = std::move(handler), ec]() mutable {
        auto ex = asio::get_associated_executor(h);
        asio::dispatch(ex, [h = std::move(h), ec]() mutable { std::move(h)(ec); });
    });
}

void EventLoop::cancel_timer(std::uint64_t id) {
    if (shutting_down_) return;
    const auto d = deadline_of_.find(id);
    if (d == deadline_of_.end()) return;
    fire(timers_.find(Key{d->second, id}), asio::error::operation_aborted);
}

std::size_t EventLoop::drain() {
    ioc_->restart();
    return ioc_->poll();
}

bool EventLoop::wait_for_io() {
    ioc_->restart();
    return ioc_->run_one() > 0;  // 0: no outstanding work at all
}

bool EventLoop::advance(TimePoint horizon) {
    if (io_in_flight_ > 0) return wait_for_io();
    if (timers_.empty() || timers_.begin()->first.at > horizon) return false;
    now_ = timers_.begin()->first.at;
    fire(timers_.begin(), {});
    return true;
}

std::size_t EventLoop::run_until(TimePoint until) {
    std::size_t n = drain();
    while (advance(until)) n += drain();
    if (until > now_) now_ = until;
    return n;
}

bool EventLoop::run_while(const std::function<bool()>& busy) {
    drain();
    while (busy()) {
        if (!advance(TimePoint::max())) return false;
        drain();
    }
    return true;
}

std::size_t EventLoop::run_until_quiescent() {
    std::size_t n = drain();
    while (advance(TimePoint::max())) n += drain();
    return n;
}

asio::awaitable<void> sleep_for(EventLoop& loop, Duration d) {
    Timer timer(loop);
    timer.expires_after(d);
    co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace oktasim::sim
