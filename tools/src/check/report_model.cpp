// The check report's vocabulary: phase and status names, the --features list, and the Report's queries.
#include <oktasim/check/check.hpp>

#include <algorithm>

namespace oktasim::check {

std::string_view to_string(Phase phase) noexcept {
    switch (phase) {
        case Phase::connection:
            return "connection";
        case Phase::spec:
            return "spec";
        case Phase::lifecycle:
            return "lifecycle";
        case Phase::groups:
            return "groups";
        case Phase::cleanup:
            return "cleanup";
    }
    return "?";
}

std::optional<Phase> phase_from(std::string_view text) noexcept {
    if (text == "connection") return Phase::connection;
    if (text == "spec") return Phase::spec;
    if (text == "lifecycle") return Phase::lifecycle;
    return std::nullopt;
}

std::string_view to_string(Status status) noexcept {
    switch (status) {
        case Status::pass:
            return "PASS";
        case Status::fail:
            return "FAIL";
        case Status::warn:
            return "WARN";
        case Status::skip:
            return "SKIP";
    }
    return "?";
}

std::optional<Features> parse_features(std::string_view text, std::string& error) {
    Features f;
    f.create = f.update = f.deactivate = f.password = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = text.substr(start, comma - start);
        if (item == "create")
            f.create = true;
        else if (item == "update")
            f.update = true;
        else if (item == "deactivate")
            f.deactivate = true;
        else if (item == "password")
            f.password = true;
        else {
            error = std::string(item);
            return std::nullopt;
        }
        start = comma + 1;
    }
    return f;
}

std::string to_string(const Features& f) {
    std::string out;
    const auto add = [&out](bool on, std::string_view name) {
        if (!on) return;
        if (!out.empty()) out += ",";
        out += name;
    };
    add(f.create, "create");
    add(f.update, "update");
    add(f.deactivate, "deactivate");
    add(f.password, "password");
    return out.empty() ? "none" : out;
}

std::size_t Report::count(Status status) const noexcept {
    return static_cast<std::size_t>(
        std::count_if(steps.begin(), steps.end(), [status](const StepResult& s) { return s.status == status; }));
}

std::size_t Report::passed() const noexcept {
    return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const StepResult& s) {
        return s.status == Status::pass || (s.status == Status::warn && s.problem.empty());
    }));
}

const StepResult* Report::step(std::string_view id) const noexcept {
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}
}  // namespace oktasim::check
