// The strict JSON reader: typed members, unknown keys, and the structured problem with its path and wording.
#include <oktasim/engine/json_reader.hpp>

#include <oktasim/wire/message.hpp>

#include <algorithm>
#include <cstdint>

namespace oktasim::engine {
namespace {

const json::object& no_members() {
    static const json::object empty;
    return empty;
}

}  // namespace

std::string Problem::to_string() const { return (path.empty() ? std::string("/") : path) + ": " + message; }

std::string_view json_kind(const json::value& v) noexcept {
    switch (v.kind()) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "a boolean";
        case json::kind::int64:
        case json::kind::uint64: return "an integer";
        case json::kind::double_: return "a number";
        case json::kind::string: return "a string";
        case json::kind::array: return "an array";
        case json::kind::object: return "an object";
    }
    return "a value";
}

std::string pointer_escape(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out.push_back(c);
    }
    return out;
}

JsonReader::JsonReader(const json::value& value, std::string path, Problem& error)
    : JsonReader(value.is_object() ? value.get_object() : no_members(), std::move(path), error) {}

bool JsonReader::record(std::string path, std::string message, scenario_errc code, std::string_view expected,
                        std::string_view found) {
    if (ok_ && error_.empty())
        error_ = Problem{std::move(path), std::move(message), make_error_code(code), std::string(expected),
                         std::string(found)};
    ok_ = false;
    return false;
}

bool JsonReader::mismatch(std::string path, std::string_view expected, std::string_view found, scenario_errc code) {
    return record(std::move(path), "expected " + std::string(expected) + ", got " + std::string(found), code, expected,
                  found);
}

bool JsonReader::fail(std::string path, std::string message, scenario_errc code) {
    return record(std::move(path), std::move(message), code, {}, {});
}

bool JsonReader::fail_at(std::string_view key, std::string message, scenario_errc code) {
    return fail(path_at(key), std::move(message), code);
}

bool JsonReader::wrong_type(std::string_view key, std::string_view expected, const json::value& value) {
    return mismatch(path_at(key), expected, json_kind(value), scenario_errc::wrong_type);
}

bool JsonReader::require(std::string_view key, std::string_view expected) {
    if (get(key)) return true;
    return record(path_of(key), "missing; expected " + std::string(expected), scenario_errc::missing_key, expected, {});
}

const json::value* JsonReader::find(std::string_view key, bool required, std::string_view expected) {
    const json::value* v = object_.if_contains(key);
    if (!v && required) require(key, expected);
    return v;
}

bool JsonReader::string(std::string_view key, std::string& out, bool required) {
    const json::value* v = find(key, required, "a string");
    if (!v) return !required;
    if (!v->is_string()) return wrong_type(key, "a string", *v);
    out = std::string(v->as_string());
    return true;
}

bool JsonReader::boolean(std::string_view key, bool& out, bool required) {
    const json::value* v = find(key, required, "true or false");
    if (!v) return !required;
    if (!v->is_bool()) return wrong_type(key, "true or false", *v);
    out = v->as_bool();
    return true;
}

bool JsonReader::integer(std::string_view key, std::int64_t& out, bool required) {
    const json::value* v = find(key, required, "an integer");
    if (!v) return !required;
    if (v->is_int64()) {
        out = v->as_int64();
        return true;
    }
    if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        out = static_cast<std::int64_t>(v->as_uint64());
        return true;
    }
    if (v->is_uint64()) {  // "expected an integer, got an integer" would be no help
        return mismatch(path_of(key), "an integer no larger than " + std::to_string(INT64_MAX),
                        std::to_string(v->as_uint64()), scenario_errc::bad_value);
    }
    return wrong_type(key, "an integer", *v);
}

bool JsonReader::object(std::string_view key, const json::object*& out, bool required) {
    const json::value* v = find(key, required, "an object");
    if (!v) return !required;
    if (!v->is_object()) return wrong_type(key, "an object", *v);
    out = &v->as_object();
    return true;
}

bool JsonReader::array(std::string_view key, const json::array*& out, bool required) {
    const json::value* v = find(key, required, "an array");
    if (!v) return !required;
    if (!v->is_array()) return wrong_type(key, "an array", *v);
    out = &v->as_array();
    return true;
}

