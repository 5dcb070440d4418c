// SCIM's JSON conventions as helpers for the simulated app: attribute names compare case-insensitively
// (RFC 7643 §2.1), objects merge member by member; plus the small text helpers its parsers share.
#pragma once

#include <oktasim/wire/text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace oktasim::connectors::simapp::detail {

namespace json = boost::json;

using wire::iequals;
using wire::to_lower;

bool istarts_with(std::string_view text, std::string_view prefix) noexcept;
bool iends_with(std::string_view text, std::string_view suffix) noexcept;
std::string_view trim(std::string_view text) noexcept;
bool is_blank(std::string_view text) noexcept;
inline std::string_view view(const json::string& s) noexcept { return {s.data(), s.size()}; }

// Records why a parse failed and gives the empty optional the parser returns.
std::nullopt_t fail(std::string& why, std::string reason);

// Removes the elements `pred` selects, keeping the others in order; returns how many went.
template <class Pred>
std::size_t erase_where(json::array& items, Pred pred) {
    const auto first = std::remove_if(items.begin(), items.end(), pred);
    const auto removed = static_cast<std::size_t>(items.end() - first);
    items.erase(first, items.end());
    return removed;
}

// Members looked up by a case-insensitive name; end() / nullptr / nullopt (not a string) when absent.
json::object::iterator find_ci(json::object& object, std::string_view key);
const json::value* get_ci(const json::object& object, std::string_view key);
std::optional<std::string_view> string_ci(const json::object& object, std::string_view key);
void erase_ci(json::object& object, std::string_view key);

std::string key_for(json::object& object, std::string_view name);
void merge_into(json::object& target, const json::object& source);
// Whether the body's "schemas" array names `urn`.
bool lists_schema(const json::object& body, std::string_view urn);

}  // namespace oktasim::connectors::simapp::detail
