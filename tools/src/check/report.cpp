// The check report as text (read by people and by CI: one status line per step, final "N passed, M failed"), as a
// JSON document, and as JUnit XML. Credentials are redacted everywhere (wire::redact for headers, wire::redact_body
// for bodies, and the run's own secrets wherever a server echoes them), and server text is capped and escaped.
#include <oktasim/check/report.hpp>

#include <oktasim/wire/har.hpp>
#include <oktasim/wire/message.hpp>
#include <oktasim/wire/redact.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace oktasim::check {
namespace {

namespace json = boost::json;

constexpr std::string_view indent = "    ";
constexpr std::size_t quote_limit = 2048;  // bytes of any one quoted text (a server's detail, a header value)
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Headers worth showing under a failure; everything else stays in the JSON report.
bool key_request_header(std::string_view name) {
    for (std::string_view k : {"Accept", "Content-Type", "User-Agent", "Authorization"})
        if (name.size() == k.size() &&
            std::equal(name.begin(), name.end(), k.begin(), [](char a, char b) { return (a | 0x20) == (b | 0x20); }))
            return true;
    return false;
}

bool key_response_header(std::string_view name) {
    for (std::string_view k : {"Content-Type", "Retry-After", "WWW-Authenticate", "Location"})
        if (name.size() == k.size() &&
            std::equal(name.begin(), name.end(), k.begin(), [](char a, char b) { return (a | 0x20) == (b | 0x20); }))
            return true;
    return false;
}

// How one report's text is shown: the run's secrets replaced by [REDACTED] (before any cut, so no prefix of one
// survives), then capped, made valid UTF-8, and control characters escaped so server text cannot drive a terminal.
class Render {
public:
    // For XML, control characters become U+FFFD (XML 1.0 cannot hold most of them), not \xHH.
    explicit Render(const Report& r, bool xml = false) : xml_(xml) {
        for (const auto& secret : r.secrets)
            if (secret.size() >= min_secret) secrets_.push_back(secret);
        // Longest first, so a secret containing another is replaced whole.
        std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    }

    std::string scrub(std::string_view text) const {
        std::string out(text);
        for (const auto& secret : secrets_) {
            for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + redacted.size()))
                out.replace(at, secret.size(), redacted);
        }
        return out;
    }

    // Any text of the report that may hold server text.
    std::string operator()(std::string_view text, std::size_t limit = quote_limit) const {
        const std::string valid = valid_utf8(truncate_body(scrub(text), limit));
        return xml_ ? replace_controls(valid) : escape_controls(valid);
    }

    // A body: wire::redact_body first (passwords, tokens), then as above.
    std::string body(std::string_view text, std::size_t limit) const { return (*this)(wire::redact_body(text), limit); }

private:
    // Every control character escape_controls would escape, as U+FFFD.
    static std::string replace_controls(std::string_view text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                            static_cast<unsigned char>(text[i + 1]) <= 0x9F;
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
                out += replacement;
                i += c1 ? 1 : 0;
            } else {
                out += static_cast<char>(c);
            }
        }
        return out;
    }

    static constexpr std::size_t min_secret = 4;  // shorter ones would mangle ordinary words
    static constexpr std::string_view redacted = "[REDACTED]";
    bool xml_ = false;
    std::vector<std::string> secrets_;
};

std::string status_line(const wire::Response& r) {
    return "HTTP/1.1 " + std::to_string(r.status) + " " +
           (r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason);
}

std::string short_outcome(const wire::Delivery& d) {
    if (!d.response) return "no response (" + std::string(wire::to_string(d.failure)) + ")";
    return std::to_string(d.response->status) + " " +
           (d.response->reason.empty() ? std::string(wire::reason_phrase(d.response->status)) : d.response->reason);
}

// The status word, coloured on a terminal when asked.
std::string status_word(Status status, bool color) {
    const std::string word(to_string(status));
    if (!color) return word;
    const std::string_view code = status == Status::pass   ? "32"
                                  : status == Status::fail ? "31"
                                  : status == Status::warn ? "33"
                                                           : "2";
    return "\x1b[" + std::string(code) + "m" + word + "\x1b[0m";
}

// Writes `text` after `label`, continuation lines aligned under the first.
void labelled(std::ostream& out, std::string_view label, std::string_view text) {
    const std::string pad(indent.size() + 10, ' ');
    out << indent << label << std::string(label.size() < 10 ? 10 - label.size() : 1, ' ');
    for (char c : text) {
        out << c;
        if (c == '\n') out << pad;
    }
    out << "\n";
}

