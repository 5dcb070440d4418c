// The app server's admin endpoint under /_oktasim/ as pure request -> response code: a trainer breaks and mends the
// simulated app live (faults), and reads its accounts, backend log and state. Guarded by its own bearer token.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>
#include <oktasim/wire/message.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::simapp {

// Every admin route lives under this prefix, outside any SCIM base path.
inline constexpr std::string_view admin_prefix = "/_oktasim";

// True when `path` is the admin prefix itself or below it ("/_oktasim", "/_oktasim/faults"), not "/_oktasimx".
bool is_admin_path(std::string_view path) noexcept;

// Routes (all need "Authorization: Bearer <token>", else 401):
//   GET    /_oktasim/faults          the current faults, a JSON array in the scenario FAULT format
//   PUT    /_oktasim/faults          replaces them with a JSON array of FAULT objects (400 naming the JSON path)
//   POST   /_oktasim/faults          appends one FAULT object (201)
//   DELETE /_oktasim/faults          removes every fault (204)
//   GET    /_oktasim/accounts        the app's users as SCIM resources
//   GET    /_oktasim/log?format=F    the backend log, F = jsonl (default) or text
//   GET    /_oktasim/state           SimApp::snapshot(), stored passwords shown as "[REDACTED]";
//          /_oktasim/state?passwords=include   the same with the stored passwords in clear (for trainers)
// Errors carry the SCIM error schema, like the rest of the server. With an empty token the endpoint is disabled
// and every path under the prefix answers 404.
class AdminApi {
public:
    // Told about every change an admin request made ("faults replaced: 2 faults"), for the server's console.
    using Observer = std::function<void(std::string_view change)>;

    AdminApi(SimApp& app, std::string token) : app_(app), token_(std::move(token)) {}

    bool enabled() const noexcept { return !token_.empty(); }
    void set_observer(Observer observer) { observer_ = std::move(observer); }

    // The answer for a request under the admin prefix; nullopt for any other request (it belongs to the app).
    std::optional<wire::Response> handle(const wire::Request& request);

private:
    wire::Response route(const wire::Request& request, std::string_view resource);
    wire::Response faults(const wire::Request& request);
    wire::Response log(const wire::Request& request) const;
    bool authorized(const wire::Request& request) const;
    void notify(const std::string& change) const;

    SimApp& app_;
    std::string token_;
    Observer observer_;
};

}  // namespace oktasim::connectors::simapp
