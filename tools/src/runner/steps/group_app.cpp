// Actions on a group: assigning it to an app or taking it off (every member gets or loses a GROUP-scope app
// user), and adding or removing a member (which assigns or unassigns through the group's apps).
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

using AppOperation = result<void> (*)(engine::ProvisioningEngine& e, std::string_view app_key,
                                      std::string_view group_id, std::string& why);

class GroupAppCommand final : public Command {
public:
    GroupAppCommand(std::string_view name, AppOperation op, GroupRef group, AppRef app)
        : name_(name), op_(op), group_(std::move(group)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(op_(t.provisioning(), app_.key(t), group_.id(t), why));
    }
    std::string describe() const override { return Line(name_).arg(group_.written).app(app_).str(); }

private:
    std::string_view name_;
    AppOperation op_;
    GroupRef group_;
    AppRef app_;
};

using MemberOperation = result<void> (*)(engine::ProvisioningEngine& e, std::string_view group_id,
                                         std::string_view user_id, std::string& why);

class MemberCommand final : public Command {
public:
    MemberCommand(std::string_view name, MemberOperation op, UserRef user, GroupRef group)
        : name_(name), op_(op), user_(std::move(user)), group_(std::move(group)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(op_(t.provisioning(), group_.id(t), user_.id(t), why));
    }
    std::string describe() const override { return Line(name_).arg(user_.written).arg(group_.written).str(); }

private:
    std::string_view name_;
    MemberOperation op_;
    UserRef user_;
    GroupRef group_;
};

template <AppOperation op>
std::unique_ptr<Command> read_group_app(StepReader& s) {
    return std::make_unique<GroupAppCommand>(s.action, op, s.group(), s.app());
}

template <MemberOperation op>
std::unique_ptr<Command> read_member(StepReader& s) {
    return std::make_unique<MemberCommand>(s.action, op, s.user(), s.group());
}

const std::vector<ArgSpec> group_and_app{{"group", Arg::group, true}, {"app", Arg::app, true}};
const std::vector<ArgSpec> user_and_group{{"user", Arg::user, true}, {"group", Arg::group, true}};

result<void> assign_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view group, std::string& why) {
    return e.assign_group(app, group, why);
}
result<void> unassign_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view group, std::string& why) {
    return e.unassign_group(app, group, why);
}
result<void> add_op(engine::ProvisioningEngine& e, std::string_view group, std::string_view user, std::string& why) {
    return e.add_group_member(group, user, why);
}
result<void> remove_op(engine::ProvisioningEngine& e, std::string_view group, std::string_view user, std::string& why) {
    return e.remove_group_member(group, user, why);
}

}  // namespace

namespace steps {
ActionEntry assign_group() { return {"assign-group", group_and_app, false, read_group_app<assign_op>}; }
ActionEntry unassign_group() { return {"unassign-group", group_and_app, false, read_group_app<unassign_op>}; }
ActionEntry add_to_group() { return {"add-to-group", user_and_group, false, read_member<add_op>}; }
ActionEntry remove_from_group() { return {"remove-from-group", user_and_group, false, read_member<remove_op>}; }
}  // namespace steps

}  // namespace oktasim::runner