bool JsonReader::one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                        bool required) {
    return one_of(key, out, std::span<const std::string_view>(allowed.begin(), allowed.size()), required);
}

bool JsonReader::one_of(std::string_view key, std::string& out, std::span<const std::string_view> allowed,
                        bool required) {
    std::string expected = "one of ";
    for (std::size_t i = 0; i < allowed.size(); ++i)
        expected += (i == 0 ? "\"" : ", \"") + std::string(allowed[i]) + "\"";
    const json::value* v = find(key, required, expected);
    if (!v) return !required;
    if (!v->is_string()) return wrong_type(key, expected, *v);
    const std::string_view value = v->as_string();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
        return mismatch(path_of(key), expected, "\"" + std::string(value) + "\"", scenario_errc::bad_value);
    out = std::string(value);
    return true;
}

bool JsonReader::string(std::string_view key, std::optional<std::string>& out) {
    std::string text;
    if (!get(key)) return true;
    if (!string(key, text)) return false;
    out = std::move(text);
    return true;
}

bool JsonReader::non_empty_string(std::string_view key, std::optional<std::string>& out) {
    const json::value* v = get(key);
    if (!v) return true;
    if (!v->is_string()) return wrong_type(key, "a string", *v);
    if (v->as_string().empty())
        return mismatch(path_of(key), "a non-empty string", "an empty string", scenario_errc::bad_value);
    out = std::string(v->as_string());
    return true;
}

bool JsonReader::boolean(std::string_view key, std::optional<bool>& out) {
    bool flag = false;
    if (!get(key)) return true;
    if (!boolean(key, flag)) return false;
    out = flag;
    return true;
}

bool JsonReader::unsigned_integer(std::string_view key, std::optional<std::uint64_t>& out, std::uint64_t min) {
    const json::value* v = get(key);
    if (!v) return true;
    std::string expected = "an integer >= " + std::to_string(min);
    if (!v->is_int64() && !v->is_uint64()) return wrong_type(key, expected, *v);
    if (const auto* i = v->if_int64(); i && *i < 0)
        return mismatch(path_of(key), expected, std::to_string(*i), scenario_errc::bad_value);
    const std::uint64_t number = v->is_uint64() ? v->as_uint64() : static_cast<std::uint64_t>(v->as_int64());
    if (number < min) return mismatch(path_of(key), expected, std::to_string(number), scenario_errc::bad_value);
    out = number;
    return true;
}

bool JsonReader::only(std::initializer_list<std::string_view> known, std::initializer_list<std::string_view> ignored) {
    return only(std::vector<std::string_view>(known), ignored);
}

bool JsonReader::only(const std::vector<std::string_view>& known, std::initializer_list<std::string_view> ignored) {
    for (const auto& [k, v] : object_) {
        const std::string_view key = k;
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
        std::string expected = "one of: ";
        for (std::size_t i = 0; i < known.size(); ++i) expected += (i == 0 ? "" : ", ") + std::string(known[i]);
        return record(path_of(pointer_escape(key)), "unknown key; expected " + expected, scenario_errc::unknown_key,
                      expected, key);
    }
    return true;
}

std::string hex_byte(unsigned char c) {
    static constexpr char hex[] = "0123456789ABCDEF";
    return std::string("0x") + hex[c >> 4] + hex[c & 0xF];
}

// RFC 9110 §5.5. The message does not quote the value: it is often a secret.
bool check_header_value(JsonReader& r, std::string_view key, const std::string& value) {
    if (wire::valid_header_value(value)) return true;
    const auto at = std::find_if(value.begin(), value.end(), [](char c) { return !wire::valid_header_value({&c, 1}); });
    return r.fail(r.path_of(key),
                  "contains the control character " + hex_byte(static_cast<unsigned char>(*at)) + " at offset " +
                      std::to_string(at - value.begin()) +
                      "; a header value cannot hold CR, LF or other control characters (they would start another header)",
                  scenario_errc::bad_value);
}

}  // namespace oktasim::engine
