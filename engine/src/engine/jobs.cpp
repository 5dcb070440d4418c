// The job context's bookkeeping: password streams, exact job counts by phase, and the per-app lanes that hold queued
// jobs as descriptions and start a job's coroutine only when it gets a slot.
#include <oktasim/engine/jobs.hpp>

#include "job_runner.hpp"

#include <oktasim/sim/timer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <utility>

namespace oktasim::engine {

sim::Prng& JobContext::passwords(const std::string& app_key) {
    auto it = passwords_.find(app_key);
    if (it == passwords_.end()) it = passwords_.emplace(app_key, loop_.prng().fork("passwords:" + app_key)).first;
    return it->second;
}

void JobContext::job_phase(JobEvent& job, JobPhase next, bool is_new) {
    if (!is_new) --jobs_in_[static_cast<std::size_t>(job.phase)];
    if (next != JobPhase::finished) ++jobs_in_[static_cast<std::size_t>(next)];
    job.phase = next;
    if (feed_) feed_->job(job);
}

JobContext::~JobContext() {
    closing_ = true;
    // Queued jobs finish here (their tickets say so); a frame destroyed with them may give a slot back.
    auto lanes = std::move(lanes_);
    lanes.clear();
}

JobContext::Lane& JobContext::lane_of(const std::string& app_key, std::size_t& slots) {
    const App* app = org_.app_by_ref(app_key);
    slots = app && app->concurrency > 1 ? static_cast<std::size_t>(app->concurrency) : 1;
    return lanes_[app_key];
}

// Reaches the lane the way a spawned coroutine would: at once when called on the loop, else on its next turn, so the
// transaction ids and the slots go in the order the actions submitted the jobs.
void JobContext::submit(QueuedJob job) {
    asio::dispatch(executor_, [this, job = std::move(job)]() mutable { admit(std::move(job)); });
}

void JobContext::admit(QueuedJob job) {
    job.transaction = ids_.next(id_prefix::transaction);
    std::size_t slots = 1;
    Lane& lane = lane_of(job.ticket.job().app_key, slots);
    if (lane.running >= slots) {
        lane.waiting.emplace_back(std::move(job));
        return;
    }
    ++lane.running;
    start(std::move(job));
}

void JobContext::start(QueuedJob job) {
    // Through the loop's completion queue, as a resumed job would be: the job runs on the next turn.
    // The handler holds the executor: a host's guarded one keeps what the job refers to alive until then, and
    // starts nothing once the host is gone.
    loop_.complete(sim::EventLoop::Handler([this, ex = executor_, job = std::move(job)](boost::system::error_code) mutable {
                       // An exception escaping a job is a bug: rethrow it out of the loop so the CLI reports it (exit 3).
                       asio::co_spawn(ex, run_job(*this, std::move(job)), [](std::exception_ptr e) {
                           if (e) std::rethrow_exception(e);
                       });
                   }),
                   {});
}

LaneSlot::~LaneSlot() {
    if (held) jobs.release_lane(app_key);
}

asio::awaitable<void> JobContext::step_aside(std::string app_key, JobTicket& ticket, sim::Duration wait,
                                             bool& holds_lane) {
    ticket.enter(JobPhase::waiting_retry);
    holds_lane = false;
    release_lane(app_key);
    co_await sim::sleep_for(loop_, wait);
    ticket.enter(JobPhase::queued);
    co_await acquire_lane(app_key);
    holds_lane = true;
    ticket.enter(JobPhase::running);
}

asio::awaitable<void> JobContext::acquire_lane(std::string app_key) {
    std::size_t slots = 1;
    Lane& lane = lane_of(app_key, slots);
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(boost::system::error_code)>(
        [this, &lane, slots](auto handler) {
            if (lane.running >= slots) {
                lane.waiting.emplace_back(sim::EventLoop::Handler(std::move(handler)));
            } else {
                ++lane.running;
                loop_.complete(sim::EventLoop::Handler(std::move(handler)), {});
            }
        },
        asio::use_awaitable);
}

void JobContext::release_lane(const std::string& app_key) {
    if (closing_) return;
    Lane& lane = lanes_[app_key];
    if (lane.waiting.empty()) {
        --lane.running;
        return;
    }
    auto next = std::move(lane.waiting.front());
    lane.waiting.pop_front();
    // The slot passes to the next job, still taken.
    if (auto* queued = std::get_if<QueuedJob>(&next)) {
        start(std::move(*queued));
    } else {
        loop_.complete(std::move(std::get<sim::EventLoop::Handler>(next)), {});
    }
}

void JobTicket::enter(JobPhase next) { ctx_->job_phase(job_, next, false); }

JobTicket::JobTicket(JobContext& ctx, const App& app, const User& user, TaskKind kind) : ctx_(&ctx) {
    job_.app_key = app.key;
    job_.user_id = user.id;
    job_.kind = std::string(to_string(kind));
    ctx_->job_phase(job_, JobPhase::queued, true);
}

JobTicket::JobTicket(JobContext& ctx, const App& app, std::string_view kind) : ctx_(&ctx) {
    job_.app_key = app.key;
    job_.kind = std::string(kind);
    ctx_->job_phase(job_, JobPhase::queued, true);
}

JobTicket::JobTicket(JobTicket&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)), job_(std::move(other.job_)) {}

JobTicket::~JobTicket() {
    if (ctx_) ctx_->job_phase(job_, JobPhase::finished, false);
}

}  // namespace oktasim::engine
