// The simulated app's backend log: recording, redaction, and the JSON-lines and text renderings.
#include <oktasim/connectors/simapp/backend_log.hpp>

#include <oktasim/wire/message.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/serialize.hpp>

#include <array>
#include <cctype>

namespace oktasim::connectors::simapp {
namespace {

// Query parameter names (lower-cased substrings) whose values are credentials and must not reach a log.
constexpr std::array<std::string_view, 7> secret_words = {"token", "pass", "secret", "key", "auth", "credential",
                                                          "signature"};

bool is_secret_name(std::string_view name) {
    const std::string lowered = wire::to_lower(name);
    for (std::string_view word : secret_words)
        if (lowered.find(word) != std::string::npos) return true;
    return false;
}

// Keeps a text entry on one line whatever a scripted detail contains.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

}  // namespace

std::string redact_target(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return std::string(target);
    std::string out(target.substr(0, q + 1));
    std::string_view query = target.substr(q + 1);
    bool first = true;
    while (true) {
        const auto amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        const auto eq = param.find('=');
        if (!first) out.push_back('&');
        first = false;
        if (eq != std::string_view::npos && is_secret_name(param.substr(0, eq))) {
            out.append(param.substr(0, eq + 1));
            out.append("[REDACTED]");
        } else {
            out.append(param);
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

json::object BackendLogEntry::to_json() const {
    json::object out;
    out["timestamp"] = timestamp;
    out["atMs"] = at.count();
    out["method"] = method;
    out["target"] = wire::valid_utf8(target);  // raw request bytes must not make the JSON line invalid
    if (status != 0) out["status"] = status;
    if (failure != wire::TransportFailure::none) out["failure"] = wire::to_string(failure);
    if (!detail.empty()) out["detail"] = wire::valid_utf8(detail);
    if (!fault.empty()) out["fault"] = fault;
    if (delay > sim::Duration{0}) out["delay"] = sim::format_duration(delay);
    return out;
}

std::string BackendLogEntry::to_text() const {
    std::string out = timestamp + " " + method + " " + target + " -> ";
    if (failure != wire::TransportFailure::none) {
        out += std::string(wire::to_string(failure));
    } else {
        out += std::to_string(status) + " " + std::string(wire::reason_phrase(status));
    }
    if (!detail.empty()) out += ": " + one_line(detail);
    if (delay > sim::Duration{0}) out += " (after " + sim::format_duration(delay) + ")";
    if (!fault.empty()) out += " [injected fault " + fault + "]";
    return out;
}

void BackendLog::record(BackendLogEntry entry) {
    entry.target = redact_target(entry.target);
    entries_.push_back(std::move(entry));
    if (observer_) observer_(entries_.back());
    set_capacity(capacity_);
}

void BackendLog::set_capacity(std::size_t capacity) {
    capacity_ = capacity < 1 ? 1 : capacity;
    while (entries_.size() > capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
}

json::array BackendLog::to_json() const {
    json::array out;
    out.reserve(entries_.size());
    for (const auto& entry : entries_) out.push_back(entry.to_json());
    return out;
}

std::string BackendLog::to_jsonl() const {
    std::string out;
    for (const auto& entry : entries_) {
        out += json::serialize(entry.to_json());
        out.push_back('\n');
    }
    return out;
}

std::string BackendLog::to_text() const {
    std::string out;
    for (const auto& entry : entries_) {
        out += entry.to_text();
        out.push_back('\n');
    }
    return out;
}

}  // namespace oktasim::connectors::simapp
