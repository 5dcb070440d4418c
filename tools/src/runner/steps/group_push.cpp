// Actions on Group Push (docs/okta-behaviour.md §2.10): push a group to an app (a new app group, or linked by name to
// one the app has), Push Now, deactivate and activate a mapping, unlink it (deleting the app group or leaving it),
// "Retry All Groups"; the Group Push settings; push by rule (add, deactivate, activate, delete a rule); and create or rename a group in Okta.
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class PushGroup final : public Command {
public:
    PushGroup(GroupRef group, AppRef app, std::string link_to)
        : group_(std::move(group)), app_(std::move(app)), link_to_(std::move(link_to)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().push_group(app_.key(t), group_.id(t), link_to_, why));
    }
    std::string describe() const override {
        Line line("push-group");
        line.arg(group_.written);
        if (!link_to_.empty()) line.arg("linked to \"" + link_to_ + "\"");
        return line.app(app_).str();
    }

private:
    GroupRef group_;
    AppRef app_;
    std::string link_to_;  // empty: a new app group
};

// Push Now, deactivate, activate, unlink: one mapping, one operation.
class MappingCommand final : public Command {
public:
    enum class Op { push_now, deactivate, activate, unlink_delete, unlink_leave };
    MappingCommand(std::string_view name, Op op, GroupRef group, AppRef app)
        : name_(name), op_(op), group_(std::move(group)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        engine::ProvisioningEngine& e = t.provisioning();
        const std::string& app = app_.key(t);
        const std::string& group = group_.id(t);
        switch (op_) {
            case Op::push_now: return outcome(e.push_group_now(app, group, why));
            case Op::deactivate: return outcome(e.set_group_push_active(app, group, false, why));
            case Op::activate: return outcome(e.set_group_push_active(app, group, true, why));
            case Op::unlink_delete: return outcome(e.unlink_pushed_group(app, group, true, why));
            case Op::unlink_leave: return outcome(e.unlink_pushed_group(app, group, false, why));
        }
        return {};
    }
    std::string describe() const override {
        Line line(name_);
        line.arg(group_.written);
        if (op_ == Op::unlink_delete) line.arg("(delete the app group)");
        if (op_ == Op::unlink_leave) line.arg("(leave the app group)");
        return line.app(app_).str();
    }

private:
    std::string_view name_;
    Op op_;
    GroupRef group_;
    AppRef app_;
};

// "Retry All Groups": every mapping of the app in error pushes again.
class RetryGroupPush final : public Command {
public:
    explicit RetryGroupPush(AppRef app) : app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().retry_group_push(app_.key(t), why));
    }
    std::string describe() const override { return Line("retry-group-push").app(app_).str(); }

private:
    AppRef app_;
};

class RenameGroup final : public Command {
public:
    RenameGroup(GroupRef group, std::string name) : group_(std::move(group)), name_(std::move(name)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().rename_group(group_.id(t), name_, why));
    }
    std::string describe() const override { return Line("rename-group").arg(group_.written).arg("to " + name_).str(); }

private:
    GroupRef group_;
    std::string name_;
};

// Push Groups > Group Push Settings: the values the step gives change.
class SetGroupPushSettings final : public Command {
public:
    SetGroupPushSettings(AppRef app, std::optional<bool> immediately, std::optional<bool> rename)
        : app_(std::move(app)), immediately_(immediately), rename_(rename) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().set_group_push_settings(app_.key(t), immediately_, rename_, why));
    }
    std::string describe() const override {
        Line line("set-group-push-settings");
        if (immediately_) line.arg(std::string("pushMembershipsImmediately ") + (*immediately_ ? "on" : "off"));
        if (rename_) line.arg(std::string("renameAppGroups ") + (*rename_ ? "on" : "off"));
        return line.app(app_).str();
    }

private:
    AppRef app_;
    std::optional<bool> immediately_, rename_;
};

// An admin creates an Okta group; the loader gave it the next position after /org/groups and earlier create-groups.
class CreateGroup final : public Command {
public:
    CreateGroup(std::string name, std::string description) : name_(std::move(name)), description_(std::move(description)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        auto id = t.create_group(name_, description_, why);
        return id ? error_code{} : id.error();
    }
    std::string describe() const override {
        Line line("create-group");
        line.arg(name_);
        if (!description_.empty()) line.arg("(\"" + description_ + "\")");
        return line.str();
    }

private:
    std::string name_, description_;
};

