// "Fail at each request": run a flow once to count its requests, then once per request k with the k-th refused,
// and check that the engine ends in Okta's documented state every time (an open task with a message, the job
// finished, nothing sent past the failure), never a crash or a hung job.
#pragma once

#include <oktasim/connectors/transport.hpp>

#include "support/test_org.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace oktasim::test {

namespace asio = boost::asio;

// Forwards to `inner`, except that once armed with fail_at(k) its k-th request (1-based) gets a refused
// connection without being delivered. Requests before arming are not counted, so a test can set the scene first.
class FailingTransport final : public connectors::Transport {
public:
    explicit FailingTransport(std::unique_ptr<connectors::Transport> inner) : inner_(std::move(inner)) {}
    asio::awaitable<wire::Delivery> send(wire::Request request) override;
    // Starts counting from zero; k = 0 fails nothing.
    void fail_at(int k) noexcept {
        fail_at_ = k;
        sent_ = 0;
    }
    int sent() const noexcept { return sent_; }  // requests asked for since fail_at()

private:
    std::unique_ptr<connectors::Transport> inner_;
    int fail_at_ = 0;
    int sent_ = 0;
};

// What one run of a flow left behind.
struct FlowOutcome {
    int sent = 0;                     // requests the flow asked for
    bool settled = false;             // every job finished (false: one was left waiting on nothing)
    std::vector<engine::Task> open;   // the tasks left OPEN (or PAUSED), in opening order
};

// Settles `org` and reads what the flow left: call at the end of a FlowRun.
FlowOutcome outcome_of(TestOrg& org, const FailingTransport& transport);

// Builds a fresh org, sets the scene, arms its FailingTransport with fail_at(k) and performs the flow; returns
// outcome_of(...). Called with k = 0 first (nothing fails), then with every k from 1 to the requests counted.
using FlowRun = std::function<FlowOutcome(int k)>;

// Returns the number of requests the flow sends when nothing fails. Checks, with a Boost.Test context naming k:
// the undisturbed run settles with no open task and sends at least one request; each failing run settles, sends
// exactly k requests (the flow stops at the failure) and leaves exactly one open task with a non-empty message.
// `check(k, outcome)` adds the test's own assertions for each failing run (Okta's message for that step, ...).
int fail_at_each_request(const FlowRun& run, const std::function<void(int, const FlowOutcome&)>& check = {});

}  // namespace oktasim::test
