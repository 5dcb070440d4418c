// List filters of the one form Okta sends, `attrPath SP "eq" SP compValue` (docs/okta-behaviour.md §2.2, §7.4);
// the PatchOp engine parses its value filters (`emails[type eq "work"]`) with the same parser.
#pragma once

#include <oktasim/connectors/simapp/sim_app.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::simapp::detail {

struct Comparison {
    std::string attr;
    json::value value;
};

// An attribute name (RFC 7643 §2.1: ALPHA *(nameChar)).
bool valid_name(std::string_view name) noexcept;
// nullopt with the reason in `why` when `text` is not `attr eq value`.
std::optional<Comparison> parse_comparison(std::string_view text, std::string& why);
std::string filter_attribute(ResourceKind kind, const Comparison& c, std::string& why);
bool filter_matches(std::string_view attr, std::string_view wanted, std::string_view id, const json::object& body,
                    bool case_sensitive_user_name);

}  // namespace oktasim::connectors::simapp::detail
