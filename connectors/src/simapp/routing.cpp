// Request handling: the base path, the backend log entry, faults around serving, authentication (every
// credential compared in constant time), the SCIM 1.1 face and routing to the resource and discovery endpoints.
#include <oktasim/connectors/simapp/sim_app.hpp>

#include "response.hpp"
#include "scim11_face.hpp"
#include "scim_json.hpp"

#include <oktasim/connectors/simapp/secret.hpp>
#include <oktasim/wire/text.hpp>

namespace oktasim::connectors::simapp {

using namespace detail;

namespace {

// Non-empty path segments, percent-decoded; nullopt on a malformed escape.
std::optional<std::vector<std::string>> split_segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (segment.empty()) continue;
        auto decoded = wire::percent_decode(segment);
        if (!decoded) return std::nullopt;
        out.push_back(std::move(*decoded));
    }
    return out;
}

std::string www_authenticate(const AuthConfig& auth) {
    std::string scheme = auth.kind == AuthConfig::Kind::basic ? "Basic" : "Bearer";
    if (auth.kind == AuthConfig::Kind::header && auth.header.find(' ') != std::string::npos)
        scheme = auth.header.substr(0, auth.header.find(' '));
    return scheme + " realm=\"scim\"";
}

// The scheme word of an Authorization value and the credentials after it; no scheme when there is no space.
std::pair<std::string_view, std::string_view> split_scheme(std::string_view value) {
    const auto space = value.find(' ');
    if (space == std::string_view::npos) return {{}, value};
    return {value.substr(0, space), trim(value.substr(space + 1))};
}

}  // namespace

std::optional<std::string> SimApp::relative_path(std::string_view path) const {
    const std::string_view base = config_.base_path;
    if (path.substr(0, base.size()) != base) return std::nullopt;
    const std::string_view rest = path.substr(base.size());
    if (!rest.empty() && rest.front() != '/') return std::nullopt;  // "/scim/v2x" is not under "/scim/v2"
    return std::string(rest);
}

wire::Delivery SimApp::handle(const wire::Request& request, sim::TimePoint now) {
    const auto relative = relative_path(request.path());
    const auto selection = faults_.select(request.method, relative);
    BackendLogEntry entry;
    entry.at = now;
    entry.timestamp = wall_.timestamp(now);
    entry.method = request.method;
    entry.target = request.target;
    wire::Delivery delivery;
    if (selection && !selection->fault->respond.processes()) {
        delivery = inject(*selection, std::nullopt, entry);
    } else {
        Outcome outcome = config_.scim_version == ScimVersion::v1_1 ? serve_v11(request, relative, now)
                                                                     : serve(request, relative, now);
        if (selection) {
            delivery = inject(*selection, std::move(outcome), entry);
        } else {
            entry.status = outcome.response.status;
            entry.detail = std::move(outcome.detail);
            delivery.response = std::move(outcome.response);
        }
    }
    if (delivery.response)
        encode_response_body(*delivery.response, request.header("Accept-Encoding"), config_.compress_responses);
    log_.record(std::move(entry));
    return delivery;
}

