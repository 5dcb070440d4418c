// The loader's expectation entries: each says how its key of an "expect" step is read and checked (its matcher's
// keys, references resolved under the actions' rule) into a typed Expectation, which checks, describes and reports
// itself. registry.cpp lists them; load_steps.cpp applies them in that order, which is also the order of the checks.
#pragma once

#include "../loader.hpp"

#include <oktasim/runner/expectation.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::runner {

// One matcher object (at r.path()) as an entry reads it: each reader checks the key's type (or that a reference
// names something, resolving it) and sets `out` when the key is present; false with the error set otherwise.
struct MatcherReader {
    JsonReader& r;
    const json::object& o;
    const Names& names;

    bool string(std::string_view key, std::optional<std::string>& out, bool required = false);
    bool string(std::string_view key, std::string& out);  // required
    bool one_of(std::string_view key, std::optional<std::string>& out, std::span<const std::string_view> allowed,
                bool required = false);
    bool one_of(std::string_view key, std::optional<std::string>& out, std::initializer_list<std::string_view> allowed,
                bool required = false);
    bool boolean(std::string_view key, std::optional<bool>& out);
    bool integer(std::string_view key, std::optional<std::int64_t>& out);
    bool user(std::string_view key, std::optional<UserRef>& out, bool required = false);
    bool user(std::string_view key, UserRef& out);  // required
    bool app(std::string_view key, std::optional<AppRef>& out, bool required = false);
    bool app(std::string_view key, AppRef& out);  // required
    bool group(std::string_view key, GroupRef& out);  // required
    // The matcher's "app" has a simulated downstream.
    bool simulated() { return check_simulated(r, o, names); }
    const json::value* at(std::string_view key) const { return o.if_contains(key); }
};

// An expectation key present in the step, for its entry's read function.
struct ExpectReader {
    std::string_view key;  // the entry's
    JsonReader& r;         // the "expect" object
    const Names& names;

    // The key's value as one matcher object, read by `read`.
    template <class M>
    std::optional<M> one(bool (*read)(MatcherReader&, M&)) {
        const json::object* o = nullptr;
        if (!r.object(key, o) || !o) return std::nullopt;
        JsonReader x(*o, r.path_of(key), *r.error());
        MatcherReader m{x, *o, names};
        M out{};
        if (!read(m, out)) return r.fail("", "", scenario_errc::bad_value), std::nullopt;
        return out;
    }
    // The key's value as an array of matcher objects, each read by `read`.
    template <class M>
    std::optional<std::vector<M>> each(bool (*read)(MatcherReader&, M&)) {
        const json::array* items = nullptr;
        if (!r.array(key, items) || !items) return std::nullopt;
        std::vector<M> out;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string p = r.path_of(key) + "/" + std::to_string(i);
            const json::value& item = (*items)[i];
            if (!item.is_object())
                return r.fail(p, "expected an object, got " + std::string(json_kind(item)), scenario_errc::wrong_type),
                       std::nullopt;
            JsonReader x(item.as_object(), p, *r.error());
            MatcherReader m{x, item.as_object(), names};
            if (!read(m, out.emplace_back())) return r.fail(p, "", scenario_errc::bad_value), std::nullopt;
        }
        return out;
    }
};

struct ExpectationEntry {
    std::string_view key;
    // Reads the key's matcher (ExpectReader::one) or matchers (each) into the expectation; null (with the error
    // set) when invalid.
    std::unique_ptr<Expectation> (*read)(ExpectReader& e) = nullptr;
};

// An entry whose key holds one matcher object (`list`: an array of them), read by `read` into M and checked by
// E(key, M) (E(key, std::vector<M>) for a list).
template <class E, class M, bool (*read)(MatcherReader&, M&)>
ExpectationEntry one_matcher(std::string_view key) {
    return {key, [](ExpectReader& e) -> std::unique_ptr<Expectation> {
                auto m = e.one(read);
                if (!m) return nullptr;
                return std::make_unique<E>(e.key, std::move(*m));
            }};
}
template <class E, class M, bool (*read)(MatcherReader&, M&)>
ExpectationEntry matcher_list(std::string_view key) {
    return {key, [](ExpectReader& e) -> std::unique_ptr<Expectation> {
                auto m = e.each(read);
                if (!m) return nullptr;
                return std::make_unique<E>(e.key, std::move(*m));
            }};
}

// Every expectation key, in the order they are read, checked and listed in messages (registry.cpp).
const std::vector<ExpectationEntry>& expectation_entries();

// How failures show values: strings quoted, JSON compact, and secrets never (fixtures/README.md, "Secrets in
// failures").
std::string quoted(std::string_view s);
// A secret as "[REDACTED]" with its length, so that "empty" and "the wrong length" stay visible.
std::string secret(std::string_view value);
std::string secret_mismatch(const std::string& shown_expected, const std::string& shown_actual);
// A header value, credentials redacted as in transcripts ("Bearer [REDACTED]"), with its length.
std::string shown_header(std::string_view name, std::string_view value);
// A JSON value with every secret field inside redacted.
std::string shown_json(const json::value& v);
// A list expectation's part of the timeline line: "log[2]".
std::string counted(std::string_view key, std::size_t n);
// Adds "<context><what>: expected "x", got "y"" when the two differ.
void compare(std::string_view what, const std::string& expected, const std::string& actual,
             std::vector<std::string>& out, const std::string& context);
// A "profile" matcher: each attribute of `expected` must hold exactly that value in `actual` (null: no value);
// "<context>profile.<attr>: expected ..., got ..." for each that does not.
void compare_profile(const json::object& expected, const json::object& actual, std::vector<std::string>& out,
                     const std::string& context);

}  // namespace oktasim::runner
