// Actions on an app's provisioning settings in Okta: the USER_PROVISIONING feature, the API integration switch,
// saving credentials on Provisioning > Integration, and Test API Credentials.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class PutFeature final : public Command {
public:
    PutFeature(AppRef app, std::optional<std::string> feature, json::object body)
        : app_(std::move(app)), feature_(std::move(feature)), body_(std::move(body)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        if (feature_ && *feature_ == "INBOUND_PROVISIONING")
            return outcome(t.provisioning().put_inbound_provisioning(app_.key(t), body_, why));
        return outcome(t.provisioning().put_user_provisioning(app_.key(t), body_, why));
    }
    std::string describe() const override {
        Line line("put-feature");
        if (feature_) line.arg(*feature_);
        return line.app(app_).value(body_).str();
    }

private:
    AppRef app_;
    std::optional<std::string> feature_;  // as written; absent: USER_PROVISIONING
    json::object body_;
};

class SetApiIntegration final : public Command {
public:
    SetApiIntegration(AppRef app, bool enabled) : app_(std::move(app)), enabled_(enabled) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().set_api_integration(app_.key(t), enabled_, why));
    }
    std::string describe() const override { return Line("set-api-integration").value(json::value(enabled_)).app(app_).str(); }

private:
    AppRef app_;
    bool enabled_;
};

class SetCredentials final : public Command {
public:
    SetCredentials(AppRef app, tenant::CredentialChange change) : app_(std::move(app)), change_(std::move(change)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.save_credentials(app_.key(t), change_, why));
    }
    std::string describe() const override { return Line("set-credentials").app(app_).str(); }  // never the secrets

private:
    AppRef app_;
    tenant::CredentialChange change_;
};

class TestCredentials final : public Command {
public:
    explicit TestCredentials(AppRef app) : app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.test_credentials(app_.key(t), "Test API credentials", why));
    }
    std::string describe() const override { return Line("test-credentials").app(app_).str(); }

private:
    AppRef app_;
};

std::unique_ptr<Command> read_put_feature(StepReader& s) {
    JsonReader& r = s.r;
    const json::object& step = s.step;
    std::string feature = "USER_PROVISIONING";
    if (!r.one_of("feature", feature, {"USER_PROVISIONING", "INBOUND_PROVISIONING"})) return nullptr;
    if (feature == "INBOUND_PROVISIONING") {
        if (!check_inbound_capabilities(r, r.path_of("body"), step.at("body").as_object())) return nullptr;
    } else {
        JsonReader body(step.at("body").as_object(), r.path_of("body"), *r.error());
        if (!check_capabilities(body, step.at("body").as_object())) return nullptr;
    }
    std::optional<std::string> written;
    if (step.contains("feature")) written = feature;
    return std::make_unique<PutFeature>(s.app(), std::move(written), step.at("body").as_object());
}

std::unique_ptr<Command> read_set_credentials(StepReader& s) {
    JsonReader& r = s.r;
    const json::object& step = s.step;
    // Provisioning > Integration: the base URL, the credentials, or both.
    if (!step.contains("auth") && !step.contains("baseUrl"))
        return r.fail(r.path(), "set-credentials needs \"auth\", \"baseUrl\" or both", scenario_errc::missing_key), nullptr;
    // The app's connector config with the step's values in place, checked by that connector's factory.
    json::object probe = s.names.connectors.at(std::string(step.at("app").as_string()));
    for (std::string_view key : {"auth", "baseUrl"})
        if (const json::value* v = step.if_contains(key)) probe[key] = *v;
    engine::Problem problem;
    if (!connector_registry().factory_for(probe)->validate(probe, problem))
        return r.fail(r.path() + problem.path, problem.message, code_of(problem.code)), nullptr;
    tenant::CredentialChange change;
    if (const auto* v = step.if_contains("auth")) change.auth = *v;
    if (const auto* v = step.if_contains("baseUrl")) change.base_url = *v;
    return std::make_unique<SetCredentials>(s.app(), std::move(change));
}

}  // namespace

namespace steps {
ActionEntry put_feature() {
    return {"put-feature",
            {{"app", Arg::app, true}, {"feature", Arg::string, false}, {"body", Arg::object, true}},
            false,
            read_put_feature};
}

ActionEntry set_api_integration() {
    return {"set-api-integration", {{"app", Arg::app, true}, {"enabled", Arg::boolean, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<SetApiIntegration>(s.app(), s.at("enabled").as_bool()));
            }};
}

ActionEntry set_credentials() {
    return {"set-credentials",
            {{"app", Arg::app, true}, {"auth", Arg::object, false}, {"baseUrl", Arg::string, false}},
            false,
            read_set_credentials};
}

ActionEntry test_credentials() {
    return {"test-credentials", {{"app", Arg::app, true}}, false,
            [](StepReader& s) { return std::unique_ptr<Command>(std::make_unique<TestCredentials>(s.app())); }};
}
}  // namespace steps

}  // namespace oktasim::runner
