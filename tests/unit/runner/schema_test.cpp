// fixtures/scenario.schema.json must describe what the loader accepts: the same actions and expectation keys as
// action_names()/expectation_names(), and the same keys in each object, read from the loader's own unknown-key
// messages. Okta's read-only keys (accepted and ignored) are marked "readOnly" in the schema. So an editor that
// validates against the schema cannot disagree with `oktasim validate` without a test failing here. The example in
// fixtures/README.md is run too, so the format's documentation cannot rot either.
#include <oktasim/connectors/builtin.hpp>
#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/runner/runner.hpp>
#include <oktasim/runner/scenario.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace oktasim;

namespace {

const fs::path fixtures_dir = OKTASIM_FIXTURES_DIR;
using Keys = std::set<std::string>;

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const json::value& schema() {
    static const json::value parsed = [] {
        boost::system::error_code ec;
        json::value v = json::parse(read_text(fixtures_dir / "scenario.schema.json"), ec);
        if (ec || !v.is_object()) throw std::runtime_error("fixtures/scenario.schema.json is not a JSON object");
        return v;
    }();
    return parsed;
}

// The schema object at `pointer` ("/$defs/app"), following a local "$ref" if it has one.
const json::object& def(std::string_view pointer) {
    const json::object* o = &schema().at_pointer(pointer).as_object();
    while (const auto* ref = o->if_contains("$ref")) {
        const std::string_view target = ref->as_string();
        BOOST_TEST_REQUIRE(target.substr(0, 1) == "#", "only local $refs are expected, got " << target);
        o = &schema().at_pointer(target.substr(1)).as_object();
    }
    return *o;
}

const json::object& resolve(const json::value& v) {
    if (const auto* ref = v.as_object().if_contains("$ref")) return def(ref->as_string().subview(1));
    return v.as_object();
}

// The keys of an object schema's "properties"; read-only ones (Okta's, ignored by the loader) apart.
Keys properties(const json::object& s, bool read_only) {
    Keys out;
    for (const auto& [k, v] : s.at("properties").as_object()) {
        const auto* ro = v.as_object().if_contains("readOnly");
        if ((ro && ro->as_bool()) == read_only) out.emplace(k);
    }
    return out;
}

std::string join(const Keys& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out;
}

// A minimal scenario the loader accepts; probes below add one thing to it.
json::value base() {
    return json::parse(R"({
      "oktasim": 1, "name": "probe",
      "org": {"users": [{"profile": {"login": "alice@example.com"}}], "groups": [{"profile": {"name": "Staff"}}]},
      "apps": [{"key": "acme", "label": "Acme", "connector": {"baseUrl": "https://acme.example.test/scim/v2"}}],
      "steps": []})");
}

// The keys the loader accepts in the object at `pointer` of `doc`: it rejects an unknown key there and its
// message lists the keys it expected ("...; expected one of: a, b, c").
Keys loader_keys(json::value doc, std::string_view pointer) {
    doc.at_pointer(pointer).as_object()["zzUnknown"] = 1;
    runner::LoadError error;
    const auto loaded = runner::parse_scenario(json::serialize(doc), "probe.json", error);
    BOOST_TEST_REQUIRE(!loaded.has_value(), "the loader accepted an unknown key at " << pointer);
    BOOST_TEST_REQUIRE(error.path == std::string(pointer) + "/zzUnknown", error.to_string());
    const std::string marker = "expected one of: ";
    const auto at = error.message.find(marker);
    BOOST_TEST_REQUIRE(at != std::string::npos, error.to_string());
    Keys out;
    std::string_view list = std::string_view(error.message).substr(at + marker.size());
    while (!list.empty()) {
        const auto comma = list.find(", ");
        out.emplace(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 2);
    }
    return out;
}

// The loader and the schema agree on the keys of one object.
void same_keys(const json::value& doc, std::string_view pointer, const json::object& schema_object) {
    const Keys loader = loader_keys(doc, pointer);
    const Keys declared = properties(schema_object, false);
    BOOST_TEST(join(declared) == join(loader), "keys at " << pointer);
}

json::value with_steps(std::string_view steps) {
    json::value doc = base();
    doc.as_object()["steps"] = json::parse(steps);
    return doc;
}

