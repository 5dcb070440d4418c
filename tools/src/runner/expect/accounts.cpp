// The downstream app's accounts: "accounts" (all of them subset-match a list) and "account" (one, by userName, present
// or absent, its resource and stored password), read from the simulated app or from a live server over SCIM.
#include "expect.hpp"

#include <oktasim/runner/expectations.hpp>
#include <oktasim/runner/world.hpp>

#include <oktasim/wire/text.hpp>

namespace oktasim::runner {
namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The app's users: from the simulated app, or read from a live server over SCIM.
std::optional<std::vector<json::object>> app_accounts(World& world, const std::string& app_key, std::string& why) {
    if (auto* app = world.downstream(app_key)) return app->accounts();
    auto live = world.read_live_accounts(app_key, why);
    if (!live) return std::nullopt;
    return std::move(*live);
}

struct AccountsMatcher {
    AppRef app;
    json::value users;  // subset-matches the accounts, in creation order
};

class AccountsExpectation final : public Expectation {
public:
    AccountsExpectation(std::string_view key, AccountsMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        std::string why;
        auto list = app_accounts(world, m_.app.key(world.tenant()), why);
        if (!list) {
            out.push_back("accounts: " + why);
            return;
        }
        json::array actual;
        for (auto& a : *list) actual.push_back(std::move(a));
        const json::value actual_value = actual;
        why.clear();
        if (!json_matches(m_.users, &actual_value, "accounts", why)) out.push_back(why);
    }
    // A live server's accounts are read only by the check itself.
    json::value actual(World& world, const Cursors&) const override {
        auto* sim_app = world.downstream(m_.app.key(world.tenant()));
        if (!sim_app) return nullptr;
        json::array list;
        for (auto& a : sim_app->accounts()) list.push_back(std::move(a));
        return list;
    }
    void names(StateNames& s) const override { s.all_accounts.push_back(m_.app.index); }

private:
    AccountsMatcher m_;
};

bool read_accounts(MatcherReader& m, AccountsMatcher& out) {
    const json::array* users = nullptr;
    // A live app's accounts are read from the server over SCIM (not counted in "requests").
    if (!(m.r.only({"app", "users"}) && m.app("app", out.app) && m.r.array("users", users, true))) return false;
    out.users = *users;
    return true;
}

struct AccountMatcher {
    AppRef app;
    std::string user_name;
    std::optional<bool> absent;
    std::optional<json::value> resource;  // subset-matches the account as GET /Users/{id} returns it
    std::optional<std::string> password;  // the stored password; "$any": one is stored
};

class AccountExpectation final : public Expectation {
public:
    AccountExpectation(std::string_view key, AccountMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        const std::string& app_key = m_.app.key(world.tenant());
        const std::string& user_name = m_.user_name;
        auto* app = world.downstream(app_key);
        std::optional<json::object> found;
        if (app) {
            found = app->find_account_by_user_name(user_name);
        } else {
            std::string why;
            auto list = app_accounts(world, app_key, why);
            if (!list) {
                out.push_back("account " + user_name + ": " + why);
                return;
            }
            for (auto& a : *list)
                if (wire::iequals(str(a, "userName"), user_name)) found = std::move(a);
        }
        const bool absent = m_.absent.value_or(false);
        if (absent || !found) {
            if (absent && found) out.push_back("account " + user_name + ": expected none, but the app has it");
            if (!absent && !found) out.push_back("account " + user_name + ": the app has no such account");
            return;
        }
        if (m_.resource) {
            const json::value actual = *found;
            std::string why;
            if (!json_matches(*m_.resource, &actual, "account " + user_name, why)) out.push_back(why);
        }
        if (m_.password && app) {
            const auto pw = app->password(str(*found, "id"));
            const std::string& expected = *m_.password;
            if (expected == "$any" ? !pw : pw.value_or("") != expected)
                out.push_back("account " + user_name + ": password: " +
                              (!pw ? "expected " + (expected == "$any" ? std::string("one") : secret(expected)) + ", got none"
                                   : secret_mismatch(secret(expected), secret(*pw))));
        }
    }
    json::value actual(World& world, const Cursors&) const override {
        auto* sim_app = world.downstream(m_.app.key(world.tenant()));
        if (!sim_app) return nullptr;  // a live server: read only by the check itself
        auto a = sim_app->find_account_by_user_name(m_.user_name);
        return a ? json::value(std::move(*a)) : json::value(nullptr);
    }
    void names(StateNames& s) const override { s.accounts.emplace_back(m_.app.index, m_.user_name); }

private:
    AccountMatcher m_;
};

bool read_account(MatcherReader& m, AccountMatcher& out) {
    const json::object* resource = nullptr;
    if (!(m.r.only({"app", "userName", "absent", "resource", "password"}) && m.app("app", out.app) &&
          (!m.at("password") || m.simulated()) &&  // write-only over SCIM
          m.string("userName", out.user_name) && m.boolean("absent", out.absent) && m.r.object("resource", resource) &&
          m.string("password", out.password)))
        return false;
    if (resource) out.resource = *resource;
    return true;
}

}  // namespace

namespace expect {
ExpectationEntry accounts() { return one_matcher<AccountsExpectation, AccountsMatcher, read_accounts>("accounts"); }
ExpectationEntry account() { return one_matcher<AccountExpectation, AccountMatcher, read_account>("account"); }
}  // namespace expect

}  // namespace oktasim::runner
