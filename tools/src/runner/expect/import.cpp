// The "import" expectation: an app's To Okta import state as Dashboard > Import shows it: its status, the last results
// in Okta's words, the last failure, the queue (each account's classification and match), and Okta users an import
// created or changed, by login.
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

#include <boost/json/serialize.hpp>

#include <array>

namespace oktasim::runner {
namespace {

struct QueuedMatcher {
    std::string user_name;
    std::optional<std::string> match;
    std::optional<UserRef> matched_user;
    std::optional<std::string> okta_username;  // the Okta username the format computed
    std::optional<std::string> conflict;       // the row's conflict text ("" for none)
};

struct OktaUserMatcher {
    std::string login;
    std::optional<std::string> status;
    std::optional<json::object> profile;  // each attribute given must hold that value (null: none)
};

struct ImportMatcher {
    AppRef app;
    std::optional<std::string> status;
    std::optional<std::vector<std::string>> lines;
    std::optional<std::string> error;  // a part of the last failure's message
    std::optional<std::int64_t> pages;
    std::optional<bool> roadblocked;
    std::optional<std::vector<QueuedMatcher>> queue;  // the whole queue, in order
    std::vector<OktaUserMatcher> users;
};

json::value joined(const std::vector<std::string>& lines) {
    json::array a;
    for (const auto& l : lines) a.emplace_back(l);
    return a;
}

class ImportExpectation final : public Expectation {
public:
    ImportExpectation(std::string_view key, ImportMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        engine::Org& org = world.org();
        const engine::App& app = *org.app_by_ref(m_.app.key(world.tenant()));
        const engine::ImportState& st = app.import;
        const std::string at = "import of " + app.label + ": ";
        if (m_.status) compare("status", *m_.status, std::string(engine::to_string(st.status)), out, at);
        if (m_.lines) {
            const std::vector<std::string> actual = st.last ? st.last->lines() : std::vector<std::string>{};
            compare("results", json::serialize(joined(*m_.lines)), json::serialize(joined(actual)), out, at);
        }
        if (m_.pages) {
            const std::int64_t actual = st.last ? st.last->pages : 0;
            compare("pages", std::to_string(*m_.pages), std::to_string(actual), out, at);
        }
        if (m_.error && st.last_error.find(*m_.error) == std::string::npos)
            out.push_back(at + "error: expected it to contain " + quoted(*m_.error) + ", got " + quoted(st.last_error));
        if (m_.roadblocked)
            compare("roadblocked", *m_.roadblocked ? "true" : "false",
                    org.import_roadblock_app.empty() ? "false" : "true", out, at);
        if (m_.queue) {
            const auto pending = st.pending();
            compare("queue size", std::to_string(m_.queue->size()), std::to_string(pending.size()), out, at);
            for (std::size_t i = 0; i < m_.queue->size() && i < pending.size(); ++i) {
                const QueuedMatcher& q = (*m_.queue)[i];
                const engine::ImportEntry& e = *pending[i];
                const std::string where = at + "queue[" + std::to_string(i) + "] ";
                compare("userName", q.user_name, e.account.user_name, out, where);
                if (q.match) compare("match", *q.match, std::string(engine::to_string(e.match)), out, where);
                if (q.matched_user)
                    compare("matchedUser", q.matched_user->id(world.tenant()), e.matched_user_id, out, where);
                if (q.okta_username) compare("oktaUsername", *q.okta_username, e.account.okta_login, out, where);
                if (q.conflict) compare("conflict", *q.conflict, e.conflict, out, where);
            }
        }
        for (const OktaUserMatcher& u : m_.users) {
            const engine::User* user = org.user_by_ref(u.login);
            if (!user) {
                out.push_back(at + "no Okta user " + quoted(u.login));
                continue;
            }
            const std::string who = at + "user " + u.login + ": ";
            if (u.status) compare("status", *u.status, std::string(engine::to_string(user->status)), out, who);
            if (u.profile) compare_profile(*u.profile, user->profile, out, who);
        }
    }
    std::string describe() const override { return std::string(key()) + " " + m_.app.written; }
    json::value actual(World& world, const Cursors&) const override {
        engine::Org& org = world.org();
        const engine::App& app = *org.app_by_ref(m_.app.key(world.tenant()));
        json::array queue;
        for (const engine::ImportEntry* e : app.import.pending()) queue.push_back(e->to_json());
        json::object o{{"status", engine::to_string(app.import.status)},
                       {"error", app.import.last_error},
                       {"roadblocked", !org.import_roadblock_app.empty()},
                       {"queue", std::move(queue)}};
        o["last"] = app.import.last ? json::value(app.import.last->to_json()) : json::value(nullptr);
        return o;
    }

private:
    ImportMatcher m_;
};

bool read_matcher(MatcherReader& m, ImportMatcher& out) {
    static constexpr std::array<std::string_view, 5> statuses{"IDLE", "RUNNING", "WAITING_RETRY", "ROADBLOCKED", "FAILED"};
    if (!m.r.only({"app", "status", "lines", "error", "pages", "roadblocked", "queue", "users"}) || !m.app("app", out.app) ||
        !m.one_of("status", out.status, statuses) || !m.string("error", out.error) || !m.integer("pages", out.pages) ||
        !m.boolean("roadblocked", out.roadblocked))
        return false;
    const json::array* lines = nullptr;
    if (!m.r.array("lines", lines)) return false;
    if (lines) {
        out.lines.emplace();
        for (std::size_t i = 0; i < lines->size(); ++i) {
            if (!(*lines)[i].is_string())
                return m.r.fail(m.r.path_of("lines") + "/" + std::to_string(i),
                                "expected a string, got " + std::string(json_kind((*lines)[i])), scenario_errc::wrong_type);
            out.lines->emplace_back((*lines)[i].as_string());
        }
    }
    const json::array* queue = nullptr;
    if (!m.r.array("queue", queue)) return false;
    if (queue) {
        out.queue.emplace();
        for (std::size_t i = 0; i < queue->size(); ++i) {
            const std::string p = m.r.path_of("queue") + "/" + std::to_string(i);
            if (!(*queue)[i].is_object())
                return m.r.fail(p, "expected an object, got " + std::string(json_kind((*queue)[i])), scenario_errc::wrong_type);
            JsonReader qr((*queue)[i].as_object(), p, *m.r.error());
            MatcherReader q{qr, (*queue)[i].as_object(), m.names};
            QueuedMatcher& qm = out.queue->emplace_back();
            if (!qr.only({"userName", "match", "matchedUser", "oktaUsername", "conflict"}) || !q.string("userName", qm.user_name) ||
                !q.one_of("match", qm.match, {"NEW", "EXACT", "PARTIAL"}) || !q.user("matchedUser", qm.matched_user) ||
                !q.string("oktaUsername", qm.okta_username) || !q.string("conflict", qm.conflict))
                return false;
        }
    }
    const json::array* users = nullptr;
    if (!m.r.array("users", users)) return false;
    if (users) {
        for (std::size_t i = 0; i < users->size(); ++i) {
            const std::string p = m.r.path_of("users") + "/" + std::to_string(i);
            if (!(*users)[i].is_object())
                return m.r.fail(p, "expected an object, got " + std::string(json_kind((*users)[i])), scenario_errc::wrong_type);
            JsonReader ur((*users)[i].as_object(), p, *m.r.error());
            MatcherReader u{ur, (*users)[i].as_object(), m.names};
            OktaUserMatcher& um = out.users.emplace_back();
            const json::object* profile = nullptr;
            if (!ur.only({"login", "status", "profile"}) || !u.string("login", um.login) || !u.string("status", um.status) ||
                !ur.object("profile", profile))
                return false;
            if (profile) um.profile = *profile;
            if (um.status && !engine::user_status_from(*um.status))
                return ur.fail(ur.path_of("status"), "expected an Okta user status (ACTIVE, STAGED, PROVISIONED, "
                               "SUSPENDED, DEPROVISIONED, ...), got " + quoted(*um.status), scenario_errc::bad_value);
        }
    }
    return true;
}

}  // namespace

namespace expect {
ExpectationEntry import() { return one_matcher<ImportExpectation, ImportMatcher, read_matcher>("import"); }
}  // namespace expect

}  // namespace oktasim::runner
