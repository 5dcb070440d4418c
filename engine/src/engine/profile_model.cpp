// How Okta computes an app user profile from the app's mappings and username format (okta-mappings.md §5, §7), checks
// it against the app user schema (§4, §9), and writes it into a SCIM User by namespace and external name (§6).
#include <oktasim/engine/profile_model.hpp>

#include <oktasim/engine/okta_texts.hpp>
#include <oktasim/engine/org.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

namespace oktasim::engine {
namespace {

bool has_value(const json::value* v) { return v && !v->is_null() && !(v->is_string() && v->as_string().empty()); }

std::string_view type_name(PropertyType t) {
    switch (t) {
        case PropertyType::string: return "a string";
        case PropertyType::boolean: return "a boolean";
        case PropertyType::integer: return "an integer";
        case PropertyType::number: return "a number";
        case PropertyType::array: return "an array";
    }
    return "a string";
}

bool fits(PropertyType t, const json::value& v) {
    switch (t) {
        case PropertyType::string: return v.is_string();
        case PropertyType::boolean: return v.is_bool();
        case PropertyType::integer: return v.is_int64() || v.is_uint64();
        case PropertyType::number: return v.is_number();
        case PropertyType::array: return v.is_array();
    }
    return false;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool allowed(const SchemaProperty& p, const json::value& v) {
    if (p.allowed.empty()) return true;
    auto in_set = [&](const json::value& x) { return std::find(p.allowed.begin(), p.allowed.end(), x) != p.allowed.end(); };
    if (v.is_array()) return std::all_of(v.as_array().begin(), v.as_array().end(), in_set);
    return in_set(v);
}

// The first way the profile breaks the schema's rules, if any.
std::optional<ProfileProblem> check(const ProfileModel& model, const json::object& profile) {
    for (const auto& p : model.schema) {
        const json::value* v = profile.if_contains(p.name);
        if (!has_value(v)) {
            if (p.required)
                return ProfileProblem{std::string(task_text::required_no_value) + p.name, failure_mode::mapping_required_null};
            continue;
        }
        if (!fits(p.type, *v))
            return ProfileProblem{std::string(task_text::wrong_value_type) + p.name + ": expected " +
                                      std::string(type_name(p.type)) + ", got " + std::string(json_kind(*v)),
                                  failure_mode::mapping_wrong_type};
        if (!allowed(p, *v))
            return ProfileProblem{std::string(task_text::value_not_allowed) + p.name + ": " + json::serialize(*v) +
                                      " is not one of the values the app defines",
                                  failure_mode::mapping_value_not_allowed};
        if (p.max_length && v->is_string() && code_points(v->as_string()) > static_cast<std::size_t>(*p.max_length))
            return ProfileProblem{std::string(task_text::value_not_allowed) + p.name + ": longer than " +
                                      std::to_string(*p.max_length) + " characters",
                                  failure_mode::mapping_value_not_allowed};
    }
    return std::nullopt;
}

// "urn:" and at least two more non-empty parts: what a SCIM schema URN looks like (RFC 7643 §3 names them so).
bool valid_namespace(std::string_view ns) {
    if (!ns.starts_with("urn:")) return false;
    int parts = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= ns.size(); ++i) {
        if (i == ns.size() || ns[i] == ':') {
            if (i == start) return false;
            ++parts;
            start = i + 1;
        }
    }
    return parts >= 3;
}

// `k==v` of a selector `^[k==v]`: v as JSON (true, false, a number, or a string, quoted or not).
std::optional<std::pair<std::string, json::value>> selector(std::string_view seg) {
    if (!seg.starts_with("^[") || !seg.ends_with("]")) return std::nullopt;
    const std::string_view inner = seg.substr(2, seg.size() - 3);
    const auto eq = inner.find("==");
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key(inner.substr(0, eq));
    std::string_view raw = inner.substr(eq + 2);
    json::value v;
    if (raw == "true") v = true;
    else if (raw == "false") v = false;
    else if (raw.size() >= 2 && (raw.front() == '\'' || raw.front() == '"') && raw.back() == raw.front())
        v = std::string(raw.substr(1, raw.size() - 2));
    else {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
        if (!raw.empty() && ec == std::errc{} && end == raw.data() + raw.size()) v = n;
        else v = std::string(raw);  // not a number, or one past 64 bits: compared as text
    }
    return std::pair{std::move(key), std::move(v)};
}

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '.') {
            out.push_back(path.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

// Sets `value` at the external name `path` under `root` (§6): dotted names nest, `a.^[k==v].s` sets s on the element
// of array a whose k is v, made when there is none. A null is not written through a selector: no element is made to
// hold nothing (as Okta leaves `emails` out of a body when the user has none).
void set_path(json::object& root, std::string_view path, const json::value& value) {
    const auto segs = split_path(path);
    const bool through_selector = std::any_of(segs.begin(), segs.end(), [](std::string_view s) { return s.starts_with("^["); });
    if (value.is_null() && through_selector) return;
    json::object* cur = &root;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const std::string key(segs[i]);
        if (i + 1 < segs.size()) {
            if (const auto sel = selector(segs[i + 1])) {
                json::value& arr = (*cur)[key];
                if (!arr.is_array()) arr = json::array{};
                json::object* element = nullptr;
                for (auto& e : arr.as_array())
                    if (e.is_object() && e.as_object().if_contains(sel->first) && e.as_object().at(sel->first) == sel->second) {
                        element = &e.as_object();
                        break;
                    }
                if (!element) element = &arr.as_array().emplace_back(json::object{{sel->first, sel->second}}).as_object();
                cur = element;
                ++i;
                if (i + 1 == segs.size()) return;  // a selector last names the element itself: nothing to set
                continue;
            }
            json::value& next = (*cur)[key];
            if (!next.is_object()) next = json::object{};
            cur = &next.as_object();
            continue;
        }
        (*cur)[key] = value;
    }
}

// The value at external name `path` under `root` (selectors pick the element whose key holds the value); null when
// there is none.
const json::value* get_path(const json::object& root, std::string_view path) {
    const auto segs = split_path(path);
    const json::object* cur = &root;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const json::value* v = cur->if_contains(segs[i]);
        if (!v) return nullptr;
        if (i + 1 < segs.size()) {
            if (const auto sel = selector(segs[i + 1])) {
                if (!v->is_array()) return nullptr;
                const json::object* element = nullptr;
                for (const auto& e : v->as_array())
                    if (e.is_object() && e.as_object().if_contains(sel->first) && e.as_object().at(sel->first) == sel->second) {
                        element = &e.as_object();
                        break;
                    }
                if (!element) return nullptr;
                ++i;
                if (i + 1 == segs.size()) return nullptr;
                cur = element;
                continue;
            }
            if (!v->is_object()) return nullptr;
            cur = &v->as_object();
            continue;
        }
        return v;
    }
    return nullptr;
}

void add_schema(json::object& resource, std::string_view urn_text) {
    json::value& schemas = resource["schemas"];
    if (!schemas.is_array()) schemas = json::array{};
    for (const auto& s : schemas.as_array())
        if (s.is_string() && s.as_string() == urn_text) return;
    schemas.as_array().emplace_back(urn_text);
}

}  // namespace

