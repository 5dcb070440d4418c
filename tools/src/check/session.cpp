// One check run: the session's set-up (test users, secrets to redact), its phases in order, the bookkeeping every
// step shares (sending, finishing, warnings once, list judgement), and the entry points that run it.
#include "expectations.hpp"
#include "session.hpp"

#include <oktasim/engine/mapping.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <stdexcept>

namespace oktasim::check {

namespace detail {

namespace {

std::string token_for(sim::Prng& prng) { return prng.text(sim::alphabet_alnum_lower, 10); }

TestUser make_user(sim::Prng& prng, std::string_view tag) {
    const std::string token = token_for(prng);
    TestUser u;
    u.user_name = "oktasim-check-" + std::string(tag) + (tag.empty() ? "" : "-") + token + "@example.com";
    u.given_name = "Oktasim";
    u.family_name = "Check" + token;
    return u;
}

// The Okta user behind a test user, for Okta's own create body (engine mapping, docs/okta-behaviour.md §2.2): Okta sends the
// user's own id as externalId, so each run's spec user has its own (a server may keep externalIds unique).
json::object create_body(const TestUser& t, std::string password) {
    engine::User u;
    u.id = t.okta_id;
    u.status = engine::UserStatus::active;
    u.profile["login"] = t.user_name;
    u.profile["email"] = t.user_name;
    u.profile["firstName"] = t.given_name;
    u.profile["lastName"] = t.family_name;
    return engine::scim_create_body(u, engine::app_user_profile(u), std::move(password));
}

}  // namespace

// --- Session ----------------------------------------------------------------------------------------------------

Session::Session(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options)
    : loop_(loop), transport_(transport), options_(std::move(options)), signal_(loop.get_executor()) {
    report_.base_url = options_.endpoint.base_url;
    report_.seed = options_.seed;
    report_.nonce = options_.nonce;
    report_.features = to_string(options_.features);
    report_.timestamp = loop.timestamp();
    const scim::Auth& a = options_.auth;
    for (const std::string* secret : {&a.token, &a.password, &a.client_secret, &a.refresh_token})
        if (!secret->empty()) report_.secrets.push_back(*secret);
    if (const std::string value = a.authorization(); !value.empty()) {
        report_.secrets.push_back(value);
        if (const auto space = value.find(' '); space != std::string::npos)
            report_.secrets.push_back(value.substr(space + 1));  // the Basic encoding, a token after its scheme
    }
    // The nonce makes every run's names and ids its own; with the seed it reproduces them.
    const std::string salt = options_.nonce.empty() ? std::string() : ":" + options_.nonce;
    sim::Prng names = sim::Prng(options_.seed).fork("check:users" + salt);
    spec_user_ = make_user(names, "");
    spec_user_.okta_id = "00u" + sim::Prng(options_.seed).fork("check:ids" + salt).text(sim::alphabet_base62, 17);
    aiw_user_ = make_user(names, "aiw");
    oin_user_ = make_user(names, "oin");
    missing_user_ = make_user(names, "missing");
    // A stream of its own, so --groups leaves the users' names as they are without it.
    sim::Prng groups = sim::Prng(options_.seed).fork("check:groups" + salt);
    aiw_group_ = "oktasim-check-group-aiw-" + token_for(groups);
    oin_group_ = "oktasim-check-group-oin-" + token_for(groups);
    sim::Prng passwords = sim::Prng(options_.seed).fork("check:password");
    spec_body_ = create_body(spec_user_, passwords.text(sim::alphabet_alnum_lower, 8));
    if (v11()) spec_body_ = scim::v11::to_v11(std::move(spec_body_));
}

asio::awaitable<void> Session::run() {
    if (wants(Phase::connection)) co_await connection();  // closes the gate when the connection test fails
    if (wants(Phase::spec)) co_await spec();
    if (wants(Phase::lifecycle)) {
        co_await lifecycle(engine::Flavour::aiw);
        co_await lifecycle(engine::Flavour::oin);
    }
    co_await cleanup();
    note_sent_passwords();
}

StepResult Session::make_step(std::string id, std::string name, Phase phase, bool required) const {
    StepResult s;
    s.id = std::move(id);
    s.name = std::string(to_string(phase)) + ": " + std::move(name) + (required ? "" : " (optional)");
    s.phase = phase;
    s.required = required;
    return s;
}

void Session::finish(StepResult step) {
    if (!transport_.closed().empty()) {
        // After a failed connection test: one cause, so one failure; every later step is skipped for it.
        StepResult skipped = make_step("", "", step.phase, step.required);
        skipped.id = std::move(step.id);
        skipped.name = std::move(step.name);
        skipped.status = Status::skip;
        skipped.note = transport_.closed();
        report_.steps.push_back(std::move(skipped));
        return;
    }
    if (!step.problem.empty())
        step.status = step.required ? Status::fail : Status::warn;
    else if (step.status != Status::skip)
        step.status = step.warnings.empty() ? Status::pass : Status::warn;
    report_.steps.push_back(std::move(step));
}

void Session::warn_once(StepResult& step, const std::string& key, std::string text, std::string reference) {
    if (!warned_.insert(key).second) return;
    warn(step, std::move(text), std::move(reference));
}

asio::awaitable<wire::Delivery> Session::send(StepResult& step, wire::Request request) {
    wire::Exchange x;
    x.at = loop_.now();
    x.app = "check";
    x.request = request;
    x.delivery = co_await transport_.send(std::move(request));
    step.exchanges.push_back(x);
    co_return x.delivery;
}

std::string Session::provisioning_prefix(const TestUser& user) const {
    return "Automatic provisioning of user " + user.display_name() + " to app " + options_.app_label + " failed: ";
}

std::string Session::verify_prefix(const TestUser& user, std::string_view looked_up) const {
    return provisioning_prefix(user) + "Error while verifying if user " + std::string(looked_up) + " exists: ";
}

std::string Session::profile_push_prefix(std::string_view display, std::string_view login) const {
    return "Automatic profile push of user " + std::string(display) + " to app " + options_.app_label +
           " failed: Error while trying to push profile update for " + std::string(login) + ": ";
}

void Session::note_sent_passwords() {
    // Every "password" the run sent (the spec user's, Okta's random ones) joins the secrets the formatters hide.
    const auto walk = [this](const json::value& v, const auto& self) -> void {
        if (const auto* o = v.if_object()) {
            for (const auto& [k, child] : *o) {
                if (k == "password" && child.is_string() && !child.as_string().empty())
                    report_.secrets.emplace_back(child.as_string());
                else
                    self(child, self);
            }
        } else if (const auto* a = v.if_array()) {
            for (const auto& child : *a) self(child, self);
        }
    };
    for (const auto& step : report_.steps) {
        for (const auto& x : step.exchanges) {
            boost::system::error_code ec;
            const json::value body = json::parse(x.request.body, ec);
            if (!ec) walk(body, walk);
        }
    }
}

void Session::note_posted(const std::string& user_name, const std::optional<std::string>& id) {
    if (std::find(posted_.begin(), posted_.end(), user_name) == posted_.end()) posted_.push_back(user_name);
    if (id && !id->empty()) known_ids_[user_name].insert(*id);
}

void Session::judge_list(StepResult& step, const json::object& list, bool strict) {
    const auto problem = [&](const std::string& key, const std::string& text, std::string reference) {
        if (strict)
            fail(step, text, expect_list);
        else
            warn_once(step, key, text, std::move(reference));
    };
    // SCIM 1.1 lists carry the core URN (Okta's 1.1 reference and its 1.1 SPEC test step 7).
    const std::string_view list_urn = v11() ? urn::v1::core : scim::list_response_schema;
    if (!has_schema(list, list_urn))
        problem("list-schema", "the ListResponse lacks schemas [\"" + std::string(list_urn) + "\"]",
                v11() ? "Okta SCIM 1.1 SPEC test step 7" : "RFC 7644 §3.4.2");
    for (std::string_view key : {"totalResults", "startIndex", "itemsPerPage"}) {
        const json::value* v = list.if_contains(key);
        if (!integer(v))
            problem("list-" + std::string(key), std::string(key) + " is " + kind_of(v) + ", not an integer",
                    "RFC 7644 §3.4.2; docs/okta-behaviour.md §2.9");
    }
    const json::value* resources = list.if_contains("Resources");
    const auto total = integer(list.if_contains("totalResults"));
    if (resources && !resources->is_array()) {
        problem("list-resources", "Resources is " + kind_of(resources) + ", not an array", "RFC 7644 §3.4.2");
        return;
    }
    const std::size_t size = resources ? resources->as_array().size() : 0;
    if (!resources && total && *total > 0)
        problem("list-resources", "totalResults is " + std::to_string(*total) + " but there is no Resources array",
                "RFC 7644 §3.4.2");
    if (const auto per_page = integer(list.if_contains("itemsPerPage"));
        per_page && *per_page != static_cast<std::int64_t>(size)) {
        warn_once(step, "items-per-page",
                  "itemsPerPage is " + std::to_string(*per_page) + " but the page holds " + std::to_string(size) +
                      " resource(s): itemsPerPage must count the resources returned, not echo the requested count "
                      "(Okta pages by totalResults, so this does not break it)",
                  "RFC 7644 §3.4.2.4");
    }
}

}  // namespace detail

// --- Entry points -----------------------------------------------------------------------------------------------

asio::awaitable<Report> run_check(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options) {
    detail::Session session(loop, transport, std::move(options));
    co_await session.run();
    co_return session.take_report();
}

Report run_check_on(sim::EventLoop& loop, connectors::Transport& transport, CheckOptions options) {
    std::optional<Report> out;
    std::exception_ptr error;
    asio::co_spawn(loop.get_executor(), run_check(loop, transport, std::move(options)),
                   [&out, &error](std::exception_ptr e, Report r) {
                       if (e)
                           error = e;
                       else
                           out = std::move(r);
                   });
    const bool finished = loop.run_while([&out, &error] { return !out && !error; });
    if (error) std::rethrow_exception(error);
    if (!finished || !out) throw std::runtime_error("the event loop ran out of work before the check finished");
    return std::move(*out);
}

}  // namespace oktasim::check
