// `oktasim demo`: the embedded walk-through. Create Users off gives "User not found"; turning it on and retrying
// provisions the account; a profile change is pushed; deactivating the user deactivates the app account.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/runner/runner.hpp>

#include <boost/program_options.hpp>

#include <iostream>

namespace oktasim::cli {

const char* demo_scenario() {
    return R"json({
  "oktasim": 1,
  "name": "Demo: Create Users off, then on; profile push; deactivation",
  "seed": 7,
  "org": {
    "users": [
      {"status": "ACTIVE", "profile": {"login": "alice@example.com", "email": "alice@example.com",
                                       "firstName": "Alice", "lastName": "Liddell", "title": "Engineer"}}
    ]
  },
  "apps": [
    {"key": "acme", "label": "Acme Cloud", "flavour": "AIW",
     "features": [{"name": "USER_PROVISIONING", "status": "ENABLED", "capabilities": {
        "create": {"lifecycleCreate": {"status": "DISABLED"}},
        "update": {"profile": {"status": "ENABLED"}, "lifecycleDeactivate": {"status": "ENABLED"},
                   "password": {"status": "DISABLED", "seed": "RANDOM", "change": "KEEP_EXISTING"}}}}],
     "connector": {"type": "scim2", "baseUrl": "https://acme.example.test/scim/v2",
                   "auth": {"mode": "header", "token": "demo-token"}},
     "downstream": {"basePath": "/scim/v2", "auth": {"bearer": "demo-token"}}}
  ],
  "steps": [
    {"do": "assign", "user": "alice@example.com", "app": "acme",
     "note": "Create Users is off: Okta looks the user up, then neither creates nor links the account."},
    {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "status": "STAGED", "syncState": "ERROR"},
                "task": {"app": "acme", "user": "alice@example.com", "status": "OPEN",
                         "message": "Automatic provisioning of user Alice Liddell to app Acme Cloud failed: User not found"}}},
    {"do": "sign-in", "user": "alice@example.com", "app": "acme",
     "note": "SSO does not depend on provisioning: the sign-in succeeds anyway."},
    {"do": "put-feature", "app": "acme", "body": {"create": {"lifecycleCreate": {"status": "ENABLED"}}},
     "note": "The fix: turn on Create Users (PUT /api/v1/apps/{id}/features/USER_PROVISIONING) ..."},
    {"do": "retry-task", "app": "acme", "user": "alice@example.com", "note": "... and retry the task."},
    {"expect": {"appUser": {"app": "acme", "user": "alice@example.com", "status": "PROVISIONED",
                            "syncState": "SYNCHRONIZED", "externalId": true},
                "account": {"app": "acme", "userName": "alice@example.com", "resource": {"active": true}},
                "openTasks": []}},
    {"do": "update-user", "user": "alice@example.com", "profile": {"title": "Principal Engineer"},
     "note": "Update User Attributes is on: GET the account, then PUT the edited copy."},
    {"expect": {"account": {"app": "acme", "userName": "alice@example.com", "resource": {"title": "Principal Engineer"}}}},
    {"do": "deactivate-user", "user": "alice@example.com",
     "note": "Deactivate Users is on: Okta never deletes; it sets active to false."},
    {"expect": {"account": {"app": "acme", "userName": "alice@example.com", "resource": {"active": false}},
                "appUser": {"app": "acme", "user": "alice@example.com", "absent": true}}}
  ]
})json";
}

int demo_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Usage: oktasim demo [options]\n\nOptions");
    options.add_options()("help,h", "show this help")(
        "color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is respected)");
    po::variables_map vm;
    if (!parse(args, "oktasim demo", options, po::options_description(), "", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    if (!color_mode_ok(vm["color"].as<std::string>(), "demo")) return exit_usage;
    runner::LoadError error;
    auto scenario = runner::parse_scenario(demo_scenario(), "<demo>", error);
    if (!scenario) {
        std::cerr << "oktasim: " << error.to_string() << "\n";
        return exit_internal;
    }
    runner::RunOptions options_run;
    options_run.color = want_color(vm["color"].as<std::string>());
    options_run.out = &std::cout;
    options_run.show_state = true;  // a trainee sees the app user, the tasks and the account after each check
    const auto result = runner::run_scenario(*scenario, options_run);
    return result.ok() ? exit_ok : exit_failed;
}

}  // namespace oktasim::cli
