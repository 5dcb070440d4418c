// Connector plugins as users meet them on the command line: each way a plugin can fail to load or misbehave gives its
// own message naming the scenario's JSON path (a missing file, not a shared object, no entry symbol, another ABI
// version, a bad config, a declared capability the plugin then refuses), and `oktasim connectors` lists them.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "run_oktasim.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using oktasim_cli_test::oktasim;

// A scratch file named `name`.
struct Scratch : oktasim_cli_test::TempFile {
    Scratch(const std::string& name, const std::string& text) : TempFile(text, "plugin-" + name) {}
};

std::string test_plugin(const std::string& name) { return std::string(OKTASIM_TEST_PLUGINS) + "/oktasim-test-" + name + ".so"; }

// A scenario whose one app uses the plugin connector {"path": path, "config": config}.
std::string scenario(const std::string& path, const std::string& config = "{}", const std::string& flavour = "AIW",
                     const std::string& steps = "[]") {
    return R"({"oktasim": 1, "name": "plugin", "org": {"users": [{"id": "00uada0000000000000A", "status": "ACTIVE",
      "profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace"}}]},
      "apps": [{"key": "p", "label": "Plugin App", "flavour": ")" + flavour + R"(",
        "features": [{"name": "USER_PROVISIONING", "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}},
          "update": {"lifecycleDeactivate": {"status": "ENABLED"}}}}],
        "connector": {"type": "plugin", "path": ")" + path + R"(", "config": )" + config + R"(}}],
      "steps": )" + steps + "}";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_plugins)

BOOST_AUTO_TEST_CASE(a_missing_file_is_named) {
    const Scratch s("missing.json", scenario("/nonexistent/oktasim-plugin.so"));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "/apps/0/connector/path"), o.out);
    BOOST_TEST(contains(o.out, "no such file: /nonexistent/oktasim-plugin.so"), o.out);
}

BOOST_AUTO_TEST_CASE(a_bare_name_not_on_the_search_path_says_where_it_looked) {
    const Scratch s("unknown.json", scenario("no-such-plugin"));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "no plugin named \"no-such-plugin\" on the plugin search path"), o.out);
    BOOST_TEST(contains(o.out, "OKTASIM_PLUGIN_PATH"), o.out);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_shared_object) {
    const Scratch text("not-elf.so", "this is not an ELF file\n");
    const Scratch s("not-elf.json", scenario(text.path.string()));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "is not a shared object"), o.out);
}

BOOST_AUTO_TEST_CASE(a_shared_object_without_the_entry_symbol) {
    const Scratch s("no-entry.json", scenario(test_plugin("no_entry")));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "has no entry symbol oktasim_connector_plugin"), o.out);
}

BOOST_AUTO_TEST_CASE(an_abi_version_mismatch_gives_both_versions) {
    const Scratch s("wrong-abi.json", scenario(test_plugin("wrong_abi")));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "ABI version mismatch: the plugin was built for connector ABI version 99, this oktasim "
                               "speaks version 1"),
               o.out);
}

BOOST_AUTO_TEST_CASE(the_plugin_checks_its_own_config_and_the_path_is_under_config) {
    const Scratch s("bad-config.json", scenario("oktasim-json-directory", R"({"maxEntries": -1})"));
    const auto o = oktasim("validate '" + s.path.string() + "'");
    BOOST_TEST(o.exit_code == 2, o.out);
    BOOST_TEST(contains(o.out, "/apps/0/connector/config/maxEntries"), o.out);
    BOOST_TEST(contains(o.out, "plugin json-directory: expected an integer >= 0"), o.out);
    const Scratch unknown("unknown-key.json", scenario("oktasim-json-directory", R"({"fil": "x.json"})"));
    const auto u = oktasim("validate '" + unknown.path.string() + "'");
    BOOST_TEST(u.exit_code == 2, u.out);
    BOOST_TEST(contains(u.out, "/apps/0/connector/config/fil"), u.out);
}

