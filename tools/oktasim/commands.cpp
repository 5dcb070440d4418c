// run, validate and modes: option parsing with Program_options, and mapping results to exit codes.
#include "commands.hpp"
#include "options.hpp"
#include "run_report.hpp"

#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/scenario.hpp>

#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace oktasim::cli {
namespace po = boost::program_options;

bool want_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1;
}

bool color_mode_ok(const std::string& mode, std::string_view command) {
    if (mode == "auto" || mode == "always" || mode == "never") return true;
    std::cerr << "oktasim " << command << ": --color must be auto, always or never, not '" << mode << "'\n";
    return false;
}

namespace {

struct Parsed {
    po::variables_map vm;
    bool help = false;
};

// Parses `args` against `options` (plus --help, last) and positional "file" arguments; prints usage errors and
// returns false.
bool parse(const std::vector<std::string>& args, po::options_description& options, Parsed& out, std::string_view name) {
    options.add_options()("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("file", po::value<std::vector<std::string>>()->multitoken(), "");
    if (!cli::parse(args, "oktasim " + std::string(name), options, hidden, "file", out.vm)) return false;
    out.help = out.vm.count("help") > 0;
    return true;
}

std::vector<std::string> files(const Parsed& p) {
    return p.vm.count("file") ? p.vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// Adds one scenario's HAR log to `har` as a page (pages and entries in run order; the first log gives the creator).
void add_har_page(boost::json::object& har, const std::string& file, const std::string& title, boost::json::object one) {
    boost::json::object& log = one["log"].as_object();
    if (har.empty()) har = boost::json::object{{"log", boost::json::object{{"version", "1.2"}, {"creator", log["creator"]},
                                                                            {"pages", boost::json::array{}},
                                                                            {"entries", boost::json::array{}}}}};
    boost::json::object& out = har["log"].as_object();
    boost::json::array& entries = log["entries"].as_array();
    const std::string page_id = "page_" + std::to_string(out["pages"].as_array().size() + 1);
    const boost::json::value started = entries.empty() ? boost::json::value("1970-01-01T00:00:00.000Z")
                                                       : entries.front().as_object().at("startedDateTime");
    out["pages"].as_array().push_back(boost::json::object{{"startedDateTime", started}, {"id", page_id},
                                                          {"title", title + " (" + file + ")"}, {"pageTimings", boost::json::object{}}});
    for (auto& e : entries) {
        e.as_object()["pageref"] = page_id;
        out["entries"].as_array().push_back(std::move(e));
    }
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
    po::options_description options("Usage: oktasim run [options] SCENARIO...\n\nOptions");
    options.add_options()
        ("format", po::value<std::string>()->default_value("text"), "text: a readable timeline; json: the System Log as JSON lines")
        ("transcript", po::value<std::string>(), "write every SCIM exchange (secrets redacted) to this file")
        ("record", po::value<std::string>(), "write every exchange as a HAR 1.2 file (opens in a browser's developer "
                                             "tools; secrets redacted, virtual timestamps; one page per scenario)")
        ("seed", po::value<std::uint64_t>(), "override the scenario's seed")
        ("report", po::value<std::string>(), "write the results as JSON to this file: per scenario and expectation, "
                                             "pass/fail, expected and actual (secrets redacted)")
        ("junit", po::value<std::string>(), "write JUnit XML to this file: one test case per scenario, failures with "
                                            "the expectation diffs")
        ("show-state", "text: after each expectation, print the app users, tasks and accounts it names")
        ("color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is respected)");
    Parsed p;
    if (!parse(args, options, p, "run")) return exit_usage;
    if (p.help) {
        std::cout << options;
        return exit_ok;
    }
    const std::string format = p.vm["format"].as<std::string>();
    const std::string color = p.vm["color"].as<std::string>();
    if (format != "text" && format != "json") {
        std::cerr << "oktasim run: --format must be text or json, not '" << format << "'\n";
        return exit_usage;
    }
    if (!color_mode_ok(color, "run")) return exit_usage;
    const auto scenario_files = files(p);
    if (scenario_files.empty()) {
        std::cerr << "oktasim run: no scenario given\n\n" << options;
        return exit_usage;
    }
    // Validate every file before running any, so a typo in the last one does not waste a long run.
    std::vector<runner::Scenario> scenarios;
    for (const auto& f : scenario_files) {
        runner::LoadError error;
        auto sc = runner::load_scenario(f, error);
        if (!sc) {
            std::cerr << "oktasim: " << error.to_string() << "\n";
            return exit_usage;
        }
        scenarios.push_back(std::move(*sc));
    }
    // Output files are opened before anything runs, so a bad path is a usage error and not a lost run.
    const auto open_output = [&](const char* flag, std::ofstream& out) {
        if (!p.vm.count(flag)) return true;
        out.open(p.vm[flag].as<std::string>(), std::ios::binary | std::ios::trunc);
        if (!out) std::cerr << "oktasim run: --" << flag << ": cannot write " << p.vm[flag].as<std::string>() << "\n";
        return out.is_open();
    };
    std::ofstream transcript, report, junit, record;
    if (!open_output("transcript", transcript) || !open_output("report", report) || !open_output("junit", junit) ||
        !open_output("record", record))
        return exit_usage;
    runner::RunOptions options_run;
    if (p.vm.count("seed")) options_run.seed = p.vm["seed"].as<std::uint64_t>();
    options_run.format = format == "json" ? runner::OutputFormat::json : runner::OutputFormat::text;
    options_run.color = format == "text" && want_color(color);
    options_run.out = &std::cout;
    options_run.diagnostics = &std::cerr;
    options_run.show_state = p.vm.count("show-state") > 0;
    options_run.record_steps = report.is_open() || junit.is_open();
    if (record.is_open()) options_run.record_har = OKTASIM_VERSION;
    boost::json::object har;  // one log: a page per scenario, its entries referring to it
    int code = exit_ok;
    std::vector<ScenarioOutcome> outcomes;
    for (const auto& sc : scenarios) {
        runner::RunResult result = runner::run_scenario(sc, options_run);
        if (transcript.is_open()) transcript << "### " << sc.file << " (seed " << result.seed << ")\n" << result.transcript;
        if (!result.ok()) {
            code = exit_failed;
            std::cerr << "oktasim: " << sc.file << ": " << result.failures.size() << " expectation(s) failed; reproduce: oktasim run "
                      << sc.file << " --seed " << result.seed << "\n";
        }
        if (record.is_open()) add_har_page(har, sc.file, sc.name, std::move(result.har));
        if (options_run.record_steps) outcomes.push_back({&sc, std::move(result)});
    }
    if (record.is_open()) record << boost::json::serialize(har) << "\n";
    if (report.is_open()) report << boost::json::serialize(run_report(outcomes)) << "\n";
    if (junit.is_open()) write_run_junit(junit, outcomes);
    return code;
}

int validate_command(const std::vector<std::string>& args) {
    po::options_description options("Usage: oktasim validate SCENARIO...\n\nOptions");
    Parsed p;
    if (!parse(args, options, p, "validate")) return exit_usage;
    if (p.help) {
        std::cout << options;
        return exit_ok;
    }
    const auto scenario_files = files(p);
    if (scenario_files.empty()) {
        std::cerr << "oktasim validate: no scenario given\n";
        return exit_usage;
    }
    int code = exit_ok;
    for (const auto& f : scenario_files) {
        runner::LoadError error;
        if (auto sc = runner::load_scenario(f, error)) {
            std::cout << f << ": ok (" << sc->steps.size() << " steps)\n";
        } else {
            std::cerr << "oktasim: " << error.to_string() << "\n";
            code = exit_usage;
        }
    }
    return code;
}

int modes_command(const std::vector<std::string>& args) {
    po::options_description options("Usage: oktasim modes [options]\n\nOptions");
    options.add_options()("format", po::value<std::string>()->default_value("text"),
                          "text, or json: one JSON array of {name, eventType, message, cause, fix, fixture}");
    Parsed p;
    if (!parse(args, options, p, "modes")) return exit_usage;
    if (p.help) {
        std::cout << options;
        return exit_ok;
    }
    if (!files(p).empty()) {
        std::cerr << "oktasim modes: takes no arguments\n";
        return exit_usage;
    }
    const std::string format = p.vm["format"].as<std::string>();
    if (format == "json") {  // one document, as tools expect from "json" (not JSON Lines)
        boost::json::array modes;
        for (const auto& m : engine::failure_modes)
            modes.push_back(boost::json::object{{"name", m.name}, {"eventType", m.event_type}, {"message", m.message},
                                                {"cause", m.cause}, {"fix", m.fix},
                                                {"fixture", "fixtures/" + std::string(m.fixture)}});
        std::cout << boost::json::serialize(modes) << "\n";
        return exit_ok;
    }
    if (format != "text") {
        std::cerr << "oktasim modes: --format must be text or json\n";
        return exit_usage;
    }
    std::cout << engine::failure_modes.size() << " documented failure modes\n";
    for (const auto& m : engine::failure_modes) {
        std::cout << "\n" << m.name << "\n"
                  << "  message:  " << m.message << "\n"
                  << "  event:    " << m.event_type << "\n"
                  << "  cause:    " << m.cause << "\n"
                  << "  fix:      " << m.fix << "\n"
                  << "  fixture:  fixtures/" << m.fixture << "\n";
    }
    return exit_ok;
}

}  // namespace oktasim::cli
