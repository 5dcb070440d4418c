// Actions on an app's profile mappings (okta-mappings.md §10): POST /api/v1/mappings/{id} with Okta's partial body on
// the app's Okta to App mapping.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class UpdateMapping final : public Command {
public:
    UpdateMapping(AppRef app, json::object body) : app_(std::move(app)), body_(std::move(body)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().update_to_app_mapping(app_.key(t), body_, why));
    }
    std::string describe() const override { return Line("update-mapping").app(app_).value(body_).str(); }

private:
    AppRef app_;
    json::object body_;
};

}  // namespace

namespace steps {
ActionEntry update_mapping() {
    return {"update-mapping", {{"app", Arg::app, true}, {"body", Arg::object, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<UpdateMapping>(s.app(), s.at("body").as_object()));
            }};
}
}  // namespace steps

}  // namespace oktasim::runner
