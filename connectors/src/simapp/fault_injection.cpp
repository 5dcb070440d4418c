// Scripted faults layered over normal handling: a refused or reset connection, or the response reshaped
// (status, body, headers, delay) before or after the app processed the request.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "response.hpp"
#include "scim11_face.hpp"

namespace oktasim::connectors::simapp {

using namespace detail;

namespace {

// Applies a processed-or-not fault response on top of `outcome` (see FaultResponse for the rules). An error the
// fault describes by status and detail takes the app's SCIM version's shape; a scripted body is sent as written.
void shape_response(const FaultResponse& r, bool processed, ScimVersion version, Outcome& outcome) {
    wire::Response& response = outcome.response;
    if (r.status) {
        response.status = *r.status;
        response.reason = std::string(wire::reason_phrase(*r.status));
    }
    const int status = response.status;
    if (r.status || r.body || r.empty_body) outcome.detail = r.detail.value_or("");
    if (r.empty_body || status == 204 || status == 304) {
        clear_body(response);
    } else if (r.body) {
        response.body = *r.body;
        wire::set_header(response.headers, "Content-Type", r.content_type.value_or(std::string(scim_content_type)));
    } else if (r.detail || (r.status && status >= 400)) {
        outcome.detail = r.detail.value_or(std::string(wire::reason_phrase(status)));
        set_json_body(response, error_body(status, outcome.detail, r.scim_type.value_or("")));
        if (version == ScimVersion::v1_1) outcome_to_v11(outcome);
    } else if (!processed) {
        clear_body(response);
    }
    if (r.content_type && !response.body.empty()) wire::set_header(response.headers, "Content-Type", *r.content_type);
    if (r.retry_after) wire::set_header(response.headers, "Retry-After", *r.retry_after);
    if (status < 200 || status >= 300) erase_header(response.headers, "Location");
}

}  // namespace

wire::Delivery SimApp::inject(const FaultSet::Selection& selection, std::optional<Outcome> processed,
                              BackendLogEntry& entry) const {
    const FaultResponse& r = selection.fault->respond;
    wire::Delivery delivery;
    delivery.elapsed = r.delay.value_or(sim::Duration{0});
    entry.fault = selection.label;
    entry.delay = delivery.elapsed;
    if (r.refuse || r.reset) {
        delivery.failure =
            r.refuse ? wire::TransportFailure::connection_refused : wire::TransportFailure::connection_reset;
        delivery.failure_text = r.refuse ? "Connection refused" : "Connection reset by peer";
        entry.failure = delivery.failure;
        if (processed)
            entry.detail = "processed as " + std::to_string(processed->response.status) +
                           " before the connection was reset";
        return delivery;
    }
    const bool was_processed = processed.has_value();
    Outcome outcome = was_processed ? std::move(*processed) : make_outcome(r.status.value_or(200));
    shape_response(r, was_processed, config_.scim_version, outcome);
    wire::set_header(outcome.response.headers, std::string(fault_header), selection.label);
    entry.status = outcome.response.status;
    entry.detail = outcome.detail;
    delivery.response = std::move(outcome.response);
    return delivery;
}

}  // namespace oktasim::connectors::simapp
