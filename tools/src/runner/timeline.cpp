// The runner's timeline observer: buffers the tenant's feed between steps and keeps tasks in opening order.
#include <oktasim/runner/timeline.hpp>

namespace oktasim::runner {

Timeline::Timeline(tenant::Tenant& tenant) : tenant_(tenant) {
    pending_.exchanges = tenant_.exchanges().exchanges();
    pending_.events = tenant_.log().events();
    for (const auto& t : tenant_.org().tasks) on_task(t);
    tenant_.feed().subscribe(*this);
}

Timeline::~Timeline() { tenant_.feed().unsubscribe(*this); }

void Timeline::on_task(const engine::Task& t) {
    // Tasks are appended to the org and published as they open, so first-seen order is the org's order.
    const std::size_t order = opened_at_.try_emplace(t.id, opened_at_.size()).first->second;
    changed_.insert_or_assign(order, t);
}

Timeline::Batch Timeline::drain() {
    Batch out = std::move(pending_);
    pending_ = {};
    for (auto& [order, t] : changed_) {
        std::string state = std::string(engine::to_string(t.status)) + "|" + std::to_string(t.attempts);
        auto& seen = reported_[t.id];
        if (seen == state) continue;
        const bool opened = seen.empty();
        seen = std::move(state);
        out.tasks.push_back({std::move(t), opened});
    }
    changed_.clear();
    return out;
}

}  // namespace oktasim::runner