SimApp::Outcome SimApp::serve(const wire::Request& request, const std::optional<std::string>& relative,
                              sim::TimePoint now) {
    if (config_.oauth && request.path() == config_.oauth->token_path) return token_endpoint(request);
    // A wrong base URL never reaches the SCIM handler, so it is not even asked for credentials.
    if (!relative) {
        // The web framework in front of the SCIM handler answers, in its own (non-SCIM) shape: this is what a
        // wrong base URL looks like to Okta, and why its look-up fails instead of reading "no such user".
        const std::string message = "No route for " + request.method + " " + std::string(request.path());
        Outcome outcome = json_outcome(404, json::object{{"error", "Not Found"}, {"message", message}, {"status", 404}});
        wire::set_header(outcome.response.headers, "Content-Type", "application/json");
        outcome.detail = message + " (the SCIM base path is " + (config_.base_path.empty() ? "/" : config_.base_path) + ")";
        return outcome;
    }
    if (auto denied = check_auth(request)) return std::move(*denied);
    const auto segments = split_segments(*relative);
    if (!segments) return scim_error(404, "Malformed path " + std::string(request.path()));
    if (segments->empty()) return scim_error(404, "No resource at the SCIM base path");
    const std::string& head = segments->front();
    if (head == "Users") return route_resources(Kind::user, *segments, request, now);
    if (head == "Groups") return route_resources(Kind::group, *segments, request, now);
    const bool v11 = config_.scim_version == ScimVersion::v1_1;
    if (head == (v11 ? "ServiceProviderConfigs" : "ServiceProviderConfig") || head == "Schemas" ||
        head == "ResourceTypes")
        return route_discovery(*segments, request);
    return scim_error(404, "Unknown endpoint /" + head);
}

SimApp::Outcome SimApp::serve_v11(const wire::Request& request, const std::optional<std::string>& relative,
                                  sim::TimePoint now) {
    wire::Request translated = request;
    std::optional<Outcome> refused = relative ? request_from_v11(translated, *relative) : std::nullopt;
    Outcome outcome;
    if (!refused) {
        outcome = serve(translated, relative, now);
    } else if (auto denied = check_auth(request)) {
        outcome = std::move(*denied);  // credentials are checked before the body, as for 2.0
    } else {
        outcome = std::move(*refused);
    }
    outcome_to_v11(outcome);
    return outcome;
}

std::optional<SimApp::Outcome> SimApp::check_auth(const wire::Request& request) const {
    if (auth_.kind == AuthConfig::Kind::none) return std::nullopt;
    const std::string_view got = trim(request.header("Authorization"));
    const std::string expected = auth_.expected_authorization();
    const auto [scheme, credentials] = split_scheme(got);
    // Every credential is compared with same_secret (constant time over a digest), the scheme word as text.
    bool ok = false;
    if (auth_.kind == AuthConfig::Kind::header) {
        ok = same_secret(got, trim(expected));
    } else {
        const auto [want_scheme, want_credentials] = split_scheme(expected);
        const bool same_credentials = same_secret(credentials, want_credentials);
        ok = iequals(scheme, want_scheme) && same_credentials;
    }
    if (ok) return std::nullopt;
    Outcome denied = scim_error(401, config_.auth_error_detail);
    // The log says why without repeating the credential: the scheme word is safe, the rest is not.
    denied.detail += got.empty()         ? " (no Authorization header)"
                     : scheme.empty()    ? " (an Authorization value without a scheme that does not match)"
                                         : " (" + std::string(scheme) + " credentials that do not match)";
    wire::set_header(denied.response.headers, "WWW-Authenticate", www_authenticate(auth_));
    return denied;
}

SimApp::Outcome SimApp::route_resources(Kind kind, const std::vector<std::string>& segments,
                                        const wire::Request& request, sim::TimePoint now) {
    const std::string& method = request.method;
    if (segments.size() == 1) {
        if (method == "GET") return list(kind, request);
        if (method == "POST") return create(kind, request, now);
        return method_not_allowed(method, "GET, POST");
    }
    if (segments.size() != 2) return scim_error(404, "Unknown endpoint " + std::string(request.path()));
    const std::string& id = segments[1];
    if (method == "GET") return get(kind, id);
    if (method == "PUT") return replace(kind, id, request, now);
    if (method == "DELETE") return remove(kind, id, now);
    if (method == "PATCH" && config_.quirks.no_patch) return scim_error(501, "PATCH is not supported");
    if (method == "PATCH") return patch(kind, id, request, now);
    return method_not_allowed(method, config_.quirks.no_patch ? "GET, PUT, DELETE" : "GET, PUT, PATCH, DELETE");
}

}  // namespace oktasim::connectors::simapp
