// `oktasim run --report FILE` (JSON) and `--junit FILE` (JUnit XML): deterministic, so no wall-clock times.
#include "run_report.hpp"

#include <oktasim/check/report.hpp>

#include <string>

namespace oktasim::cli {
namespace {

namespace json = boost::json;

std::string reproduce(const ScenarioOutcome& o) {
    return "oktasim run " + o.scenario->file + " --seed " + std::to_string(o.result.seed);
}

}  // namespace

json::object run_report(const std::vector<ScenarioOutcome>& outcomes) {
    json::array scenarios;
    std::size_t failed = 0;
    for (const auto& o : outcomes) {
        json::array steps;
        std::size_t expectations = 0, expectations_failed = 0;
        for (const auto& s : o.result.steps) {
            if (s.kind == "expect") {
                ++expectations;
                expectations_failed += !s.ok();
            }
            json::array failures;
            for (const auto& f : s.failures) failures.push_back(json::string(check::valid_utf8(f)));
            steps.push_back(json::object{{"path", s.path},       {"kind", s.kind},
                                         {"description", s.description}, {"at", s.at},
                                         {"ok", s.ok()},         {"failures", std::move(failures)},
                                         {"expected", s.expected}, {"actual", s.actual}});
        }
        failed += !o.result.ok();
        json::object entry{{"file", o.scenario->file},
                           {"name", o.scenario->name},
                           {"seed", o.result.seed},
                           {"ok", o.result.ok()},
                           {"expectations", expectations},
                           {"expectationsFailed", expectations_failed},
                           {"failures", o.result.failures.size()},
                           {"steps", std::move(steps)}};
        if (!o.result.ok()) entry["reproduce"] = reproduce(o);
        scenarios.push_back(std::move(entry));
    }
    return json::object{{"ok", failed == 0},
                        {"scenarios", outcomes.size()},
                        {"failed", failed},
                        {"results", std::move(scenarios)}};
}

void write_run_junit(std::ostream& out, const std::vector<ScenarioOutcome>& outcomes) {
    std::size_t failed = 0;
    for (const auto& o : outcomes) failed += !o.result.ok();
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"oktasim run\" tests=\"" << outcomes.size() << "\" failures=\"" << failed
        << "\" errors=\"0\">\n";
    out << "  <testsuite name=\"oktasim run\" tests=\"" << outcomes.size() << "\" failures=\"" << failed
        << "\" errors=\"0\" skipped=\"0\">\n";
    for (const auto& o : outcomes) {
        out << "    <testcase classname=\"oktasim.run\" name=\"" << check::xml_escape(o.scenario->file) << "\" time=\"0\"";
        if (o.result.ok()) {
            out << "/>\n";
            continue;
        }
        std::string details = o.scenario->name + "\n";
        for (const auto& f : o.result.failures) details += f + "\n";
        details += "reproduce: " + reproduce(o) + "\n";
        out << ">\n      <failure message=\""
            << check::xml_escape(std::to_string(o.result.failures.size()) + " expectation(s) failed: " +
                                 o.result.failures.front())
            << "\" type=\"expectation\">" << check::xml_escape(details) << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace oktasim::cli
