// Performing a scenario's action steps (typed commands) on its running org, and the run's projections.
#include <oktasim/runner/world.hpp>
#include <oktasim/wire/har.hpp>
#include <oktasim/wire/redact.hpp>

#include <boost/json/parse.hpp>

#include <map>

namespace oktasim::runner {
namespace {

tenant::TenantOptions tenant_options(const Scenario& scenario, std::uint64_t seed, bool over_http) {
    tenant::TenantOptions o;
    o.seed = seed;
    o.start_unix_ms = scenario.start_unix_ms;
    o.serve_over_http = over_http;
    return o;
}

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed, bool over_http)
    : tenant_(scenario, tenant_options(scenario, seed, over_http)) {}

error_code World::perform(const Step& step, std::string& why) { return step.command->run(tenant_, why); }

json::array World::request_summary() const {
    json::array out;
    for (const auto& x : wire().exchanges()) {
        json::object r{{"app", x.app}, {"method", x.request.method}, {"target", x.request.target}};
        boost::system::error_code ec;
        const json::value body = json::parse(x.request.body, ec);
        r["body"] = ec ? json::value(x.request.body) : body;
        if (x.delivery.response) r["status"] = x.delivery.response->status;
        else r["failure"] = "no response";  // refused in process reads as reset over a socket; Okta shows both as "null"
        out.push_back(std::move(r));
    }
    return out;
}

json::object World::final_state() const {
    json::array tasks, app_users;
    for (const auto& t : org().tasks)
        tasks.push_back(json::object{{"app", t.app_key}, {"user", t.user_id}, {"kind", engine::to_string(t.kind)},
                                     {"message", t.message}, {"status", engine::to_string(t.status)},
                                     {"attempts", t.attempts}});
    for (const auto& [key, au] : org().app_users)
        app_users.push_back(json::object{{"app", au.app_key}, {"user", au.user_id}, {"status", engine::to_string(au.status)},
                                         {"syncState", engine::to_string(au.sync_state)},
                                         {"externalId", au.external_id ? json::value(*au.external_id) : nullptr}});
    return json::object{{"tasks", std::move(tasks)}, {"appUsers", std::move(app_users)}};
}

std::string World::transcript() const {
    std::string out;
    for (const auto& x : wire().exchanges()) {
        out += "# " + loop().wall_clock().timestamp(x.at) + " app=" + x.app + "\n";
        out += "> " + x.request.method + " " + x.request.target + " HTTP/1.1\n";
        for (const auto& h : wire::redact(x.request.headers)) out += "> " + h.name + ": " + h.value + "\n";
        if (!x.request.body.empty()) out += ">\n> " + wire::redact_body(x.request.body) + "\n";
        if (const auto& r = x.delivery.response) {
            out += "< HTTP/1.1 " + std::to_string(r->status) + " " + r->reason + "\n";
            for (const auto& h : wire::redact(r->headers)) out += "< " + h.name + ": " + h.value + "\n";
            if (!r->body.empty()) out += "<\n< " + wire::redact_body(r->body) + "\n";
        } else {
            out += "< (no response: " + std::string(wire::to_string(x.delivery.failure)) + ")\n";
        }
        out += "\n";
    }
    return out;
}

json::object World::har(const std::string& creator_version) const {
    // The scheme and authority of each app's connector, once (a plugin's calls have no URL: plugin://<app>).
    std::map<std::string, std::string, std::less<>> origins;
    for (const auto& app : org().apps) {
        std::string origin = "plugin://" + app->key;
        if (const json::value* url = app->connector_config.if_contains("baseUrl"); url && url->is_string()) {
            const std::string_view u = url->as_string();
            if (const auto scheme = u.find("://"); scheme != std::string_view::npos)
                origin = std::string(u.substr(0, u.find('/', scheme + 3)));
        }
        origins.emplace(app->key, std::move(origin));
    }
    const auto origin_of = [&](std::string_view app_key) -> std::string {
        const auto it = origins.find(app_key);
        return it != origins.end() ? it->second : "plugin://" + std::string(app_key);
    };
    return wire::to_har(wire().exchanges(), loop().wall_clock(), wire::HarCreator{"oktasim", creator_version}, origin_of);
}

}  // namespace oktasim::runner
