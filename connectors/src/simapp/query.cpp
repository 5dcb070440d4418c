// The query string of a list request: percent-decoded parameters and paging (RFC 7644 §3.4.2.4).
#include <oktasim/wire/text.hpp>

#include "query.hpp"

#include "scim_json.hpp"

#include <algorithm>
#include <charconv>

namespace oktasim::connectors::simapp::detail {

// Splits and percent-decodes a query ('+' is a space there). nullopt, with the parameter in `bad`, on a bad escape.
std::optional<std::vector<QueryParam>> parse_query(std::string_view query, std::string& bad) {
    std::vector<QueryParam> params;
    for (const wire::QueryPair& pair : wire::split_query(query)) {
        auto name = wire::percent_decode(pair.name, true);
        auto value = wire::percent_decode(pair.value, true);
        if (!name || !value) {
            bad = std::string(pair.name);
            return std::nullopt;
        }
        params.push_back({std::move(*name), std::move(*value)});
    }
    return params;
}

const std::string* find_param(const std::vector<QueryParam>& params, std::string_view name) {
    for (const auto& p : params)
        if (iequals(p.name, name)) return &p.value;
    return nullptr;
}

namespace {

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return n;
}

}  // namespace

// RFC 7644 §3.4.2.4: startIndex < 1 means 1; a negative count means 0. Counts above the maximum are capped.
Failure read_paging(const std::vector<QueryParam>& params, Paging& paging) {
    if (const std::string* text = find_param(params, "startIndex")) {
        const auto n = parse_int(*text);
        if (!n) return scim_error(400, "startIndex must be an integer, not '" + *text + "'", "invalidValue");
        paging.start = std::max<std::int64_t>(*n, 1);
    }
    if (const std::string* text = find_param(params, "count")) {
        const auto n = parse_int(*text);
        if (!n) return scim_error(400, "count must be an integer, not '" + *text + "'", "invalidValue");
        paging.count = std::clamp<std::int64_t>(*n, 0, max_count);
    }
    return std::nullopt;
}

}  // namespace oktasim::connectors::simapp::detail
