// oktasim's entry point: picks the subcommand and turns exceptions into exit code 3 (the only place they land).
#include "commands.hpp"

#include <exception>
#include <iostream>
#include <string_view>

namespace {

constexpr std::string_view usage = R"(oktasim: an offline, deterministic simulator of Okta's provisioning engine

Usage: oktasim <command> [options] [arguments]

Commands:
  run SCENARIO...        run scenarios: timeline, expectations, System Log
  validate SCENARIO...   check scenario files without running them
  modes                  list the documented failure modes (message, cause, fix, fixture)
  connectors             list the connector types and the plugins found (capabilities; --plugin FILE loads one)
  demo                   a guided walk-through of a provisioning failure and its fix
  app-server             serve the simulated SCIM app over HTTP, with a live admin endpoint for faults
  check BASE_URL         run Okta's connection test, SCIM spec test and lifecycle against a live SCIM server
  bench                  measure the in-process push of N users against the JSON floor (time, memory, growth)
  expr EXPRESSION        evaluate an Okta Expression Language expression against a user (--user FILE|JSON)

Options:
  -h, --help             show help (also after a command: oktasim run --help)
  -V, --version          show the version

Exit codes: 0 success, 1 an expectation failed, 2 bad usage or input, 3 internal error.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace oktasim::cli;
    try {
        if (argc < 2) {
            std::cerr << usage;
            return exit_usage;
        }
        const std::string_view command = argv[1];
        const std::vector<std::string> args(argv + 2, argv + argc);
        if (command == "-h" || command == "--help" || command == "help") {
            std::cout << usage;
            return exit_ok;
        }
        if (command == "-V" || command == "--version") {
            std::cout << "oktasim " << OKTASIM_VERSION << "\n";
            return exit_ok;
        }
        if (command == "run") return run_command(args);
        if (command == "validate") return validate_command(args);
        if (command == "modes") return modes_command(args);
        if (command == "connectors") return connectors_command(args);
        if (command == "demo") return demo_command(args);
        if (command == "app-server") return app_server_command(args);
        if (command == "check") return check_command(args);
        if (command == "bench") return bench_command(args);
        if (command == "expr") return expr_command(args);
        std::cerr << "oktasim: unknown command '" << command << "'\n\n" << usage;
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "oktasim: internal error: " << e.what() << "\n";
        return exit_internal;
    } catch (...) {
        std::cerr << "oktasim: internal error\n";
        return exit_internal;
    }
}
