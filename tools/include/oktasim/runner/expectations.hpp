// Expectation steps: compare the world (app users, tasks, System Log, SCIM requests, the app's accounts) with
// what a scenario says, and explain each difference as expected-vs-actual.
#pragma once

#include <oktasim/runner/world.hpp>

#include <optional>
#include <string>
#include <vector>

namespace oktasim::runner {

// Subset match of JSON: every key of `expected` must be in `actual` with a matching value; arrays match element by
// element with equal length. The string "$any" matches any present value; "$absent" requires the key be absent.
// On mismatch, `why` says where (a JSON pointer under `path`) and what differs.
bool json_matches(const json::value& expected, const json::value* actual, const std::string& path, std::string& why);

class Expectations {
public:
    explicit Expectations(World& world) : world_(world) {}

    // The failures of one expectation step; empty when everything holds.
    std::vector<std::string> check(const Step& step);
    // A one-line summary of what the step checks.
    std::string describe(const Step& step) const;
    // Where the next "log" and "requests" expectations start reading (events, exchanges).
    std::size_t log_cursor() const noexcept { return log_cursor_; }
    std::size_t request_cursor() const noexcept { return request_cursor_; }

private:
    void app_user(const json::object& e, std::vector<std::string>& out);
    void task(const json::object& e, std::vector<std::string>& out);
    void open_tasks(const json::array& e, std::vector<std::string>& out);
    void log(const json::array& e, std::vector<std::string>& out);
    void requests(const json::array& e, std::vector<std::string>& out);
    void accounts(const json::object& e, std::vector<std::string>& out);
    void account(const json::object& e, std::vector<std::string>& out);
    void user(const json::object& e, std::vector<std::string>& out);
    void backend_log(const json::object& e, std::vector<std::string>& out);
    std::optional<std::vector<json::object>> app_accounts(const std::string& app_key, std::string& why);

    World& world_;
    std::size_t log_cursor_ = 0;       // "log" matches events after the last matched one
    std::size_t request_cursor_ = 0;   // "requests" lists every request sent since the previous "requests"
};

}  // namespace oktasim::runner
