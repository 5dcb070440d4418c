// The scenario runner: world set-up, step execution with settling, expectation checks and the timeline report.
#include <oktasim/runner/expectations.hpp>
#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/state.hpp>
#include <oktasim/runner/timeline.hpp>
#include <oktasim/runner/world.hpp>
#include <oktasim/engine/okta_texts.hpp>

#include <oktasim/wire/message.hpp>

#include <boost/json/serialize.hpp>

#include <sstream>

namespace oktasim::runner {
namespace {

struct Style {
    bool color = false;
    std::string paint(std::string_view code, std::string_view text) const {
        if (!color) return std::string(text);
        return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
    }
    std::string dim(std::string_view t) const { return paint("2", t); }
    std::string red(std::string_view t) const { return paint("31", t); }
    std::string green(std::string_view t) const { return paint("32", t); }
    std::string yellow(std::string_view t) const { return paint("33", t); }
    std::string bold(std::string_view t) const { return paint("1", t); }
};

std::string describe_exchange(const wire::Exchange& x) {
    std::string out = x.request.method + " " + x.request.target + " -> ";
    if (x.delivery.response) {
        out += std::to_string(x.delivery.response->status) + " " + x.delivery.response->reason;
    } else {
        out += std::string(wire::to_string(x.delivery.failure));
    }
    if (x.delivery.elapsed.count() > 0) out += " (after " + sim::format_duration(x.delivery.elapsed) + ")";
    return out;
}

class Runner {
public:
    Runner(const Scenario& sc, const RunOptions& opt)
        : sc_(sc), opt_(opt), world_(sc, opt.seed.value_or(sc.seed), opt.transport == DownstreamTransport::http),
          style_{opt.color},
          expectations_(world_), timeline_(world_.tenant()) {}

    RunResult run();

private:
    void report_header();
    void report_step(const Step& step, std::string_view line);
    void report_effects();
    void report_failure(const std::string& message);
    void report_state(const Step& step);
    void record(const Step& step, std::string description, std::size_t failures_before, json::value actual);
    void settle(const Step& step);
    std::string offset() const { return "+" + sim::format_duration(world_.loop().now()); }
    std::ostream* text_out() const { return opt_.format == OutputFormat::text ? opt_.out : nullptr; }

