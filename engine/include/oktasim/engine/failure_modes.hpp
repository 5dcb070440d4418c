// The documented failure modes as a C++ enum and a table, generated from failure_modes.def.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace oktasim::engine {

enum class failure_mode {
#define OKTASIM_FAILURE_MODE(id, name, event_type, message, cause, fix, fixture) id,
#include <oktasim/engine/failure_modes.def>
#undef OKTASIM_FAILURE_MODE
};

struct FailureModeInfo {
    failure_mode mode;
    std::string_view name;
    std::string_view event_type;
    std::string_view message;
    std::string_view cause;
    std::string_view fix;
    std::string_view fixture;
};

inline constexpr std::array failure_modes{
#define OKTASIM_FAILURE_MODE(id, name, event_type, message, cause, fix, fixture) \
    FailureModeInfo{failure_mode::id, name, event_type, message, cause, fix, fixture},
#include <oktasim/engine/failure_modes.def>
#undef OKTASIM_FAILURE_MODE
};

constexpr const FailureModeInfo& info(failure_mode m) noexcept { return failure_modes[static_cast<std::size_t>(m)]; }
std::optional<failure_mode> failure_mode_by_name(std::string_view name) noexcept;

}  // namespace oktasim::engine
