// Actions on the simulated downstream app itself, not through Okta: its faults, quirks and credentials, and
// changes an app admin makes to its accounts (change, deactivate, delete).
#include "steps.hpp"

#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

// The base of the app-side commands: the app's simulated downstream, or why there is none (only reachable with
// "expectError", which exempts the step from the loader's check).
class AppSideCommand : public Command {
public:
    AppSideCommand(std::string_view name, AppRef app) : name_(name), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const final {
        connectors::simapp::SimApp* sim_app = t.simulated_app(app_.key(t));
        if (!sim_app) {
            why = "app '" + app_.key(t) + "' has no simulated downstream (\"downstream\" in /apps) to change";
            return make_error_code(engine_errc::not_found);
        }
        return change(*sim_app, t.loop().now(), why);
    }
    std::string describe() const override { return Line(name_).app(app_).str(); }

protected:
    virtual error_code change(connectors::simapp::SimApp& app, sim::TimePoint now, std::string& why) const = 0;

    std::string_view name_;
    AppRef app_;
};

class SetFaults final : public AppSideCommand {
public:
    SetFaults(std::string_view name, AppRef app, std::vector<connectors::simapp::Fault> faults)
        : AppSideCommand(name, std::move(app)), faults_(std::move(faults)) {}

private:
    error_code change(connectors::simapp::SimApp& app, sim::TimePoint, std::string&) const override {
        app.set_faults(faults_);
        return {};
    }
    std::vector<connectors::simapp::Fault> faults_;  // empty: clear-faults
};

class SetAppCredentials final : public AppSideCommand {
public:
    SetAppCredentials(AppRef app, connectors::simapp::AuthConfig auth)
        : AppSideCommand("set-app-credentials", std::move(app)), auth_(std::move(auth)) {}

private:
    error_code change(connectors::simapp::SimApp& app, sim::TimePoint, std::string&) const override {
        app.set_auth(auth_);
        return {};
    }
    connectors::simapp::AuthConfig auth_;
};

class SetQuirks final : public AppSideCommand {
public:
    SetQuirks(AppRef app, connectors::simapp::Quirks quirks, json::object written)
        : AppSideCommand("set-quirks", std::move(app)), quirks_(quirks), written_(std::move(written)) {}

    std::string describe() const override { return Line(name_).app(app_).value(written_).str(); }

private:
    error_code change(connectors::simapp::SimApp& app, sim::TimePoint, std::string&) const override {
        app.set_quirks(quirks_);
        return {};
    }
    connectors::simapp::Quirks quirks_;
    json::object written_;
};

class ChangeAccount final : public AppSideCommand {
public:
    ChangeAccount(AppRef app, std::string user_name, json::object set)
        : AppSideCommand("change-app-account", std::move(app)), user_name_(std::move(user_name)), set_(std::move(set)) {}

    std::string describe() const override { return Line(name_).arg(user_name_).app(app_).value(set_).str(); }

private:
    error_code change(connectors::simapp::SimApp& app, sim::TimePoint now, std::string& why) const override {
        json::object attributes = set_;
        // A userName in "set" renames the account the step names; that account must exist.
        const bool rename = attributes.contains("userName");
        if (!rename) attributes["userName"] = user_name_;
        else if (!app.find_account_by_user_name(user_name_)) {
            why = "the app has no account '" + user_name_ + "' to rename";
            return make_error_code(engine_errc::not_found);
        }
        return outcome(app.upsert_account(std::move(attributes), now, why, rename ? user_name_ : std::string()));
    }
    std::string user_name_;
    json::object set_;
};

// deactivate-app-account and delete-app-account.
class RemoveAccount final : public AppSideCommand {
public:
    RemoveAccount(std::string_view name, AppRef app, std::string user_name, bool erase)
        : AppSideCommand(name, std::move(app)), user_name_(std::move(user_name)), erase_(erase) {}

    std::string describe() const override { return Line(name_).arg(user_name_).app(app_).str(); }

private:
    error_code change(connectors::simapp::SimApp& app, sim::TimePoint now, std::string& why) const override {
        const bool known = erase_ ? app.delete_account(user_name_, now) : app.set_account_active(user_name_, false, now);
        if (!known) {
            why = "the app has no account '" + user_name_ + "'";
            return make_error_code(engine_errc::not_found);
        }
        return {};
    }
    std::string user_name_;
    bool erase_;
};

