// The Dashboard > Tasks expectations: "task" (some task, newest first, matches) and "openTasks" (the open tasks are
// exactly these, in creation order), both with the task matcher read here.
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/engine/states.hpp>

namespace oktasim::runner {
namespace {

struct TaskMatcher {
    std::optional<AppRef> app;
    std::optional<UserRef> user;
    std::optional<engine::TaskKind> kind;
    std::optional<std::string> title, message, message_contains;
    std::optional<engine::TaskStatus> status;
    std::optional<std::string> status_text_contains;
    std::optional<bool> retryable;
    std::optional<std::int64_t> attempts;
    std::optional<std::string> failure_mode;
    std::string shown;  // the matcher as failures quote it, secrets redacted

    // The first difference from `t`, in the order the keys are listed here; empty when it matches.
    std::string differs(const engine::Task& t, World& w) const;
    // Both an app and a user: the app user the state lines show.
    void names(StateNames& s) const {
        if (app && user) s.app_user(*app, *user);
    }
};

std::string TaskMatcher::differs(const engine::Task& t, World& w) const {
    std::string why;
    const auto field = [&](std::string_view key, const std::optional<std::string>& expected, std::string_view actual) {
        if (!expected || !why.empty()) return;
        if (*expected != actual) why = std::string(key) + ": expected " + quoted(*expected) + ", got " + quoted(actual);
    };
    const auto spelled = [](const auto& e) {
        return e ? std::optional<std::string>(std::string(engine::to_string(*e))) : std::nullopt;
    };
    if (app) field("app", app->written, app->key(w.tenant()) == t.app_key ? app->written : t.app_key);
    if (user && why.empty() && user->id(w.tenant()) != t.user_id)
        why = "user: expected " + quoted(user->written) + ", got " + quoted(w.org().users.at(t.user_id).login());
    field("kind", spelled(kind), engine::to_string(t.kind));
    field("title", title, t.title);
    field("message", message, t.message);
    field("status", spelled(status), engine::to_string(t.status));
    field("failureMode", failure_mode, t.failure_mode.value_or(""));
    if (why.empty() && message_contains && t.message.find(*message_contains) == std::string::npos)
        why = "message: expected it to contain " + quoted(*message_contains) + ", got " + quoted(t.message);
    if (why.empty() && status_text_contains && t.status_text.find(*status_text_contains) == std::string::npos)
        why = "statusText: expected it to contain " + quoted(*status_text_contains) + ", got " + quoted(t.status_text);
    if (why.empty() && retryable && *retryable != t.retryable)
        why = std::string("retryable: expected ") + (t.retryable ? "false" : "true");
    if (why.empty() && attempts && *attempts != t.attempts)
        why = "attempts: expected " + std::to_string(*attempts) + ", got " + std::to_string(t.attempts);
    return why;
}

bool read_matcher(MatcherReader& m, TaskMatcher& out) {
    std::optional<std::string> kind, status;
    if (!(m.r.only({"app", "user", "kind", "title", "message", "messageContains", "status", "statusTextContains",
                    "retryable", "failureMode", "attempts"}) &&
          m.app("app", out.app) && m.user("user", out.user) && m.one_of("kind", kind, engine::task_kind_names) &&
          m.string("title", out.title) && m.string("message", out.message) &&
          m.string("messageContains", out.message_contains) && m.one_of("status", status, engine::task_status_names) &&
          m.string("statusTextContains", out.status_text_contains) && m.boolean("retryable", out.retryable) &&
          m.integer("attempts", out.attempts) && m.string("failureMode", out.failure_mode)))
        return false;
    if (out.failure_mode && !engine::failure_mode_by_name(*out.failure_mode))
        return m.r.fail(m.r.path_of("failureMode"),
                        "no failure mode \"" + *out.failure_mode +
                            "\" (expected a name `oktasim modes` lists, e.g. \"create-users-off\")",
                        scenario_errc::bad_value);
    // one_of has checked each spelling against the table `*_from` reads.
    if (kind) out.kind = engine::task_kind_from(*kind);
    if (status) out.status = engine::task_status_from(*status);
    out.shown = shown_json(m.o);
    return true;
}

// The tasks a report shows: those of the matcher's app and user (when it names them), or every open one.
json::array tasks_json(World& world, const TaskMatcher* m, bool open_only) {
    const std::string* app = m && m->app ? &m->app->key(world.tenant()) : nullptr;
    const std::string* user = m && m->user ? &m->user->id(world.tenant()) : nullptr;
    json::array out;
    for (const auto& t : world.org().tasks) {
        if (open_only && !engine::is_open(t.status)) continue;
        if ((app && t.app_key != *app) || (user && t.user_id != *user)) continue;
        out.push_back(t.to_json());
    }
    return out;
}

class TaskExpectation final : public Expectation {
public:
    TaskExpectation(std::string_view key, TaskMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        const auto& tasks = world.org().tasks;
        std::string closest;
        for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) {
            const std::string why = m_.differs(*it, world);
            if (why.empty()) return;
            if (closest.empty()) closest = why;
        }
        out.push_back("task: no task matches " + m_.shown +
                      (tasks.empty() ? std::string(" (there are no tasks)") : "; the newest differs in " + closest));
    }
    std::string describe() const override {
        return m_.user ? std::string(key()) + " " + m_.user->written : std::string(key());
    }
    json::value actual(World& world, const Cursors&) const override { return tasks_json(world, &m_, false); }
    void names(StateNames& s) const override { m_.names(s); }

private:
    TaskMatcher m_;
};

class OpenTasksExpectation final : public Expectation {
public:
    OpenTasksExpectation(std::string_view key, std::vector<TaskMatcher> m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        std::vector<const engine::Task*> open;
        for (const auto& t : world.org().tasks)
            if (engine::is_open(t.status)) open.push_back(&t);
        if (open.size() != m_.size()) {
            std::string list;
            for (const auto* t : open)
                list += "\n      " + std::string(engine::to_string(t->status)) + " [" + t->title + "] " + t->message;
            out.push_back("openTasks: expected " + std::to_string(m_.size()) + " open task(s), got " +
                          std::to_string(open.size()) + list);
            return;
        }
        for (std::size_t i = 0; i < m_.size(); ++i) {
            const std::string why = m_[i].differs(*open[i], world);
            if (!why.empty()) out.push_back("openTasks/" + std::to_string(i) + ": " + why);
        }
    }
    std::string describe() const override { return counted(key(), m_.size()); }
    json::value actual(World& world, const Cursors&) const override { return tasks_json(world, nullptr, true); }
    void names(StateNames& s) const override {
        for (const auto& m : m_) m.names(s);
    }

private:
    std::vector<TaskMatcher> m_;
};

}  // namespace

namespace expect {
ExpectationEntry task() { return one_matcher<TaskExpectation, TaskMatcher, read_matcher>("task"); }
ExpectationEntry open_tasks() { return matcher_list<OpenTasksExpectation, TaskMatcher, read_matcher>("openTasks"); }
}  // namespace expect

}  // namespace oktasim::runner
