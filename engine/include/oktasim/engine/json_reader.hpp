// A small strict reader for JSON objects in input files and configs: typed required/optional members, unknown-key
// errors, and the JSON path of every problem (Boost.JSON's own conversions report neither). The scenario loader and
// each connector factory read with it, so a connector's config problems read like every other loader error.
#pragma once

#include <oktasim/engine/error.hpp>

#include <boost/json/object.hpp>

#include <initializer_list>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace oktasim::engine {

namespace json = boost::json;

// What is wrong with a JSON input and where: a JSON Pointer from the object reading started at ("" for that
// object itself), what was expected, and a scenario_errc saying which kind of problem it is.
struct Problem {
    std::string path;
    std::string message;
    error_code code;

    std::string to_string() const;  // "/auth/mode: expected ...", or the message alone without a path
};

class JsonReader {
public:
    JsonReader(const json::object& object, std::string path, Problem& error)
        : object_(object), path_(std::move(path)), error_(error) {}

    bool ok() const noexcept { return ok_; }
    Problem* error() const noexcept { return &error_; }
    const std::string& path() const noexcept { return path_; }
    std::string path_of(std::string_view key) const { return path_ + "/" + std::string(key); }

    // Each reader leaves `out` alone when the key is absent and sets the error (and ok() = false) when the
    // value is of the wrong type, or absent but required.
    bool string(std::string_view key, std::string& out, bool required = false);
    bool boolean(std::string_view key, bool& out, bool required = false);
    bool integer(std::string_view key, std::int64_t& out, bool required = false);
    bool object(std::string_view key, const json::object*& out, bool required = false);
    bool array(std::string_view key, const json::array*& out, bool required = false);
    bool one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                bool required = false);
    bool one_of(std::string_view key, std::string& out, std::span<const std::string_view> allowed,
                bool required = false);
    // Fails on any key not in `known` (and not in `ignored`, which are accepted and skipped).
    bool only(std::initializer_list<std::string_view> known, std::initializer_list<std::string_view> ignored = {});
    bool only(const std::vector<std::string_view>& known, std::initializer_list<std::string_view> ignored = {});

    bool fail(std::string path, std::string message, scenario_errc code);

private:
    const json::value* find(std::string_view key, bool required, std::string_view expected);

    const json::object& object_;
    std::string path_;
    Problem& error_;
    bool ok_ = true;
};

// A string that ends up in a header the connector or the simulated app sends: refused (with the reader's error at
// `key`) when it holds a control character, which would end the header and start another one on the wire.
bool check_header_value(JsonReader& r, std::string_view key, const std::string& value);

// "a string", "an object", ... for messages.
std::string_view json_kind(const json::value& v) noexcept;
// "0x0D", for messages about bytes.
std::string hex_byte(unsigned char c);
// JSON-pointer escaping of one key ("~" -> "~0", "/" -> "~1").
std::string pointer_escape(std::string_view key);

}  // namespace oktasim::engine
