// Actions on a user's own record: lifecycle (deactivate, activate, suspend, unsuspend), a profile update and a
// password change; each pushes to the user's apps as Okta does.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

using Operation = result<void> (*)(engine::ProvisioningEngine& e, std::string_view user_id, std::string& why);

class LifecycleCommand final : public Command {
public:
    LifecycleCommand(std::string_view name, Operation op, UserRef user) : name_(name), op_(op), user_(std::move(user)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(op_(t.provisioning(), user_.id(t), why));
    }
    std::string describe() const override { return Line(name_).arg(user_.written).str(); }

private:
    std::string_view name_;
    Operation op_;
    UserRef user_;
};

template <Operation op>
std::unique_ptr<Command> read_lifecycle(StepReader& s) {
    return std::make_unique<LifecycleCommand>(s.action, op, s.user());
}

const std::vector<ArgSpec> user_only{{"user", Arg::user, true}};

result<void> deactivate_op(engine::ProvisioningEngine& e, std::string_view user, std::string& why) {
    return e.deactivate_user(user, why);
}
result<void> activate_op(engine::ProvisioningEngine& e, std::string_view user, std::string& why) {
    return e.activate_user(user, why);
}
result<void> suspend_op(engine::ProvisioningEngine& e, std::string_view user, std::string& why) {
    return e.suspend_user(user, why);
}
result<void> unsuspend_op(engine::ProvisioningEngine& e, std::string_view user, std::string& why) {
    return e.unsuspend_user(user, why);
}

class UpdateProfile final : public Command {
public:
    UpdateProfile(UserRef user, json::object profile) : user_(std::move(user)), profile_(std::move(profile)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().update_user_profile(user_.id(t), profile_, why));
    }
    std::string describe() const override { return Line("update-user").arg(user_.written).value(profile_).str(); }

private:
    UserRef user_;
    json::object profile_;
};

class SetPassword final : public Command {
public:
    SetPassword(UserRef user, std::string password) : user_(std::move(user)), password_(std::move(password)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().set_user_password(user_.id(t), password_, why));
    }
    std::string describe() const override { return Line("set-password").arg(user_.written).str(); }  // never the password

private:
    UserRef user_;
    std::string password_;
};

}  // namespace

namespace steps {
ActionEntry deactivate_user() { return {"deactivate-user", user_only, false, read_lifecycle<deactivate_op>}; }
ActionEntry activate_user() { return {"activate-user", user_only, false, read_lifecycle<activate_op>}; }
ActionEntry suspend_user() { return {"suspend-user", user_only, false, read_lifecycle<suspend_op>}; }
ActionEntry unsuspend_user() { return {"unsuspend-user", user_only, false, read_lifecycle<unsuspend_op>}; }

ActionEntry update_user() {
    return {"update-user", {{"user", Arg::user, true}, {"profile", Arg::object, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<UpdateProfile>(s.user(), s.at("profile").as_object()));
            }};
}

ActionEntry set_password() {
    return {"set-password", {{"user", Arg::user, true}, {"password", Arg::string, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<SetPassword>(s.user(), s.string("password")));
            }};
}
}  // namespace steps

}  // namespace oktasim::runner
