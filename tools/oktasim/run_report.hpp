// Machine-readable results of `oktasim run`: the JSON report (--report) and JUnit XML (--junit), one entry per
// scenario with every expectation's outcome, expected and actual values; secrets redacted as in transcripts.
#pragma once

#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/scenario.hpp>

#include <boost/json/object.hpp>

#include <ostream>
#include <vector>

namespace oktasim::cli {

struct ScenarioOutcome {
    const runner::Scenario* scenario;
    runner::RunResult result;
};

boost::json::object run_report(const std::vector<ScenarioOutcome>& outcomes);
void write_run_junit(std::ostream& out, const std::vector<ScenarioOutcome>& outcomes);

}  // namespace oktasim::cli
