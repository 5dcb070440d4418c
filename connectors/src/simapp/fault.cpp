// Scripted faults: parsing FAULT objects with path-qualified errors, matching requests, counting matches.
#include <oktasim/connectors/simapp/config.hpp>
#include <oktasim/connectors/simapp/fault.hpp>

#include <algorithm>
#include <cctype>

namespace oktasim::connectors::simapp {
namespace {

std::vector<std::string_view> segments_of(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        if (!segment.empty()) out.push_back(segment);
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

// A delay as parse_duration reads it back: whole seconds as "90s", anything else in milliseconds.
std::string duration_text(sim::Duration d) {
    const auto ms = d.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

bool is_method_token(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

using engine::JsonReader;
using engine::Problem;

bool parse_match(const json::value& value, const std::string& path, FaultMatch& match, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (!value.is_object()) return reader.wrong_type("", "an object", value);
    std::optional<std::string> method;
    std::optional<std::uint64_t> after;
    if (!reader.only({"method", "path", "nth", "times", "after"}) || !reader.string("method", method) ||
        !reader.string("path", match.path) || !reader.unsigned_integer("nth", match.nth, 1) ||
        !reader.unsigned_integer("times", match.times, 1) || !reader.unsigned_integer("after", after))
        return false;
    if (method && !is_method_token(*method)) return reader.fail_at("method", "expected an HTTP method like \"POST\"");
    if (method) match.method = upper(*method);
    if (match.path && (match.path->empty() || match.path->front() != '/' ||
                       match.path->find_first_of("?# ") != std::string::npos))
        return reader.fail_at("path", "expected a path relative to basePath like \"/Users/*\"");
    if (match.nth && (match.times || after))
        return reader.fail_at("nth", "cannot be combined with \"times\" or \"after\"");
    match.after = after.value_or(0);
    return true;
}

// Rejects combinations that cannot mean anything, so a typo in a scenario does not silently do nothing.
bool check_respond(JsonReader& reader, const FaultResponse& r) {
    if (r.body && r.empty_body) return reader.fail_at("emptyBody", "cannot be combined with \"body\"");
    if (r.refuse && r.reset) return reader.fail_at("reset", "cannot be combined with \"refuse\"");
    if (r.refuse || r.reset) {
        const std::string_view failure = r.refuse ? "refuse" : "reset";
        for (std::string_view key : {"status", "detail", "scimType", "body", "contentType", "emptyBody", "retryAfter"})
            if (reader.get(key))
                return reader.fail_at(key, "cannot be combined with \"" + std::string(failure) +
                                               "\": no response comes back");
    }
    if (r.refuse && r.process.value_or(false))
        return reader.fail_at("process", "cannot be true with \"refuse\": a refused connection never reaches the app");
    if (r.process == false && !r.status && !r.refuse && !r.reset)
        return reader.fail_at("process", "false needs a \"status\", \"refuse\" or \"reset\" to answer with");
    const bool effect = r.status || r.detail || r.scim_type || r.body || r.content_type || r.empty_body ||
                        r.retry_after || r.delay || r.refuse || r.reset;
    if (!effect)
        return reader.fail_at("", "expected at least one of \"status\", \"body\", \"emptyBody\", \"retryAfter\", "
                                  "\"delay\", \"refuse\" or \"reset\"");
    return true;
}

bool parse_respond(const json::value& value, const std::string& path, FaultResponse& r, Problem& problem) {
    JsonReader reader(value, path, problem);
    if (!value.is_object()) return reader.wrong_type("", "an object", value);
    std::optional<std::uint64_t> status;
    std::optional<std::string> delay;
    std::optional<bool> empty_body, refuse, reset;
    if (!reader.only({"status", "detail", "scimType", "body", "contentType", "emptyBody", "retryAfter", "delay",
                      "refuse", "reset", "process"}) ||
        !reader.unsigned_integer("status", status) || !reader.string("detail", r.detail) ||
        !reader.string("scimType", r.scim_type) || !reader.string("body", r.body) ||
        !reader.non_empty_string("contentType", r.content_type) || !reader.boolean("emptyBody", empty_body) ||
        !reader.string("retryAfter", r.retry_after) || !reader.string("delay", delay) ||
        !reader.boolean("refuse", refuse) || !reader.boolean("reset", reset) || !reader.boolean("process", r.process))
        return false;
    if (status && (*status < 200 || *status > 599))
        return reader.fail_at("status", "expected an HTTP status code from 200 to 599");
    if (status) r.status = static_cast<int>(*status);
    if (delay) {
        if (sim::is_overlong_duration(*delay))
            return reader.fail_at("delay", "longer than the longest delay, " + std::string(sim::max_duration_text));
        r.delay = sim::parse_duration(*delay);
        if (!r.delay) return reader.fail_at("delay", "expected a duration like \"30s\" (units: ms, s, m, h)");
    }
    r.empty_body = empty_body.value_or(false);
    r.refuse = refuse.value_or(false);
    r.reset = reset.value_or(false);
    return check_respond(reader, r);
}

}  // namespace

bool FaultMatch::matches(std::string_view request_method, const std::optional<std::string>& relative_path) const {
    if (method && upper(request_method) != *method) return false;
    if (!path) return true;
    if (!relative_path) return false;
    const auto want = segments_of(*path);
    const auto got = segments_of(*relative_path);
    if (want.size() != got.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (want[i] != "*" && want[i] != got[i]) return false;
    return true;
}

bool FaultMatch::fires_on(std::uint64_t count) const noexcept {
    if (nth) return count == *nth;
    if (count <= after) return false;
    return !times || count - after <= *times;
}

bool FaultResponse::processes() const noexcept {
    if (refuse) return false;
    if (process) return *process;
    if (reset) return false;
    return !status || (*status >= 200 && *status < 300);
}

result<Fault> parse_fault(const json::value& value, std::string_view path, Problem& problem) {
    problem = {};
    JsonReader reader(value, std::string(path), problem);
    Fault fault;
    std::optional<std::string> name;
    if (!value.is_object()) {
        reader.wrong_type("", "a fault object", value);
    } else if (reader.only({"name", "match", "respond"}) && reader.string("name", name)) {
        fault.name = name.value_or("");
        const json::value* match = reader.get("match");
        if ((!match || parse_match(*match, reader.path_of("match"), fault.match, problem)) &&
            reader.require("respond", "an object saying what the app answers"))
            parse_respond(*reader.get("respond"), reader.path_of("respond"), fault.respond, problem);
    }
    if (!problem.empty()) return problem.code;
    return fault;
}

result<Fault> parse_fault(const json::value& value, std::string_view path, std::string& error) {
    return engine::as_message(error, [&](Problem& problem) { return parse_fault(value, path, problem); });
}

result<std::vector<Fault>> parse_faults(const json::value& value, std::string_view path, Problem& problem) {
    problem = {};
    const json::array* list = value.if_array();
    if (!list) return JsonReader(value, std::string(path), problem).wrong_type("", "an array of fault objects", value),
                      problem.code;
    std::vector<Fault> faults;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto fault = parse_fault((*list)[i], std::string(path) + "/" + std::to_string(i), problem);
        if (!fault) return fault.error();
        faults.push_back(std::move(*fault));
    }
    return faults;
}

result<std::vector<Fault>> parse_faults(const json::value& value, std::string_view path, std::string& error) {
    return engine::as_message(error, [&](Problem& problem) { return parse_faults(value, path, problem); });
}

json::object to_json(const Fault& fault) {
    json::object out;
    if (!fault.name.empty()) out["name"] = fault.name;
    json::object match;
    const FaultMatch& m = fault.match;
    if (m.method) match["method"] = *m.method;
    if (m.path) match["path"] = *m.path;
    if (m.nth) match["nth"] = *m.nth;
    if (m.times) match["times"] = *m.times;
    if (m.after != 0) match["after"] = m.after;
    if (!match.empty()) out["match"] = std::move(match);
    json::object respond;
    const FaultResponse& r = fault.respond;
    if (r.status) respond["status"] = *r.status;
    if (r.detail) respond["detail"] = *r.detail;
    if (r.scim_type) respond["scimType"] = *r.scim_type;
    if (r.body) respond["body"] = *r.body;
    if (r.content_type) respond["contentType"] = *r.content_type;
    if (r.empty_body) respond["emptyBody"] = true;
    if (r.retry_after) respond["retryAfter"] = *r.retry_after;
    if (r.delay) respond["delay"] = duration_text(*r.delay);
    if (r.refuse) respond["refuse"] = true;
    if (r.reset) respond["reset"] = true;
    if (r.process) respond["process"] = *r.process;
    out["respond"] = std::move(respond);
    return out;
}

FaultSet::FaultSet(std::vector<Fault> faults) { set(std::move(faults)); }

void FaultSet::set(std::vector<Fault> faults) {
    faults_ = std::move(faults);
    counts_.assign(faults_.size(), 0);
}

void FaultSet::add(Fault fault) {
    faults_.push_back(std::move(fault));
    counts_.push_back(0);
}

void FaultSet::clear() {
    faults_.clear();
    counts_.clear();
}

std::optional<FaultSet::Selection> FaultSet::select(std::string_view method,
                                                    const std::optional<std::string>& relative_path) {
    std::optional<Selection> winner;
    for (std::size_t i = 0; i < faults_.size(); ++i) {
        if (!faults_[i].match.matches(method, relative_path)) continue;
        ++counts_[i];
        if (winner || !faults_[i].match.fires_on(counts_[i])) continue;
        winner = Selection{i, &faults_[i], faults_[i].name.empty() ? std::to_string(i) : faults_[i].name};
    }
    return winner;
}

std::uint64_t FaultSet::matched(std::size_t index) const noexcept {
    return index < counts_.size() ? counts_[index] : 0;
}

}  // namespace oktasim::connectors::simapp
