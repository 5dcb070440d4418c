// What an expectation looked at, for people and for reports: the app users, tasks and accounts it names, as text
// lines (the demo and `run --show-state`) and as redacted JSON (the "actual" of `run --report`).
#pragma once

#include <oktasim/runner/world.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace oktasim::runner {

// Where the "log" and "requests" expectations start reading: what is new since then is their actual state.
struct Cursors {
    std::size_t log = 0;
    std::size_t requests = 0;
};

// One line per app user, task and account the expectation names, e.g.
// "appUser acme/alice@example.com: status PROVISIONED, syncState SYNCHRONIZED, externalId 6f0b..., scope USER".
std::vector<std::string> state_lines(World& world, const json::object& expect);

// The actual value behind each key of the expectation (app user and task JSON, events and requests since the
// cursors, the app's accounts), with credentials and passwords redacted as in transcripts.
json::object actual_state(World& world, const json::object& expect, const Cursors& cursors);

// A JSON value with every password-like value redacted (the expected side of a report).
json::value redacted(const json::value& value);

}  // namespace oktasim::runner
