// List filters of the forms Okta sends, `attrPath SP "eq" SP compValue` (docs/okta-behaviour.md §2.2, §7.4) and the
// incremental import's `meta.lastModified gt "<time>"` (§2.9); the PatchOp engine parses its value filters
// (`emails[type eq "work"]`) with the same parser and accepts eq only.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::simapp::detail {

enum class CompareOp { eq, gt, ge, lt, le };

struct Comparison {
    std::string attr;
    json::value value;
    CompareOp op = CompareOp::eq;
};

// An attribute name (RFC 7643 §2.1: ALPHA *(nameChar)).
bool valid_name(std::string_view name) noexcept;
// nullopt with the reason in `why` when `text` is not `attr OP value` with OP one of eq, gt, ge, lt, le.
std::optional<Comparison> parse_comparison(std::string_view text, std::string& why);
// The canonical name of a filter attribute the endpoint supports with that operator, or "" with the reason in
// `why`. Ordering operators compare only "meta.lastModified", whose value must be a UTC dateTime.
std::string filter_attribute(ResourceKind kind, const Comparison& c, std::string& why);
// meta.lastModified against a filter: both ISO 8601 UTC timestamps, compared as instants.
bool time_matches(CompareOp op, std::int64_t actual_ms, std::int64_t wanted_ms) noexcept;
bool filter_matches(std::string_view attr, std::string_view wanted, std::string_view id, const json::object& body,
                    bool case_sensitive_user_name);

}  // namespace oktasim::connectors::simapp::detail
