// posix_spawn with a pipe on stdout, for the benchmark's measurement children, its app-server and `wrk`.
#include <oktasim/bench/process.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace oktasim::bench {
namespace {

// Starts argv with stdout on a pipe; returns the pid and the pipe's read end, or -1 with errno's text in `error`.
pid_t spawn_reading(const std::vector<std::string>& argv, int& out, std::string& error) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        error = std::strerror(errno);
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (spawned != 0) {
        ::close(fds[0]);
        error = std::strerror(spawned);
        return -1;
    }
    out = fds[0];
    return pid;
}

}  // namespace

std::optional<std::string> run_capture(const std::vector<std::string>& argv) {
    int out = -1;
    std::string error;
    const pid_t pid = spawn_reading(argv, out, error);
    if (pid < 0) return std::nullopt;
    std::string text;
    char buf[4096];
    for (ssize_t got; (got = ::read(out, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(got));
    ::close(out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return text;
}

std::optional<std::string> find_on_path(std::string_view name) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!dirs.empty()) {
        const auto colon = dirs.find(':');
        const std::string_view dir = dirs.substr(0, colon);
        dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
        if (dir.empty()) continue;
        std::string candidate = std::string(dir) + "/" + std::string(name);
        struct stat st{};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

std::optional<ServerProcess> ServerProcess::start(const std::vector<std::string>& argv, std::string& first_line,
                                                  std::string& error) {
    int out = -1;
    const pid_t pid = spawn_reading(argv, out, error);
    if (pid < 0) return std::nullopt;
    ServerProcess server(pid, out);
    first_line.clear();
    char c = 0;
    while (::read(out, &c, 1) == 1 && c != '\n') first_line += c;
    if (c != '\n') {
        error = "it exited before it was ready";
        return std::nullopt;
    }
    return server;
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept : pid_(other.pid_), out_(other.out_) {
    other.pid_ = -1;
    other.out_ = -1;
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        // SIGKILL, not SIGTERM: the benchmark's server has nothing to save, and a graceful stop lingers for up to 2 s.
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    if (out_ >= 0) ::close(out_);
}

TempFile::TempFile(std::string_view suffix, std::string_view contents) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/oktasim-bench-XXXXXX" + std::string(suffix);
    const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw std::runtime_error("bench: cannot create a temporary file: " + std::string(std::strerror(errno)));
    path_ = pattern;
    for (std::size_t done = 0; done < contents.size();) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw std::runtime_error("bench: cannot write " + path_ + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

TempFile::~TempFile() { ::unlink(path_.c_str()); }

}  // namespace oktasim::bench
