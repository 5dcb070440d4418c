// The "user" expectation: an Okta user's own status and profile attributes.
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

namespace oktasim::runner {
namespace {

struct UserMatcher {
    UserRef user;
    std::optional<std::string> status;
    std::optional<json::object> profile;  // each attribute given must hold that value (null: none)
};

class UserExpectation final : public Expectation {
public:
    UserExpectation(std::string_view key, UserMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        const engine::User& u = world.org().users.at(m_.user.id(world.tenant()));
        if (m_.status) compare("status", *m_.status, std::string(engine::to_string(u.status)), out, "user " + u.login() + ": ");
        if (m_.profile) compare_profile(*m_.profile, u.profile, out, "user " + u.login() + ": ");
    }
    std::string describe() const override { return std::string(key()) + " " + m_.user.written; }
    json::value actual(World& world, const Cursors&) const override {
        const engine::User& u = world.org().users.at(m_.user.id(world.tenant()));
        return json::object{{"id", u.id}, {"login", u.login()}, {"status", engine::to_string(u.status)}};
    }
    void names(StateNames& s) const override { s.users.push_back(m_.user.index); }

private:
    UserMatcher m_;
};

bool read_matcher(MatcherReader& m, UserMatcher& out) {
    const json::object* profile = nullptr;
    if (!(m.r.only({"user", "status", "profile"}) && m.user("user", out.user) && m.string("status", out.status) &&
          m.r.object("profile", profile)))
        return false;
    if (profile) out.profile = *profile;
    return true;
}

}  // namespace

namespace expect {
ExpectationEntry user() { return one_matcher<UserExpectation, UserMatcher, read_matcher>("user"); }
}  // namespace expect

}  // namespace oktasim::runner