// "Find groups by rule": the rule's conditions as the step gave them.
class AddPushRule final : public Command {
public:
    AddPushRule(engine::PushRule rule, AppRef app) : rule_(std::move(rule)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        return outcome(t.provisioning().add_group_push_rule(app_.key(t), rule_, why));
    }
    std::string describe() const override {
        Line line("add-group-push-rule");
        line.arg(rule_.name + ": name " + condition(rule_.group_name));
        if (rule_.description) line.arg("and description " + condition(*rule_.description));
        return line.app(app_).str();
    }

private:
    static std::string condition(const engine::TextCondition& c) {
        return std::string(c.match == engine::TextMatch::starts_with ? "starts with" : "contains") + " \"" + c.value + "\"";
    }
    engine::PushRule rule_;
    AppRef app_;
};

// Deactivate, activate or delete a push rule, named as it was added.
class RuleCommand final : public Command {
public:
    enum class Op { deactivate, activate, delete_in_app, delete_leave };
    RuleCommand(std::string_view name, Op op, std::string rule, AppRef app)
        : name_(name), op_(op), rule_(std::move(rule)), app_(std::move(app)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        engine::ProvisioningEngine& e = t.provisioning();
        const std::string& app = app_.key(t);
        switch (op_) {
            case Op::deactivate: return outcome(e.set_group_push_rule_active(app, rule_, false, why));
            case Op::activate: return outcome(e.set_group_push_rule_active(app, rule_, true, why));
            case Op::delete_in_app: return outcome(e.delete_group_push_rule(app, rule_, true, why));
            case Op::delete_leave: return outcome(e.delete_group_push_rule(app, rule_, false, why));
        }
        return {};
    }
    std::string describe() const override {
        Line line(name_);
        line.arg(rule_);
        if (op_ == Op::delete_in_app) line.arg("(delete the app groups)");
        if (op_ == Op::delete_leave) line.arg("(leave the app groups)");
        return line.app(app_).str();
    }

private:
    std::string_view name_;
    Op op_;
    std::string rule_;
    AppRef app_;
};

// Exactly one of the two keys of a condition (`required`: the name's), into `out`.
bool read_condition(StepReader& s, std::string_view starts_key, std::string_view contains_key, bool required,
                    std::optional<engine::TextCondition>& out) {
    const bool starts = s.step.contains(starts_key), contains = s.step.contains(contains_key);
    if (starts && contains)
        return s.r.fail(s.r.path_of(contains_key),
                        "give one of \"" + std::string(starts_key) + "\" and \"" + std::string(contains_key) + "\", not both",
                        scenario_errc::bad_value);
    if (!starts && !contains) {
        if (!required) return true;
        return s.r.fail(s.r.path(), "expected \"" + std::string(starts_key) + "\" or \"" + std::string(contains_key) + "\"",
                        scenario_errc::missing_key);
    }
    const std::string_view key = starts ? starts_key : contains_key;
    std::string value = s.string(key);
    if (value.empty())
        return s.r.fail(s.r.path_of(key), "expected a string to match, got an empty one", scenario_errc::bad_value);
    out = engine::TextCondition{starts ? engine::TextMatch::starts_with : engine::TextMatch::contains, std::move(value)};
    return true;
}

template <RuleCommand::Op op>
std::unique_ptr<Command> read_rule_command(StepReader& s) {
    return std::make_unique<RuleCommand>(s.action, op, s.string("rule"), s.app());
}

template <MappingCommand::Op op>
std::unique_ptr<Command> read_mapping(StepReader& s) {
    return std::make_unique<MappingCommand>(s.action, op, s.group(), s.app());
}

const std::vector<ArgSpec> group_and_app{{"group", Arg::group, true}, {"app", Arg::app, true}};

}  // namespace