BOOST_AUTO_TEST_CASE(a_declared_capability_the_plugin_refuses_is_called_out_in_the_task) {
    // Setup: an OIN app deactivates by PATCH, which the plugin declares and then refuses.
    const Scratch s("refuses.json",
                    scenario(test_plugin("refuses_capability"), "{}", "OIN",
                             R"([{"do": "assign", "user": "ada@example.com", "app": "p"},
                                 {"do": "unassign", "user": "ada@example.com", "app": "p"}])"));
    // Act
    const auto o = oktasim("run '" + s.path.string() + "'");
    // Assert: the deactivation's task names the plugin, the capability and the operation.
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "the plugin refuses-capability declares OKTASIM_CAP_USER_PATCH but answered PATCH_USER "
                               "with OKTASIM_STATUS_UNSUPPORTED"),
               o.out);
}

BOOST_AUTO_TEST_CASE(a_call_the_plugin_never_completes_times_out_in_virtual_time) {
    // Setup: the look-up is never answered.
    const Scratch s("never.json", scenario(test_plugin("never_completes"), "{}", "AIW",
                                           R"([{"do": "assign", "user": "ada@example.com", "app": "p"}])"));
    // Act
    const auto o = oktasim("run '" + s.path.string() + "'");
    // Assert: the run ends (no hang) with Okta's read-timeout failure on the look-up, 60 s of virtual time later.
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "FIND_USER /Users?userName=ada@example.com -> read timed out (after 1m)"), o.out);
    BOOST_TEST(contains(o.out, "Error while verifying if user ada@example.com exists: Read timed out"), o.out);
}

BOOST_AUTO_TEST_CASE(connectors_lists_types_and_plugins_with_capabilities) {
    // Act
    const auto text = oktasim("connectors");
    const auto json = oktasim("connectors --format json --plugin '" + test_plugin("refuses_capability") + "'");
    const auto broken = oktasim("connectors --plugin '" + test_plugin("wrong_abi") + "'");
    // Assert
    BOOST_TEST(text.exit_code == 0, text.out);
    BOOST_TEST(contains(text.out, "scim2"), text.out);
    BOOST_TEST(contains(text.out, "json-directory"), text.out);
    BOOST_TEST(contains(text.out, "capabilities: users, userPatch, userListing"), text.out);
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.out);
    const auto doc = boost::json::parse(json.out).as_object();
    bool listed = false;
    for (const auto& p : doc.at("plugins").as_array())
        if (p.as_object().contains("name") && p.as_object().at("name") == "refuses-capability") {
            listed = true;
            BOOST_TEST(boost::json::serialize(p.as_object().at("capabilities")) == R"(["users","userPatch"])");
        }
    BOOST_TEST(listed, json.out);
    BOOST_TEST(broken.exit_code == 1, broken.out);
    BOOST_TEST(contains(broken.out, "ABI version mismatch"), broken.out);
}

BOOST_AUTO_TEST_CASE(the_example_plugin_keeps_its_directory_in_a_file) {
    // Setup: a directory file that does not exist yet; the run creates Ada's entry in it.
    const fs::path file = fs::temp_directory_path() / ("oktasim-plugin-" + std::to_string(::getpid()) + "-dir.json");
    fs::remove(file);
    const Scratch s("file.json", scenario("oktasim-json-directory", R"({"file": ")" + file.string() + R"("})", "AIW",
                                          R"([{"do": "assign", "user": "ada@example.com", "app": "p"}])"));
    // Act
    const auto first = oktasim("run '" + s.path.string() + "'");
    std::ifstream in(file);
    const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto second = oktasim("run '" + s.path.string() + "'");
    fs::remove(file);
    // Assert: the entry was written; on the second run the look-up finds it, and Okta links it instead of creating.
    BOOST_TEST(first.exit_code == 0, first.out);
    BOOST_TEST(contains(saved, "\"login\":\"ada@example.com\""), saved);
    BOOST_TEST(contains(first.out, "CREATE_USER"), first.out);
    BOOST_TEST(!contains(second.out, "CREATE_USER"), second.out);
    BOOST_TEST(contains(second.out, "FIND_USER"), second.out);
    BOOST_TEST(contains(second.out, "application.provision.user.sync SUCCESS"), second.out);
}

BOOST_AUTO_TEST_SUITE_END()
