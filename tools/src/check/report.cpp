// The check report as text (read by people and by CI: one status line per step, final "N passed, M failed"), as a
// JSON document, and as JUnit XML. Authorization headers and passwords in bodies are redacted everywhere.
#include <oktasim/check/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace oktasim::check {
namespace {

namespace json = boost::json;

constexpr std::string_view indent = "    ";
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

void redact_passwords(json::value& v) {
    if (auto* o = v.if_object()) {
        for (auto& [k, child] : *o) {
            if (k == "password" && child.is_string())
                child = "[REDACTED]";
            else
                redact_passwords(child);
        }
    } else if (auto* a = v.if_array()) {
        for (auto& child : *a) redact_passwords(child);
    }
}

// A body as it may be shown: passwords redacted, valid UTF-8, at most `limit` bytes.
std::string shown_body(std::string_view body, std::size_t limit) {
    return truncate_body(valid_utf8(redact_body(body)), limit);
}

std::string status_line(const wire::Response& r) {
    return "HTTP/1.1 " + std::to_string(r.status) + " " +
           (r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason);
}

std::string short_outcome(const wire::Delivery& d) {
    if (!d.response) return "no response (" + std::string(wire::to_string(d.failure)) + ")";
    return std::to_string(d.response->status) + " " +
           (d.response->reason.empty() ? std::string(wire::reason_phrase(d.response->status)) : d.response->reason);
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

void write_exchange(std::ostream& out, const wire::Exchange& x, std::size_t body_limit) {
    std::string request = x.request.method + " " + x.request.target + " HTTP/1.1";
    for (const auto& h : wire::redact(x.request.headers))
        if (key_request_header(h.name)) request += "\n" + h.name + ": " + h.value;
    if (!x.request.body.empty()) request += "\n" + shown_body(x.request.body, body_limit);
    labelled(out, "request:", valid_utf8(request));
    if (const auto& r = x.delivery.response) {
        std::string response = status_line(*r);
        for (const auto& h : wire::redact(r->headers))
            if (key_response_header(h.name)) response += "\n" + h.name + ": " + h.value;
        if (!r->body.empty()) response += "\n" + shown_body(r->body, body_limit);
        labelled(out, "response:", valid_utf8(response));
    } else {
        const std::string failure(wire::to_string(x.delivery.failure));
        std::string what = "no response: " + failure;
        const std::string& text = x.delivery.failure_text;
        const bool same =
            text.size() == failure.size() && std::equal(text.begin(), text.end(), failure.begin(),
                                                        [](char a, char b) { return (a | 0x20) == (b | 0x20); });
        if (!text.empty() && !same) what += " (" + text + ")";
        labelled(out, "response:", valid_utf8(what));
    }
}

std::string warning_text(const Warning& w) { return w.reference.empty() ? w.text : w.text + " (" + w.reference + ")"; }

// The details block under a failing (or optional-failing) step, also used as JUnit failure text.
void write_details(std::ostream& out, const StepResult& s, std::size_t body_limit) {
    if (s.exchanges.size() > 1) {
        std::string sent;
        for (const auto& x : s.exchanges) {
            if (!sent.empty()) sent += "\n";
            sent += x.request.method + " " + x.request.target + " -> " + short_outcome(x.delivery);
        }
        labelled(out, "sent:", valid_utf8(sent));
    }
    if (s.focus && *s.focus < s.exchanges.size()) write_exchange(out, s.exchanges[*s.focus], body_limit);
    labelled(out, "problem:", valid_utf8(s.problem));
    if (!s.expected.empty()) labelled(out, "expected:", s.expected);
    labelled(out, "tenant:",
             s.tenant_message.empty() ? "(no message: Okta reports nothing for this)" : valid_utf8(s.tenant_message));
}

json::object headers_json(const std::vector<wire::Header>& headers) {
    json::object o;
    for (const auto& h : wire::redact(headers)) o[valid_utf8(h.name)] = valid_utf8(h.value);
    return o;
}

json::object exchange_json(const wire::Exchange& x) {
    constexpr std::size_t limit = 4096;
    json::object request;
    request["method"] = x.request.method;
    request["target"] = valid_utf8(x.request.target);
    request["headers"] = headers_json(x.request.headers);
    if (!x.request.body.empty()) request["body"] = shown_body(x.request.body, limit);
    json::object out;
    out["request"] = std::move(request);
    if (const auto& r = x.delivery.response) {
        json::object response;
        response["status"] = r->status;
        response["reason"] = valid_utf8(r->reason.empty() ? std::string(wire::reason_phrase(r->status)) : r->reason);
        response["headers"] = headers_json(r->headers);
        if (!r->body.empty()) response["body"] = shown_body(r->body, limit);
        out["response"] = std::move(response);
    } else {
        out["failure"] = wire::to_string(x.delivery.failure);
        if (!x.delivery.failure_text.empty()) out["failureText"] = valid_utf8(x.delivery.failure_text);
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

void closing_note(std::ostream& out, const Report& r) {
    if (r.created.empty() && r.left_active.empty()) return;
    out << "note: Okta never sends DELETE to a SCIM server, so neither does this check; it deactivated the "
        << r.created.size() << " account(s) it created";
    if (!r.left_active.empty()) {
        out << ", except:";
        for (const auto& n : r.left_active) out << " " << n;
        out << " (still active: remove them by hand)";
    }
    out << "\n";
}

}  // namespace

// --- Shared helpers ---------------------------------------------------------------------------------------------

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = 0;
        std::uint32_t min = 0;
        if (c < 0x80)
            n = 1;
        else if ((c & 0xE0) == 0xC0)
            n = 2, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            n = 3, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            n = 4, min = 0x10000;
        bool ok = n > 0 && i + n <= text.size();
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        ok = ok && (n == 1 || (cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)));
        if (ok) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out.append(replacement);
            ++i;
        }
    }
    return out;
}

