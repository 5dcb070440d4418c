// Typed scenario expectations: what the loader turns each key of an "expect" step into ("appUser", "log", ...), its
// references resolved at load to spec positions as the actions' are (command.hpp). Each checks itself against the
// running world, gives its part of the timeline line, and says what it looked at (state lines, run reports).
#pragma once

#include <oktasim/runner/command.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oktasim::runner {

namespace json = boost::json;

class World;

// Where the "log" and "requests" expectations start reading (events, exchanges): what is new since then is theirs.
struct Cursors {
    std::size_t log = 0;       // "log" matches events after the last matched one
    std::size_t requests = 0;  // "requests" lists every request sent since the previous "requests"
};

// What an expectation names, for the state lines (state.hpp), by spec position: app users (each with its tasks and
// linked account), accounts by userName, apps whose accounts all show, and users. Drawn in that order.
struct StateNames {
    std::vector<std::pair<std::size_t, std::size_t>> app_users;  // (app, user), once each, in the order named
    std::vector<std::pair<std::size_t, std::string>> accounts;   // (app, userName)
    std::vector<std::size_t> all_accounts;                        // apps
    std::vector<std::size_t> users;

    void app_user(const AppRef& app, const UserRef& user);
};

// One key of an expectation step, read and checked at load. `check` compares it with the running world (and moves
// the cursors it reads from); `describe` is its part of the timeline line ("appUser alice@example.com", "log[2]");
// `actual` is what it was compared with, for the run report (redacted by the caller).
class Expectation {
public:
    explicit Expectation(std::string_view key) : key_(key) {}
    virtual ~Expectation() = default;

    std::string_view key() const noexcept { return key_; }  // the entry's name, "appUser"
    virtual void check(World& world, Cursors& cursors, std::vector<std::string>& failures) const = 0;
    virtual std::string describe() const { return std::string(key_); }
    virtual json::value actual(World& world, const Cursors& before) const = 0;
    virtual void names(StateNames&) const {}

private:
    std::string_view key_;
};

}  // namespace oktasim::runner
