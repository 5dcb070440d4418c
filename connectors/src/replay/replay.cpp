// The replay connector: a HAR recording read into SCIM exchanges, a transport that answers each request with the
// recorded response while the requests match the recording, and the factory that puts Okta's SCIM client over it.
#include <oktasim/connectors/replay/replay.hpp>
#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace oktasim::connectors::replay {
namespace {

namespace json = boost::json;

std::string str(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool fail(engine::Problem& problem, std::string path, std::string message) {
    problem = {std::move(path), std::move(message), make_error_code(scenario_errc::bad_value)};
    return false;
}

// The target (path and query) of an absolute URL; nullopt when it is not one.
std::optional<std::string> target_of(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::nullopt;
    const auto path = url.find('/', scheme + 3);
    if (path == std::string_view::npos) return std::string("/");
    const auto fragment = url.find('#', path);
    return std::string(url.substr(path, fragment == std::string_view::npos ? std::string_view::npos : fragment - path));
}

std::vector<wire::Header> headers_of(const json::value* v) {
    std::vector<wire::Header> out;
    if (!v || !v->is_array()) return out;
    for (const auto& h : v->as_array())
        if (h.is_object()) out.push_back({str(h.as_object(), "name"), str(h.as_object(), "value")});
    return out;
}

// The query's decoded pairs, for comparison.
std::vector<std::pair<std::string, std::string>> pairs_of(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : wire::split_query(query))
        out.emplace_back(wire::percent_decode(p.name, true).value_or(std::string(p.name)),
                         wire::percent_decode(p.value, true).value_or(std::string(p.value)));
    return out;
}

// Whether `actual` matches `recorded`, a recorded "[REDACTED]" standing for any value; the first JSON pointer that
// differs goes to `where`.
bool same_json(const json::value& recorded, const json::value& actual, std::string path, std::string& where) {
    if (recorded.is_string() && recorded.as_string() == "[REDACTED]") return true;
    if (recorded.is_object() && actual.is_object()) {
        const auto& r = recorded.as_object();
        const auto& a = actual.as_object();
        for (const auto& [k, v] : r) {
            const json::value* other = a.if_contains(k);
            if (!other) return where = path + "/" + std::string(k) + " is missing", false;
            if (!same_json(v, *other, path + "/" + std::string(k), where)) return false;
        }
        for (const auto& [k, v] : a)
            if (!r.contains(k)) return where = path + "/" + std::string(k) + " was not recorded", false;
        return true;
    }
    if (recorded.is_array() && actual.is_array()) {
        const auto& r = recorded.as_array();
        const auto& a = actual.as_array();
        if (r.size() != a.size())
            return where = (path.empty() ? "/" : path) + " has " + std::to_string(a.size()) + " elements, recorded " +
                           std::to_string(r.size()),
                   false;
        for (std::size_t i = 0; i < r.size(); ++i)
            if (!same_json(r[i], a[i], path + "/" + std::to_string(i), where)) return false;
        return true;
    }
    if (recorded == actual) return true;
    where = (path.empty() ? "/" : path) + ": recorded " + json::serialize(recorded) + ", got " + json::serialize(actual);
    return false;
}

// Shared by the transports of one connector: the recording and how far the run has got.
struct State {
    std::vector<Recorded> recorded;
    std::size_t next = 0;
    std::string diverged;  // the first divergence; every later request is refused with it
};

class ReplayTransport final : public engine::Transport {
public:
    explicit ReplayTransport(std::shared_ptr<State> state) : state_(std::move(state)) {}

    asio::awaitable<wire::Delivery> send(wire::Request request) override {
        State& s = *state_;
        if (s.diverged.empty()) {
            if (s.next >= s.recorded.size()) {
                s.diverged = "request " + std::to_string(s.next + 1) + " was not recorded (the recording has " +
                             std::to_string(s.recorded.size()) + " SCIM requests): got " + request.method + " " +
                             request.target;
            } else {
                s.diverged = divergence(s.recorded[s.next], request, s.next);
            }
        }
        if (!s.diverged.empty()) co_return refusal(s.diverged);
        const Recorded& r = s.recorded[s.next++];
        wire::Delivery d;
        if (r.response) d.response = r.response;
        else d.failure = r.failure;
        d.elapsed = r.elapsed;
        co_return d;
    }

    std::vector<std::string> problems() const override {
        const State& s = *state_;
        if (!s.diverged.empty()) return {"replay diverged: " + s.diverged};
        if (s.next < s.recorded.size())
            return {"replay: " + std::to_string(s.recorded.size() - s.next) +
                    " recorded SCIM requests were not made, the first being request " + std::to_string(s.next + 1) +
                    " (" + s.recorded[s.next].request.method + " " + s.recorded[s.next].request.target + ", HAR entry " +
                    std::to_string(s.recorded[s.next].entry) + ")"};
        return {};
    }

private:
    // What a diverging request gets: a 500 whose SCIM detail is the divergence, so the task says it too.
    static wire::Delivery refusal(const std::string& why) {
        wire::Response r;
        r.status = 500;
        r.reason = "Replay Divergence";
        r.headers.push_back({"Content-Type", "application/scim+json"});
        r.body = json::serialize(json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:Error"}},
                                              {"detail", why},
                                              {"status", "500"}});
        wire::Delivery d;
        d.response = std::move(r);
        return d;
    }