std::string truncate_body(std::string_view body, std::size_t limit) {
    if (body.size() <= limit) return std::string(body);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;  // not inside a sequence
    return std::string(body.substr(0, cut)) + "... (" + std::to_string(body.size()) + " bytes)";
}

std::string redact_body(std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) return std::string(body);
    redact_passwords(v);
    return json::serialize(v);
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
    out << "oktasim check " << r.base_url << " (seed " << r.seed << ")\n";
    for (const auto& s : r.steps) {
        out << to_string(s.status) << " " << s.name << "\n";
        if (s.status == Status::skip) {
            if (!s.note.empty()) labelled(out, "skipped:", s.note);
            continue;
        }
        if (!s.problem.empty()) write_details(out, s, options.body_limit);
        for (const auto& w : s.warnings) labelled(out, "warning:", valid_utf8(warning_text(w)));
        if (!s.problem.empty() && !s.note.empty()) labelled(out, "note:", valid_utf8(s.note));
    }
    closing_note(out, r);
    out << r.passed() << " passed, " << r.failed() << " failed\n";
}

// --- JSON -------------------------------------------------------------------------------------------------------

json::object to_json(const Report& r) {
    json::array steps;
    for (const auto& s : r.steps) {
        json::object o;
        o["id"] = s.id;
        o["name"] = s.name;
        o["phase"] = to_string(s.phase);
        o["required"] = s.required;
        o["status"] = to_string(s.status);
        if (!s.problem.empty()) o["problem"] = valid_utf8(s.problem);
        if (!s.expected.empty()) o["expected"] = s.expected;
        if (!s.problem.empty())
            o["tenantMessage"] =
                s.tenant_message.empty() ? json::value(nullptr) : json::value(valid_utf8(s.tenant_message));
        if (!s.note.empty()) o["note"] = valid_utf8(s.note);
        json::array warnings;
        for (const auto& w : s.warnings)
            warnings.push_back(json::object{{"text", valid_utf8(w.text)}, {"reference", w.reference}});
        o["warnings"] = std::move(warnings);
        json::array exchanges;
        for (const auto& x : s.exchanges) exchanges.push_back(exchange_json(x));
        o["exchanges"] = std::move(exchanges);
        if (s.focus) o["focus"] = *s.focus;
        steps.push_back(std::move(o));
    }
    json::array created, left;
    for (const auto& n : r.created) created.push_back(json::string(n));
    for (const auto& n : r.left_active) left.push_back(json::string(n));
    json::object out;
    out["baseUrl"] = r.base_url;
    out["seed"] = r.seed;
    out["ok"] = r.ok();
    out["passed"] = r.passed();
    out["failed"] = r.failed();
    out["warned"] = r.count(Status::warn);
    out["skipped"] = r.count(Status::skip);
    out["steps"] = std::move(steps);
    out["created"] = std::move(created);
    out["leftActive"] = std::move(left);
    return out;
}

// --- JUnit XML --------------------------------------------------------------------------------------------------

void write_junit(std::ostream& out, const Report& r) {
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
            << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << format_seconds(time) << "\">\n";
        out << "    <properties>\n"
            << "      <property name=\"baseUrl\" value=\"" << xml_escape(r.base_url) << "\"/>\n"
            << "      <property name=\"seed\" value=\"" << r.seed << "\"/>\n"
            << "    </properties>\n";
        for (const auto& s : r.steps) {
            if (s.phase != phase) continue;
            out << "    <testcase classname=\"oktasim.check." << to_string(phase) << "\" name=\"" << xml_escape(s.name)
                << "\" time=\"" << format_seconds(seconds(s)) << "\"";
            std::ostringstream details;
            if (!s.problem.empty()) write_details(details, s, 2000);
            if (!s.note.empty()) labelled(details, "note:", s.note);
            for (const auto& w : s.warnings) labelled(details, "warning:", warning_text(w));
            if (s.status == Status::pass) {
                out << "/>\n";
                continue;
            }
            out << ">\n";
            if (s.status == Status::fail) {
                out << "      <failure message=\"" << xml_escape(s.problem) << "\" type=\"required\">"
                    << xml_escape(details.str()) << "</failure>\n";
            } else if (s.status == Status::skip) {
                out << "      <skipped message=\"" << xml_escape(s.note) << "\"/>\n";
            } else {
                out << "      <system-out>" << xml_escape(details.str()) << "</system-out>\n";
            }
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace oktasim::check
