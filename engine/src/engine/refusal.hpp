// Internal to the engine: how an admin action refuses what Okta refuses, with the reason in `why` (one place for the
// actions in engine.cpp, group_push_actions.cpp and group_push_rules.cpp).
#pragma once

#include <oktasim/engine/error.hpp>

#include <string>
#include <string_view>

namespace oktasim::engine {

inline result<void> refuse(engine_errc code, std::string& why, std::string text) {
    why = std::move(text);
    return make_error_code(code);
}

// The refusal when a name resolves to nothing: "no app 'x'".
inline result<void> missing(std::string_view what, std::string_view ref, std::string& why) {
    return refuse(engine_errc::not_found, why, "no " + std::string(what) + " '" + std::string(ref) + "'");
}

}  // namespace oktasim::engine
