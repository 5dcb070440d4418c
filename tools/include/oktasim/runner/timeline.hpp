// What the runner's timeline prints after a step, gathered from the tenant's event feed as it happens (exchanges,
// System Log events, task changes) instead of diffing the org's state after every step.
#pragma once

#include <oktasim/tenant/tenant.hpp>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace oktasim::runner {

class Timeline final : public engine::EventObserver {
public:
    struct TaskLine {
        engine::Task task;  // as it is now
        bool opened = false;  // first time it is reported
    };
    struct Batch {
        std::vector<wire::Exchange> exchanges;
        std::vector<engine::LogEvent> events;
        std::vector<TaskLine> tasks;  // in the order the tasks were opened
    };

    // Subscribes for the Timeline's lifetime; what the tenant already holds (built before anyone could listen) is
    // part of the first batch.
    explicit Timeline(tenant::Tenant& tenant);
    ~Timeline() override;
    Timeline(const Timeline&) = delete;
    Timeline& operator=(const Timeline&) = delete;

    // What happened since the last drain. A task is in it only when its status or attempts differ from what was
    // last reported for it (a message-only change is not a new line).
    Batch drain();

    void on_exchange(const wire::Exchange& x) override { pending_.exchanges.push_back(x); }
    void on_log_event(const engine::LogEvent& e) override { pending_.events.push_back(e); }
    void on_task(const engine::Task& t) override;

private:
    tenant::Tenant& tenant_;
    Batch pending_;  // exchanges and events; tasks go to changed_
    std::unordered_map<std::string, std::size_t> opened_at_;  // task id -> its place in opening order
    std::map<std::size_t, engine::Task> changed_;  // by opening order: the latest state of each changed task
    std::unordered_map<std::string, std::string> reported_;  // task id -> "status|attempts" last reported
};

}  // namespace oktasim::runner