    std::shared_ptr<State> state_;
};

// The scim2 config inside a replay config: everything but "har".
json::object scim_part(const json::object& config) {
    json::object out = config;
    out.erase("har");
    out["type"] = scim::connector_type;
    return out;
}

class ReplayFactory final : public engine::ConnectorFactory {
public:
    bool validate(const json::object& config, engine::Problem& problem) const override {
        return load(config, "", problem).has_value();
    }

    result<std::unique_ptr<engine::Connector>> create(const json::object& config, engine::ConnectorContext context,
                                                      engine::Problem& problem) const override {
        auto loaded = load(config, context.app_key, problem);
        if (!loaded) return make_error_code(scenario_errc::bad_value);
        auto state = std::make_shared<State>();
        state->recorded = std::move(loaded->recorded);
        scim::ScimConfig& c = loaded->client;
        // One recording for the app's origin and a token endpoint elsewhere alike: the order is the run's.
        return std::unique_ptr<engine::Connector>(std::make_unique<scim::ScimConnector>(
            std::move(c.endpoint), std::move(c.auth), std::make_unique<ReplayTransport>(state), context.loop,
            context.recorder, context.app_key, std::make_unique<ReplayTransport>(state), c.incremental_import));
    }

    std::string_view description() const noexcept override {
        return "Okta's SCIM 2.0 client over a HAR recording (--record): {\"har\": FILE, and the scim2 keys}";
    }
    std::optional<engine::Capabilities> declared_capabilities() const override {
        return scim::capabilities(false);
    }

private:
    struct Loaded {
        scim::ScimConfig client;         // the scim2 part of the config
        std::vector<Recorded> recorded;  // the recording, read for its base path
    };

    // The config's scim2 part and the recording it names, read for the config's base path and, when the recording
    // names apps, for `app_key`'s entries ("" when a scenario is only checked: every app's).
    static std::optional<Loaded> load(const json::object& config, std::string_view app_key, engine::Problem& problem) {
        const json::value* har = config.if_contains("har");
        if (!har || !har->is_string() || har->as_string().empty()) {
            fail(problem, "/har", std::string(har ? "expected a file name" : "missing") +
                                      "; expected the HAR file to replay (oktasim run --record writes one)");
            return std::nullopt;
        }
        auto parsed = scim::parse_scim_config(scim_part(config), problem);
        if (!parsed) return std::nullopt;
        engine::Problem p;
        auto recorded = read_har(std::string(har->as_string()), parsed->endpoint.base_path, app_key, p);
        if (!recorded) {
            fail(problem, "/har", p.to_string());
            return std::nullopt;
        }
        return Loaded{std::move(*parsed), std::move(*recorded)};
    }
};

}  // namespace

