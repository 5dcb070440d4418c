// Actions on one user in one app: assign, unassign, provision-user (Provision User on a task-less app user) and
// sign-in (SSO, which can trigger just-in-time provisioning).
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

using Operation = result<void> (*)(engine::ProvisioningEngine& e, std::string_view app_key, std::string_view user_id,
                                   std::string& why);

class UserAppCommand final : public Command {
public:
    UserAppCommand(std::string_view name, Operation op, UserRef user, AppRef app)
        : name_(name), op_(op), user_(std::move(user)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(op_(t.provisioning(), app_.key(t), user_.id(t), why));
    }
    std::string describe() const override { return Line(name_).arg(user_.written).app(app_).str(); }

private:
    std::string_view name_;
    Operation op_;
    UserRef user_;
    AppRef app_;
};

template <Operation op>
std::unique_ptr<Command> read(StepReader& s) {
    return std::make_unique<UserAppCommand>(s.action, op, s.user(), s.app());
}

const std::vector<ArgSpec> user_and_app{{"user", Arg::user, true}, {"app", Arg::app, true}};

result<void> assign_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view user, std::string& why) {
    return e.assign_user(app, user, why);
}
result<void> unassign_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view user, std::string& why) {
    return e.unassign_user(app, user, why);
}
result<void> provision_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view user, std::string& why) {
    return e.provision_user(app, user, why);
}
result<void> sign_in_op(engine::ProvisioningEngine& e, std::string_view app, std::string_view user, std::string& why) {
    return e.sign_in(user, app, why);
}

}  // namespace

namespace steps {
ActionEntry assign() { return {"assign", user_and_app, false, read<assign_op>}; }
ActionEntry unassign() { return {"unassign", user_and_app, false, read<unassign_op>}; }
ActionEntry provision_user() { return {"provision-user", user_and_app, false, read<provision_op>}; }
ActionEntry sign_in() { return {"sign-in", user_and_app, false, read<sign_in_op>}; }
}  // namespace steps

}  // namespace oktasim::runner
