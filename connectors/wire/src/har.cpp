// Writing exchanges as HAR 1.2: one entry per exchange, headers, query and bodies redacted, times from the virtual
// clock.
#include <oktasim/wire/har.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/array.hpp>

#include <algorithm>

namespace oktasim::wire {
namespace {

namespace json = boost::json;

json::array har_headers(const std::vector<Header>& headers) {
    json::array out;
    for (const auto& h : redact(headers))
        out.push_back(json::object{{"name", valid_utf8(h.name)}, {"value", valid_utf8(h.value)}});
    return out;
}

// The request target with each secret query parameter's value redacted, as in "queryString" (unchanged when it has
// none).
std::string redacted_target(const Request& rq) {
    const auto pairs = split_query(rq.query());
    const auto secret = [](const QueryPair& p) {
        return is_secret_field(percent_decode(p.name, true).value_or(std::string(p.name)));
    };
    if (std::none_of(pairs.begin(), pairs.end(), secret)) return rq.target;
    std::string out(rq.path());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        out += i == 0 ? '?' : '&';
        out.append(pairs[i].name).append("=").append(secret(pairs[i]) ? std::string_view("[REDACTED]") : pairs[i].value);
    }
    return out;
}

std::string mime_of(const std::vector<Header>& headers, std::string_view fallback) {
    const std::string_view t = find_header(headers, "Content-Type");
    return valid_utf8(t.empty() ? fallback : t);
}

// The query's pairs, decoded; a secret parameter's value redacted.
json::array query_of(std::string_view query) {
    json::array out;
    for (const auto& p : split_query(query)) {
        const std::string name = percent_decode(p.name, true).value_or(std::string(p.name));
        std::string value = percent_decode(p.value, true).value_or(std::string(p.value));
        if (is_secret_field(name)) value = "[REDACTED]";
        out.push_back(json::object{{"name", valid_utf8(name)}, {"value", valid_utf8(value)}});
    }
    return out;
}

}  // namespace

json::object to_har(const std::vector<Exchange>& exchanges, const sim::WallClock& clock, const HarCreator& creator,
                    const std::function<std::string(std::string_view app)>& origin_of) {
    json::array entries;
    for (const auto& x : exchanges) {
        const Request& rq = x.request;
        std::string origin = origin_of(x.app);
        if (const std::string_view host = rq.header("Host"); !host.empty()) {
            const auto scheme_end = origin.find("://");
            origin = (scheme_end == std::string::npos ? std::string("https") : origin.substr(0, scheme_end)) + "://" +
                     std::string(host);
        }
        json::object request{{"method", valid_utf8(rq.method)},
                             {"url", valid_utf8(origin + redacted_target(rq))},
                             {"httpVersion", "HTTP/1.1"},
                             {"cookies", json::array{}},
                             {"headers", har_headers(rq.headers)},
                             {"queryString", query_of(rq.query())},
                             {"headersSize", -1},
                             {"bodySize", static_cast<std::int64_t>(rq.body.size())}};
        if (!rq.body.empty())
            request["postData"] = json::object{{"mimeType", mime_of(rq.headers, "application/scim+json")},
                                               {"text", valid_utf8(redact_body(rq.body))}};
        const auto elapsed = static_cast<std::int64_t>(x.delivery.elapsed.count());
        json::object response;
        json::object entry{{"_app", valid_utf8(x.app)},
                           {"startedDateTime", clock.timestamp(x.at)},
                           {"time", elapsed}};
        if (const auto& r = x.delivery.response) {
            const std::string body = redact_body(r->body);
            response = json::object{{"status", r->status},
                                    {"statusText", valid_utf8(r->reason.empty() ? std::string(reason_phrase(r->status)) : r->reason)},
                                    {"httpVersion", "HTTP/1.1"},
                                    {"cookies", json::array{}},
                                    {"headers", har_headers(r->headers)},
                                    {"content", json::object{{"size", static_cast<std::int64_t>(r->body.size())},
                                                             {"mimeType", mime_of(r->headers, "")},
                                                             {"text", valid_utf8(body)}}},
                                    {"redirectURL", valid_utf8(r->header("Location"))},
                                    {"headersSize", -1},
                                    {"bodySize", static_cast<std::int64_t>(r->body.size())}};
        } else {
            // HAR's convention for a request that got no answer (as browsers export it): status 0.
            response = json::object{{"status", 0},
                                    {"statusText", ""},
                                    {"httpVersion", "HTTP/1.1"},
                                    {"cookies", json::array{}},
                                    {"headers", json::array{}},
                                    {"content", json::object{{"size", 0}, {"mimeType", ""}}},
                                    {"redirectURL", ""},
                                    {"headersSize", -1},
                                    {"bodySize", -1}};
            entry["_failure"] = std::string(to_string(x.delivery.failure));
        }
        entry["request"] = std::move(request);
        entry["response"] = std::move(response);
        entry["cache"] = json::object{};
        entry["timings"] = json::object{{"send", 0}, {"wait", elapsed}, {"receive", 0}};
        entries.push_back(std::move(entry));
    }
    return json::object{{"log", json::object{{"version", "1.2"},
                                             {"creator", json::object{{"name", creator.name}, {"version", creator.version}}},
                                             {"entries", std::move(entries)}}}};
}

}  // namespace oktasim::wire