std::optional<std::vector<Recorded>> read_har(const std::string& file, std::string_view base_path,
                                              std::string_view app_key, engine::Problem& problem) {
    std::error_code fs_error;
    const auto size = std::filesystem::is_regular_file(file, fs_error) ? std::filesystem::file_size(file, fs_error)
                                                                       : std::uintmax_t{0};
    if (fs_error || !std::filesystem::is_regular_file(file, fs_error))
        return fail(problem, "", "cannot read " + file + " (expected a HAR file)"), std::nullopt;
    constexpr std::uintmax_t max_har_bytes = 512ull << 20;
    if (size > max_har_bytes)
        return fail(problem, "", file + " is " + std::to_string(size) + " bytes; a recording may have at most " +
                                     std::to_string(max_har_bytes) + " (512 MiB)"),
               std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(problem, "", "cannot read " + file), std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec) return fail(problem, "", file + " is not JSON: " + ec.message()), std::nullopt;
    const json::value* entries = doc.is_object() && doc.as_object().contains("log") && doc.at("log").is_object()
                                     ? doc.at("log").as_object().if_contains("entries")
                                     : nullptr;
    if (!entries || !entries->is_array())
        return fail(problem, "/log/entries", file + ": expected a HAR 1.2 log with an entries array"), std::nullopt;
    // Entries of this app, when the recording names apps and this app is among them.
    // A recording that names apps is read for this app only (another app's requests are not this one's).
    bool app_named = false;
    for (const auto& e : entries->as_array())
        if (e.is_object() && e.as_object().contains("_app") && !app_key.empty()) app_named = true;
    std::vector<Recorded> out;
    for (std::size_t i = 0; i < entries->as_array().size(); ++i) {
        const std::string at = "/log/entries/" + std::to_string(i);
        const json::value& e = entries->as_array()[i];
        const json::object* rq = e.is_object() && e.as_object().contains("request") && e.at("request").is_object()
                                     ? &e.at("request").as_object()
                                     : nullptr;
        if (!rq) return fail(problem, at + "/request", file + ": expected a request object"), std::nullopt;
        if (app_named && str(e.as_object(), "_app") != app_key) continue;
        const std::string url = str(*rq, "url");
        if (url.starts_with("data:") || url.starts_with("blob:") || url.starts_with("about:")) continue;  // a browser's
        const auto target = target_of(url);
        if (!target) return fail(problem, at + "/request/url", file + ": expected an absolute URL"), std::nullopt;
        const std::string path = target->substr(0, target->find('?'));
        if (!base_path.empty() && path != base_path && !path.starts_with(std::string(base_path) + "/")) continue;
        Recorded r;
        r.entry = i;
        if (const json::value* t = e.as_object().if_contains("time"); t && t->is_number())
            r.elapsed = sim::Duration(static_cast<std::int64_t>(
                std::clamp(t->to_number<double>(), 0.0, static_cast<double>(sim::max_duration.count()))));
        r.request.method = str(*rq, "method");
        r.request.target = *target;
        r.request.headers = headers_of(rq->if_contains("headers"));
        if (const json::value* post = rq->if_contains("postData"); post && post->is_object())
            r.request.body = str(post->as_object(), "text");
        const json::value* rs = e.as_object().if_contains("response");
        if (!rs || !rs->is_object()) return fail(problem, at + "/response", file + ": expected a response object"), std::nullopt;
        const json::object& ro = rs->as_object();
        const json::value* status = ro.if_contains("status");
        const bool integral = status && (status->is_int64() || status->is_uint64());
        const std::int64_t code = status && status->is_int64() ? status->as_int64() : -1;
        if (!integral || code < 0 || (code != 0 && (code < 100 || code > 599)))
            return fail(problem, at + "/response/status", file + ": expected 0 (no response) or an HTTP status 100-599"),
                   std::nullopt;
        if (code == 0) {  // no response: the failure oktasim recorded ("_failure"), else a refused connection
            const std::string failure = str(e.as_object(), "_failure");
            for (const auto f : {wire::TransportFailure::connection_reset, wire::TransportFailure::timeout,
                                 wire::TransportFailure::tls})
                if (failure == wire::to_string(f)) r.failure = f;
        } else {
            wire::Response resp;
            resp.status = static_cast<int>(code);
            resp.reason = str(ro, "statusText");
            resp.headers = headers_of(ro.if_contains("headers"));
            if (const json::value* c = ro.if_contains("content"); c && c->is_object()) {
                resp.body = str(c->as_object(), "text");
                if (str(c->as_object(), "encoding") == "base64") {
                    auto decoded = wire::base64_decode(resp.body);
                    if (!decoded) return fail(problem, at + "/response/content/text", file + ": not base64"), std::nullopt;
                    resp.body = std::move(*decoded);
                }
            }
            // The body is as the recording holds it, already decoded: a Content-Encoding would not apply again.
            std::erase_if(resp.headers, [](const wire::Header& h) { return wire::iequals(h.name, "Content-Encoding") ||
                                                                           wire::iequals(h.name, "Content-Length"); });
            r.response = std::move(resp);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string divergence(const Recorded& expected, const wire::Request& actual, std::size_t index) {
    const wire::Request& e = expected.request;
    const std::string head = "request " + std::to_string(index + 1) + " (HAR entry " + std::to_string(expected.entry) +
                             ") differs: ";
    if (e.method != actual.method || e.path() != actual.path())
        return head + "expected " + e.method + " " + std::string(e.path()) + ", got " + actual.method + " " +
               std::string(actual.path());
    if (pairs_of(e.query()) != pairs_of(actual.query()))
        return head + "expected query " + std::string(e.query()) + ", got " + std::string(actual.query()) + " (" +
               actual.method + " " + std::string(actual.path()) + ")";
    if (e.body.empty() && actual.body.empty()) return "";
    boost::system::error_code ec1, ec2;
    const json::value eb = json::parse(e.body, ec1);
    const json::value ab = json::parse(actual.body, ec2);
    std::string where;
    if (!ec1 && !ec2) {
        if (same_json(eb, ab, "", where)) return "";
        return head + "the " + actual.method + " " + std::string(actual.path()) + " body differs at " + where +
               "\n  expected: " + e.body + "\n  actual:   " + wire::redact_body(actual.body);
    }
    if (e.body == actual.body) return "";
    return head + "the " + actual.method + " " + std::string(actual.path()) + " body differs\n  expected: " + e.body +
           "\n  actual:   " + wire::redact_body(actual.body);
}

std::unique_ptr<engine::ConnectorFactory> make_factory() { return std::make_unique<ReplayFactory>(); }

}  // namespace oktasim::connectors::replay
