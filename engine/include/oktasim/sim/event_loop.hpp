// The single-threaded event loop that owns virtual time. When no work is ready it jumps straight to the next
// timer deadline, so hours of retries and schedules run in milliseconds; ties are broken by a sequence number.
#pragma once

#include <oktasim/sim/clock.hpp>
#include <oktasim/sim/prng.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

namespace oktasim::sim {

namespace asio = boost::asio;

class EventLoop {
public:
    using Handler = asio::any_completion_handler<void(boost::system::error_code)>;

    EventLoop(std::uint64_t seed, std::int64_t epoch_ms);
    ~EventLoop();
    // Destroys all pending work (suspended coroutines included) now, while the objects they refer to still
    // exist. The loop cannot run afterwards.
    void shutdown();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    asio::io_context& context() noexcept { return *ioc_; }
    asio::io_context::executor_type get_executor() noexcept { return ioc_->get_executor(); }

    TimePoint now() const noexcept { return now_; }
    const WallClock& wall_clock() const noexcept { return wall_; }
    // Okta-style timestamp of the current virtual instant.
    std::string timestamp() const { return wall_.timestamp(now_); }
    // The root generator; consumers take a named fork so they stay independent of each other.
    const Prng& prng() const noexcept { return prng_; }

    // Registers `handler` to complete at `at` (or now, if `at` is in the past). Returns an id for cancel_timer.
    std::uint64_t add_timer(TimePoint at, Handler handler);
    // Completes a stored handler from the loop (never inline); after shutdown() it is just destroyed.
    void complete(Handler handler, boost::system::error_code ec);
    // Completes the timer early with operation_aborted; does nothing if it already fired.
    void cancel_timer(std::uint64_t id);
    std::size_t pending_timers() const noexcept { return timers_.size(); }

    // Live mode: a transport brackets each real network exchange with these. While one is in flight the loop
    // blocks for real completions before it jumps virtual time, so a scenario runs in the same order over a
    // socket as in process; virtual time still orders the timers.
    void io_started() noexcept { ++io_in_flight_; }
    void io_finished() noexcept { --io_in_flight_; }
    std::size_t io_in_flight() const noexcept { return io_in_flight_; }

    // Runs ready work and fires timers due at or before `until`, then sets the clock to `until`.
    // Returns the number of handlers run.
    std::size_t run_until(TimePoint until);
    // Runs while `busy()` holds, jumping to each next deadline. Returns false when `busy()` still holds but
    // nothing is left to run (a stuck job), true otherwise.
    bool run_while(const std::function<bool()>& busy);
    // Runs everything, timers included, until no work and no timers remain.
    std::size_t run_until_quiescent();

private:
    struct Key {
        TimePoint at;
        std::uint64_t seq;
        friend bool operator<(const Key& a, const Key& b) noexcept {
            return a.at != b.at ? a.at < b.at : a.seq < b.seq;
        }
    };

    std::size_t drain();
    bool wait_for_io();
    // One scheduling decision when nothing is ready: wait for real I/O in flight, else jump to the next timer
    // due at or before `horizon`. False when there is neither.
    bool advance(TimePoint horizon);
    void fire(std::map<Key, Handler>::iterator it, boost::system::error_code ec);

    std::optional<asio::io_context> ioc_;  // reset first in ~EventLoop, while the timer tables still exist
    TimePoint now_{0};
    WallClock wall_;
    Prng prng_;
    std::uint64_t next_seq_ = 1;
    std::map<Key, Handler> timers_;
    std::map<std::uint64_t, TimePoint> deadline_of_;
    bool shutting_down_ = false;
    std::size_t io_in_flight_ = 0;  // handlers destroyed at shutdown may own timers that try to cancel
};

}  // namespace oktasim::sim