std::vector<PropertyMapping> ProfileModel::default_mappings(const std::vector<SchemaProperty>& schema) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table{
        {"givenName", "user.firstName"},
        {"familyName", "user.lastName"},
        {"email", "user.email"},
        {"emailType", "(user.email != null && user.email != '') ? 'work' : ''"},
        {"displayName", "user.displayName"},
        {"locale", "user.locale"},
        {"title", "user.title"},
        {"department", "user.department"},
        {"employeeNumber", "user.employeeNumber"},
    };
    std::vector<PropertyMapping> out;
    for (const auto& [target, text] : table) {
        if (std::none_of(schema.begin(), schema.end(), [&](const SchemaProperty& p) { return p.name == target; })) continue;
        out.push_back({std::string(target), expr::Expression::parse(text).value(), PushStatus::push});
    }
    return out;
}

std::optional<ProfileProblem> check_profile(const ProfileModel& model, const json::object& profile) {
    return check(model, profile);
}

ComputedProfile compute_app_profile(const ProfileModel& model, const User& user, const json::object& app_settings,
                                    const json::object* stored) {
    ComputedProfile out;
    if (stored) out.profile = *stored;
    const json::object instance{{"userSuffix", model.username.suffix}};
    expr::Context ctx;
    ctx.okta_user = expr::Profile{&user.profile, nullptr};
    ctx.internal = expr::InternalProperties{user.id, std::string(to_string(user.status))};
    ctx.app = expr::Profile{&app_settings, nullptr};
    ctx.instance = expr::Profile{&instance, nullptr};
    // §4 (okta-mappings.md's advice, Okta is silent): an expression that cannot be evaluated gives null.
    auto value_of = [](const expr::result<expr::Value>& v) { return v ? expr::to_json(*v) : json::value(nullptr); };
    for (const auto& m : model.to_app) {
        if (stored && m.push_status == PushStatus::dont_push) continue;  // "Apply mapping on user create only"
        out.profile[m.target] = value_of(m.expression.evaluate(ctx));
    }
    // A mapping of userName overrides the username format (§7: "Overrides replace previously selected username
    // formats") and follows its own pushStatus; pushStatus of the format is "effective only for the CUSTOM type".
    const UserNameFormat& u = model.username;
    const bool overridden = std::any_of(model.to_app.begin(), model.to_app.end(),
                                        [](const PropertyMapping& m) { return m.target == "userName"; });
    const bool keep = stored && u.type == UserNameFormat::Type::custom && u.push_status == PushStatus::dont_push;
    if (!overridden && !keep) {
        if (u.custom) out.profile["userName"] = value_of(u.custom->evaluate(ctx));
        else if (u.built_in) out.profile["userName"] = value_of(u.built_in->evaluate(ctx));
        else out.profile["userName"] = user.login();  // NONE: the Okta username
    }
    out.problem = check(model, out.profile);
    return out;
}

