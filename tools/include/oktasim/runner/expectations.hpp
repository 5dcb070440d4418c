// Expectation steps: compare the world (app users, tasks, System Log, SCIM requests, the app's accounts) with
// what a scenario says, and explain each difference as expected-vs-actual.
#pragma once

#include <oktasim/runner/world.hpp>

#include <string>
#include <vector>

namespace oktasim::runner {

// Subset match of JSON: every key of `expected` must be in `actual` with a matching value; arrays match element by
// element with equal length. The string "$any" matches any present value; "$absent" requires the key be absent.
// On mismatch, `why` says where (a JSON pointer under `path`) and what differs.
bool json_matches(const json::value& expected, const json::value* actual, const std::string& path, std::string& why);

class Expectations {
public:
    explicit Expectations(World& world) : world_(world) {}

    // The failures of one expectation step (its parts in the order they are checked); empty when everything holds.
    std::vector<std::string> check(const Step& step);
    // A one-line summary of what the step checks, its parts in the order written.
    std::string describe(const Step& step) const;
    // Where the next "log" and "requests" expectations start reading.
    const Cursors& cursors() const noexcept { return cursors_; }

private:
    World& world_;
    Cursors cursors_;
};

}  // namespace oktasim::runner