    const Scenario& sc_;
    const RunOptions& opt_;
    World world_;
    Style style_;
    Expectations expectations_;
    RunResult result_;
    Timeline timeline_;  // what the tenant's feed reported since the last step
};

void Runner::report_header() {
    if (auto* out = text_out()) {
        *out << style_.bold(sc_.name) << style_.dim("  (" + sc_.file + ", seed " + std::to_string(world_.seed()) + ")")
             << "\n";
    }
}

void Runner::report_step(const Step& step, std::string_view line) {
    if (auto* out = text_out()) {
        std::string when = offset();
        when.resize(std::max<std::size_t>(when.size(), 8), ' ');
        *out << "  " << style_.dim(when) << " " << line << "\n";
        if (!step.note.empty()) *out << "             " << style_.dim("# " + step.note) << "\n";
    }
}

void Runner::report_effects() {
    const Timeline::Batch batch = timeline_.drain();
    auto* out = text_out();
    if (!out) return;
    for (const auto& x : batch.exchanges)
        *out << "             " << style_.dim(x.app + ": " + describe_exchange(x)) << "\n";
    for (const auto& e : batch.events) {
        const std::string outcome = e.outcome == "SUCCESS" ? style_.green(e.outcome)
                                    : e.outcome == "FAILURE" ? style_.red(e.outcome)
                                                             : style_.yellow(e.outcome);
        *out << "             log  " << e.event_type << " " << outcome;
        if (e.outcome_reason) *out << style_.dim("  " + *e.outcome_reason);
        *out << "\n";
        // An import's results, as the Import tab's dialog shows them ("2 users scanned!", ...).
        if (e.event_type == engine::okta_event::import_complete.type)
            if (const json::value* lines = e.debug_data.if_contains("message"); lines && lines->is_array())
                for (const json::value& l : lines->get_array())
                    if (l.is_string()) *out << "                  " << style_.dim(std::string(l.get_string())) << "\n";
    }
    for (const auto& [t, opened] : batch.tasks) {
        const std::string status_name(engine::to_string(t.status));
        const std::string status =
            t.status == engine::TaskStatus::resolved ? style_.green(status_name) : style_.yellow(status_name);
        *out << "             task " << (opened ? "opened " : "") << t.id << " " << status << " [" << t.title
             << "] " << t.message << "\n";
        if (!t.status_text.empty()) *out << "                  " << style_.dim(t.status_text) << "\n";
    }
}

void Runner::report_failure(const std::string& message) {
    result_.failures.push_back(message);
    if (auto* out = text_out()) {
        *out << "             " << style_.red("FAILED: " + message) << "\n";
    } else if (std::ostream* d = opt_.diagnostics ? opt_.diagnostics : opt_.out) {
        *d << "FAILED: " << message << "\n";
    }
}

// The app users, tasks and accounts the expectation names, as they are now (the demo, `run --show-state`).
void Runner::report_state(const Step& step) {
    auto* out = text_out();
    if (!out || !opt_.show_state) return;
    for (const auto& line : state_lines(world_, step))
        *out << "             " << style_.dim("state " + line) << "\n";
}

void Runner::record(const Step& step, std::string description, std::size_t failures_before, json::value actual) {
    StepRecord r;
    r.path = step.path;
    r.kind = step.action.empty() ? "expect" : step.action;
    r.description = std::move(description);
    r.at = offset();
    r.failures.assign(result_.failures.begin() + static_cast<std::ptrdiff_t>(failures_before), result_.failures.end());
    // An expectation as written, secrets redacted; an action's references and expected error only (see Step).
    r.expected = step.action.empty() ? redacted(step.reported) : json::value(step.reported);
    r.actual = std::move(actual);
    result_.steps.push_back(std::move(r));
}

void Runner::settle(const Step& step) {
    if (!world_.settle_jobs())
        report_failure(step.path + ": a provisioning job is stuck (no work and no timer); this is a bug in oktasim");
}

RunResult Runner::run() {
    report_header();
    for (const auto& step : sc_.steps) {
        const std::size_t failures_before = result_.failures.size();
        if (!step.action.empty()) {
            report_step(step, step.command->describe());
            std::string why;
            const error_code ec = world_.perform(step, why);
            const std::string& expected_error = step.expect_error;
            if (ec && expected_error.empty()) {
                report_failure(step.path + " (" + step.action + "): " + why);
            } else if (!expected_error.empty() && !ec) {
                report_failure(step.path + " (" + step.action + "): expected the action to fail with \"" + expected_error +
                               "\", but it succeeded");
            } else if (!expected_error.empty() && why.find(expected_error) == std::string::npos &&
                       ec.message().find(expected_error) == std::string::npos) {
                report_failure(step.path + " (" + step.action + "): expected an error containing \"" + expected_error +
                               "\", got: " + why);
            }
            settle(step);
            report_effects();
            if (opt_.record_steps && result_.failures.size() > failures_before)
                record(step, step.command->describe(), failures_before, nullptr);
            continue;
        }
        const Cursors cursors = expectations_.cursors();
        const auto failures = expectations_.check(step);
        std::string line = "expect " + expectations_.describe(step);
        report_step(step, failures.empty() ? line + " " + style_.green("ok") : line);
        for (const auto& f : failures) report_failure(step.path + " (expect): " + f);
        report_state(step);
        if (opt_.record_steps)
            record(step, line, failures_before, actual_state(world_, step, cursors));
    }
    // What a connector found wrong with the run as a whole (a replayed recording that diverged or was not used up),
    // recorded as a step of its own ("/", kind "connectors") so --report and --junit carry it.
    const std::size_t failures_before_end = result_.failures.size();
    for (const auto& app : world_.org().apps)
        if (app->connector)
            for (const auto& problem : app->connector->problems()) report_failure("app " + app->key + ": " + problem);
    if (opt_.record_steps && result_.failures.size() > failures_before_end) {
        StepRecord r;
        r.path = "/";
        r.kind = "connectors";
        r.description = "the connectors' findings about the whole run";
        r.at = offset();
        r.failures.assign(result_.failures.begin() + static_cast<std::ptrdiff_t>(failures_before_end), result_.failures.end());
        result_.steps.push_back(std::move(r));
    }
    if (auto* out = text_out()) {
        *out << (result_.failures.empty() ? style_.green("PASS") : style_.red("FAIL")) << " " << sc_.name << " ("
             << result_.failures.size() << " failed)\n";
    }
    result_.system_log_jsonl = world_.log().to_jsonl();
    if (opt_.format == OutputFormat::json && opt_.out) *opt_.out << result_.system_log_jsonl;
    result_.transcript = world_.transcript();
    if (!opt_.record_har.empty()) result_.har = world_.har(opt_.record_har);
    result_.probes = world_.provisioning().probes();
    result_.requests = world_.request_summary();
    result_.final_state = world_.final_state();
    result_.seed = world_.seed();
    return std::move(result_);
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    Runner runner(scenario, options);
    return runner.run();
}

}  // namespace oktasim::runner
