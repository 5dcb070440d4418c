// The strict JSON input reader: typed members, unknown keys with a near-miss suggestion, structured problems.
#include <oktasim/engine/object_reader.hpp>

#include <oktasim/engine/json_reader.hpp>

#include <oktasim/wire/text.hpp>

#include <algorithm>
#include <vector>

namespace oktasim::input {
namespace {

const json::object& no_members() {
    static const json::object empty;
    return empty;
}

// Levenshtein distance, to suggest the intended key for a typo ("stauts" -> "status").
std::size_t edit_distance(std::string_view a_text, std::string_view b_text) {
    const std::string a = wire::to_lower(a_text), b = wire::to_lower(b_text);  // a difference in case costs nothing
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string Problem::to_string() const { return (path.empty() ? std::string("/") : path) + ": " + message; }

ObjectReader::ObjectReader(const json::value& value, std::string path, std::optional<Problem>& problem)
    : ObjectReader(value.is_object() ? value.get_object() : no_members(), std::move(path), problem) {}

std::string ObjectReader::path_of(std::string_view key) const {
    if (key.empty()) return path_;
    return path_ + "/" + pointer_token(key);
}

bool ObjectReader::fail(std::string_view key, std::string_view what, scenario_errc code) {
    if (!problem_) problem_ = Problem{path_of(key), std::string(what), code};
    return false;
}

bool ObjectReader::only(std::initializer_list<std::string_view> allowed) {
    for (const auto& member : object_) {
        const std::string_view key = member.key();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string what = "unknown key";
        for (std::string_view candidate : allowed) {
            if (edit_distance(key, candidate) <= 2) {
                what += " (did you mean \"" + std::string(candidate) + "\"?)";
                break;
            }
        }
        return fail(key, what, scenario_errc::unknown_key);
    }
    return true;
}

bool ObjectReader::require(std::string_view key, std::string_view explanation) {
    if (get(key)) return true;
    return fail(key, "missing" + std::string(explanation), scenario_errc::missing_key);
}

bool ObjectReader::read_string(std::string_view key, std::optional<std::string>& out, bool non_empty) {
    const json::value* value = get(key);
    if (!value) return true;
    if (!value->is_string())
        return fail(key, "expected a string, not " + std::string(kind_name(*value)), scenario_errc::wrong_type);
    if (non_empty && value->get_string().empty()) return fail(key, "expected a non-empty string");
    out = std::string(value->get_string());
    return true;
}

bool ObjectReader::read_bool(std::string_view key, std::optional<bool>& out) {
    const json::value* value = get(key);
    if (!value) return true;
    if (!value->is_bool())
        return fail(key, "expected true or false, not " + std::string(kind_name(*value)), scenario_errc::wrong_type);
    out = value->get_bool();
    return true;
}

bool ObjectReader::read_uint(std::string_view key, std::optional<std::uint64_t>& out, std::uint64_t min) {
    const json::value* value = get(key);
    if (!value) return true;
    std::optional<std::uint64_t> number;
    if (const auto* i = value->if_int64(); i && *i >= 0) number = static_cast<std::uint64_t>(*i);
    if (const auto* u = value->if_uint64()) number = *u;
    const std::string expected = "expected an integer >= " + std::to_string(min);
    if (!number && value->is_number()) return fail(key, expected);
    if (!number) return fail(key, expected + ", not " + std::string(kind_name(*value)), scenario_errc::wrong_type);
    if (*number < min) return fail(key, expected);
    out = number;
    return true;
}

std::string pointer_token(std::string_view key) { return engine::pointer_escape(key); }

std::string_view kind_name(const json::value& value) noexcept {
    switch (value.kind()) {
        case json::kind::object: return "an object";
        case json::kind::array: return "an array";
        case json::kind::string: return "a string";
        case json::kind::bool_: return "a boolean";
        case json::kind::null: return "null";
        default: return "a number";
    }
}

}  // namespace oktasim::input
