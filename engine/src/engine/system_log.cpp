// System Log stamping and Okta-shaped JSON serialisation (keys in a fixed order, so output is byte-stable).
#include <oktasim/engine/system_log.hpp>

#include <boost/json/serialize.hpp>

namespace oktasim::engine {
namespace {

// The byte length of the first `max_chars` characters of UTF-8 `text` (all of it when shorter).
std::size_t utf8_prefix(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
        if (chars == max_chars) return i;
        ++chars;
    }
    return text.size();
}

std::string_view reason_of(std::string_view full) { return full.substr(0, utf8_prefix(full, log_reason_max_chars)); }

}  // namespace

const LogEvent& SystemLog::emit(LogEvent event) {
    // §6.1: outcome.reason holds at most 255 characters (to_json cuts it); the whole text goes into debugData.
    if (event.outcome_reason && utf8_prefix(*event.outcome_reason, log_reason_max_chars) < event.outcome_reason->size())
        event.debug_data[log_full_reason_key] = *event.outcome_reason;
    event.uuid = ids_.event_uuid();
    event.at = loop_.now();
    event.published = loop_.timestamp();
    LogEvent& kept = retain_ ? events_.emplace_back(std::move(event)) : (last_ = std::move(event));
    if (feed_) feed_->log_event(kept);
    return kept;
}

json::object SystemLog::to_json(const LogEvent& e) {
    json::array targets;
    for (const auto& t : e.targets) {
        targets.push_back(json::object{{"id", t.id},
                                       {"type", t.type},
                                       {"alternateId", t.alternate_id},
                                       {"displayName", t.display_name},
                                       {"detailEntry", nullptr}});
    }
    return json::object{
        {"actor", json::object{{"id", e.actor.id},
                               {"type", e.actor.type},
                               {"alternateId", e.actor.alternate_id},
                               {"displayName", e.actor.display_name},
                               {"detailEntry", nullptr}}},
        {"client", json::object{{"userAgent", nullptr}, {"zone", nullptr}, {"device", nullptr}, {"id", nullptr},
                                {"ipAddress", nullptr}, {"geographicalContext", nullptr}}},
        {"device", nullptr},
        {"authenticationContext", nullptr},
        {"displayMessage", e.display_message},
        {"eventType", e.event_type},
        {"outcome", json::object{{"result", e.outcome},
                                 {"reason", e.outcome_reason ? json::value(reason_of(*e.outcome_reason)) : json::value(nullptr)}}},
        {"published", e.published},
        {"securityContext", nullptr},
        {"severity", e.severity},
        {"debugContext", json::object{{"debugData", e.debug_data}}},
        {"legacyEventType", e.legacy_event_type.empty() ? json::value(nullptr) : json::value(e.legacy_event_type)},
        {"transaction", json::object{{"type", e.transaction_type},
                                     {"id", e.transaction_id},
                                     {"detail", json::object{}}}},
        {"uuid", e.uuid},
        {"version", "0"},
        {"request", json::object{{"ipChain", json::array{}}}},
        {"target", std::move(targets)},
    };
}

std::string SystemLog::to_jsonl() const {
    std::string out;
    for (const auto& e : events_) {
        out += json::serialize(to_json(e));
        out += '\n';
    }
    return out;
}

}  // namespace oktasim::engine
