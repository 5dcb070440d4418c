// Users and groups generated from a profile template and a count, seeded: large orgs for benchmarks, load tests and
// training scenarios without giant scenario files (a scenario's "org.generate"; the benchmark).
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

// How generated users join generated groups.
enum class GeneratedMembers {
    all,          // every generated user is in every generated group
    round_robin,  // user n is in group ((n - 1) mod groups) + 1
    none,
};

// Each string value of `profile` is expanded per group: "{n}" is the group's 1-based number. `members` are the
// references (logins) of the generated users, in order.
struct GroupTemplate {
    json::object profile{{"name", "Group {n}"}};
    GeneratedMembers members = GeneratedMembers::all;
};

std::vector<GroupSpec> generate_groups(const GroupTemplate& tmpl, std::size_t count,
                                       const std::vector<std::string>& members);

}  // namespace oktasim::runner
