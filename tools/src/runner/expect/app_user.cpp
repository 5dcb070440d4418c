// The "appUser" expectation: one user's assignment to one app, absent or with the given status, sync state,
// externalId, scope, credentials.userName, and the app user profile Okta computed (the given attributes).
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

#include <boost/json/serialize.hpp>

namespace oktasim::runner {
namespace {

struct AppUserMatcher {
    AppRef app;
    UserRef user;
    std::optional<std::string> status, sync_state, scope, user_name;  // as Okta spells them
    std::optional<bool> has_external_id;  // "externalId": true or false
    std::optional<std::string> external_id;  // "externalId": the exact id
    std::optional<bool> absent;
    std::optional<json::object> profile;  // each attribute given must hold that value (null: absent or null)
};

class AppUserExpectation final : public Expectation {
public:
    AppUserExpectation(std::string_view key, AppUserMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        const std::string& app_key = m_.app.key(world.tenant());
        const engine::User& user = world.org().users.at(m_.user.id(world.tenant()));
        const engine::AppUser* au = world.org().app_user(app_key, user.id);
        const std::string ctx = "appUser " + app_key + "/" + user.login() + ": ";
        const bool absent = m_.absent.value_or(false);
        if (absent || !au) {
            if (absent && au)
                out.push_back(ctx + "expected no assignment, but the user is assigned (" +
                              std::string(engine::to_string(au->status)) + ")");
            if (!absent && !au) out.push_back(ctx + "expected an assignment, but the user is not assigned");
            return;
        }
        if (m_.status) compare("status", *m_.status, std::string(engine::to_string(au->status)), out, ctx);
        if (m_.sync_state) compare("syncState", *m_.sync_state, std::string(engine::to_string(au->sync_state)), out, ctx);
        if (m_.scope) compare("scope", *m_.scope, au->scope(), out, ctx);
        if (m_.user_name) compare("credentials.userName", *m_.user_name, au->user_name, out, ctx);
        if (m_.has_external_id && *m_.has_external_id != au->external_id.has_value())
            out.push_back(ctx + "externalId: expected " + (*m_.has_external_id ? "an id" : "none") + ", got " +
                          (au->external_id ? quoted(*au->external_id) : std::string("none")));
        if (m_.external_id) compare("externalId", *m_.external_id, au->external_id.value_or(""), out, ctx);
        if (m_.profile) compare_profile(*m_.profile, au->profile, out, ctx);
    }
    std::string describe() const override { return std::string(key()) + " " + m_.user.written; }
    json::value actual(World& world, const Cursors&) const override {
        const engine::AppUser* au = world.org().app_user(m_.app.key(world.tenant()), m_.user.id(world.tenant()));
        return au ? json::value(au->to_json(world.org().org_url)) : json::value(nullptr);
    }
    void names(StateNames& s) const override { s.app_user(m_.app, m_.user); }

private:
    AppUserMatcher m_;
};

bool read_matcher(MatcherReader& m, AppUserMatcher& out) {
    const json::object* profile = nullptr;
    if (!(m.r.only({"app", "user", "status", "syncState", "externalId", "scope", "absent", "userName", "profile"}) &&
          m.r.object("profile", profile) &&
          m.app("app", out.app) && m.user("user", out.user) && m.string("status", out.status) &&
          m.string("syncState", out.sync_state) && m.one_of("scope", out.scope, {"USER", "GROUP"}) &&
          m.boolean("absent", out.absent) && m.string("userName", out.user_name)))
        return false;
    if (profile) out.profile = *profile;
    if (const auto* ext = m.at("externalId")) {
        if (ext->is_bool()) out.has_external_id = ext->as_bool();
        else if (ext->is_string()) out.external_id = std::string(ext->as_string());
        else
            return m.r.fail(m.r.path_of("externalId"), "expected true, false or the exact id, got " + std::string(json_kind(*ext)),
                            scenario_errc::wrong_type);
    }
    return true;
}

}  // namespace

namespace expect {
ExpectationEntry app_user() { return one_matcher<AppUserExpectation, AppUserMatcher, read_matcher>("appUser"); }
}  // namespace expect

}  // namespace oktasim::runner