// A part of the downstream config ("faults", "quirks"), read by the downstream config's own parser so the step
// takes exactly what "downstream" does; errors are placed at `path`.
std::optional<connectors::simapp::SimAppConfig> parse_part(JsonReader& r, std::string_view key, const json::value& v,
                                                          const std::string& path) {
    std::string why;
    auto parsed = connectors::simapp::parse_sim_app_config(json::object{{key, v}}, why);
    if (parsed) return std::move(*parsed);
    auto [sub, message] = split_error(why);
    r.fail(path + sub, message, code_of(parsed.error()));
    return std::nullopt;
}

std::unique_ptr<Command> read_set_faults(StepReader& s) {
    JsonReader& r = s.r;
    if (!check_faults(r, s.at("faults").as_array(), r.path_of("faults"))) return nullptr;
    auto config = parse_part(r, "faults", s.at("faults"), r.path());  // accepted by check_faults: cannot fail
    if (!config) return nullptr;
    return std::make_unique<SetFaults>(s.action, s.app(), std::move(config->faults));
}

std::unique_ptr<Command> read_set_quirks(StepReader& s) {
    auto config = parse_part(s.r, "quirks", s.at("quirks"), s.r.path());
    if (!config) return nullptr;
    return std::make_unique<SetQuirks>(s.app(), config->quirks, s.at("quirks").as_object());
}

std::unique_ptr<Command> read_set_app_credentials(StepReader& s) {
    JsonReader& r = s.r;
    // Checked here, not only when the step runs: a typo must not surface halfway through a run.
    std::string why;
    auto parsed = connectors::simapp::parse_auth_config(s.at("auth"), r.path_of("auth"), why);
    if (!parsed) {
        auto [path, message] = split_error(why);
        return r.fail(path.empty() ? r.path_of("auth") : path, message, code_of(parsed.error())), nullptr;
    }
    return std::make_unique<SetAppCredentials>(s.app(), std::move(*parsed));
}

}  // namespace

namespace steps {
ActionEntry set_faults() {
    return {"set-faults", {{"app", Arg::app, true}, {"faults", Arg::array, true}}, true, read_set_faults};
}

ActionEntry clear_faults() {
    return {"clear-faults", {{"app", Arg::app, true}}, true, [](StepReader& s) {
                return std::unique_ptr<Command>(
                    std::make_unique<SetFaults>(s.action, s.app(), std::vector<connectors::simapp::Fault>{}));
            }};
}

ActionEntry set_quirks() {
    return {"set-quirks", {{"app", Arg::app, true}, {"quirks", Arg::object, true}}, true, read_set_quirks};
}

ActionEntry set_app_credentials() {
    return {"set-app-credentials", {{"app", Arg::app, true}, {"auth", Arg::any, true}}, true, read_set_app_credentials};
}

ActionEntry change_app_account() {
    return {"change-app-account",
            {{"app", Arg::app, true}, {"userName", Arg::string, true}, {"set", Arg::object, true}},
            true,
            [](StepReader& s) {
                return std::unique_ptr<Command>(
                    std::make_unique<ChangeAccount>(s.app(), s.string("userName"), s.at("set").as_object()));
            }};
}

ActionEntry deactivate_app_account() {
    return {"deactivate-app-account", {{"app", Arg::app, true}, {"userName", Arg::string, true}}, true,
            [](StepReader& s) {
                return std::unique_ptr<Command>(
                    std::make_unique<RemoveAccount>(s.action, s.app(), s.string("userName"), false));
            }};
}

ActionEntry delete_app_account() {
    return {"delete-app-account", {{"app", Arg::app, true}, {"userName", Arg::string, true}}, true, [](StepReader& s) {
                return std::unique_ptr<Command>(
                    std::make_unique<RemoveAccount>(s.action, s.app(), s.string("userName"), true));
            }};
}
}  // namespace steps

}  // namespace oktasim::runner