void apply_to_okta(const ProfileModel& model, const json::object& app_user, json::object& okta_profile) {
    expr::Context ctx;
    ctx.direction = expr::Direction::to_okta;
    ctx.app_user = expr::Profile{&app_user, nullptr};
    for (const auto& m : model.to_okta) {
        const auto v = m.expression.evaluate(ctx);
        json::value value = v ? expr::to_json(*v) : json::value(nullptr);  // §4: an error gives null
        if (value.is_null()) okta_profile.erase(m.target);
        else okta_profile[m.target] = std::move(value);
    }
}

ReadProfile read_profile(const ProfileModel& model, const json::object& resource) {
    ReadProfile out;
    const json::value* name = resource.if_contains("userName");
    const std::string user_name = name && name->is_string() ? std::string(name->as_string()) : std::string();
    for (const auto& p : model.schema) {
        const json::value* v = nullptr;
        if (p.base && p.name == "userName") v = name;
        else if (!p.external_namespace.empty() && valid_namespace(p.external_namespace)) {
            const std::string_view path = p.external_name.empty() ? std::string_view(p.name) : std::string_view(p.external_name);
            const json::object* root = &resource;
            if (p.external_namespace != urn::user) {
                const json::value* ext = resource.if_contains(p.external_namespace);
                root = ext && ext->is_object() ? &ext->as_object() : nullptr;
            }
            v = root ? get_path(*root, path) : nullptr;
        }
        if (!v || v->is_null()) continue;
        if (!fits(p.type, *v) && !out.problem)
            out.problem = ProfileProblem{"Error setting property, appUser=" + user_name + " property=" + p.name +
                                             " error=[Error in object 'appUser': codes [invalidValueTypeForProperty.appUser,"
                                             "invalidValueTypeForProperty]; arguments [" + p.name +
                                             "]; default message [Invalid value data type]]",
                                         failure_mode::import_invalid_value_type};
        out.profile[p.name] = *v;
    }
    return out;
}

std::optional<ProfileProblem> write_profile(const ProfileModel& model, const json::object& profile, json::object& resource,
                                            bool push_nulls, bool user_name) {
    std::optional<ProfileProblem> problem;  // the first; the other properties are written all the same
    for (const auto& p : model.schema) {
        const json::value* v = profile.if_contains(p.name);
        const bool has = has_value(v);
        if (p.base && p.name == "userName") {  // the base username is the resource's userName, whatever its namespace
            if (user_name && has) resource["userName"] = *v;
            continue;
        }
        const std::string& ns = p.external_namespace;
        if (ns.empty()) continue;  // §6, KB-NS: not included in provisioning messages
        if (!valid_namespace(ns)) {
            if (!problem)
                problem = ProfileProblem{std::string(task_text::invalid_namespace) + ns + " for property: " + p.name,
                                         failure_mode::mapping_invalid_namespace};
            continue;
        }
        if (!has && !push_nulls) continue;
        const json::value value = has ? *v : json::value(nullptr);
        const std::string_view path = p.external_name.empty() ? std::string_view(p.name) : std::string_view(p.external_name);
        if (ns == urn::user) {
            set_path(resource, path, value);
            continue;
        }
        add_schema(resource, ns);  // before the extension object is made: no reference into `resource` is held
        json::value& ext = resource[ns];
        if (!ext.is_object()) ext = json::object{};
        set_path(ext.as_object(), path, value);
    }
    return problem;
}

}  // namespace oktasim::engine
