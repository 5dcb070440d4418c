// Seeded Okta-style ids.
#include <oktasim/engine/ids.hpp>
#include <oktasim/engine/failure_modes.hpp>

namespace oktasim::engine {

sim::Prng& IdGenerator::stream(std::string_view name) {
    auto it = streams_.find(name);
    if (it == streams_.end()) it = streams_.emplace(std::string(name), root_.fork(std::string("id:") + std::string(name))).first;
    return it->second;
}

std::string IdGenerator::next(std::string_view prefix) {
    return std::string(prefix) + stream(prefix).text(sim::alphabet_base62, 17);
}

std::string IdGenerator::event_uuid() {
    auto& p = stream("uuid");
    return p.text(sim::alphabet_hex, 8) + "-" + p.text(sim::alphabet_hex, 4) + "-11ee-" + p.text(sim::alphabet_hex, 4) +
           "-" + p.text(sim::alphabet_hex, 12);
}

std::optional<failure_mode> failure_mode_by_name(std::string_view name) noexcept {
    for (const auto& m : failure_modes)
        if (m.name == name) return m.mode;
    return std::nullopt;
}

}  // namespace oktasim::engine
