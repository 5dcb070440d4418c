// Scripted faults for the simulated SCIM app: which requests a fault applies to (method, path, counters) and
// what the app answers instead (a status, a raw body, a delay, a refused or reset connection).
#pragma once

#include <oktasim/engine/error.hpp>
#include <oktasim/engine/json_reader.hpp>
#include <oktasim/sim/clock.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::simapp {

namespace json = boost::json;

// Which requests a fault applies to. A request "matches" when method and path fit; the counters then pick which
// of the matching requests the fault fires on.
struct FaultMatch {
    std::optional<std::string> method;  // upper-case; any method when absent
    std::optional<std::string> path;    // relative to basePath, `*` = one segment; any path when absent
    std::optional<std::uint64_t> nth;   // fire on the nth matching request only (1-based)
    std::optional<std::uint64_t> times; // fire on at most this many matching requests (after `after`)
    std::uint64_t after = 0;            // let the first `after` matching requests through

    // True when `method` and `relative_path` fit (counters aside). `relative_path` is nullopt for requests
    // outside the base path: only faults without a path apply to those.
    bool matches(std::string_view request_method, const std::optional<std::string>& relative_path) const;
    // True when the `count`th matching request (1-based) is one the fault fires on.
    bool fires_on(std::uint64_t count) const noexcept;
};

// What the app does instead of (or on top of) answering normally.
struct FaultResponse {
    std::optional<int> status;
    std::optional<std::string> detail;        // SCIM error `detail`
    std::optional<std::string> scim_type;     // SCIM error `scimType`
    std::optional<std::string> body;          // a raw body, sent as is (e.g. an HTML error page)
    std::optional<std::string> content_type;  // Content-Type for the raw body
    bool empty_body = false;                  // a response with no body at all
    std::optional<std::string> retry_after;   // Retry-After header value, verbatim (may be non-numeric)
    std::optional<sim::Duration> delay;       // virtual time before the answer (or the failure)
    bool refuse = false;                      // connection refused: the request never reaches the app
    bool reset = false;                       // connection reset: no response comes back
    std::optional<bool> process;              // handle the request normally first (see processes())

    // Whether the request is handled normally (state changes happen) before the fault shapes the outcome.
    // Default: yes when no status or a 2xx status is scripted (a delay, an empty 201), no for error statuses;
    // never for a refused connection, and not for a reset unless asked (`"process": true` = reply lost).
    bool processes() const noexcept;
};

struct Fault {
    std::string name;  // label for logs and the X-Oktasim-Fault header; the index when empty
    FaultMatch match;
    FaultResponse respond;
};

// Parses one FAULT object. The problem's path is prefixed with `path` (e.g. "/faults/2").
result<Fault> parse_fault(const json::value& value, std::string_view path, engine::Problem& problem);
result<Fault> parse_fault(const json::value& value, std::string_view path, std::string& error);
// Parses an array of FAULT objects (the admin endpoint's "set faults"); element problems are at "<path>/<index>/...".
result<std::vector<Fault>> parse_faults(const json::value& value, std::string_view path, engine::Problem& problem);
result<std::vector<Fault>> parse_faults(const json::value& value, std::string_view path, std::string& error);
// The FAULT object form of `fault`, as parse_fault reads it (for snapshots and the admin endpoint).
json::object to_json(const Fault& fault);

// An ordered list of faults with, per fault, the number of requests that matched it so far.
class FaultSet {
public:
    struct Selection {
        std::size_t index = 0;
        const Fault* fault = nullptr;
        std::string label;  // fault name, or its index when unnamed
    };

    FaultSet() = default;
    explicit FaultSet(std::vector<Fault> faults);

    void set(std::vector<Fault> faults);  // replaces every fault; counters restart
    void add(Fault fault);                // appends, with a fresh counter
    void clear();

    // Counts the request against every fault it matches, then returns the first (in order) that fires on it.
    // Counting every match, not just up to the winner, keeps "the 2nd POST /Users" meaning exactly that.
    std::optional<Selection> select(std::string_view method, const std::optional<std::string>& relative_path);

    const std::vector<Fault>& faults() const noexcept { return faults_; }
    std::uint64_t matched(std::size_t index) const noexcept;
    bool empty() const noexcept { return faults_.empty(); }

private:
    std::vector<Fault> faults_;
    std::vector<std::uint64_t> counts_;
};

}  // namespace oktasim::connectors::simapp
