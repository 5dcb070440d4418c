// Strict JSON object reading with paths in every error.
#include <oktasim/engine/json_reader.hpp>

#include <oktasim/wire/message.hpp>

#include <algorithm>
#include <cstdint>

namespace oktasim::engine {

std::string Problem::to_string() const { return path.empty() ? message : path + ": " + message; }

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

bool JsonReader::fail(std::string path, std::string message, scenario_errc code) {
    if (ok_ && error_.message.empty()) {
        error_.path = std::move(path);
        error_.message = std::move(message);
        error_.code = make_error_code(code);
    }
    ok_ = false;
    return false;
}

const json::value* JsonReader::find(std::string_view key, bool required, std::string_view expected) {
    const json::value* v = object_.if_contains(key);
    if (!v && required) fail(path_of(key), "missing; expected " + std::string(expected), scenario_errc::missing_key);
    return v;
}

bool JsonReader::string(std::string_view key, std::string& out, bool required) {
    const json::value* v = find(key, required, "a string");
    if (!v) return !required;
    if (!v->is_string())
        return fail(path_of(key), "expected a string, got " + std::string(json_kind(*v)), scenario_errc::wrong_type);
    out = std::string(v->as_string());
    return true;
}

bool JsonReader::boolean(std::string_view key, bool& out, bool required) {
    const json::value* v = find(key, required, "true or false");
    if (!v) return !required;
    if (!v->is_bool())
        return fail(path_of(key), "expected true or false, got " + std::string(json_kind(*v)), scenario_errc::wrong_type);
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
    if (v->is_uint64())  // "expected an integer, got an integer" would be no help
        return fail(path_of(key), "expected an integer no larger than " + std::to_string(INT64_MAX) + ", got " +
                                      std::to_string(v->as_uint64()),
                    scenario_errc::bad_value);
    return fail(path_of(key), "expected an integer, got " + std::string(json_kind(*v)), scenario_errc::wrong_type);
}

bool JsonReader::object(std::string_view key, const json::object*& out, bool required) {
    const json::value* v = find(key, required, "an object");
    if (!v) return !required;
    if (!v->is_object())
        return fail(path_of(key), "expected an object, got " + std::string(json_kind(*v)), scenario_errc::wrong_type);
    out = &v->as_object();
    return true;
}

bool JsonReader::array(std::string_view key, const json::array*& out, bool required) {
    const json::value* v = find(key, required, "an array");
    if (!v) return !required;
    if (!v->is_array())
        return fail(path_of(key), "expected an array, got " + std::string(json_kind(*v)), scenario_errc::wrong_type);
    out = &v->as_array();
    return true;
}

bool JsonReader::one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                        bool required) {
    return one_of(key, out, std::span<const std::string_view>(allowed.begin(), allowed.size()), required);
}

bool JsonReader::one_of(std::string_view key, std::string& out, std::span<const std::string_view> allowed,
                        bool required) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
    const json::value* v = object_.if_contains(key);
    if (!v) return required ? fail(path_of(key), "missing; expected one of " + list, scenario_errc::missing_key) : true;
    if (!v->is_string())
        return fail(path_of(key), "expected one of " + list + ", got " + std::string(json_kind(*v)),
                    scenario_errc::wrong_type);
    const std::string_view value = v->as_string();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
        return fail(path_of(key), "expected one of " + list + ", got \"" + std::string(value) + "\"",
                    scenario_errc::bad_value);
    out = std::string(value);
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
        std::string list;
        for (auto a : known) list += (list.empty() ? "" : ", ") + std::string(a);
        return fail(path_ + "/" + pointer_escape(key), "unknown key; expected one of: " + list, scenario_errc::unknown_key);
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
