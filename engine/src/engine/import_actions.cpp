// The To Okta admin actions of the provisioning engine: PUT .../features/INBOUND_PROVISIONING, Import Now, the import
// queue's decisions and the safeguard roadblock, each resolved by name here and carried out by the Importer.
#include "importer.hpp"
#include "log_targets.hpp"

namespace oktasim::engine {
namespace {

result<void> no_app(std::string_view ref, std::string& why) {
    why = "no app '" + std::string(ref) + "'";
    return make_error_code(engine_errc::not_found);
}

}  // namespace

result<void> Importer::put_settings(App& app, const json::object& capabilities, std::string& why) {
    if (!app.api_integration) {
        why = "provisioning is not enabled for " + app.label;
        return make_error_code(engine_errc::provisioning_disabled);
    }
    Org& org = jobs_.org();
    const json::object before = app.inbound_provisioning_feature(org.org_url, org.import_safeguards).at("capabilities").as_object();
    Problem problem;
    ToOktaSettings settings = app.to_okta;
    ImportSafeguards safeguards = org.import_safeguards;
    if (!apply_inbound_capabilities(capabilities, settings, safeguards, problem) ||
        !check_sourcing_allowed(settings, app.flavour == Flavour::aiw, problem) ||
        !check_match_attributes_mapped(settings, app.profile_model.get(), problem)) {
        why = problem.to_string();
        return make_error_code(engine_errc::invalid_transition);
    }
    app.to_okta = std::move(settings);
    org.import_safeguards = safeguards;
    app.last_updated = jobs_.loop().timestamp();
    LogEvent e = event(okta_event::app_update, jobs_.ids().next("W"), true, app);
    e.debug_data = json::object{
        {"changeDetails",
         json::object{{"from", before},
                      {"to", app.inbound_provisioning_feature(org.org_url, org.import_safeguards).at("capabilities")}}}};
    emit(std::move(e));
    arm_schedules(app);
    return {};
}

result<void> ProvisioningEngine::put_inbound_provisioning(std::string_view app_ref, const json::object& capabilities,
                                                          std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return no_app(app_ref, why);
    return importer_->put_settings(*app, capabilities, why);
}

result<void> ProvisioningEngine::run_import(std::string_view app_ref, ImportKind kind, std::string& why,
                                            ImportTrigger trigger) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return no_app(app_ref, why);
    return importer_->start(*app, kind, trigger, why);
}

result<void> ProvisioningEngine::decide_import(std::string_view app_ref, std::string_view external_id,
                                               ImportDecision decision, std::string_view link_user, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return no_app(app_ref, why);
    return importer_->decide(*app, external_id, decision, link_user, why);
}

result<void> ProvisioningEngine::resume_imports(std::string& why) { return importer_->resume(why); }
result<void> ProvisioningEngine::cancel_roadblocked_import(std::string& why) { return importer_->cancel(why); }

void ProvisioningEngine::start_import_schedules() {
    for (auto& app : org_.apps) importer_->arm_schedules(*app);
}

}  // namespace oktasim::engine
