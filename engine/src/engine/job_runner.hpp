// Internal to the push flows: one job's runner (JobRunner) with the steps every flow shares, and the outcome of one
// attempt. The flows themselves are in flow_*.cpp, one file per flow or closely related pair.
#pragma once

#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/failure_policy.hpp>
#include <oktasim/engine/mapping.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace oktasim::engine {

// The outcome of one attempt at a job.
struct Attempt {
    bool ok = true;
    bool rate_limited = false;
    bool rate_limit_exhausted = false;  // the 10th attempt met a 429 too (§5.4): the task fails for good
    std::string message;      // Okta's message, without the "Automatic ... failed: " prefix
    EventText event;          // the System Log event for the failing step
    std::optional<failure_mode> mode;
    Diagnostics diag;

    static Attempt success() { return {}; }
};

// A failed request at a step ("Error while ...: " + the provider's message), classified by the failure policy.
Attempt failed(const error_code& ec, const Diagnostics& d, std::string step_text, EventText event,
               bool verify_step = false);
// A step Okta does not take (a setting forbids it, or there is no connector).
Attempt refused(std::string message, failure_mode mode);

std::string string_at(const json::object& o, std::string_view key);

// How a change to an existing account carries the app user's mapped profile.
enum class WithProfile {
    no,
    if_assigned,       // with it while the app user exists; the change goes either way
    only_if_assigned,  // the change is the profile: nothing is sent once the app user is gone
};

// What became of a change sent to an existing account, besides the resource the app answered with.
struct Sent {
    Diagnostics diag;      // of the last request
    bool gone = false;     // the GET found no account (404)
    bool skipped = false;  // WithProfile::only_if_assigned and the app user went while the GET was in flight
};

// A job that got its slot, as a coroutine: runs its flow, then gives the slot back (JobContext::start spawns it).
asio::awaitable<void> run_job(JobContext& ctx, QueuedJob job);

// Runs the flows for one job; owns the job's transaction id and, while it runs, a slot of its app's lane. Everything
// is looked up again after each await, because admin actions may change the org while a request is in flight.
class JobRunner {
public:
    // Starts the job: it holds a slot of its app's lane from now on, and counts as running.
    JobRunner(JobContext& ctx, QueuedJob& job)
        : ctx_(ctx), app_(*job.app), user_id_(job.ticket.job().user_id), transaction_(std::move(job.transaction)),
          ticket_(std::move(job.ticket)) {
        ticket_.enter(JobPhase::running);
    }

    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;
    ~JobRunner() {
        if (holds_lane_) ctx_.release_lane(app_.key);
    }

    // The jobs, one per flow (each in its flow_*.cpp).
    asio::awaitable<void> assignment();
    asio::awaitable<void> deprovision(std::string external_id);
    asio::awaitable<void> profile_push();
    asio::awaitable<void> password_push(std::string password, bool okta_password);
    asio::awaitable<void> activation();

private:
    User& user() { return ctx_.org().users.at(user_id_); }
    AppUser* app_user() { return ctx_.org().app_user(app_.key, user_id_); }
    Connector* connector() { return app_.connector.get(); }
    NullValues nulls() const { return app_.push_null_values ? NullValues::push : NullValues::omit; }

    // The attempts, by flow.
    asio::awaitable<Attempt> attempt_assignment();
    asio::awaitable<Attempt> link(json::object hit);
    asio::awaitable<Attempt> reactivate(std::string id);
    asio::awaitable<Attempt> push_profile(std::string id, bool linking);
    // SCIM 1.1's answer to a look-up hit (Dialect::profile_put_on_link): PUT /Users/{id} with the app profile, no GET.
    asio::awaitable<Attempt> put_linked_profile(std::string id);
    asio::awaitable<Attempt> push_password(std::string id, std::string password);
    asio::awaitable<Attempt> attempt_deprovision(std::string id);

    // The one way a change reaches an existing account: OIN PATCH, AIW GET then PUT (job_runner.cpp).
    asio::awaitable<result<json::object>> send_change(std::string id, json::object change, WithProfile profile, Sent& sent);
    asio::awaitable<result<json::object>> get_then_put(std::string id, json::object change, WithProfile profile,
                                                       Sent& sent);

    template <class AttemptFn>
    asio::awaitable<Attempt> with_rate_limit(AttemptFn attempt, TaskKind kind, std::string prefix);
    void emit(EventText event, std::string outcome = "SUCCESS", std::optional<std::string> reason = std::nullopt);
    void record_failure(TaskKind kind, const std::string& prefix, const Attempt& a);
    // The job failed for good: its task says why, and so does a FAILURE event.
    void fail(TaskKind kind, const std::string& prefix, const Attempt& a);
    void resolve_tasks(TaskKind kind);
    std::string failure_prefix(TaskKind kind) { return job_failure_prefix(kind, display_name(user()), app_.label); }

    JobContext& ctx_;
    App& app_;
    std::string user_id_;
    std::string transaction_;
    bool holds_lane_ = true;
    JobTicket ticket_;  // last: the job finishes after it gives its lane back
};

// §5.4: on 429, pause the task (it says why and when it resumes), wait Retry-After seconds or 5 minutes, double
// the wait after each further 429, and give up after 10 attempts. The paused job does not count as running.
template <class AttemptFn>
asio::awaitable<Attempt> JobRunner::with_rate_limit(AttemptFn attempt, TaskKind kind, std::string prefix) {
    sim::Duration wait{0};
    for (int n = 1;; ++n) {
        Attempt a = co_await attempt();
        if (!a.rate_limited) co_return a;
        if (n == rate_limit_attempts_max) {
            emit(okta_event::rate_limit_exceeded, "RATE_LIMIT", "Giving up after " + std::to_string(n) + " attempts");
            a.message = task_text::rate_limit_exceeded;
            a.rate_limit_exhausted = true;
            co_return a;
        }
        wait = rate_limit_wait(n, wait, a.diag.retry_after);
        if (a.mode) ctx_.probe(*a.mode);
        Attempt paused = a;
        paused.message = task_text::rate_limit_exceeded;
        record_failure(kind, prefix, paused);
        Task* t = ctx_.org().open_task(app_.key, user_id_, kind);
        t->status = TaskStatus::paused;
        t->status_text = "Paused: this task failed because the app is rate limiting API calls (HTTP 429). It will be retried at " +
                         ctx_.loop().wall_clock().timestamp(ctx_.loop().now() + wait) + " (attempt " + std::to_string(n + 1) +
                         " of " + std::to_string(rate_limit_attempts_max) + ").";
        ctx_.task_changed(*t);
        emit(okta_event::rate_limit_exceeded, "RATE_LIMIT", "Retry in " + sim::format_duration(wait));
        // Step aside while paused: other jobs for the app may run (and meet the rate limit themselves).
        co_await ctx_.step_aside(app_.key, ticket_, wait, holds_lane_);
        if (!app_user() && kind != TaskKind::deprovision) co_return Attempt::success();  // unassigned meanwhile
    }
}

}  // namespace oktasim::engine
