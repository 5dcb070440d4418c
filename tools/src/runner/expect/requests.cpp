// The "requests" expectation: exactly the SCIM requests sent since the previous one (or the start), in order, each
// matching its matcher (method, path, target, query, headers, JSON body subset, response status or failure).
#include "expect.hpp"

#include <oktasim/connectors/plugin/plugin.hpp>
#include <oktasim/runner/expectations.hpp>
#include <oktasim/runner/world.hpp>

#include <oktasim/wire/message.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace oktasim::runner {
namespace {

// A query parameter's or header's expected text: non-string values as their JSON text; "$absent": not sent.
using Expected = std::vector<std::pair<std::string, std::string>>;

struct RequestMatcher {
    std::optional<AppRef> app;
    std::string method;
    std::optional<std::string> path, target;
    Expected query, headers;
    std::optional<json::value> body;  // subset-matches the JSON request body
    std::optional<std::int64_t> status;
    std::optional<std::string> failure;

    std::string differs(const wire::Exchange& x, const tenant::Tenant& t) const;
};

std::string RequestMatcher::differs(const wire::Exchange& x, const tenant::Tenant& t) const {
    const auto& r = x.request;
    std::string why;
    const auto field = [&](std::string_view key, const std::optional<std::string>& expected, std::string_view actual) {
        if (expected && why.empty() && *expected != actual)
            why = std::string(key) + ": expected " + quoted(*expected) + ", got " + quoted(actual);
    };
    if (app && why.empty() && app->key(t) != x.app) why = "app: expected " + quoted(app->written) + ", got " + quoted(x.app);
    field("method", method, r.method);
    field("path", path, r.path());
    field("target", target, r.target);
    for (std::size_t i = 0; i < query.size() && why.empty(); ++i) {
        const auto& [k, expected] = query[i];
        std::string actual;
        bool present = false;
        for (const wire::QueryPair& pair : wire::split_query(r.query())) {
            if (pair.name != std::string_view(k)) continue;
            present = true;
            actual = wire::percent_decode(pair.value).value_or("");
        }
        if (expected == "$absent") {
            if (present)
                why = "query " + k + ": expected no such parameter, got " +
                      (wire::is_secret_field(k) ? secret(actual) : quoted(actual));
            continue;
        }
        if (!present || actual != expected) {
            const bool hide = wire::is_secret_field(k);
            why = "query " + k + ": " +
                  (hide && present ? secret_mismatch(secret(expected), secret(actual))
                                   : "expected " + (hide ? secret(expected) : quoted(expected)) + ", got " +
                                         (present ? quoted(actual) : std::string("nothing")));
        }
    }
    for (std::size_t i = 0; i < headers.size() && why.empty(); ++i) {
        const auto& [k, expected] = headers[i];
        const std::string_view actual = r.header(k);
        if (expected == "$absent" ? !actual.empty() : actual != expected) {
            const std::string got = shown_header(k, actual);
            why = "header " + k + ": " +
                  (expected == "$absent" ? "expected no such header, got " + got
                   : wire::is_secret_header(k) && !actual.empty()
                       ? secret_mismatch(shown_header(k, expected), got)
                       : "expected " + shown_header(k, expected) + ", got " + got);
        }
    }
    if (why.empty() && body) {
        boost::system::error_code ec;
        const json::value actual = json::parse(r.body, ec);
        if (ec) why = "body: expected JSON, got " + quoted(wire::redact_body(r.body));
        else json_matches(*body, &actual, "body", why);
    }
    if (why.empty() && status) {
        const std::int64_t actual = x.delivery.response ? x.delivery.response->status : 0;
        if (*status != actual) why = "status: expected " + std::to_string(*status) + ", got " + std::to_string(actual);
    }
    if (why.empty()) field("failure", failure, wire::to_string(x.delivery.failure));
    return why;
}

// A request as the report shows it: credentials in headers and secrets in the body redacted.
json::object request_json(const wire::Exchange& x) {
    json::object headers;
    for (const auto& h : wire::redact(x.request.headers)) headers[h.name] = h.value;
    json::object r{{"app", x.app}, {"method", x.request.method}, {"target", x.request.target}, {"headers", std::move(headers)}};
    if (!x.request.body.empty()) {
        boost::system::error_code ec;
        const std::string body = wire::redact_body(x.request.body);
        json::value parsed = json::parse(body, ec);
        r["body"] = ec ? json::value(body) : std::move(parsed);
    }
    if (x.delivery.response) r["status"] = x.delivery.response->status;
    else r["failure"] = wire::to_string(x.delivery.failure);
    return r;
}

std::string describe_request(const wire::Exchange& x) {
    std::string out = x.app + ": " + x.request.method + " " + x.request.target;
    if (x.delivery.response) out += " -> " + std::to_string(x.delivery.response->status);
    return out;
}

Expected expected_texts(const json::object* o) {
    Expected out;
    if (!o) return out;
    for (const auto& [k, v] : *o)
        out.emplace_back(std::string(k), v.is_string() ? std::string(v.as_string()) : json::serialize(v));
    return out;
}

bool read_matcher(MatcherReader& m, RequestMatcher& out) {
    JsonReader& x = m.r;
    std::optional<std::string> method;
    const json::object* query = nullptr;
    const json::object* headers = nullptr;
    if (!(x.only({"app", "method", "path", "target", "query", "headers", "body", "status", "failure"}) &&
          m.app("app", out.app) && m.one_of("method", method, connectors::plugin::request_methods(), true) &&
          m.string("path", out.path) && m.string("target", out.target) && x.object("query", query) &&
          x.object("headers", headers) && m.integer("status", out.status) &&
          m.one_of("failure", out.failure, {"connection refused", "connection reset", "read timed out", "TLS failure"})))
        return false;
    out.method = std::move(*method);
    out.query = expected_texts(query);
    out.headers = expected_texts(headers);
    if (const auto* v = m.at("body")) out.body = *v;
    return true;
}

class RequestsExpectation final : public Expectation {
public:
    RequestsExpectation(std::string_view key, std::vector<RequestMatcher> m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors& cursors, std::vector<std::string>& out) const override {
        const auto& xs = world.wire().exchanges();
        const std::size_t sent = xs.size() - cursors.requests;
        std::string list;
        for (std::size_t j = cursors.requests; j < xs.size(); ++j) list += "\n      " + describe_request(xs[j]);
        if (sent != m_.size()) {
            out.push_back("requests: expected " + std::to_string(m_.size()) + " request(s) since the last check, got " +
                          std::to_string(sent) + (list.empty() ? std::string(" (none)") : list));
        } else {
            for (std::size_t i = 0; i < m_.size(); ++i) {
                const wire::Exchange& x = xs[cursors.requests + i];
                const std::string why = m_[i].differs(x, world.tenant());
                if (!why.empty())
                    out.push_back("requests/" + std::to_string(i) + " (" + describe_request(x) + "): " + why);
            }
        }
        cursors.requests = xs.size();
    }
    std::string describe() const override { return counted(key(), m_.size()); }
    json::value actual(World& world, const Cursors& before) const override {
        json::array requests;
        const auto& xs = world.wire().exchanges();
        for (std::size_t i = before.requests; i < xs.size(); ++i) requests.push_back(request_json(xs[i]));
        return requests;
    }

private:
    std::vector<RequestMatcher> m_;
};

}  // namespace

namespace expect {
ExpectationEntry requests() {
    return matcher_list<RequestsExpectation, RequestMatcher, read_matcher>("requests");
}
}  // namespace expect

}  // namespace oktasim::runner
