// The query string of a list request: percent-decoded parameters and paging (RFC 7644 §3.4.2.4).
#pragma once

#include "response.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::simapp::detail {

inline constexpr std::int64_t default_count = 100;  // RFC 7644 leaves it to the server; Okta asks for 100 anyway
inline constexpr std::int64_t max_count = 1000;

struct QueryParam {
    std::string name;
    std::string value;
};

std::optional<std::vector<QueryParam>> parse_query(std::string_view query, std::string& bad);
// The value of the first parameter named `name` (case-insensitively); nullptr when absent.
const std::string* find_param(const std::vector<QueryParam>& params, std::string_view name);

struct Paging {
    std::int64_t start = 1;
    std::int64_t count = default_count;
};

Failure read_paging(const std::vector<QueryParam>& params, Paging& paging);

}  // namespace oktasim::connectors::simapp::detail
