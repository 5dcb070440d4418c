// The admin's changes to an app's profile model (okta-mappings.md §10): the partial POSTs of a mapping and of the app
// user schema.
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/engine/profile_model.hpp>

#include "log_targets.hpp"
#include "refusal.hpp"

namespace oktasim::engine {

namespace {

// The app's model to change: its own, or the default one it had implicitly.
ProfileModel model_of(const App& app) {
    if (app.profile_model) return *app.profile_model;
    ProfileModel model;
    model.schema = ProfileModel::default_schema();
    model.to_app = ProfileModel::default_mappings(model.schema);
    return model;
}

// Applies `change` to a copy of the app's model and installs the copy; a problem (named by the body's JSON path)
// leaves the model as it was.
template <class Change>
result<void> change_model(App& app, const json::object& body, std::string& why, Change change) {
    ProfileModel model = model_of(app);
    Problem problem;
    JsonReader r(body, "", problem);
    if (!change(r, model)) return refuse(engine_errc::invalid_transition, why, problem.to_string());
    app.profile_model = std::make_shared<ProfileModel>(std::move(model));
    return {};
}

}  // namespace

result<void> ProvisioningEngine::update_to_app_mapping(std::string_view app_ref, const json::object& body, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    auto changed = change_model(*app, body, why, [](JsonReader& r, ProfileModel& m) {
        return apply_mapping_update(r, m.schema, m.to_app);
    });
    if (changed) log_admin(okta_event::mapping_change, {app_target(*app)});
    return changed;
}

result<void> ProvisioningEngine::update_app_user_schema(std::string_view app_ref, const json::object& body, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    auto changed = change_model(*app, body, why, [](JsonReader& r, ProfileModel& m) {
        return apply_schema_update(r, m.schema, m.to_app);
    });
    if (changed) log_admin(okta_event::app_update, {app_target(*app)});
    return changed;
}

}  // namespace oktasim::engine
