// The admin endpoint's routing: bearer-token check, fault replacement with path-qualified errors, and read-only
// views of the simulated app (accounts, backend log, state). No sockets: the HTTP server calls handle().
#include <oktasim/connectors/simapp/admin_api.hpp>

#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/connectors/simapp/fault.hpp>
#include <oktasim/connectors/simapp/secret.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <cstddef>
#include <utility>
#include <vector>

namespace oktasim::connectors::simapp {
namespace {

constexpr std::string_view json_type = "application/json";

wire::Response respond(int status, std::string body, std::string_view content_type = json_type) {
    wire::Response response;
    response.status = status;
    response.reason = std::string(wire::reason_phrase(status));
    if (!body.empty() || status != 204) response.headers.push_back({"Content-Type", std::string(content_type)});
    response.headers.push_back({"Cache-Control", "no-store"});
    response.body = std::move(body);
    return response;
}

wire::Response respond_json(int status, const json::value& value) { return respond(status, json::serialize(value)); }

// The same error shape the SCIM side uses, so one client-side parser reads both.
wire::Response error(int status, const std::string& detail) {
    json::object body;
    body["schemas"] = json::array{json::string(urn::error)};
    body["detail"] = wire::valid_utf8(detail);  // it may echo a query parameter's raw bytes
    body["status"] = std::to_string(status);
    return respond_json(status, body);
}

wire::Response method_not_allowed(std::string_view method, std::string_view path, std::string_view allowed) {
    wire::Response response =
        error(405, "Method " + std::string(method) + " is not allowed on " + std::string(path) + " (allowed: " +
                       std::string(allowed) + ")");
    response.headers.push_back({"Allow", std::string(allowed)});
    return response;
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The decoded value of query parameter `name`; nullopt when absent or badly escaped.
std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    for (const wire::QueryPair& pair : wire::split_query(query))
        if (const auto key = wire::percent_decode(pair.name, true); key && *key == name)
            return wire::percent_decode(pair.value, true);
    return std::nullopt;
}

// Parses a request body as JSON; on failure `problem` says why, for a 400.
std::optional<json::value> body_json(const wire::Request& request, std::string_view expected, std::string& problem) {
    if (trim(request.body).empty()) {
        problem = "expected " + std::string(expected) + " in the request body, got an empty body";
        return std::nullopt;
    }
    boost::system::error_code ec;
    json::value value = json::parse(request.body, ec);
    if (ec) {
        problem = "/: the request body is not valid JSON: " + ec.message();
        return std::nullopt;
    }
    return value;
}

json::array faults_json(const FaultSet& faults) {
    json::array out;
    out.reserve(faults.faults().size());
    for (const Fault& fault : faults.faults()) out.push_back(to_json(fault));
    return out;
}

std::string count_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " fault" : " faults"); }

}  // namespace

bool is_admin_path(std::string_view path) noexcept {
    if (path.substr(0, admin_prefix.size()) != admin_prefix) return false;
    return path.size() == admin_prefix.size() || path[admin_prefix.size()] == '/';
}

std::optional<wire::Response> AdminApi::handle(const wire::Request& request) {
    const std::string_view path = request.path();
    if (!is_admin_path(path)) return std::nullopt;
    if (!enabled())
        return error(404, "No endpoint at " + std::string(path) + " (the admin endpoint is disabled)");
    if (!authorized(request)) {
        wire::Response denied = error(401, "The admin endpoint needs \"Authorization: Bearer <admin token>\"");
        denied.headers.push_back({"WWW-Authenticate", "Bearer realm=\"oktasim-admin\""});
        return denied;
    }
    std::string_view resource = path.substr(admin_prefix.size());
    if (!resource.empty()) resource.remove_prefix(1);  // the '/'
    return route(request, resource);
}

bool AdminApi::authorized(const wire::Request& request) const {
    const std::string_view got = trim(request.header("Authorization"));
    const auto space = got.find(' ');
    if (space == std::string_view::npos || !wire::iequals(got.substr(0, space), "Bearer")) return false;
    return same_secret(trim(got.substr(space + 1)), token_);
}

void AdminApi::notify(const std::string& change) const {
    if (observer_) observer_(change);
}

