// What every expectation entry shares: reading a matcher's keys (references resolved), how failures show values
// without secrets, and the JSON subset match.
#include "expect.hpp"

#include <oktasim/runner/expectations.hpp>

#include <oktasim/wire/redact.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace oktasim::runner {
namespace {

// True when the last segment of a "body/a/password"-style path names a secret field.
bool secret_path(std::string_view path) {
    const auto slash = path.rfind('/');
    return wire::is_secret_field(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Reads `key` with one of the strict reader's functions (`read`), keeping the value when the key is present.
template <class T, class Read>
bool kept(const json::object& o, std::string_view key, std::optional<T>& out, Read read) {
    T value{};
    if (!read(value)) return false;
    if (o.contains(key)) out = std::move(value);
    return true;
}

// A user or app reference, checked and resolved under the Names rule.
template <class Ref>
bool ref(MatcherReader& m, std::string_view key, Arg kind, std::optional<Ref>& out, bool required) {
    if (!check_ref(m.r, m.o, key, kind, required, m.names)) return false;
    if (const auto* v = m.o.if_contains(key)) {
        std::string written(v->as_string());
        const std::optional<std::size_t> index = kind == Arg::user    ? m.names.user(written)
                                                 : kind == Arg::group ? m.names.group(written)
                                                                      : m.names.app(written);
        out = Ref{*index, std::move(written)};
    }
    return true;
}

// A required reference into `out`.
template <class Ref>
bool required_ref(MatcherReader& m, std::string_view key, Arg kind, Ref& out) {
    std::optional<Ref> r;
    if (!ref(m, key, kind, r, true)) return false;
    out = std::move(*r);
    return true;
}

}  // namespace

bool MatcherReader::string(std::string_view key, std::optional<std::string>& out, bool required) {
    return kept(o, key, out, [&](std::string& v) { return r.string(key, v, required); });
}

bool MatcherReader::string(std::string_view key, std::string& out) { return r.string(key, out, true); }

bool MatcherReader::one_of(std::string_view key, std::optional<std::string>& out,
                           std::span<const std::string_view> allowed, bool required) {
    return kept(o, key, out, [&](std::string& v) { return r.one_of(key, v, allowed, required); });
}

bool MatcherReader::one_of(std::string_view key, std::optional<std::string>& out,
                           std::initializer_list<std::string_view> allowed, bool required) {
    return one_of(key, out, std::span<const std::string_view>(allowed.begin(), allowed.size()), required);
}

bool MatcherReader::boolean(std::string_view key, std::optional<bool>& out) {
    return kept(o, key, out, [&](bool& v) { return r.boolean(key, v); });
}

bool MatcherReader::integer(std::string_view key, std::optional<std::int64_t>& out) {
    return kept(o, key, out, [&](std::int64_t& v) { return r.integer(key, v); });
}

bool MatcherReader::user(std::string_view key, std::optional<UserRef>& out, bool required) {
    return ref(*this, key, Arg::user, out, required);
}
bool MatcherReader::user(std::string_view key, UserRef& out) { return required_ref(*this, key, Arg::user, out); }
bool MatcherReader::app(std::string_view key, std::optional<AppRef>& out, bool required) {
    return ref(*this, key, Arg::app, out, required);
}
bool MatcherReader::app(std::string_view key, AppRef& out) { return required_ref(*this, key, Arg::app, out); }
bool MatcherReader::group(std::string_view key, GroupRef& out) { return required_ref(*this, key, Arg::group, out); }

std::string counted(std::string_view key, std::size_t n) { return std::string(key) + "[" + std::to_string(n) + "]"; }

void StateNames::app_user(const AppRef& app, const UserRef& user) {
    const std::pair pair{app.index, user.index};
    if (std::find(app_users.begin(), app_users.end(), pair) == app_users.end()) app_users.push_back(pair);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string secret(std::string_view value) { return "\"[REDACTED]\" (" + std::to_string(value.size()) + " chars)"; }

std::string secret_mismatch(const std::string& shown_expected, const std::string& shown_actual) {
    return "expected " + shown_expected + ", got " + shown_actual + "; the values differ (secrets are not shown)";
}

std::string shown_header(std::string_view name, std::string_view value) {
    if (!wire::is_secret_header(name) || value.empty()) return quoted(value);
    const auto redacted = wire::redact({{std::string(name), std::string(value)}});
    return quoted(redacted.front().value) + " (" + std::to_string(value.size()) + " chars)";
}

std::string shown_json(const json::value& v) { return wire::redact_body(json::serialize(v)); }

void compare(std::string_view what, const std::string& expected, const std::string& actual,
             std::vector<std::string>& out, const std::string& context) {
    if (expected != actual)
        out.push_back(context + std::string(what) + ": expected " + quoted(expected) + ", got " + quoted(actual));
}

void compare_profile(const json::object& expected, const json::object& actual, std::vector<std::string>& out,
                     const std::string& context) {
    for (const auto& [k, want] : expected) {
        const json::value* got = actual.if_contains(k);
        if ((got ? *got : json::value(nullptr)) != want)
            out.push_back(context + "profile." + std::string(k) + ": expected " + json::serialize(want) + ", got " +
                          (got ? json::serialize(*got) : std::string("no value")));
    }
}

bool json_matches(const json::value& expected, const json::value* actual, const std::string& path, std::string& why) {
    const bool hide = secret_path(path);
    const auto shown = [&](const json::value& v) {
        return hide && v.is_string() ? secret(v.as_string()) : shown_json(v);
    };
    if (expected.is_string() && expected.as_string() == "$absent") {
        if (actual) why = path + ": expected no value, got " + shown(*actual);
        return !actual;
    }
    if (!actual) {
        why = path + ": expected " + shown(expected) + ", got nothing";
        return false;
    }
    if (expected.is_string() && expected.as_string() == "$any") return true;
    if (expected.is_object()) {
        if (!actual->is_object()) {
            why = path + ": expected an object, got " + shown(*actual);
            return false;
        }
        for (const auto& [k, v] : expected.as_object()) {
            if (!json_matches(v, actual->as_object().if_contains(k), path + "/" + std::string(k), why)) return false;
        }
        return true;
    }
    if (expected.is_array()) {
        if (!actual->is_array() || actual->as_array().size() != expected.as_array().size()) {
            why = path + ": expected " + shown(expected) + ", got " + shown(*actual);
            return false;
        }
        for (std::size_t i = 0; i < expected.as_array().size(); ++i) {
            if (!json_matches(expected.as_array()[i], &actual->as_array()[i], path + "/" + std::to_string(i), why))
                return false;
        }
        return true;
    }
    const bool same = expected == *actual ||
                      (expected.is_number() && actual->is_number() && expected.to_number<double>() == actual->to_number<double>());
    if (!same)
        why = path + ": " +
              (hide && (expected.is_string() || actual->is_string())
                   ? secret_mismatch(shown(expected), shown(*actual))
                   : "expected " + shown(expected) + ", got " + shown(*actual));
    return same;
}

}  // namespace oktasim::runner
