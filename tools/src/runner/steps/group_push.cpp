// Actions on Group Push (docs/okta-behaviour.md §2.10): push a group to an app (a new app group, or linked by name to
// one the app has), Push Now, deactivate and activate a mapping, unlink it (deleting the app group or leaving it),
// "Retry All Groups", and rename a group in Okta.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class PushGroup final : public Command {
public:
    PushGroup(GroupRef group, AppRef app, std::string link_to)
        : group_(std::move(group)), app_(std::move(app)), link_to_(std::move(link_to)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().push_group(app_.key(t), group_.id(t), link_to_, why));
    }
    std::string describe() const override {
        Line line("push-group");
        line.arg(group_.written);
        if (!link_to_.empty()) line.arg("linked to \"" + link_to_ + "\"");
        return line.app(app_).str();
    }

private:
    GroupRef group_;
    AppRef app_;
    std::string link_to_;  // empty: a new app group
};

// Push Now, deactivate, activate, unlink: one mapping, one operation.
class MappingCommand final : public Command {
public:
    enum class Op { push_now, deactivate, activate, unlink_delete, unlink_leave };
    MappingCommand(std::string_view name, Op op, GroupRef group, AppRef app)
        : name_(name), op_(op), group_(std::move(group)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        engine::ProvisioningEngine& e = t.provisioning();
        const std::string& app = app_.key(t);
        const std::string& group = group_.id(t);
        switch (op_) {
            case Op::push_now: return outcome(e.push_group_now(app, group, why));
            case Op::deactivate: return outcome(e.set_group_push_active(app, group, false, why));
            case Op::activate: return outcome(e.set_group_push_active(app, group, true, why));
            case Op::unlink_delete: return outcome(e.unlink_pushed_group(app, group, true, why));
            case Op::unlink_leave: return outcome(e.unlink_pushed_group(app, group, false, why));
        }
        return {};
    }
    std::string describe() const override {
        Line line(name_);
        line.arg(group_.written);
        if (op_ == Op::unlink_delete) line.arg("(delete the app group)");
        if (op_ == Op::unlink_leave) line.arg("(leave the app group)");
        return line.app(app_).str();
    }

private:
    std::string_view name_;
    Op op_;
    GroupRef group_;
    AppRef app_;
};

// "Retry All Groups": every mapping of the app in error pushes again.
class RetryGroupPush final : public Command {
public:
    explicit RetryGroupPush(AppRef app) : app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().retry_group_push(app_.key(t), why));
    }
    std::string describe() const override { return Line("retry-group-push").app(app_).str(); }

private:
    AppRef app_;
};

class RenameGroup final : public Command {
public:
    RenameGroup(GroupRef group, std::string name) : group_(std::move(group)), name_(std::move(name)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().rename_group(group_.id(t), name_, why));
    }
    std::string describe() const override { return Line("rename-group").arg(group_.written).arg("to " + name_).str(); }

private:
    GroupRef group_;
    std::string name_;
};

template <MappingCommand::Op op>
std::unique_ptr<Command> read_mapping(StepReader& s) {
    return std::make_unique<MappingCommand>(s.action, op, s.group(), s.app());
}

const std::vector<ArgSpec> group_and_app{{"group", Arg::group, true}, {"app", Arg::app, true}};

}  // namespace

namespace steps {
ActionEntry push_group() {
    return {"push-group",
            {{"group", Arg::group, true}, {"app", Arg::app, true}, {"linkTo", Arg::string, false}},
            false,
            [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<PushGroup>(s.group(), s.app(), s.string("linkTo")));
            }};
}
ActionEntry push_group_now() {
    return {"push-group-now", group_and_app, false, read_mapping<MappingCommand::Op::push_now>};
}
ActionEntry deactivate_group_push() {
    return {"deactivate-group-push", group_and_app, false, read_mapping<MappingCommand::Op::deactivate>};
}
ActionEntry activate_group_push() {
    return {"activate-group-push", group_and_app, false, read_mapping<MappingCommand::Op::activate>};
}
ActionEntry unlink_pushed_group() {
    return {"unlink-pushed-group",
            {{"group", Arg::group, true}, {"app", Arg::app, true}, {"deleteInApp", Arg::boolean, true}},
            false,
            [](StepReader& s) {
                const auto op = s.at("deleteInApp").as_bool() ? MappingCommand::Op::unlink_delete
                                                              : MappingCommand::Op::unlink_leave;
                return std::unique_ptr<Command>(std::make_unique<MappingCommand>(s.action, op, s.group(), s.app()));
            }};
}
ActionEntry retry_group_push() {
    return {"retry-group-push", {{"app", Arg::app, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<RetryGroupPush>(s.app()));
            }};
}
ActionEntry rename_group() {
    return {"rename-group", {{"group", Arg::group, true}, {"name", Arg::string, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<RenameGroup>(s.group(), s.string("name")));
            }};
}
}  // namespace steps

}  // namespace oktasim::runner
