// Actions on Dashboard > Tasks: retry or dismiss the open (or paused) task of one app user, optionally of one kind.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class TaskCommand final : public Command {
public:
    TaskCommand(std::string_view name, AppRef app, UserRef user, std::string kind)
        : name_(name), app_(std::move(app)), user_(std::move(user)), kind_(std::move(kind)),
          wanted_(engine::task_kind_from(kind_)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        engine::Org& org = t.org();
        const engine::App& app = *org.app_by_ref(app_.key(t));
        const engine::User& user = org.users.at(user_.id(t));
        const engine::Task* found = nullptr;
        for (const engine::Task* task : org.tasks_of(app.key, user.id)) {
            if ((!wanted_ || task->kind == *wanted_) && engine::is_open(task->status)) found = task;
        }
        if (!found) {
            why = "no open task for " + user.login() + " in " + app.label + (kind_.empty() ? "" : " of kind " + kind_);
            return make_error_code(engine_errc::not_found);
        }
        const std::string id = found->id;
        return outcome(name_ == "retry-task" ? t.provisioning().retry_task(id, why) : t.provisioning().dismiss_task(id, why));
    }
    std::string describe() const override { return Line(name_).arg(user_.written).app(app_).str(); }

private:
    std::string_view name_;
    AppRef app_;
    UserRef user_;
    std::string kind_;  // as written; empty: any kind
    std::optional<engine::TaskKind> wanted_;  // the loader checked the spelling
};

std::unique_ptr<Command> read(StepReader& s) {
    return std::make_unique<TaskCommand>(s.action, s.app(), s.user(), s.string("kind"));
}

const std::vector<ArgSpec> task_args{{"app", Arg::app, true}, {"user", Arg::user, true}, {"kind", Arg::task_kind, false}};

}  // namespace

namespace steps {
ActionEntry retry_task() { return {"retry-task", task_args, false, read}; }
ActionEntry dismiss_task() { return {"dismiss-task", task_args, false, read}; }
}  // namespace steps

}  // namespace oktasim::runner
