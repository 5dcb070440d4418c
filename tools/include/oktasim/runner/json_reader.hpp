// A small strict reader for JSON objects in input files: typed required/optional members, unknown-key errors,
// and the JSON path of every problem (Boost.JSON's own conversions report neither).
#pragma once

#include <oktasim/runner/scenario.hpp>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace oktasim::runner {

class JsonReader {
public:
    JsonReader(const json::object& object, std::string path, LoadError& error)
        : object_(object), path_(std::move(path)), error_(error) {}

    bool ok() const noexcept { return ok_; }
    LoadError* error() const noexcept { return &error_; }
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
                bool required = false) {
        return one_of(key, out, std::span<const std::string_view>(allowed.begin(), allowed.size()), required);
    }
    // `allowed` as a spelling table (e.g. engine::sync_state_names).
    bool one_of(std::string_view key, std::string& out, std::span<const std::string_view> allowed, bool required = false);
    // Fails on any key not in `known` (and not in `ignored`, which are accepted and skipped).
    bool only(std::initializer_list<std::string_view> known, std::initializer_list<std::string_view> ignored = {});

    bool fail(std::string path, std::string message, scenario_errc code);

private:
    const json::value* find(std::string_view key, bool required, std::string_view expected);

    const json::object& object_;
    std::string path_;
    LoadError& error_;
    bool ok_ = true;
};

// "a string", "an object", ... for messages.
std::string_view json_kind(const json::value& v) noexcept;
// JSON-pointer escaping of one key ("~" -> "~0", "/" -> "~1").
std::string pointer_escape(std::string_view key);

}  // namespace oktasim::runner
