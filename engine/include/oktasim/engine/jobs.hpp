// What a provisioning job may touch (JobContext: the org, the System Log, the event feed, ids, the clock, the apps'
// password streams, the failure-mode probes and its app's lane), how each job's phase is counted (JobTicket), and a
// job while it waits for its app's lane (QueuedJob: a small description; its coroutine starts when a slot frees).
// The engine owns one JobContext; the push flows receive it and nothing else of the engine.
#pragma once

#include <oktasim/engine/events.hpp>
#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/engine/ids.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/system_log.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <variant>

namespace oktasim::engine {

class JobContext;

// A job's phase for its whole life: queued when an action starts it (before the job first runs, so the counts never
// miss a job on its way), then whatever the job moves it to, and finished when the ticket is destroyed.
class JobTicket {
public:
    JobTicket(JobContext& ctx, const App& app, const User& user, TaskKind kind);
    // A job about the app as a whole (an import): `kind` names it, no user.
    JobTicket(JobContext& ctx, const App& app, std::string_view kind);
    JobTicket(JobTicket&& other) noexcept;
    JobTicket& operator=(JobTicket&&) = delete;
    ~JobTicket();

    void enter(JobPhase next);
    const JobEvent& job() const noexcept { return job_; }

private:
    JobContext* ctx_;
    JobEvent job_;
};

// The push flows a job runs (docs/okta-behaviour.md §2.2-§2.8).
enum class JobFlow { assignment, deprovision, profile_push, activation, password_push };

// A job not yet running: what it will run, for whom, and its ticket. Thousands wait in a lane at once (a group of N
// users assigned is N jobs), so this stays small; the coroutine is made when the job gets a slot.
struct QueuedJob {
    JobFlow flow = JobFlow::assignment;
    App* app = nullptr;
    std::string argument;  // deprovision: the account id; password push: the password
    bool okta_password = false;
    JobTicket ticket;      // the app and the user, and the job's phase
    std::string transaction;  // drawn when the job reaches its lane, in the order jobs are submitted
};

// A slot of an app's lane that a job (an import, a group push) took with acquire_lane: given back however the job
// ends, unless the job stepped aside (step_aside clears `held`) and was destroyed while it waited.
struct LaneSlot {
    JobContext& jobs;
    std::string app_key;
    bool held = true;
    LaneSlot(JobContext& j, std::string key) : jobs(j), app_key(std::move(key)) {}
    LaneSlot(const LaneSlot&) = delete;
    LaneSlot& operator=(const LaneSlot&) = delete;
    ~LaneSlot();
};

class JobContext {
public:
    JobContext(sim::EventLoop& loop, Org& org, SystemLog& log, IdGenerator& ids, LogActor admin, EventFeed* feed)
        : loop_(loop), org_(org), log_(log), ids_(ids), admin_(std::move(admin)), feed_(feed),
          executor_(loop.get_executor()) {}
    JobContext(const JobContext&) = delete;
    JobContext& operator=(const JobContext&) = delete;
    ~JobContext();

    sim::EventLoop& loop() noexcept { return loop_; }  // the clock and the timers
    Org& org() noexcept { return org_; }
    SystemLog& log() noexcept { return log_; }
    IdGenerator& ids() noexcept { return ids_; }
    const LogActor& admin() const noexcept { return admin_; }
    // An event of an admin's action or of the jobs it started: its type and message, the admin as its actor.
    LogEvent admin_event(EventText text) const {
        LogEvent e;
        e.event_type = text.type;
        e.display_message = text.message;
        e.actor = admin_;
        return e;
    }
    // Each app draws its passwords from its own stream, so apps running side by side cannot shift each other's.
    sim::Prng& passwords(const std::string& app_key);

    void probe(failure_mode m) { ++probes_[static_cast<std::size_t>(m)]; }
    const std::array<std::uint64_t, failure_modes.size()>& probes() const noexcept { return probes_; }

    void set_event_feed(EventFeed* feed) noexcept { feed_ = feed; }
    // Where jobs start and run (default: the loop's executor); see ProvisioningEngine::set_job_executor.
    void set_executor(asio::any_io_executor executor) noexcept { executor_ = std::move(executor); }
    const asio::any_io_executor& executor() const noexcept { return executor_; }
    void task_changed(const Task& t) const {
        if (feed_) feed_->task(t);
    }
    void app_user_changed(const AppUser& au) const {
        if (feed_) feed_->app_user(au);
        if (app_user_hook_) app_user_hook_(au);
    }
    void app_user_removed(const AppUser& au) const {
        if (feed_) feed_->app_user_removed(au);
        if (app_user_hook_) app_user_hook_(au);
    }
    // The engine's own interest in app-user changes (Group Push pushes a member once it is provisioned).
    void set_app_user_hook(std::function<void(const AppUser&)> hook) { app_user_hook_ = std::move(hook); }

    // Moves a job to `next` (from its current phase, unless it is new), keeps the counts and tells the feed.
    void job_phase(JobEvent& job, JobPhase next, bool is_new);
    std::size_t jobs_in(JobPhase p) const noexcept { return jobs_in_[static_cast<std::size_t>(p)]; }

    // Up to the app's `concurrency` jobs (default 1) run at once; the rest wait and start in the order they were
    // started (a rate-limited job steps aside while it waits). At 1, requests come in the same order whether the
    // app is in process or across a socket; above 1 they overlap only while a job waits (virtual time in process,
    // the network live), and the slots still pass on first come, first served, so in process the run is exact.
    //
    // Submits a job: from the loop (at once when called on it), it takes its transaction id and a free slot of its
    // app's lane, or waits in the lane as a QueuedJob; its coroutine starts on the next turn after it gets a slot.
    void submit(QueuedJob job);
    // A running job that stepped aside (a rate-limit pause) waits for a slot again, behind the jobs already queued.
    asio::awaitable<void> acquire_lane(std::string app_key);
    // A job gives its slot back; the next waiting job (queued or stepped aside) gets it.
    void release_lane(const std::string& app_key);
    // A running job that must wait (a 429 pause, §5.4) steps aside: it gives its slot back, waits `wait` of virtual
    // time (phase waiting_retry), and queues for a slot again behind the jobs already waiting. `holds_lane` follows,
    // so that a job destroyed while it waits does not give back a slot it does not hold.
    asio::awaitable<void> step_aside(std::string app_key, JobTicket& ticket, sim::Duration wait, bool& holds_lane);

private:
    struct Lane {
        std::size_t running = 0;  // jobs holding a slot
        // In arrival order: jobs not started yet, and the resumptions of jobs that stepped aside.
        std::deque<std::variant<QueuedJob, sim::EventLoop::Handler>> waiting;
    };
    Lane& lane_of(const std::string& app_key, std::size_t& slots);
    void admit(QueuedJob job);
    void start(QueuedJob job);  // on the next turn; the job holds a slot from now on

    sim::EventLoop& loop_;
    Org& org_;
    SystemLog& log_;
    IdGenerator& ids_;
    LogActor admin_;
    EventFeed* feed_ = nullptr;
    std::function<void(const AppUser&)> app_user_hook_;
    asio::any_io_executor executor_;
    std::map<std::string, sim::Prng> passwords_;
    std::array<std::size_t, 4> jobs_in_{};  // jobs per JobPhase (finished ones are not counted)
    std::array<std::uint64_t, failure_modes.size()> probes_{};
    bool closing_ = false;                  // being destroyed: a freed slot starts nothing
    std::map<std::string, Lane> lanes_;     // last: its queued jobs finish while the counts and the feed exist
};

}  // namespace oktasim::engine
