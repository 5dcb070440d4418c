// Users generated from a profile template and a count, seeded: large orgs for benchmarks and load tests without
// giant scenario files. The scenario loader can hand a parsed template to `generate_users`.
#pragma once

#include <oktasim/runner/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace oktasim::runner {

// Each string value of `profile` is expanded per user: "{n}" is the user's 1-based number, "{first}" and
// "{last}" a first and last name drawn from the seed (the same pair within one user).
struct UserTemplate {
    std::string status = "ACTIVE";
    json::object profile{{"login", "user{n}@example.com"},
                         {"email", "user{n}@example.com"},
                         {"firstName", "{first}"},
                         {"lastName", "{last}"}};
};

// `count` users; the same template, count and seed give the same users.
std::vector<UserSpec> generate_users(const UserTemplate& tmpl, std::size_t count, std::uint64_t seed);

}  // namespace oktasim::runner