void write_exchange(std::ostream& out, const wire::Exchange& x, std::size_t body_limit, const Render& show) {
    std::string request = show(x.request.method + " " + x.request.target + " HTTP/1.1");
    for (const auto& h : wire::redact(x.request.headers))
        if (key_request_header(h.name)) request += "\n" + show(h.name) + ": " + show(h.value);
    if (!x.request.body.empty()) request += "\n" + show.body(x.request.body, body_limit);
    labelled(out, "request:", request);
    if (const auto& r = x.delivery.response) {
        std::string response = show(status_line(*r));
        for (const auto& h : wire::redact(r->headers))
            if (key_response_header(h.name)) response += "\n" + show(h.name) + ": " + show(h.value);
        if (!r->body.empty()) response += "\n" + show.body(r->body, body_limit);
        labelled(out, "response:", response);
    } else {
        const std::string failure(wire::to_string(x.delivery.failure));
        std::string what = "no response: " + failure;
        const std::string& text = x.delivery.failure_text;
        const bool same =
            text.size() == failure.size() && std::equal(text.begin(), text.end(), failure.begin(),
                                                        [](char a, char b) { return (a | 0x20) == (b | 0x20); });
        if (!text.empty() && !same) what += " (" + text + ")";
        labelled(out, "response:", show(what));
    }
}

std::string warning_text(const Warning& w) { return w.reference.empty() ? w.text : w.text + " (" + w.reference + ")"; }

// The details block under a failing (or optional-failing) step, also used as JUnit failure text.
void write_details(std::ostream& out, const StepResult& s, std::size_t body_limit, const Render& show) {
    if (s.exchanges.size() > 1) {
        std::string sent;
        for (const auto& x : s.exchanges) {
            if (!sent.empty()) sent += "\n";
            sent += show(x.request.method + " " + x.request.target + " -> " + short_outcome(x.delivery));
        }
        labelled(out, "sent:", sent);
    }
    if (s.focus && *s.focus < s.exchanges.size()) write_exchange(out, s.exchanges[*s.focus], body_limit, show);
    labelled(out, "problem:", show(s.problem));
    if (!s.expected.empty()) labelled(out, "expected:", show(s.expected));
    labelled(out, "tenant:",
             s.tenant_message.empty() ? "(no message: Okta reports nothing for this)" : show(s.tenant_message));
}

json::object headers_json(const std::vector<wire::Header>& headers, const Render& show) {
    json::object o;
    for (const auto& h : wire::redact(headers)) o[show(h.name)] = show(h.value);
    return o;
}

json::object exchange_json(const wire::Exchange& x, const Render& show) {
    constexpr std::size_t limit = 4096;
    json::object request;
    request["method"] = show(x.request.method);
    request["target"] = show(x.request.target);
    request["headers"] = headers_json(x.request.headers, show);
    if (!x.request.body.empty()) request["body"] = show.body(x.request.body, limit);
    json::object out;
    out["request"] = std::move(request);
    if (const auto& r = x.delivery.response) {
        json::object response;
        response["status"] = r->status;
        response["reason"] = show(r->reason.empty() ? std::string(wire::reason_phrase(r->status)) : r->reason);
        response["headers"] = headers_json(r->headers, show);
        if (!r->body.empty()) response["body"] = show.body(r->body, limit);
        out["response"] = std::move(response);
    } else {
        out["failure"] = wire::to_string(x.delivery.failure);
        if (!x.delivery.failure_text.empty()) out["failureText"] = show(x.delivery.failure_text);
    }
    out["elapsedMs"] = x.delivery.elapsed.count();
    return out;
}

double seconds(const StepResult& s) {
    std::int64_t ms = 0;
    for (const auto& x : s.exchanges) ms += x.delivery.elapsed.count();
    return static_cast<double>(ms) / 1000.0;
}

std::string format_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

void closing_note(std::ostream& out, const Report& r, const Render& show) {
    if (!r.groups_left.empty()) {
        out << "note: the run could not delete the groups it pushed:";
        for (const auto& n : r.groups_left) out << " " << show(n);
        out << " (remove them by hand)\n";
    }
    if (r.created.empty() && r.left_active.empty()) return;
    out << "note: Okta never sends DELETE /Users to a SCIM server, so neither does this check; it deactivated the "
        << r.created.size() << " account(s) it created";
    if (!r.left_active.empty()) {
        out << ", except:";
        for (const auto& n : r.left_active) out << " " << show(n);
        out << " (still active: remove them by hand)";
    }
    out << "\n";
}

}  // namespace