// Every "properties" member anywhere in `v` carries a description; `where` is the JSON pointer of `v`.
void check_descriptions(const json::value& v, const std::string& where, std::vector<std::string>& missing) {
    if (const auto* a = v.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) check_descriptions((*a)[i], where + "/" + std::to_string(i), missing);
        return;
    }
    const auto* o = v.if_object();
    if (!o) return;
    if (const auto* props = o->if_contains("properties"); props && props->is_object()) {
        for (const auto& [k, p] : props->as_object()) {
            // Inside if/then and not() branches "properties" only constrain: no description needed there.
            const bool constraint = where.find("/allOf/") != std::string::npos || where.find("/anyOf/") != std::string::npos ||
                                    where.find("/dependentSchemas/") != std::string::npos;
            if (!constraint && !p.as_object().contains("description")) missing.push_back(where + "/properties/" + std::string(k));
        }
    }
    for (const auto& [k, child] : *o) check_descriptions(child, where + "/" + std::string(k), missing);
}

void check_refs(const json::value& v, std::vector<std::string>& dangling) {
    if (const auto* a = v.if_array()) {
        for (const auto& x : *a) check_refs(x, dangling);
    } else if (const auto* o = v.if_object()) {
        if (const auto* ref = o->if_contains("$ref"); ref && ref->is_string()) {
            boost::system::error_code ec;
            const std::string_view target = ref->as_string();
            if (target.substr(0, 1) != "#" || !schema().find_pointer(target.substr(1), ec)) dangling.emplace_back(target);
        }
        for (const auto& [k, child] : *o) check_refs(child, dangling);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_schema)

BOOST_AUTO_TEST_CASE(schema_is_draft_2020_12_and_requires_what_the_loader_requires) {
    // Setup
    const json::object& root = schema().as_object();
    // Act
    Keys required;
    for (const auto& k : root.at("required").as_array()) required.emplace(k.as_string());
    // Assert
    BOOST_TEST(root.at("$schema").as_string() == "https://json-schema.org/draft/2020-12/schema");
    BOOST_TEST(join(required) == "apps, name, oktasim, org, steps");
    BOOST_TEST(root.at("properties").at("oktasim").at("const").as_int64() == runner::scenario_version);
    BOOST_TEST(root.at("additionalProperties").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(schema_lists_exactly_the_loaders_actions) {
    // Setup
    const Keys loader(runner::action_names().begin(), runner::action_names().end());
    // Act: every branch of a step with a "do" names its action with a const
    Keys declared;
    std::size_t branches_with_do = 0;
    for (const auto& branch : def("/$defs/step").at("oneOf").as_array()) {
        const json::object& s = resolve(branch);
        const auto* action = s.at("properties").as_object().if_contains("do");
        if (!action) continue;
        ++branches_with_do;
        declared.emplace(action->at("const").as_string());
        // Assert: the discriminator is required and nothing else slips in
        const auto& required = s.at("required").as_array();
        BOOST_TEST((std::find(required.begin(), required.end(), json::value("do")) != required.end()));
        BOOST_TEST(s.at("additionalProperties").as_bool() == false);
    }
    // Assert
    BOOST_TEST(branches_with_do == declared.size(), "an action appears twice in the schema");
    BOOST_TEST(join(declared) == join(loader));
}

BOOST_AUTO_TEST_CASE(schema_lists_exactly_the_loaders_expectation_keys) {
    // Setup
    const Keys loader(runner::expectation_names().begin(), runner::expectation_names().end());
    // Act
    const Keys declared = properties(def("/$defs/expectation"), false);
    // Assert
    BOOST_TEST(join(declared) == join(loader));
    BOOST_TEST(def("/$defs/expectation").at("additionalProperties").as_bool() == false);
    BOOST_TEST(def("/$defs/expectation").at("minProperties").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(each_actions_keys_match_the_loader) {
    for (const auto& name : runner::action_names()) {
        BOOST_TEST_CONTEXT("action " << name) {
            same_keys(with_steps(R"([{"do": ")" + name + R"("}])"), "/steps/0", def("/$defs/action." + name));
        }
    }
}

BOOST_AUTO_TEST_CASE(each_expectations_keys_match_the_loader) {
    // Setup: where each matcher object sits, and its schema: the step and the expectation object, then one matcher
    // per expectation key the loader defines (an array schema's items for the keys that take a list)
    struct Probe {
        std::string steps, pointer, schema_pointer;
    };
    std::vector<Probe> probes{
        {R"([{"expect": {"user": {"user": "alice@example.com"}}}])", "/steps/0", "/$defs/expectStep"},
        {R"([{"expect": {}}])", "/steps/0/expect", "/$defs/expectation"},
    };
    for (const std::string& key : runner::expectation_names()) {
        const std::string schema_pointer = "/$defs/expectation/properties/" + key;
        const bool list = def(schema_pointer).contains("items");
        probes.push_back({R"([{"expect": {")" + key + "\": " + (list ? "[{}]" : "{}") + "}}]",
                          "/steps/0/expect/" + key + (list ? "/0" : ""), schema_pointer + (list ? "/items" : "")});
    }
    for (const auto& p : probes) {
        BOOST_TEST_CONTEXT(p.pointer) { same_keys(with_steps(p.steps), p.pointer, def(p.schema_pointer)); }
    }
}

BOOST_AUTO_TEST_CASE(org_app_and_connector_keys_match_the_loader) {
    // Setup
    json::value doc = base();
    auto& o = doc.as_object();
    o["org"].as_object()["admin"] = json::object{};
    o["org"].as_object()["users"].as_array()[0].as_object()["credentials"] =
        json::object{{"password", json::object{{"value", "pw"}}}};
    auto& app = o["apps"].as_array()[0].as_object();
    app["features"] = json::parse(R"([{"name": "USER_PROVISIONING", "capabilities": {"create": {"lifecycleCreate": {}},
                                         "update": {"profile": {}, "lifecycleDeactivate": {}, "password": {}}}}])");
    app["connector"].as_object()["tls"] = json::object{};
    // Act / Assert
    same_keys(doc, "", schema().as_object());
    same_keys(doc, "/org", def("/$defs/org"));
    same_keys(doc, "/org/admin", def("/$defs/org/properties/admin"));
    same_keys(doc, "/org/users/0", def("/$defs/user"));
    same_keys(doc, "/org/users/0/credentials", def("/$defs/user/properties/credentials"));
    same_keys(doc, "/org/users/0/credentials/password", def("/$defs/user/properties/credentials/properties/password"));
    same_keys(doc, "/org/groups/0", def("/$defs/group"));
    same_keys(doc, "/apps/0", def("/$defs/app"));
    same_keys(doc, "/apps/0/features/0", def("/$defs/feature"));
    const std::string caps = "/$defs/userProvisioningCapabilities";
    same_keys(doc, "/apps/0/features/0/capabilities", def(caps));
    same_keys(doc, "/apps/0/features/0/capabilities/create", def(caps + "/properties/create"));
    same_keys(doc, "/apps/0/features/0/capabilities/create/lifecycleCreate",
              def(caps + "/properties/create/properties/lifecycleCreate"));
    same_keys(doc, "/apps/0/features/0/capabilities/update", def(caps + "/properties/update"));
    same_keys(doc, "/apps/0/features/0/capabilities/update/password",
              def(caps + "/properties/update/properties/password"));
    // Each connector type's config is one branch of the connector's oneOf; the built-in type is the first.
    same_keys(doc, "/apps/0/connector", def("/$defs/connector/oneOf/0"));
    same_keys(doc, "/apps/0/connector/tls", def("/$defs/scim2Connector/properties/tls"));
}

BOOST_AUTO_TEST_CASE(the_connector_has_one_branch_per_registered_type) {
    engine::ConnectorRegistry registry;
    connectors::register_builtin_connectors(registry);
    Keys declared;
    for (const auto& branch : def("/$defs/connector").at("oneOf").as_array())
        declared.emplace(resolve(branch).at("properties").at("type").at("const").as_string());
    Keys registered;
    for (const auto& name : registry.names()) registered.emplace(name);
    BOOST_TEST(join(declared) == join(registered));
}

BOOST_AUTO_TEST_CASE(each_connector_auth_modes_keys_match_the_loader) {
    for (const auto& branch : def("/$defs/scimAuth").at("oneOf").as_array()) {
        const json::object& s = resolve(branch);
        const std::string mode(s.at("properties").at("mode").at("const").as_string());
        BOOST_TEST_CONTEXT("mode " << mode) {
            json::value doc = base();
            doc.at_pointer("/apps/0/connector").as_object()["auth"] = json::object{{"mode", mode}};
            same_keys(doc, "/apps/0/connector/auth", s);
        }
    }
}

BOOST_AUTO_TEST_CASE(read_only_okta_keys_in_the_schema_are_accepted_and_ignored) {
    // Setup: every key the schema marks readOnly, present at once
    json::value doc = base();
    const auto add_read_only = [&](std::string_view pointer, const json::object& s) {
        for (const auto& k : properties(s, true)) doc.at_pointer(pointer).as_object()[k] = "read-only value";
    };
    auto& app = doc.at_pointer("/apps/0").as_object();
    app["features"] = json::parse(R"([{"name": "USER_PROVISIONING"}])");
    doc.at_pointer("/org/users/0").as_object()["credentials"] = json::object{{"password", json::object{}}};
    add_read_only("/org/users/0", def("/$defs/user"));
    add_read_only("/org/users/0/credentials", def("/$defs/user/properties/credentials"));
    add_read_only("/org/users/0/credentials/password", def("/$defs/user/properties/credentials/properties/password"));
    add_read_only("/org/groups/0", def("/$defs/group"));
    add_read_only("/apps/0", def("/$defs/app"));
    add_read_only("/apps/0/features/0", def("/$defs/feature"));
    // Act
    runner::LoadError error;
    const auto loaded = runner::parse_scenario(json::serialize(doc), "probe.json", error);
    // Assert
    BOOST_TEST(loaded.has_value(), error.to_string());
    BOOST_TEST(properties(def("/$defs/user"), true).count("_links") == 1u);
    BOOST_TEST(properties(def("/$defs/app"), true).count("_links") == 1u);
}

BOOST_AUTO_TEST_CASE(enums_match_the_engine) {
    // Setup
    Keys modes;
    for (const auto& m : engine::failure_modes) modes.emplace(m.name);
    Keys declared;
    for (const auto& v : def("/$defs/taskMatcher").at("properties").at("failureMode").at("enum").as_array())
        declared.emplace(v.as_string());
    // Act: the loader names the task kinds it accepts in its message for a wrong one
    runner::LoadError error;
    const auto loaded = runner::parse_scenario(
        json::serialize(with_steps(R"([{"do": "retry-task", "app": "acme", "user": "alice@example.com", "kind": "x"}])")),
        "probe.json", error);
    Keys kinds;
    for (const auto& v : def("/$defs/taskKind").at("enum").as_array()) kinds.emplace(v.as_string());
    // Assert
    BOOST_TEST(join(declared) == join(modes));
    BOOST_TEST_REQUIRE(!loaded.has_value());
    for (const auto& k : kinds) BOOST_TEST(error.message.find("\"" + k + "\"") != std::string::npos, k);
    BOOST_TEST(static_cast<std::size_t>(std::count(error.message.begin(), error.message.end(), '"')) == 2 * kinds.size() + 2);
}

BOOST_AUTO_TEST_CASE(every_property_has_a_description_and_every_ref_resolves) {
    // Act
    std::vector<std::string> missing, dangling;
    check_descriptions(schema(), "", missing);
    check_refs(schema(), dangling);
    // Assert
    for (const auto& m : missing) BOOST_TEST_INFO(m);
    BOOST_TEST(missing.empty());
    for (const auto& d : dangling) BOOST_TEST_INFO(d);
    BOOST_TEST(dangling.empty());
}

BOOST_AUTO_TEST_CASE(every_fixture_points_editors_at_the_schema) {
    for (const auto& entry : fs::recursive_directory_iterator(fixtures_dir / "scenarios")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        BOOST_TEST_CONTEXT(entry.path().string()) {
            boost::system::error_code ec;
            const json::value doc = json::parse(read_text(entry.path()), ec);
            BOOST_TEST_REQUIRE(!ec);
            const auto* ref = doc.as_object().if_contains("$schema");
            const std::string expected =
                fs::relative(fixtures_dir / "scenario.schema.json", entry.path().parent_path()).generic_string();
            BOOST_TEST((ref && ref->is_string() && ref->as_string() == expected), "expected \"$schema\": \"" << expected << "\"");
        }
    }
}

BOOST_AUTO_TEST_CASE(readme_example_loads_and_passes) {
    // Setup: the first ```json block of fixtures/README.md
    const std::string readme = read_text(fixtures_dir / "README.md");
    const auto begin = readme.find("```json\n");
    BOOST_TEST_REQUIRE(begin != std::string::npos);
    const auto end = readme.find("```", begin + 8);
    BOOST_TEST_REQUIRE(end != std::string::npos);
    const std::string example = readme.substr(begin + 8, end - begin - 8);
    runner::LoadError error;
    // Act
    const auto sc = runner::parse_scenario(example, "fixtures/README.md", error);
    BOOST_TEST_REQUIRE(sc.has_value(), error.to_string());
    const auto result = runner::run_scenario(*sc, runner::RunOptions{});
    // Assert
    for (const auto& f : result.failures) BOOST_TEST_INFO(f);
    BOOST_TEST(result.ok());
    BOOST_TEST(!sc->steps.empty());
}

BOOST_AUTO_TEST_SUITE_END()
