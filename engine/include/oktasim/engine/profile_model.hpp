// An app's profile model when the scenario gives one (okta-mappings.md §5-§7, §10): the app user schema, the Okta to App
// property mappings and the username format, read from Okta's own JSON; how Okta computes the app user profile from
// them, and how that profile is written into a SCIM User by namespace and external name.
#pragma once

#include <oktasim/engine/failure_modes.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/expr/expression.hpp>
#include <oktasim/expr/username_template.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::engine {

struct User;

// "Apply mapping on user create and update" (PUSH) or "on user create only" (DONT_PUSH), §5.
enum class PushStatus { push, dont_push };

enum class PropertyType { string, boolean, integer, number, array };

// One property of GET /api/v1/meta/schemas/apps/{appId}/default (definitions.base or definitions.custom).
struct SchemaProperty {
    std::string name;  // the variable name mappings use
    bool base = false;
    PropertyType type = PropertyType::string;
    std::string external_name;        // "" : the variable name
    std::string external_namespace;   // "" : none, so left out of provisioning messages (§6, KB-NS)
    std::vector<json::value> allowed;  // "enum": the values the app takes; empty: any
    bool required = false;
    std::optional<std::int64_t> max_length;
};

struct PropertyMapping {
    std::string target;  // a property of the schema
    expr::Expression expression;
    PushStatus push_status = PushStatus::push;
};

// The app's credentials.userNameTemplate (§7): BUILT_IN templates are ${...} text, CUSTOM ones plain expressions.
struct UserNameFormat {
    enum class Type { none, built_in, custom };
    Type type = Type::built_in;
    std::string text = "${source.login}";
    std::string suffix;                        // "suffix" (wire) or "userSuffix" (OAS): instance.userSuffix
    PushStatus push_status = PushStatus::push;  // DONT_PUSH: the username is set on create only
    std::optional<expr::UsernameTemplate> built_in;
    std::optional<expr::Expression> custom;
};

struct ProfileModel {
    std::vector<SchemaProperty> schema;  // base first, then custom, each in the order given
    std::vector<PropertyMapping> to_app;  // Okta to App, in the order given
    std::vector<PropertyMapping> to_okta;  // App to Okta (targets: Okta user profile attributes), in the order given
    UserNameFormat username;

    const SchemaProperty* property(std::string_view name) const;
    // The §13.4 default SCIM 2.0 schema (what an app gets when the scenario pastes mappings but no schema), and
    // Okta's default Okta to App mappings of the properties `schema` has (when it pastes a schema but no mappings).
    static std::vector<SchemaProperty> default_schema();
    static std::vector<PropertyMapping> default_mappings(const std::vector<SchemaProperty>& schema);
};

// Readers of Okta's JSON (the loader calls them once; problems name the JSON path under `r`'s path).
// GET /api/v1/meta/schemas/apps/{appId}/default.
bool read_app_user_schema(JsonReader& r, std::vector<SchemaProperty>& out);
// GET /api/v1/mappings/{id}: its properties into `out`. An Okta to App mapping (source type "user", target "appuser")
// has each target checked against `schema`; for an App to Okta one (`to_okta` set) the targets are Okta user profile
// attributes, which oktasim does not check. Returns false with the problem set.
bool read_to_app_mapping(JsonReader& r, const std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& out,
                         bool& to_okta);
// POST /api/v1/mappings/{id}'s partial body onto `mappings`: a property is added or replaced, `null` removes it.
bool apply_mapping_update(JsonReader& r, const std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& mappings);
// POST /api/v1/meta/schemas/apps/{appId}/default's partial body onto `schema`: a property of definitions.base or
// .custom is added or replaced, a custom one is removed by null (with its mapping); base properties cannot be removed.
bool apply_schema_update(JsonReader& r, std::vector<SchemaProperty>& schema, std::vector<PropertyMapping>& mappings);
// The app's credentials.userNameTemplate.
bool read_username_format(JsonReader& r, UserNameFormat& out);

// Why a profile cannot be computed or sent, as the task shows it (after "Automatic provisioning of user X to app Y
// failed: ") and the failure mode it is.
struct ProfileProblem {
    std::string message;
    failure_mode mode;
};

// What Okta evaluates for one user (§5): on create (`stored` null) every mapping and the username; on an Okta user
// change, only the PUSH mappings (and the username unless its pushStatus is DONT_PUSH), written over the stored
// profile, which keeps every other value. `app` holds the app's settings for `app.` references.
struct ComputedProfile {
    json::object profile;
    std::optional<ProfileProblem> problem;  // a value outside the schema's rules: the assignment fails (§4)
};
ComputedProfile compute_app_profile(const ProfileModel& model, const User& user, const json::object& app_settings,
                                    const json::object* stored);
// The first way a stored app user profile breaks the schema's rules (enum, type, length, required), if any: checked
// again before every profile push, as the stored profile is what is sent.
std::optional<ProfileProblem> check_profile(const ProfileModel& model, const json::object& profile);

// The Okta user profile an import makes from the app user profile (§8): `okta_profile` with each App to Okta mapping
// evaluated over `app_user` (appuser. / source.) written into it; a mapping that gives null removes the attribute.
void apply_to_okta(const ProfileModel& model, const json::object& app_user, json::object& okta_profile);

// The app user profile an import reads from the app's SCIM User `resource` by the same namespaces and external names
// (the inverse of write_profile). A value whose JSON type is not the property's is Okta's invalidValueTypeForProperty
// (okta-mappings.md §8, KB-AUDIT): `problem` holds the text after "Error while trying to import user profile for <u>: ".
struct ReadProfile {
    json::object profile;
    std::optional<ProfileProblem> problem;
};
ReadProfile read_profile(const ProfileModel& model, const json::object& resource);

// The full stored profile written into `resource` by namespace and external name (§6): core attributes at the top
// level, dotted names nested, `a.^[k==v].s` selecting (or creating) the element of `a` whose k is v, extension
// namespaces as objects keyed by their URN with the URN added to "schemas"; a property without a namespace is left
// out. A value that is null or "" is left out, or sent as null with Push Null Values. `user_name` false: userName
// stays as `resource` has it (Exclude Username Updates). An invalid namespace is the problem Okta reports itself.
std::optional<ProfileProblem> write_profile(const ProfileModel& model, const json::object& profile, json::object& resource,
                                            bool push_nulls, bool user_name = true);

}  // namespace oktasim::engine
