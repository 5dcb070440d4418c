// What an expectation looked at, for people and for reports: the app users, tasks and accounts it names, as text
// lines (the demo and `run --show-state`) and as redacted JSON (the "actual" of `run --report`).
#pragma once

#include <oktasim/runner/world.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace oktasim::runner {

// One line per app user, task and account the expectation step names, e.g.
// "appUser acme/alice@example.com: status PROVISIONED, syncState SYNCHRONIZED, externalId 6f0b..., scope USER".
std::vector<std::string> state_lines(World& world, const Step& step);

// The actual value behind each key of the expectation step (app user and task JSON, events and requests since the
// cursors, the app's accounts), with credentials and passwords redacted as in transcripts.
json::object actual_state(World& world, const Step& step, const Cursors& cursors);

// A JSON value with every password-like value redacted (the expected side of a report).
json::value redacted(const json::value& value);

}  // namespace oktasim::runner
