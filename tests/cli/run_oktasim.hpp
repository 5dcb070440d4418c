// What the CLI tests share: running the oktasim binary as a script would, and a scratch file removed afterwards.
#pragma once

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace oktasim_cli_test {

struct Outcome {
    int exit_code = -1;
    std::string out;  // stdout and stderr together
};

// Runs the oktasim binary with `args` (already shell-quoted) and captures its output and exit code.
inline Outcome oktasim(const std::string& args) {
    const std::string command = std::string("NO_COLOR=1 '") + OKTASIM_EXE + "' " + args + " 2>&1";
    Outcome o;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

// A scratch file with the given text, removed at the end of the test.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& text, const std::string& name = "scenario.json") {
        path = std::filesystem::temp_directory_path() / ("oktasim-cli-" + std::to_string(::getpid()) + "-" + name);
        std::ofstream(path) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

}  // namespace oktasim_cli_test
