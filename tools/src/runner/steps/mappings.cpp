// Actions on an app's profile model (okta-mappings.md §10): POST /api/v1/mappings/{id} with Okta's partial body on the
// app's Okta to App mapping, POST /api/v1/meta/schemas/apps/{id}/default with a partial app user schema, and the
// Sign On tab's Update Now on the app usernames.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class UpdateProfileModel final : public Command {
public:
    enum class What { mapping, schema };
    UpdateProfileModel(What what, AppRef app, json::object body) : what_(what), app_(std::move(app)), body_(std::move(body)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        engine::ProvisioningEngine& e = t.provisioning();
        return outcome(what_ == What::mapping ? e.update_to_app_mapping(app_.key(t), body_, why)
                                              : e.update_app_user_schema(app_.key(t), body_, why));
    }
    std::string describe() const override {
        return Line(what_ == What::mapping ? "update-mapping" : "update-app-user-schema").app(app_).value(body_).str();
    }

private:
    What what_;
    AppRef app_;
    json::object body_;
};

template <UpdateProfileModel::What what>
std::unique_ptr<Command> read_update(StepReader& s) {
    return std::make_unique<UpdateProfileModel>(what, s.app(), s.at("body").as_object());
}

class UpdateAppUsernames final : public Command {
public:
    explicit UpdateAppUsernames(AppRef app) : app_(std::move(app)) {}
    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().update_app_usernames(app_.key(t), why));
    }
    std::string describe() const override { return Line("update-app-usernames").app(app_).str(); }

private:
    AppRef app_;
};

}  // namespace

namespace steps {
ActionEntry update_app_usernames() {
    return {"update-app-usernames", {{"app", Arg::app, true}}, false,
            [](StepReader& s) -> std::unique_ptr<Command> { return std::make_unique<UpdateAppUsernames>(s.app()); }};
}
ActionEntry update_mapping() {
    return {"update-mapping", {{"app", Arg::app, true}, {"body", Arg::object, true}}, false,
            read_update<UpdateProfileModel::What::mapping>};
}
ActionEntry update_app_user_schema() {
    return {"update-app-user-schema", {{"app", Arg::app, true}, {"body", Arg::object, true}}, false,
            read_update<UpdateProfileModel::What::schema>};
}
}  // namespace steps

}  // namespace oktasim::runner
