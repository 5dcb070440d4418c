// The admin's changes to an app's profile model (okta-mappings.md §10): the partial POSTs of a mapping and of the app
// user schema, and Update Now on the app's usernames (KB-USRUPD).
#include <oktasim/engine/engine.hpp>
#include <oktasim/engine/mapping.hpp>
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

result<void> ProvisioningEngine::update_app_usernames(std::string_view app_ref, std::string& why) {
    App* app = org_.app_by_ref(app_ref);
    if (!app) return missing("app", app_ref, why);
    for (AppUser* au : org_.app_users_of(app->key)) {
        User* user = org_.user_by_ref(au->user_id);
        if (!user) continue;
        const json::object fresh = app_user_profile(*app, *user, nullptr).profile;  // the format, as on assignment
        const json::value* name = fresh.if_contains("userName");
        if (!name || au->profile.if_contains("userName") == nullptr || au->profile.at("userName") == *name) continue;
        au->profile["userName"] = *name;
        au->user_name = user_name_of(au->profile, *user);
        au->last_updated = loop_.timestamp();
        jobs_.app_user_changed(*au);
        log_admin(okta_event::app_membership_change_username, {user_target(*user), app_target(*app)});
        if (app->api_integration && au->external_id && app->to_app.update_user_attributes && !app->exclude_username_updates)
            start_profile_push(*app, *user);
    }
    return {};
}

}  // namespace oktasim::engine
