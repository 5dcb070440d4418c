// The benchmark's child processes: a command run for its output (a measurement, `wrk`), a server kept running
// while it is measured (`oktasim app-server`), and the temporary files they read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace oktasim::bench {

// Runs argv[0] (searched on PATH when it has no '/') with its stdout captured and its stderr shared with ours.
// nullopt when it could not start or did not exit 0.
std::optional<std::string> run_capture(const std::vector<std::string>& argv);

// The full path of an executable on PATH; nullopt when there is none.
std::optional<std::string> find_on_path(std::string_view name);

// A child that serves while it is measured: started with its stdout on a pipe, it is ready once it prints its
// first line; destroying it kills it (SIGKILL) and reaps it.
class ServerProcess {
public:
    // nullopt (the reason in `error`) when it could not start or closed its stdout before a line.
    static std::optional<ServerProcess> start(const std::vector<std::string>& argv, std::string& first_line,
                                              std::string& error);
    ServerProcess(ServerProcess&& other) noexcept;
    ServerProcess& operator=(ServerProcess&&) = delete;
    ServerProcess(const ServerProcess&) = delete;
    ~ServerProcess();

private:
    ServerProcess(pid_t pid, int out) : pid_(pid), out_(out) {}
    pid_t pid_ = -1;
    int out_ = -1;
};

// A file under $TMPDIR (or /tmp) holding `contents`, removed on destruction.
class TempFile {
public:
    TempFile(std::string_view suffix, std::string_view contents);
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile();
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

}  // namespace oktasim::bench
