// Helpers the check's phases share to read answers and judge steps: JSON-pointer look-ups, one-line descriptions
// of a delivery, and recording failures, skips and warnings on a StepResult.
#include "session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

namespace oktasim::check::detail {

std::optional<json::object> body_object(const wire::Delivery& d) {
    if (!d.response) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(d.response->body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

bool has_schema(const json::object& o, std::string_view urn) {
    const json::value* schemas = o.if_contains("schemas");
    if (!schemas || !schemas->is_array()) return false;
    return std::any_of(schemas->as_array().begin(), schemas->as_array().end(),
                       [urn](const json::value& s) { return s.is_string() && s.as_string() == urn; });
}

const json::value* value_at(const json::object& o, std::string_view pointer) {
    // Walks "/a/b/0/c" over objects and arrays (no escapes needed for SCIM attribute names).
    const json::value* cur = nullptr;
    const json::object* obj = &o;
    const json::array* arr = nullptr;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
        const std::size_t next = std::min(pointer.find('/', pos), pointer.size());
        const std::string_view token = pointer.substr(pos, next - pos);
        if (obj) {
            cur = obj->if_contains(token);
        } else if (arr) {
            std::size_t index = 0;
            for (char c : token) {
                if (c < '0' || c > '9') return nullptr;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            cur = index < arr->size() ? &(*arr)[index] : nullptr;
        } else {
            return nullptr;
        }
        if (!cur) return nullptr;
        obj = cur->if_object();
        arr = cur->if_array();
        pos = next + 1;
    }
    return cur;
}

std::optional<std::string> string_at(const json::object& o, std::string_view pointer) {
    const json::value* v = value_at(o, pointer);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

std::string describe(const wire::Delivery& d) {
    if (!d.response) {
        const std::string_view failure = wire::to_string(d.failure);
        std::string out = "no response (" + std::string(failure);
        if (!d.failure_text.empty() && !iequals(d.failure_text, failure)) out += ": " + d.failure_text;
        return out + ")";
    }
    const auto& r = *d.response;
    return std::to_string(r.status) + " " + (r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason);
}

bool is_success(const wire::Delivery& d) { return d.response && d.response->status >= 200 && d.response->status < 300; }

std::string problem_of(const wire::Delivery& d, const Diagnostics& diag) {
    if (!d.response) return "the server did not answer " + describe(d).substr(std::string_view("no response ").size());
    if (!is_success(d)) {
        std::string out = "the server answered " + describe(d);
        if (!diag.detail.empty()) out += " (" + diag.detail + ")";
        return out;
    }
    if (diag.detail.empty()) return "the server answered " + describe(d) + " without the resource Okta needs";
    return "the server answered " + describe(d) + " but " + diag.detail;
}

void fail(StepResult& step, std::string_view problem, std::string_view expected, std::string_view tenant) {
    if (!step.problem.empty()) step.problem += "; ";
    step.problem += problem;
    if (step.expected.empty()) step.expected = std::string(expected);
    if (step.tenant_message.empty()) step.tenant_message = std::string(tenant);
    if (!step.focus && !step.exchanges.empty()) step.focus = step.exchanges.size() - 1;
}

void skip(StepResult& step, std::string why) {
    step.status = Status::skip;
    step.note = std::move(why);
}

void focus_on_error(StepResult& step) {
    if (step.exchanges.empty()) return;
    for (std::size_t i = step.exchanges.size(); i-- > 0;) {
        if (!is_success(step.exchanges[i].delivery)) {
            step.focus = i;
            return;
        }
    }
    step.focus = step.exchanges.size() - 1;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

void warn(StepResult& step, std::string text, std::string reference) {
    Warning w;
    w.text = std::move(text);
    w.reference = std::move(reference);
    step.warnings.push_back(std::move(w));
}

std::optional<std::int64_t> integer(const json::value* v) {
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

std::string kind_of(const json::value* v) {
    if (!v) return "absent";
    if (v->is_string()) return "the string " + json::serialize(*v);
    if (v->is_double()) return "the non-integer number " + json::serialize(*v);
    return json::serialize(*v);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& i : items) {
        if (!out.empty()) out += sep;
        out += i;
    }
    return out;
}

}  // namespace oktasim::check::detail