// --- Shared helpers ---------------------------------------------------------------------------------------------

// One UTF-8 repair for every output: the wire layer's (U+FFFD for each byte that starts no valid sequence).
std::string valid_utf8(std::string_view text) { return wire::valid_utf8(text); }

std::string truncate_body(std::string_view body, std::size_t limit) {
    if (body.size() <= limit) return std::string(body);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;  // not inside a sequence
    return std::string(body.substr(0, cut)) + "... (" + std::to_string(body.size()) + " bytes)";
}

std::string escape_controls(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            // A C1 control (U+0080-U+009F, e.g. CSI): terminals act on these too.
            const auto c1 = static_cast<unsigned char>(text[++i]);
            out += "\\u00";
            out += hex[c1 >> 4];
            out += hex[c1 & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string xml_escape(std::string_view text) {
    const std::string valid = valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (char c : valid) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // XML 1.0 allows only tab, newline and carriage return below 0x20.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    out += replacement;
                else
                    out += c;
        }
    }
    return out;
}

// --- Text -------------------------------------------------------------------------------------------------------

void write_text(std::ostream& out, const Report& r, const TextOptions& options) {
    const Render show(r);
    out << "oktasim check " << show(r.base_url) << " (seed " << r.seed;
    if (!r.nonce.empty()) out << ", nonce " << show(r.nonce);
    if (!r.features.empty()) out << "; features " << r.features;
    out << ")\n";
    for (const auto& s : r.steps) {
        out << status_word(s.status, options.color) << " " << show(s.name) << "\n";
        if (s.status == Status::skip) {
            if (!s.note.empty()) labelled(out, "skipped:", show(s.note));
            continue;
        }
        if (!s.problem.empty()) write_details(out, s, options.body_limit, show);
        for (const auto& w : s.warnings) labelled(out, "warning:", show(warning_text(w)));
        if (!s.problem.empty() && !s.note.empty()) labelled(out, "note:", show(s.note));
    }
    closing_note(out, r, show);
    out << r.passed() << " passed, " << r.failed() << " failed";
    if (const std::size_t skipped = r.count(Status::skip); skipped > 0) out << ", " << skipped << " skipped";
    out << "\n";
}

// --- JSON -------------------------------------------------------------------------------------------------------

json::object to_json(const Report& r) {
    const Render show(r);
    json::array steps;
    for (const auto& s : r.steps) {
        json::object o;
        o["id"] = s.id;
        o["name"] = show(s.name);
        o["phase"] = to_string(s.phase);
        o["required"] = s.required;
        o["status"] = to_string(s.status);
        if (!s.problem.empty()) o["problem"] = show(s.problem);
        if (!s.expected.empty()) o["expected"] = show(s.expected);
        if (!s.problem.empty())
            o["tenantMessage"] =
                s.tenant_message.empty() ? json::value(nullptr) : json::value(show(s.tenant_message));
        if (!s.note.empty()) o["note"] = show(s.note);
        json::array warnings;
        for (const auto& w : s.warnings)
            warnings.push_back(json::object{{"text", show(w.text)}, {"reference", show(w.reference)}});
        o["warnings"] = std::move(warnings);
        json::array exchanges;
        for (const auto& x : s.exchanges) exchanges.push_back(exchange_json(x, show));
        o["exchanges"] = std::move(exchanges);
        if (s.focus) o["focus"] = *s.focus;
        steps.push_back(std::move(o));
    }
    json::array created, left;
    for (const auto& n : r.created) created.push_back(json::string(show(n)));
    for (const auto& n : r.left_active) left.push_back(json::string(show(n)));
    json::object out;
    out["baseUrl"] = show(r.base_url);
    out["seed"] = r.seed;
    out["nonce"] = show(r.nonce);
    out["features"] = r.features;
    out["ok"] = r.ok();
    out["passed"] = r.passed();
    out["failed"] = r.failed();
    out["warned"] = r.count(Status::warn);
    out["skipped"] = r.count(Status::skip);
    out["steps"] = std::move(steps);
    out["created"] = std::move(created);
    out["leftActive"] = std::move(left);
    json::array groups_left;
    for (const auto& n : r.groups_left) groups_left.push_back(json::string(show(n)));
    out["groupsLeft"] = std::move(groups_left);
    return out;
}

// --- JUnit XML --------------------------------------------------------------------------------------------------

