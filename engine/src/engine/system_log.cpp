// System Log stamping and Okta-shaped JSON serialisation (keys in a fixed order, so output is byte-stable).
#include <oktasim/engine/system_log.hpp>

#include <boost/json/serialize.hpp>

namespace oktasim::engine {

const LogEvent& SystemLog::emit(LogEvent event) {
    event.uuid = ids_.event_uuid();
    event.at = loop_.now();
    event.published = loop_.timestamp();
    events_.push_back(std::move(event));
    return events_.back();
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
        {"authenticationContext", nullptr},
        {"displayMessage", e.display_message},
        {"eventType", e.event_type},
        {"outcome", json::object{{"result", e.outcome},
                                 {"reason", e.outcome_reason ? json::value(*e.outcome_reason) : json::value(nullptr)}}},
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