namespace steps {
ActionEntry push_group() {
    return {"push-group",
            {{"group", Arg::group, true}, {"app", Arg::app, true}, {"linkTo", Arg::string, false}},
            false,
            [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<PushGroup>(s.group(), s.app(), s.string("linkTo")));
            }};
}
ActionEntry push_group_now() {
    return {"push-group-now", group_and_app, false, read_mapping<MappingCommand::Op::push_now>};
}
ActionEntry deactivate_group_push() {
    return {"deactivate-group-push", group_and_app, false, read_mapping<MappingCommand::Op::deactivate>};
}
ActionEntry activate_group_push() {
    return {"activate-group-push", group_and_app, false, read_mapping<MappingCommand::Op::activate>};
}
ActionEntry unlink_pushed_group() {
    return {"unlink-pushed-group",
            {{"group", Arg::group, true}, {"app", Arg::app, true}, {"deleteInApp", Arg::boolean, true}},
            false,
            [](StepReader& s) {
                const auto op = s.at("deleteInApp").as_bool() ? MappingCommand::Op::unlink_delete
                                                              : MappingCommand::Op::unlink_leave;
                return std::unique_ptr<Command>(std::make_unique<MappingCommand>(s.action, op, s.group(), s.app()));
            }};
}
ActionEntry retry_group_push() {
    return {"retry-group-push", {{"app", Arg::app, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<RetryGroupPush>(s.app()));
            }};
}
ActionEntry rename_group() {
    return {"rename-group", {{"group", Arg::group, true}, {"name", Arg::string, true}}, false, [](StepReader& s) {
                return std::unique_ptr<Command>(std::make_unique<RenameGroup>(s.group(), s.string("name")));
            }};
}
ActionEntry set_group_push_settings() {
    return {"set-group-push-settings",
            {{"app", Arg::app, true}, {"pushMembershipsImmediately", Arg::boolean, false}, {"renameAppGroups", Arg::boolean, false}},
            false,
            [](StepReader& s) {
                auto flag = [&](std::string_view key) {
                    const auto* v = s.step.if_contains(key);
                    return v ? std::optional<bool>(v->as_bool()) : std::nullopt;
                };
                const auto immediately = flag("pushMembershipsImmediately"), rename = flag("renameAppGroups");
                if (!immediately && !rename)
                    return s.r.fail(s.r.path(), "expected \"pushMembershipsImmediately\" or \"renameAppGroups\"",
                                    scenario_errc::missing_key),
                           std::unique_ptr<Command>();
                return std::unique_ptr<Command>(std::make_unique<SetGroupPushSettings>(s.app(), immediately, rename));
            }};
}
ActionEntry create_group() {
    return {"create-group", {{"name", Arg::string, true}, {"description", Arg::string, false}}, false, [](StepReader& s) {
                std::string name = s.string("name");
                if (name.empty())
                    return s.r.fail(s.r.path_of("name"), "expected a group name, got an empty string",
                                    scenario_errc::bad_value),
                           std::unique_ptr<Command>();
                if (s.names.group(name))
                    return s.r.fail(s.r.path_of("name"), "a group named '" + name + "' exists already",
                                    scenario_errc::bad_value),
                           std::unique_ptr<Command>();
                s.names.group_names.emplace(name, s.names.group_count++);  // later steps may name it
                return std::unique_ptr<Command>(std::make_unique<CreateGroup>(std::move(name), s.string("description")));
            }};
}
ActionEntry add_group_push_rule() {
    return {"add-group-push-rule",
            {{"app", Arg::app, true},
             {"name", Arg::string, true},
             {"nameStartsWith", Arg::string, false},
             {"nameContains", Arg::string, false},
             {"descriptionStartsWith", Arg::string, false},
             {"descriptionContains", Arg::string, false}},
            false,
            [](StepReader& s) {
                engine::PushRule rule;
                rule.name = s.string("name");
                std::optional<engine::TextCondition> group_name;
                if (rule.name.empty())
                    return s.r.fail(s.r.path_of("name"), "expected the rule's name, got an empty string",
                                    scenario_errc::bad_value),
                           std::unique_ptr<Command>();
                if (!read_condition(s, "nameStartsWith", "nameContains", true, group_name) ||
                    !read_condition(s, "descriptionStartsWith", "descriptionContains", false, rule.description))
                    return std::unique_ptr<Command>();
                rule.group_name = std::move(*group_name);
                return std::unique_ptr<Command>(std::make_unique<AddPushRule>(std::move(rule), s.app()));
            }};
}
const std::vector<ArgSpec> rule_and_app{{"rule", Arg::string, true}, {"app", Arg::app, true}};
ActionEntry deactivate_group_push_rule() {
    return {"deactivate-group-push-rule", rule_and_app, false, read_rule_command<RuleCommand::Op::deactivate>};
}
ActionEntry activate_group_push_rule() {
    return {"activate-group-push-rule", rule_and_app, false, read_rule_command<RuleCommand::Op::activate>};
}
ActionEntry delete_group_push_rule() {
    return {"delete-group-push-rule",
            {{"rule", Arg::string, true}, {"app", Arg::app, true}, {"deleteInApp", Arg::boolean, true}},
            false,
            [](StepReader& s) {
                const auto op = s.at("deleteInApp").as_bool() ? RuleCommand::Op::delete_in_app
                                                              : RuleCommand::Op::delete_leave;
                return std::unique_ptr<Command>(std::make_unique<RuleCommand>(s.action, op, s.string("rule"), s.app()));
            }};
}
}  // namespace steps

}  // namespace oktasim::runner
