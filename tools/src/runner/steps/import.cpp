// Actions on To Okta imports: Import Now (full or incremental), the import queue's decisions (confirm, link to a named
// user, ignore; one account or all), and the "All imports paused" roadblock's Resume and Cancel.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class RunImport final : public Command {
public:
    RunImport(AppRef app, std::string kind) : app_(std::move(app)), kind_(std::move(kind)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        const auto kind = kind_ == "incremental" ? engine::ImportKind::incremental : engine::ImportKind::full;
        return outcome(t.provisioning().run_import(app_.key(t), kind, why));
    }
    std::string describe() const override { return Line("import").arg(kind_).app(app_).str(); }

private:
    AppRef app_;
    std::string kind_;  // full | incremental
};

class DecideImport final : public Command {
public:
    DecideImport(AppRef app, std::string decision, std::string account, std::optional<UserRef> user)
        : app_(std::move(app)), decision_(std::move(decision)), account_(std::move(account)), user_(std::move(user)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        const engine::ImportDecision d = decision_ == "link"     ? engine::ImportDecision::link
                                         : decision_ == "ignore" ? engine::ImportDecision::ignore
                                                                 : engine::ImportDecision::confirm;
        engine::App& app = *t.org().app_by_ref(app_.key(t));
        // The account by its id in the app, else by its userName as the queue shows it.
        std::string external_id = account_;
        if (!account_.empty() && !app.import.entry(account_)) {
            for (const engine::ImportEntry* e : app.import.pending())
                if (e->account.user_name == account_) external_id = e->account.external_id;
        }
        const std::string link_user = user_ ? user_->id(t) : std::string();
        return outcome(t.provisioning().decide_import(app.key, external_id, d, link_user, why));
    }
    std::string describe() const override {
        Line line("import-decision");
        line.arg(decision_).arg(account_.empty() ? "all" : account_);
        if (user_) line.arg("to " + user_->written);
        return line.app(app_).str();
    }

private:
    AppRef app_;
    std::string decision_;  // confirm | link | ignore
    std::string account_;   // empty: every queued account
    std::optional<UserRef> user_;
};

class Roadblock final : public Command {
public:
    explicit Roadblock(std::string_view name) : name_(name) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(name_ == "resume-imports" ? t.provisioning().resume_imports(why)
                                                 : t.provisioning().cancel_roadblocked_import(why));
    }
    std::string describe() const override { return std::string(name_); }

private:
    std::string_view name_;
};

std::unique_ptr<Command> read_import(StepReader& s) {
    std::string kind = "full";
    if (!s.r.one_of("kind", kind, {"full", "incremental"})) return nullptr;
    return std::make_unique<RunImport>(s.app(), kind);
}

std::unique_ptr<Command> read_decision(StepReader& s) {
    std::string decision;
    if (!s.r.one_of("decision", decision, {"confirm", "link", "ignore"}, true)) return nullptr;
    const std::string account = s.string("account");
    std::optional<UserRef> user;
    if (s.step.contains("user")) user = s.user();
    if (decision == "link" && (!user || account.empty()))
        return s.r.fail(s.r.path(), "a link decision names the queued \"account\" and the Okta \"user\" to link it to",
                        scenario_errc::missing_key),
               nullptr;
    if (decision != "link" && user)
        return s.r.fail(s.r.path_of("user"), "only a link decision names a user", scenario_errc::bad_value), nullptr;
    return std::make_unique<DecideImport>(s.app(), decision, account, std::move(user));
}

}  // namespace

namespace steps {
ActionEntry import_now() {
    return {"import", {{"app", Arg::app, true}, {"kind", Arg::string, false}}, false, read_import};
}
ActionEntry import_decision() {
    return {"import-decision",
            {{"app", Arg::app, true}, {"decision", Arg::string, true}, {"account", Arg::string, false},
             {"user", Arg::user, false}},
            false,
            read_decision};
}
ActionEntry resume_imports() {
    return {"resume-imports", {}, false,
            [](StepReader&) { return std::unique_ptr<Command>(std::make_unique<Roadblock>("resume-imports")); }};
}
ActionEntry cancel_import() {
    return {"cancel-import", {}, false,
            [](StepReader&) { return std::unique_ptr<Command>(std::make_unique<Roadblock>("cancel-import")); }};
}
}  // namespace steps

}  // namespace oktasim::runner
