// The job context's bookkeeping: password streams, exact job counts by phase, and the per-app lanes.
#include <oktasim/engine/jobs.hpp>

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

asio::awaitable<void> JobContext::acquire_lane(std::string app_key) {
    Lane& lane = lanes_[app_key];
    const App* app = org_.app_by_ref(app_key);
    const std::size_t slots = app && app->concurrency > 1 ? static_cast<std::size_t>(app->concurrency) : 1;
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(boost::system::error_code)>(
        [this, &lane, slots](auto handler) {
            if (lane.running >= slots) {
                lane.waiting.emplace_back(std::move(handler));
            } else {
                ++lane.running;
                loop_.complete(sim::EventLoop::Handler(std::move(handler)), {});
            }
        },
        asio::use_awaitable);
}

void JobContext::release_lane(const std::string& app_key) {
    Lane& lane = lanes_[app_key];
    if (lane.waiting.empty()) {
        --lane.running;
        return;
    }
    sim::EventLoop::Handler next = std::move(lane.waiting.front());
    lane.waiting.pop_front();
    loop_.complete(std::move(next), {});  // the slot passes to the next job, still taken
}

JobTicket::JobTicket(JobContext& ctx, const App& app, const User& user, TaskKind kind) : ctx_(&ctx) {
    job_.app_key = app.key;
    job_.user_id = user.id;
    job_.kind = std::string(to_string(kind));
    ctx_->job_phase(job_, JobPhase::queued, true);
}

JobTicket::JobTicket(JobTicket&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)), job_(std::move(other.job_)) {}

JobTicket::~JobTicket() {
    if (ctx_) ctx_->job_phase(job_, JobPhase::finished, false);
}

}  // namespace oktasim::engine