wire::Response AdminApi::route(const wire::Request& request, std::string_view resource) {
    const std::string_view path = request.path();
    const std::string& method = request.method;
    if (resource == "faults") return faults(request);
    if (resource == "accounts") {
        if (method != "GET") return method_not_allowed(method, path, "GET");
        json::array accounts;
        for (json::object& account : app_.accounts()) accounts.push_back(std::move(account));
        return respond_json(200, accounts);
    }
    if (resource == "log") {
        if (method != "GET") return method_not_allowed(method, path, "GET");
        return log(request);
    }
    if (resource == "state") {
        if (method != "GET") return method_not_allowed(method, path, "GET");
        // Stored passwords are the users' secrets: shown only when asked for by name (a trainer checking a push).
        const std::string passwords = query_param(request.query(), "passwords").value_or("redact");
        if (passwords != "redact" && passwords != "include")
            return error(400, "passwords: expected \"redact\" (the default) or \"include\", got \"" + passwords +
                                  "\"");
        return respond_json(200, app_.snapshot(passwords == "include" ? SimApp::Passwords::include
                                                                      : SimApp::Passwords::redact));
    }
    return error(404, "No admin endpoint at " + std::string(path) +
                          " (there are /_oktasim/faults, /_oktasim/accounts, /_oktasim/log and /_oktasim/state)");
}

wire::Response AdminApi::faults(const wire::Request& request) {
    const std::string& method = request.method;
    if (method == "GET") return respond_json(200, faults_json(app_.faults()));
    if (method == "DELETE") {
        const std::size_t had = app_.faults().faults().size();
        app_.clear_faults();
        notify("faults cleared (" + count_text(had) + " removed)");
        return respond(204, "");
    }
    std::string problem;
    if (method == "PUT") {
        const auto value = body_json(request, "a JSON array of fault objects", problem);
        if (!value) return error(400, problem);
        auto parsed = parse_faults(*value, "", problem);
        if (!parsed) return error(400, problem);
        const std::size_t count = parsed->size();
        app_.set_faults(std::move(*parsed));
        notify("faults replaced: " + count_text(count));
        return respond_json(200, faults_json(app_.faults()));
    }
    if (method == "POST") {
        const auto value = body_json(request, "a fault object", problem);
        if (!value) return error(400, problem);
        auto parsed = parse_fault(*value, "", problem);
        if (!parsed) return error(400, problem);
        const std::string name = parsed->name.empty() ? std::to_string(app_.faults().faults().size())
                                                      : "\"" + parsed->name + "\"";
        app_.add_fault(std::move(*parsed));
        notify("fault " + name + " added: now " + count_text(app_.faults().faults().size()));
        return respond_json(201, faults_json(app_.faults()));
    }
    return method_not_allowed(method, request.path(), "GET, PUT, POST, DELETE");
}

// The log keeps its last entries only (BackendLog is a ring): the headers always say how many went, and once some
// did, the body starts with a line saying so, so a reader never takes the tail for the whole story.
wire::Response AdminApi::log(const wire::Request& request) const {
    const BackendLog& log = app_.backend_log();
    const std::string format = query_param(request.query(), "format").value_or("jsonl");
    std::string head;
    if (log.dropped() > 0 && format == "jsonl")
        head = json::serialize(json::object{{"dropped", log.dropped()}, {"capacity", log.capacity()}}) + "\n";
    if (log.dropped() > 0 && format == "text")
        head = "(" + std::to_string(log.dropped()) + " earlier entries dropped: the log keeps the last " +
               std::to_string(log.capacity()) + ")\n";
    wire::Response response;
    if (format == "jsonl") response = respond(200, head + log.to_jsonl(), "application/x-ndjson");
    else if (format == "text") response = respond(200, head + log.to_text(), "text/plain; charset=utf-8");
    else return error(400, "format: expected \"jsonl\" or \"text\", got \"" + format + "\"");
    response.headers.push_back({"X-Oktasim-Log-Dropped", std::to_string(log.dropped())});
    response.headers.push_back({"X-Oktasim-Log-Capacity", std::to_string(log.capacity())});
    return response;
}

}  // namespace oktasim::connectors::simapp
