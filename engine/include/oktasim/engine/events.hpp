// The running org's event feed: what changed, as it happens, for whoever watches (the runner's timeline, `check`,
// tests, later an API server and a console). Publishers (the System Log, the engine, connectors) call the feed; observers
// subscribe to it instead of diffing shared state. Nothing is retained here: an observer keeps what it needs.
#pragma once

#include <oktasim/wire/message.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace oktasim::engine {

struct LogEvent;
struct Task;
struct AppUser;

// A provisioning job's life: queued (waiting for its app's lane), running, waiting out a retry pause (rate limit),
// finished. A job publishes each phase it enters, so "no job queued, running or waiting" is exact.
enum class JobPhase { queued, running, waiting_retry, finished };

struct JobEvent {
    JobPhase phase = JobPhase::queued;
    std::string app_key;
    std::string user_id;
    std::string kind;  // the task kind the job would open on failure (assignment, profile_push, ...)
};

// Override what you watch; every callback is optional. Callbacks run synchronously on the loop's thread, inside
// the change they report: an observer must not change the org from a callback.
class EventObserver {
public:
    virtual ~EventObserver() = default;
    virtual void on_log_event(const LogEvent&) {}
    virtual void on_task(const Task&) {}          // opened or changed (status, message, attempts)
    virtual void on_app_user(const AppUser&) {}   // created or changed (status, syncState, externalId, profile)
    virtual void on_app_user_removed(const AppUser&) {}  // unassigned: the last assignment went (its final state)
    virtual void on_exchange(const wire::Exchange&) {}
    virtual void on_job(const JobEvent&) {}
};

// Where connectors report each request they sent and what came back (the feed, a retaining log, or both).
class ExchangeRecorder {
public:
    virtual ~ExchangeRecorder() = default;
    virtual void record(wire::Exchange exchange) = 0;
};

class EventFeed final : public ExchangeRecorder {
public:
    // Observers are not owned; each must unsubscribe (or outlive the feed).
    void subscribe(EventObserver& o) { observers_.push_back(&o); }
    void unsubscribe(EventObserver& o) { observers_.erase(std::remove(observers_.begin(), observers_.end(), &o), observers_.end()); }

    void log_event(const LogEvent& e) const { for (auto* o : observers_) o->on_log_event(e); }
    void task(const Task& t) const { for (auto* o : observers_) o->on_task(t); }
    void app_user(const AppUser& au) const { for (auto* o : observers_) o->on_app_user(au); }
    void app_user_removed(const AppUser& au) const { for (auto* o : observers_) o->on_app_user_removed(au); }
    void job(const JobEvent& j) const { for (auto* o : observers_) o->on_job(j); }
    void record(wire::Exchange x) override { for (auto* o : observers_) o->on_exchange(x); }

private:
    std::vector<EventObserver*> observers_;
};

}  // namespace oktasim::engine
