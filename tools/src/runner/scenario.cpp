// Loading and validating scenario files: the file, the top-level keys (version, name, seed, start), then each stage
// in order (loader.hpp: JSON syntax, org, apps, steps); and the names of the format's actions and expectations.
#include "loader.hpp"

#include "expect/expect.hpp"
#include "steps/steps.hpp"

#include <oktasim/sim/clock.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace oktasim::runner {

result<Scenario> parse_scenario(std::string_view text, const std::string& file, LoadError& error) {
    error = LoadError{{}, file};
    json::value root;
    if (!parse_json(text, root, error)) return error.code;
    if (!root.is_object()) {
        error.path = "/";  // the root, so that the message names a position like every other
        error.message = "expected a scenario object, got " + std::string(json_kind(root));
        error.code = make_error_code(scenario_errc::wrong_type);
        return error.code;
    }
    const json::object& o = root.as_object();
    JsonReader r(o, "", error);
    Scenario sc;
    sc.file = file;
    std::int64_t version = 0;
    std::string start = "2026-01-05T09:00:00.000Z";
    const json::object* org = nullptr;
    const json::array* apps = nullptr;
    const json::array* steps = nullptr;
    // The version comes first: a file written for another version should say so, not trip over its new keys.
    if (!o.contains("oktasim"))
        return r.fail("/oktasim", "missing; expected the scenario format version, " + std::to_string(scenario_version) +
                                      " (is this a scenario file?)",
                      scenario_errc::missing_key),
               error.code;
    if (!r.integer("oktasim", version, true)) return error.code;
    if (version != scenario_version) {
        r.fail("/oktasim", "unsupported scenario version " + std::to_string(version) + "; this oktasim reads version " +
                               std::to_string(scenario_version), scenario_errc::unsupported_version);
        return error.code;
    }
    if (!r.only({"$schema", "oktasim", "name", "description", "seed", "start", "org", "apps", "steps"}) ||
        !r.string("name", sc.name, true) || !r.string("description", sc.description) || !r.string("start", start) ||
        !r.object("org", org, true) || !r.array("apps", apps, true) || !r.array("steps", steps, true))
        return error.code;
    std::string schema;
    if (!r.string("$schema", schema)) return error.code;
    if (const json::value* seed = o.if_contains("seed")) {  // the whole uint64 range, as --seed takes it
        if (seed->is_uint64()) sc.seed = seed->as_uint64();
        else if (seed->is_int64() && seed->as_int64() >= 0) sc.seed = static_cast<std::uint64_t>(seed->as_int64());
        else if (seed->is_int64())
            return r.fail("/seed", "expected a non-negative integer, got " + std::to_string(seed->as_int64()),
                          scenario_errc::bad_value),
                   error.code;
        else
            return r.fail("/seed", "expected an integer, got " + std::string(json_kind(*seed)), scenario_errc::wrong_type),
                   error.code;
    }
    const auto epoch = sim::WallClock::parse_timestamp(start);
    if (!epoch)
        return r.fail("/start", "expected a UTC timestamp like \"2026-01-05T09:00:00.000Z\", got \"" + start + "\"",
                      scenario_errc::bad_value),
               error.code;
    sc.start_unix_ms = *epoch;
    Names names;
    JsonReader orgr(*org, "/org", error);
    if (!read_org(orgr, sc, names)) return error.code;
    if (!read_apps(r, *apps, sc, names)) return error.code;
    if (!read_steps(r, *steps, sc, names)) return error.code;
    return sc;
}

result<Scenario> load_scenario(const std::string& file, LoadError& error) {
    error = LoadError{{}, file};
    std::error_code fs_error;
    if (std::filesystem::is_directory(file, fs_error)) {  // a directory opens and reads as an empty file
        error.message = "is a directory; expected a scenario file";
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int why = errno;
        error.message = "cannot open the file" + (why != 0 ? ": " + std::string(std::strerror(why)) : std::string());
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error.message = "cannot read the file";
        error.code = make_error_code(scenario_errc::unreadable);
        return error.code;
    }
    return parse_scenario(text.str(), file, error);
}

const std::vector<std::string>& action_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& a : action_entries()) out.emplace_back(a.name);
        return out;
    }();
    return names;
}

const std::vector<std::string>& expectation_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& e : expectation_entries()) out.emplace_back(e.key);
        return out;
    }();
    return names;
}

std::string LoadError::to_string() const {
    std::string out = file;
    if (!path.empty()) out += ": " + path;
    out += ": " + message;
    // Paths and messages quote keys and values from the file; a control character in one (NUL, ESC, CR) must not
    // reach the terminal raw, where it would hide or rewrite the message.
    std::string shown;
    for (const char c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7F) shown.push_back(c);
        else shown += "\\u00" + hex_byte(u).substr(2);
    }
    return shown;
}

}  // namespace oktasim::runner
