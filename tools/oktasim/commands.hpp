// The oktasim subcommands. Each takes its own arguments (after the subcommand name) and returns the exit code:
// 0 success, 1 an expectation or check failed, 2 bad usage or bad input, 3 an internal error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace oktasim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_internal = 3;

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int modes_command(const std::vector<std::string>& args);
int connectors_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);
// app_server.cpp: serves the simulated SCIM app over HTTP until SIGINT/SIGTERM (0 stopped, 2 bad input).
int app_server_command(const std::vector<std::string>& args);
// check.cpp: Okta's sequences against a live SCIM server (0 all required steps pass, 1 one failed, 2 usage).
int check_command(const std::vector<std::string>& args);
// expr.cpp: evaluates an expression against a user (0 printed the value, 1 syntax or evaluation error, 2 usage).
int expr_command(const std::vector<std::string>& args);
// bench.cpp: the in-process push benchmark against the JSON floor (0 measured, 2 usage, 3 a run failed).
int bench_command(const std::vector<std::string>& args);

// The scenario `oktasim demo` runs when given no file.
const char* demo_scenario();

// Whether to colour output on stdout: a terminal, and NO_COLOR unset (https://no-color.org).
bool want_color(const std::string& mode);
// Whether `mode` is auto, always or never; otherwise prints "oktasim COMMAND: --color must be ..." and is false.
bool color_mode_ok(const std::string& mode, std::string_view command);

}  // namespace oktasim::cli