void write_junit(std::ostream& out, const Report& r) {
    const Render show(r, true);
    // JUnit's timestamp is an ISO 8601 date-time without a zone: "2024-04-21T12:47:34" (the run's start, UTC).
    const std::string timestamp = r.timestamp.substr(0, 19);
    const std::string hostname = xml_escape(show(r.hostname.empty() ? std::string("localhost") : r.hostname));
    double total_time = 0;
    for (const auto& s : r.steps) total_time += seconds(s);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"oktasim check\" tests=\"" << r.steps.size() << "\" failures=\"" << r.failed()
        << "\" errors=\"0\" skipped=\"" << r.count(Status::skip) << "\" time=\"" << format_seconds(total_time)
        << "\">\n";
    // One suite per phase, in the order the phases ran.
    std::vector<Phase> phases;
    for (const auto& s : r.steps)
        if (std::find(phases.begin(), phases.end(), s.phase) == phases.end()) phases.push_back(s.phase);
    for (Phase phase : phases) {
        std::size_t tests = 0, failures = 0, skipped = 0;
        double time = 0;
        for (const auto& s : r.steps) {
            if (s.phase != phase) continue;
            ++tests;
            failures += s.status == Status::fail;
            skipped += s.status == Status::skip;
            time += seconds(s);
        }
        out << "  <testsuite name=\"" << to_string(phase) << "\" tests=\"" << tests << "\" failures=\"" << failures
            << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << format_seconds(time) << "\"";
        if (!timestamp.empty()) out << " timestamp=\"" << xml_escape(timestamp) << "\"";
        out << " hostname=\"" << hostname << "\">\n";
        out << "    <properties>\n"
            << "      <property name=\"baseUrl\" value=\"" << xml_escape(show(r.base_url)) << "\"/>\n"
            << "      <property name=\"seed\" value=\"" << r.seed << "\"/>\n"
            << "      <property name=\"nonce\" value=\"" << xml_escape(show(r.nonce)) << "\"/>\n"
            << "      <property name=\"features\" value=\"" << xml_escape(r.features) << "\"/>\n"
            << "    </properties>\n";
        for (const auto& s : r.steps) {
            if (s.phase != phase) continue;
            out << "    <testcase classname=\"oktasim.check." << to_string(phase) << "\" name=\""
                << xml_escape(show(s.name)) << "\" time=\"" << format_seconds(seconds(s)) << "\"";
            std::ostringstream details;
            if (!s.problem.empty()) write_details(details, s, 2000, show);
            if (!s.note.empty()) labelled(details, "note:", show(s.note));
            for (const auto& w : s.warnings) labelled(details, "warning:", show(warning_text(w)));
            if (s.status == Status::pass) {
                out << "/>\n";
                continue;
            }
            out << ">\n";
            if (s.status == Status::fail) {
                out << "      <failure message=\"" << xml_escape(show(s.problem)) << "\" type=\"required\">"
                    << xml_escape(details.str()) << "</failure>\n";
            } else if (s.status == Status::skip) {
                out << "      <skipped message=\"" << xml_escape(show(s.note)) << "\"/>\n";
            } else {
                out << "      <system-out>" << xml_escape(details.str()) << "</system-out>\n";
            }
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

boost::json::object to_har(const Report& report, std::string_view version) {
    std::vector<wire::Exchange> exchanges;
    for (const auto& step : report.steps) exchanges.insert(exchanges.end(), step.exchanges.begin(), step.exchanges.end());
    const std::string origin = report.base_url.substr(0, report.base_url.find('/', report.base_url.find("://") + 3));
    // Exchanges carry instants of the run's loop, which started at report.timestamp.
    const sim::WallClock clock(sim::WallClock::parse_timestamp(report.timestamp).value_or(0));
    boost::json::object har = wire::to_har(exchanges, clock, wire::HarCreator{"oktasim check", std::string(version)},
                                           [&](std::string_view) { return origin; });
    // A server may echo a credential in a body or header the redaction does not know: scrub every string.
    const Render render(report);
    std::vector<boost::json::value*> pending{&har["log"]};
    while (!pending.empty()) {
        boost::json::value* v = pending.back();
        pending.pop_back();
        if (v->is_string()) *v = render.scrub(v->as_string());
        else if (v->is_array()) for (auto& item : v->as_array()) pending.push_back(&item);
        else if (v->is_object()) for (auto& [k, item] : v->as_object()) pending.push_back(&item);
    }
    return har;
}

}  // namespace oktasim::check
