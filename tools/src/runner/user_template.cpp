// Expanding user and group templates: placeholders in profile strings, names drawn from a seeded stream.
#include <oktasim/runner/user_template.hpp>

#include <oktasim/sim/prng.hpp>

#include <array>
#include <string_view>

namespace oktasim::runner {
namespace {

constexpr std::array<std::string_view, 16> first_names = {
    "Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace",
    "John", "Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Tim", "Whitfield"};
constexpr std::array<std::string_view, 16> last_names = {
    "Allen", "Backus", "Cerf", "Dijkstra", "Engelbart", "Hamilton", "Hopper", "Johnson",
    "Kahn", "Knuth", "Lamport", "Liskov", "Lovelace", "Perlman", "Shannon", "Turing"};

struct Fill {
    std::string_view n, first, last;
};

std::string expand(std::string_view text, const Fill& fill) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const auto placeholder = [&](std::string_view name) { return text.substr(i, name.size()) == name; };
        if (placeholder("{n}")) {
            out += fill.n;
            i += 3;
        } else if (placeholder("{first}")) {
            out += fill.first;
            i += 7;
        } else if (placeholder("{last}")) {
            out += fill.last;
            i += 6;
        } else {
            out += text[i++];
        }
    }
    return out;
}

json::object expand_profile(const json::object& profile, const Fill& fill) {
    json::object out;
    out.reserve(profile.size());
    for (const auto& [key, value] : profile) out[key] = value.is_string() ? json::value(expand(value.as_string(), fill)) : value;
    return out;
}

}  // namespace

std::vector<UserSpec> generate_users(const UserTemplate& tmpl, std::size_t count, std::uint64_t seed) {
    sim::Prng names = sim::Prng(seed).fork("user-template:names");
    std::vector<UserSpec> users;
    users.reserve(count);
    for (std::size_t i = 1; i <= count; ++i) {
        const std::string n = std::to_string(i);
        const Fill fill{n, first_names[names.below(first_names.size())], last_names[names.below(last_names.size())]};
        UserSpec u;
        u.status = tmpl.status;
        u.profile = expand_profile(tmpl.profile, fill);
        users.push_back(std::move(u));
    }
    return users;
}

std::vector<GroupSpec> generate_groups(const GroupTemplate& tmpl, std::size_t count,
                                       const std::vector<std::string>& members) {
    std::vector<GroupSpec> groups(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string n = std::to_string(i + 1);
        groups[i].profile = expand_profile(tmpl.profile, Fill{n, "", ""});
        if (tmpl.members == GeneratedMembers::all) groups[i].members = members;
    }
    if (tmpl.members == GeneratedMembers::round_robin && count > 0)
        for (std::size_t u = 0; u < members.size(); ++u) groups[u % count].members.push_back(members[u]);
    return groups;
}

}  // namespace oktasim::runner
