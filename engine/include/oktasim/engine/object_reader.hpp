// The strict reader for JSON input (scenario files, the simulated app's config, admin request bodies): optional
// and required members of a type, unknown keys refused, and each problem a {path, message, code}, not a string.
#pragma once

#include <oktasim/engine/error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::input {

namespace json = boost::json;

// What is wrong with an input document, and where.
struct Problem {
    std::string path;     // JSON Pointer (RFC 6901) of the value at fault; "" for the document itself
    std::string message;  // what was expected, e.g. `expected a string, not a number`
    scenario_errc code = scenario_errc::bad_value;

    // "<path>: <message>", the document itself written "/": how command-line errors show a problem.
    std::string to_string() const;
};

// Reads the members of one JSON object found at `path`. The first problem is the one recorded (later failures
// keep it), so a parser may chain reads with && and stop at the first false. Readers made by `child` share it.
class ObjectReader {
public:
    ObjectReader(const json::object& object, std::string path, std::optional<Problem>& problem)
        : object_(object), path_(std::move(path)), problem_(problem) {}
    // For a value that ought to be an object but may not be: reads as empty, so `fail("")` still says where.
    ObjectReader(const json::value& value, std::string path, std::optional<Problem>& problem);

    bool ok() const noexcept { return !problem_; }
    const std::string& path() const noexcept { return path_; }
    // `<path>/<key>` with `key` escaped as a JSON Pointer token; the path itself for "".
    std::string path_of(std::string_view key) const;
    const json::value* get(std::string_view key) const { return object_.if_contains(key); }

    // Fails with "unknown key" (suggesting a near miss of an allowed key) for the first key, in document order,
    // not in `allowed`.
    bool only(std::initializer_list<std::string_view> allowed);
    // Fails with "missing" followed by `explanation` (e.g. " (every account needs a userName)") when `key` is absent.
    bool require(std::string_view key, std::string_view explanation = {});

    // Optional members: `out` stays unset when the key is absent; a value of another type is a problem.
    bool read_string(std::string_view key, std::optional<std::string>& out, bool non_empty = false);
    bool read_bool(std::string_view key, std::optional<bool>& out);
    bool read_uint(std::string_view key, std::optional<std::uint64_t>& out, std::uint64_t min = 0);

    // A reader for the object found at `<path>/<key>`, reporting into the same problem.
    ObjectReader child(std::string_view key, const json::object& object) const {
        return ObjectReader(object, path_of(key), problem_);
    }

    // Records a problem at `<path>/<key>` (at the object itself when `key` is empty) unless one is recorded already;
    // returns false.
    bool fail(std::string_view key, std::string_view what, scenario_errc code = scenario_errc::bad_value);

private:
    const json::object& object_;
    std::string path_;
    std::optional<Problem>& problem_;
};

// Hands the problem a read recorded to the caller's `out` and gives its code, for a failed result<T>.
inline boost::system::error_code report(std::optional<Problem>& found, Problem& out) {
    out = found ? std::move(*found) : Problem{{}, "invalid", scenario_errc::bad_value};
    return make_error_code(out.code);
}

// A Problem-reporting parse for callers that take its "<path>: <message>" string (cleared on success).
template <class Parse>
auto as_message(std::string& error, Parse parse) {
    Problem problem;
    auto parsed = parse(problem);
    error = parsed ? std::string() : problem.to_string();
    return parsed;
}

// One key as a JSON Pointer token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);
// "an object", "an array", "a string", "a boolean", "null" or "a number", for messages.
std::string_view kind_name(const json::value& value) noexcept;

}  // namespace oktasim::input
