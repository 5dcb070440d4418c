// The one strict reader for JSON input (scenario files, connector configs, the simulated app's config, admin
// request bodies): typed required and optional members, unknown keys refused, and each problem a structured
// {path, expected, found} with one wording, so every loader and config error reads alike.
#pragma once

#include <oktasim/engine/error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::engine {

namespace json = boost::json;

// What is wrong with a JSON input and where. `message` is the whole sentence shown to users; the typed readers
// also fill in its parts, so a caller (a future API server, a console) can present them without parsing it.
struct Problem {
    std::string path;           // JSON Pointer (RFC 6901) from the object read first; "" for that object itself
    std::string message;        // e.g. `expected a string, got an integer`, `missing; expected an array`
    error_code code;            // a scenario_errc: which kind of problem it is
    std::string expected = {};  // what was expected, as the message words it ("a string"); empty if free-form
    std::string found = {};     // what was there ("an integer", "\"ON\"", the unknown key); empty if nothing

    bool empty() const noexcept { return message.empty(); }  // no problem recorded yet
    std::string to_string() const;                            // "<path>: <message>", the object itself as "/"
};

// Reads the members of one JSON object found at `path`. The first problem is the one recorded (later failures
// keep it), so a parser may chain reads with && and stop at the first false; readers over nested objects share
// the caller's Problem. Each reader leaves `out` alone when the key is absent and fails (ok() = false) when the
// value is of the wrong type, or absent but required.
class JsonReader {
public:
    JsonReader(const json::object& object, std::string path, Problem& error)
        : object_(object), path_(std::move(path)), error_(error) {}
    // For a value that ought to be an object but may not be: reads as empty, so fail_at("") still says where.
    JsonReader(const json::value& value, std::string path, Problem& error);

    bool ok() const noexcept { return ok_; }
    Problem* error() const noexcept { return &error_; }
    const std::string& path() const noexcept { return path_; }
    // `<path>/<token>`: `token` is a JSON Pointer token already (escape a key from the document with
    // pointer_escape; the keys a parser names itself need none).
    std::string path_of(std::string_view token) const { return path_ + "/" + std::string(token); }
    const json::value* get(std::string_view key) const { return object_.if_contains(key); }
    // A reader for the object found at `<path>/<token>`, reporting into the same problem.
    JsonReader child(std::string_view token, const json::object& object) const {
        return JsonReader(object, path_of(token), error_);
    }

    bool string(std::string_view key, std::string& out, bool required = false);
    bool boolean(std::string_view key, bool& out, bool required = false);
    bool integer(std::string_view key, std::int64_t& out, bool required = false);
    bool object(std::string_view key, const json::object*& out, bool required = false);
    bool array(std::string_view key, const json::array*& out, bool required = false);
    bool one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                bool required = false);
    bool one_of(std::string_view key, std::string& out, std::span<const std::string_view> allowed,
                bool required = false);
    // Optional members whose absence the caller must tell apart from any value: `out` stays unset when absent.
    bool string(std::string_view key, std::optional<std::string>& out);
    bool non_empty_string(std::string_view key, std::optional<std::string>& out);
    bool boolean(std::string_view key, std::optional<bool>& out);
    bool unsigned_integer(std::string_view key, std::optional<std::uint64_t>& out, std::uint64_t min = 0);

    // Fails on any key not in `known` (and not in `ignored`, which are accepted and skipped), in document order.
    bool only(std::initializer_list<std::string_view> known, std::initializer_list<std::string_view> ignored = {});
    bool only(const std::vector<std::string_view>& known, std::initializer_list<std::string_view> ignored = {});
    // Fails with "missing; expected <expected>" when `key` is absent (for members read as optional first, so
    // that a wrong type anywhere is reported before an absence).
    bool require(std::string_view key, std::string_view expected);

    // Records a problem at `path` unless one is recorded already; returns false.
    bool fail(std::string path, std::string message, scenario_errc code);
    // The same at `<path>/<key>`, or at the object itself when `key` is empty.
    bool fail_at(std::string_view key, std::string message, scenario_errc code = scenario_errc::bad_value);
    // "expected <expected>, got <the kind of `value`>" at `<path>/<key>` (the object itself when `key` is empty).
    bool wrong_type(std::string_view key, std::string_view expected, const json::value& value);

private:
    const json::value* find(std::string_view key, bool required, std::string_view expected);
    bool record(std::string path, std::string message, scenario_errc code, std::string_view expected,
                std::string_view found);
    bool mismatch(std::string path, std::string_view expected, std::string_view found, scenario_errc code);
    std::string path_at(std::string_view key) const { return key.empty() ? path_ : path_of(key); }

    const json::object& object_;
    std::string path_;
    Problem& error_;
    bool ok_ = true;
};

// Runs a Problem-reporting parse for a caller that takes its "<path>: <message>" string (cleared on success).
template <class Parse>
auto as_message(std::string& error, Parse parse) {
    Problem problem;
    auto parsed = parse(problem);
    error = parsed ? std::string() : problem.to_string();
    return parsed;
}

// A string that ends up in a header the connector or the simulated app sends: refused (with the reader's error at
// `key`) when it holds a control character, which would end the header and start another one on the wire.
bool check_header_value(JsonReader& r, std::string_view key, const std::string& value);

// "a string", "an integer", "a number" (not an integer), ... for messages.
std::string_view json_kind(const json::value& v) noexcept;
// "0x0D", for messages about bytes.
std::string hex_byte(unsigned char c);
// JSON-pointer escaping of one key ("~" -> "~0", "/" -> "~1").
std::string pointer_escape(std::string_view key);

}  // namespace oktasim::engine
