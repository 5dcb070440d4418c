// The check run: Okta's connection test, the checks of Okta's SCIM 2.0 spec test (docs/okta-behaviour.md §7.1, §2.13, §7.4),
// and the cleanup that deactivates what the run created. Requests come from scim_protocol's builders (Okta's exact
// request lines and headers); answers are read with its readers, so tenant messages are Okta's own.
#include "session.hpp"

#include <oktasim/engine/mapping.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace oktasim::check {

std::string_view to_string(Phase phase) noexcept {
    switch (phase) {
        case Phase::connection:
            return "connection";
        case Phase::spec:
            return "spec";
        case Phase::lifecycle:
            return "lifecycle";
        case Phase::cleanup:
            return "cleanup";
    }
    return "?";
}

std::optional<Phase> phase_from(std::string_view text) noexcept {
    if (text == "connection") return Phase::connection;
    if (text == "spec") return Phase::spec;
    if (text == "lifecycle") return Phase::lifecycle;
    return std::nullopt;
}

std::string_view to_string(Status status) noexcept {
    switch (status) {
        case Status::pass:
            return "PASS";
        case Status::fail:
            return "FAIL";
        case Status::warn:
            return "WARN";
        case Status::skip:
            return "SKIP";
    }
    return "?";
}

std::optional<Features> parse_features(std::string_view text, std::string& error) {
    Features f;
    f.create = f.update = f.deactivate = f.password = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = text.substr(start, comma - start);
        if (item == "create")
            f.create = true;
        else if (item == "update")
            f.update = true;
        else if (item == "deactivate")
            f.deactivate = true;
        else if (item == "password")
            f.password = true;
        else {
            error = std::string(item);
            return std::nullopt;
        }
        start = comma + 1;
    }
    return f;
}

std::string to_string(const Features& f) {
    std::string out;
    const auto add = [&out](bool on, std::string_view name) {
        if (!on) return;
        if (!out.empty()) out += ",";
        out += name;
    };
    add(f.create, "create");
    add(f.update, "update");
    add(f.deactivate, "deactivate");
    add(f.password, "password");
    return out.empty() ? "none" : out;
}

std::size_t Report::count(Status status) const noexcept {
    return static_cast<std::size_t>(
        std::count_if(steps.begin(), steps.end(), [status](const StepResult& s) { return s.status == status; }));
}

std::size_t Report::passed() const noexcept {
    return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const StepResult& s) {
        return s.status == Status::pass || (s.status == Status::warn && s.problem.empty());
    }));
}

const StepResult* Report::step(std::string_view id) const noexcept {
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

namespace detail {

// --- Signal and the signalling transport ---------------------------------------------------------------------

void Signal::notify() {
    if (!waiter_) {
        pending_ = true;
        return;
    }
    auto handler = std::move(*waiter_);
    waiter_.reset();
    // As in the event loop: post to the loop, then dispatch to the handler's own executor.
    asio::post(executor_, [h = std::move(handler)]() mutable {
        auto ex = asio::get_associated_executor(h);
        asio::dispatch(ex, [h = std::move(h)]() mutable { std::move(h)(); });
    });
}

asio::awaitable<void> Signal::wait() {
    if (pending_) {
        pending_ = false;
        co_return;
    }
    // A named initiation: g++ 12 destroys a lambda temporary inside a co_await expression twice.
    const auto park = [this](asio::any_completion_handler<void()> handler) { waiter_.emplace(std::move(handler)); };
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(park, asio::use_awaitable);
}

asio::awaitable<wire::Delivery> GateTransport::send(wire::Request request) {
    if (closed_.empty()) co_return co_await inner_.send(std::move(request));
    wire::Delivery d;
    d.failure = wire::TransportFailure::connection_refused;
    d.failure_text = "not sent: " + closed_;
    co_return d;
}

asio::awaitable<wire::Delivery> SignalingTransport::send(wire::Request request) {
    wire::Delivery d = co_await inner_.send(std::move(request));
    signal_.notify();
    co_return d;
}

// --- Helpers -------------------------------------------------------------------------------------------------

std::optional<json::object> body_object(const wire::Delivery& d) {
    if (!d.response) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(d.response->body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

bool has_schema(const json::object& o, std::string_view urn) {
    const json::value* schemas = o.if_contains("schemas");
    if (!schemas || !schemas->is_array()) return false;
    return std::any_of(schemas->as_array().begin(), schemas->as_array().end(),
                       [urn](const json::value& s) { return s.is_string() && s.as_string() == urn; });
}

const json::value* value_at(const json::object& o, std::string_view pointer) {
    // Walks "/a/b/0/c" over objects and arrays (no escapes needed for SCIM attribute names).
    const json::value* cur = nullptr;
    const json::object* obj = &o;
    const json::array* arr = nullptr;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
        const std::size_t next = std::min(pointer.find('/', pos), pointer.size());
        const std::string_view token = pointer.substr(pos, next - pos);
        if (obj) {
            cur = obj->if_contains(token);
        } else if (arr) {
            std::size_t index = 0;
            for (char c : token) {
                if (c < '0' || c > '9') return nullptr;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            cur = index < arr->size() ? &(*arr)[index] : nullptr;
        } else {
            return nullptr;
        }
        if (!cur) return nullptr;
        obj = cur->if_object();
        arr = cur->if_array();
        pos = next + 1;
    }
    return cur;
}

std::optional<std::string> string_at(const json::object& o, std::string_view pointer) {
    const json::value* v = value_at(o, pointer);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

std::string describe(const wire::Delivery& d) {
    if (!d.response) {
        const std::string_view failure = wire::to_string(d.failure);
        std::string out = "no response (" + std::string(failure);
        if (!d.failure_text.empty() && !iequals(d.failure_text, failure)) out += ": " + d.failure_text;
        return out + ")";
    }
    const auto& r = *d.response;
    return std::to_string(r.status) + " " + (r.reason.empty() ? std::string(wire::reason_phrase(r.status)) : r.reason);
}

bool is_success(const wire::Delivery& d) { return d.response && d.response->status >= 200 && d.response->status < 300; }

std::string problem_of(const wire::Delivery& d, const Diagnostics& diag) {
    if (!d.response) return "the server did not answer " + describe(d).substr(std::string_view("no response ").size());
    if (!is_success(d)) {
        std::string out = "the server answered " + describe(d);
        if (!diag.detail.empty()) out += " (" + diag.detail + ")";
        return out;
    }
    if (diag.detail.empty()) return "the server answered " + describe(d) + " without the resource Okta needs";
    return "the server answered " + describe(d) + " but " + diag.detail;
}

void fail(StepResult& step, std::string_view problem, std::string_view expected, std::string_view tenant) {
    if (!step.problem.empty()) step.problem += "; ";
    step.problem += problem;
    if (step.expected.empty()) step.expected = std::string(expected);
    if (step.tenant_message.empty()) step.tenant_message = std::string(tenant);
    if (!step.focus && !step.exchanges.empty()) step.focus = step.exchanges.size() - 1;
}

void skip(StepResult& step, std::string why) {
    step.status = Status::skip;
    step.note = std::move(why);
}

void focus_on_error(StepResult& step) {
    if (step.exchanges.empty()) return;
    for (std::size_t i = step.exchanges.size(); i-- > 0;) {
        if (!is_success(step.exchanges[i].delivery)) {
            step.focus = i;
            return;
        }
    }
    step.focus = step.exchanges.size() - 1;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

namespace {

constexpr std::string_view user_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
// Okta's SPEC test ids (docs/okta-behaviour.md §7.1 steps 4 and 12).
constexpr std::string_view unknown_user_id = "010101001010101011001010101011";

constexpr std::string_view expect_list =
    "200 with a SCIM ListResponse: schemas [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], integer "
    "totalResults, startIndex and itemsPerPage, and the users in Resources (docs/okta-behaviour.md §2.9; Okta SPEC test step 1)";
constexpr std::string_view expect_connection =
    "200 with a SCIM ListResponse whose totalResults is an integer (docs/okta-behaviour.md §2.1: Okta's Test API Credentials)";
constexpr std::string_view expect_groups =
    "200 with a SCIM ListResponse of groups (optional: only Group Push and group import need /Groups; docs/okta-behaviour.md "
    "§2.1, §2.10; Okta SPEC test step 10)";
constexpr std::string_view expect_get =
    "200 with the user resource, its id equal to the one requested (docs/okta-behaviour.md §2.11; Okta SPEC test step 2)";
constexpr std::string_view expect_miss =
    "200 with a ListResponse and totalResults 0 for a userName no account has (Okta SPEC test step 3; docs/okta-behaviour.md "
    "§2.2, §2.13)";
constexpr std::string_view expect_unknown_id =
    "404 with the SCIM error schema (urn:ietf:params:scim:api:messages:2.0:Error), a detail and status \"404\" "
    "(Okta SPEC test steps 4 and 12; docs/okta-behaviour.md §2.13)";
constexpr std::string_view expect_create =
    "201 Created with the full resource: a non-empty id, active true, and the userName and names Okta sent (Okta "
    "SPEC test step 6; docs/okta-behaviour.md §2.2, §2.13)";
constexpr std::string_view expect_verify =
    "200 with the created user: same id, userName, name.givenName, name.familyName, active true (Okta SPEC test "
    "step 7)";
constexpr std::string_view expect_duplicate =
    "409 Conflict with the SCIM error schema and scimType \"uniqueness\" (Okta SPEC test step 8; docs/okta-behaviour.md §2.2; "
    "RFC 7644 §3.3)";
constexpr std::string_view expect_case =
    "200 with a ListResponse; the account is found, because userName is case-insensitive (Okta SPEC test step 9; "
    "RFC 7643 §4.1.1)";
constexpr std::string_view expect_bad_token =
    "401 with the SCIM error schema, a detail and status \"401\" for \"Authorization: non-token\" (Okta SPEC test "
    "step 11; docs/okta-behaviour.md §2.13)";

void warn(StepResult& step, std::string text, std::string reference) {
    Warning w;
    w.text = std::move(text);
    w.reference = std::move(reference);
    step.warnings.push_back(std::move(w));
}

// Built outside coroutines: g++ 12 rejects braced initialisers with string literals inside them.
json::object patch_inactive() { return engine::patch_replace(json::object{{"active", false}}); }

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

std::optional<std::int64_t> integer(const json::value* v) {
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

std::string kind_of(const json::value* v) {
    if (!v) return "absent";
    if (v->is_string()) return "the string " + json::serialize(*v);
    if (v->is_double()) return "the non-integer number " + json::serialize(*v);
    return json::serialize(*v);
}

// The user-resource fields Okta's SPEC test asserts (step 1, 2, 7), as "name.givenName" etc. when missing.
std::vector<std::string> missing_user_fields(const json::object& u) {
    std::vector<std::string> out;
    const auto non_empty = [&u](std::string_view pointer) {
        const auto s = string_at(u, pointer);
        return s && !s->empty();
    };
    if (!non_empty("/id")) out.emplace_back("id");
    if (!non_empty("/userName")) out.emplace_back("userName");
    if (!non_empty("/name/givenName")) out.emplace_back("name.givenName");
    if (!non_empty("/name/familyName")) out.emplace_back("name.familyName");
    if (const json::value* a = u.if_contains("active"); !a || !a->is_bool()) out.emplace_back("active");
    if (!non_empty("/emails/0/value")) out.emplace_back("emails[0].value");
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (const auto& i : items) {
        if (!out.empty()) out += sep;
        out += i;
    }
    return out;
}

// Checks a SCIM error body (RFC 7644 §3.12) for `status`; adds failures or warnings to `step`.
void judge_error_body(StepResult& step, const wire::Delivery& d, int status, std::string_view expected) {
    const auto body = body_object(d);
    if (!body || !has_schema(*body, scim::error_schema)) {
        fail(step,
             "the " + std::to_string(status) + " has no SCIM error body with schemas [\"" +
                 std::string(scim::error_schema) + "\"]",
             expected);
        return;
    }
    const auto detail = string_at(*body, "/detail");
    if (!detail || detail->empty()) fail(step, "the error body has no detail", expected);
    const json::value* s = body->if_contains("status");
    const std::string want = std::to_string(status);
    if (!s) {
        warn(step, "the error body has no \"status\"; SCIM requires it, as the string \"" + want + "\"",
             "RFC 7644 §3.12");
    } else if (!(s->is_string() && s->as_string() == want)) {
        warn(step,
             "the error body's status is " + json::serialize(*s) + "; SCIM wants the string \"" + want +
                 "\" (Okta's SPEC test compares it with \"" + want + "\")",
             "RFC 7644 §3.12");
    }
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
    sim::Prng passwords = sim::Prng(options_.seed).fork("check:password");
    spec_body_ = create_body(spec_user_, passwords.text(sim::alphabet_alnum_lower, 8));
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
    if (!has_schema(list, scim::list_response_schema))
        problem("list-schema", "the ListResponse lacks schemas [\"" + std::string(scim::list_response_schema) + "\"]",
                "RFC 7644 §3.4.2");
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

// --- Connection -------------------------------------------------------------------------------------------------

asio::awaitable<void> Session::connection() {
    {
        StepResult step = make_step("connection.users", "Test API Credentials: GET /Users?startIndex=1&count=2",
                                    Phase::connection, true);
        const wire::Delivery d = co_await send(step, scim::list_users(ep(), auth(), 1, 2));
        Diagnostics diag;
        const bool failed = !scim::read_list(d, diag);
        if (failed) {
            fail(step, problem_of(d, diag), expect_connection,
                 "Okta couldn't verify api credentials: " + diag.provider_message());
        } else if (auto body = body_object(d)) {
            judge_list(step, *body, false);
        }
        finish(std::move(step));
        // Okta saves no API integration whose test fails, so nothing after it can work.
        if (failed) transport_.close("the connection test failed (" + describe(d) + ")");
    }
    {
        StepResult step =
            make_step("connection.groups", "group list: GET /Groups?startIndex=1&count=100", Phase::connection, false);
        const wire::Delivery d = co_await send(step, scim::list_groups(ep(), auth(), 1, 100));
        Diagnostics diag;
        if (auto page = scim::read_list(d, diag); !page) {
            fail(step, problem_of(d, diag), expect_groups, "Error downloading all groups: " + diag.provider_message());
            step.note =
                "Okta reads this list when the To App settings are saved and caches it for Group Push "
                "(docs/okta-behaviour.md §2.1); user provisioning works without it";
        } else if (auto body = body_object(d)) {
            judge_list(step, *body, false);
        }
        finish(std::move(step));
    }
}

// --- Spec -------------------------------------------------------------------------------------------------------

asio::awaitable<void> Session::spec() {
    co_await spec_list();
    co_await spec_get();
    co_await spec_filter_miss();
    co_await spec_unknown_id();
    co_await spec_create();
    co_await spec_verify();
    co_await spec_duplicate();
    co_await spec_case();
    co_await spec_groups();
    co_await spec_bad_token();
}

asio::awaitable<void> Session::spec_list() {
    StepResult step = make_step("spec.list",
                                "Users list: ListResponse shape and integer paging fields (GET "
                                "/Users?startIndex=1&count=1)",
                                Phase::spec, true);
    const wire::Delivery d = co_await send(step, scim::list_users(ep(), auth(), 1, 1));
    Diagnostics diag;
    const auto page = scim::read_list(d, diag);
    const auto body = body_object(d);
    if (!page || !body) {
        fail(step, problem_of(d, diag), expect_list,
             "Okta couldn't verify api credentials: " + diag.provider_message());
    } else {
        if (d.response->status != 200)
            fail(step, "the server answered " + describe(d) + " instead of 200 OK", expect_list);
        judge_list(step, *body, true);
        const json::value* resources = body->if_contains("Resources");
        if (!resources || !resources->is_array() || resources->as_array().empty()) {
            warn(step,
                 "the server has no users yet: Okta's SPEC test asserts Resources is not empty "
                 "(create a user before running it); this check reads back the user it creates",
                 "Okta SCIM 2.0 SPEC test step 1");
        } else if (const json::object* first = resources->as_array().front().if_object()) {
            const auto missing = missing_user_fields(*first);
            const bool has_id = std::find(missing.begin(), missing.end(), "id") == missing.end();
            const bool has_name = std::find(missing.begin(), missing.end(), "userName") == missing.end();
            if (!has_id || !has_name) {
                fail(step, "Resources[0] lacks " + join(missing), expect_list);
            } else {
                listed_ = *first;
                if (!missing.empty())
                    warn(step,
                         "the first listed user lacks " + join(missing) +
                             "; Okta's SPEC test asserts them on the first user",
                         "Okta SCIM 2.0 SPEC test step 1; docs/okta-behaviour.md §7.4");
            }
        } else {
            fail(step, "Resources[0] is not an object", expect_list);
        }
        if (!step.problem.empty() && step.tenant_message.empty())
            step.note =
                "Okta's provisioning reads the list anyway (it needs only an integer totalResults); "
                "Okta's SPEC test fails it";
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_get() {
    StepResult step = make_step("spec.get", "get a listed user by id (GET /Users/{id})", Phase::spec, true);
    if (!listed_) {
        skip(step, "the list had no user to read; GET /Users/{id} is checked on the user this run creates");
        finish(std::move(step));
        co_return;
    }
    const std::string id = *string_at(*listed_, "/id");
    const std::string login = *string_at(*listed_, "/userName");
    const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), id));
    Diagnostics diag;
    const auto resource = scim::read_resource(d, diag);
    if (!resource) {
        fail(step, problem_of(d, diag), expect_get, profile_push_prefix(login, login) + diag.provider_message());
    } else {
        if (d.response->status != 200)
            fail(step, "the server answered " + describe(d) + " instead of 200 OK", expect_get);
        if (string_at(*resource, "/id") != id)
            fail(step, "the resource's id is " + kind_of(resource->if_contains("id")) + ", not \"" + id + "\"",
                 expect_get);
        if (const auto missing = missing_user_fields(*resource); !missing.empty())
            warn(step, "the user lacks " + join(missing) + "; Okta's SPEC test asserts them",
                 "Okta SCIM 2.0 SPEC test step 2");
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_filter_miss() {
    StepResult step =
        make_step("spec.filter-miss", "filter on an unknown userName returns totalResults 0", Phase::spec, true);
    const wire::Delivery d = co_await send(step, scim::find_user(ep(), auth(), missing_user_.user_name));
    Diagnostics diag;
    const auto found = scim::read_lookup(d, diag);
    if (!found) {
        fail(step, problem_of(d, diag), expect_miss,
             verify_prefix(missing_user_, missing_user_.user_name) + diag.provider_message());
    } else if (*found) {
        fail(step,
             "the filter userName eq \"" + missing_user_.user_name + "\" matched an account (userName " +
                 kind_of((*found)->if_contains("userName")) + ", id " + kind_of((*found)->if_contains("id")) +
                 ") although none has that userName: the server seems to ignore the filter",
             expect_miss);
        step.note =
            "Okta shows no error: it links the assignment to the first account returned instead of creating one";
    } else if (d.response->status == 404) {
        warn(step,
             "a look-up with no match is answered 404: Okta's provisioning accepts that, but "
             "Okta's SPEC test and SCIM expect 200 with totalResults 0",
             "RFC 7644 §3.4.2; Okta SCIM 2.0 SPEC test step 3");
    } else if (auto body = body_object(d)) {
        if (const auto total = integer(body->if_contains("totalResults")); !total || *total != 0)
            fail(step, "totalResults is " + kind_of(body->if_contains("totalResults")) + ", not 0", expect_miss);
        judge_list(step, *body, false);
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_unknown_id() {
    StepResult step =
        make_step("spec.unknown-id", "unknown id returns 404 with the SCIM error schema", Phase::spec, true);
    const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), unknown_user_id));
    if (!d.response) {
        fail(step, problem_of(d, Diagnostics{}), expect_unknown_id);
    } else if (d.response->status == 404) {
        judge_error_body(step, d, 404, expect_unknown_id);
    } else if (is_success(d)) {
        fail(step, "the server answered " + describe(d) + " for an id it never issued", expect_unknown_id);
    } else {
        Diagnostics diag;
        (void)scim::check_delivery(d, diag);
        fail(step, problem_of(d, diag), expect_unknown_id);
    }
    if (!step.problem.empty())
        step.note =
            "Okta reads /Users/{id} before every update and deactivation; a 404 tells it the account is gone "
            "(docs/okta-behaviour.md §2.4, §2.5)";
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_create() {
    StepResult step = make_step("spec.create", "create a user returns 201 Created (POST /Users)", Phase::spec, true);
    const std::string& name = spec_user_.user_name;
    // Okta's SPEC test step 5 and Okta's own assignment flow: make sure the user does not exist yet.
    const wire::Delivery lookup = co_await send(step, scim::find_user(ep(), auth(), name));
    Diagnostics diag;
    const auto found = scim::read_lookup(lookup, diag);
    if (!found) {
        fail(step, "the look-up before the create failed: " + problem_of(lookup, diag), expect_create,
             verify_prefix(spec_user_, name) + diag.provider_message());
        finish(std::move(step));
        co_return;
    }
    if (*found) {
        fail(step, "an account with the random userName " + name + " already exists (run again with another --seed)",
             expect_create);
        finish(std::move(step));
        co_return;
    }
    const wire::Delivery d = co_await send(step, scim::create_user(ep(), auth(), spec_body_));
    Diagnostics cdiag;
    const auto created = scim::read_resource(d, cdiag);
    note_posted(name, created ? string_at(*created, "/id") : std::nullopt);
    if (!created) {
        const std::string prefix =
            provisioning_prefix(spec_user_) + "Error while creating user " + spec_user_.display_name() + ": ";
        fail(step, problem_of(d, cdiag), expect_create,
             created.error() == connector_errc::empty_body && is_success(d)
                 ? prefix + "Create new user returned empty user."
                 : prefix + cdiag.provider_message());
        finish(std::move(step));
        co_return;
    }
    spec_id_ = string_at(*created, "/id");
    if (!spec_id_ || spec_id_->empty()) {
        spec_id_.reset();
        fail(step, "the resource's id is " + kind_of(created->if_contains("id")) + ", not a non-empty string",
             expect_create);
    }
    if (d.response->status != 201) {
        fail(step, "the server answered " + describe(d) + " instead of 201 Created", expect_create);
        step.note =
            "Okta's provisioning accepts any 2xx with the resource; Okta's SPEC test asserts 201 (RFC 7644 §3.3)";
    }
    if (const json::value* a = created->if_contains("active"); !a || !a->is_bool() || !a->as_bool())
        fail(step, "active is " + kind_of(a) + ", not true", expect_create);
    if (!iequals(string_at(*created, "/userName").value_or(""), name))
        fail(step, "userName is " + kind_of(created->if_contains("userName")) + ", not \"" + name + "\"",
             expect_create);
    if (string_at(*created, "/name/givenName") != spec_user_.given_name ||
        string_at(*created, "/name/familyName") != spec_user_.family_name)
        fail(step, "name is " + kind_of(created->if_contains("name")) + ", not the givenName and familyName Okta sent",
             expect_create);
    if (!has_schema(*created, user_schema))
        fail(step, "schemas does not contain \"" + std::string(user_schema) + "\"", expect_create);
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_verify() {
    StepResult step = make_step("spec.verify", "read back the created user (GET /Users/{id})", Phase::spec, true);
    if (!spec_id_) {
        skip(step, "the create step did not return an id");
        finish(std::move(step));
        co_return;
    }
    const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), *spec_id_));
    Diagnostics diag;
    const auto resource = scim::read_resource(d, diag);
    if (!resource) {
        fail(step, problem_of(d, diag), expect_verify,
             profile_push_prefix(spec_user_.display_name(), spec_user_.user_name) + diag.provider_message());
    } else {
        if (d.response->status != 200)
            fail(step, "the server answered " + describe(d) + " instead of 200 OK", expect_verify);
        if (string_at(*resource, "/id") != spec_id_)
            fail(step, "the resource's id is " + kind_of(resource->if_contains("id")), expect_verify);
        if (!iequals(string_at(*resource, "/userName").value_or(""), spec_user_.user_name))
            fail(step, "userName is " + kind_of(resource->if_contains("userName")), expect_verify);
        if (string_at(*resource, "/name/givenName") != spec_user_.given_name ||
            string_at(*resource, "/name/familyName") != spec_user_.family_name)
            fail(step, "name is " + kind_of(resource->if_contains("name")), expect_verify);
        if (const json::value* a = resource->if_contains("active"); !a || !a->is_bool() || !a->as_bool())
            fail(step, "active is " + kind_of(a) + ", not true", expect_verify);
        if (const auto missing = missing_user_fields(*resource); !missing.empty() && step.problem.empty())
            warn(step, "the user lacks " + join(missing), "Okta SCIM 2.0 SPEC test step 7; docs/okta-behaviour.md §7.4");
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_duplicate() {
    StepResult step =
        make_step("spec.duplicate", "creating the same user again returns 409 Conflict", Phase::spec, true);
    if (!spec_id_) {
        skip(step, "the create step did not create a user to duplicate");
        finish(std::move(step));
        co_return;
    }
    const wire::Delivery d = co_await send(step, scim::create_user(ep(), auth(), spec_body_));
    if (d.response && d.response->status == 409) {
        const auto body = body_object(d);
        if (!body || !has_schema(*body, scim::error_schema)) {
            warn(step,
                 "the 409 has no SCIM error body; Okta then shows only \"Conflict.\" without the "
                 "server's reason",
                 "RFC 7644 §3.12");
        } else if (string_at(*body, "/scimType") != std::optional<std::string>("uniqueness")) {
            warn(step,
                 "the 409's scimType is " + kind_of(body->if_contains("scimType")) +
                     "; SCIM says a duplicate userName is scimType \"uniqueness\"",
                 "RFC 7644 §3.3");
        }
    } else if (is_success(d)) {
        const auto body = body_object(d);
        note_posted(spec_user_.user_name, body ? string_at(*body, "/id") : std::nullopt);
        fail(step, "the server answered " + describe(d) + ": it created a second account with the same userName",
             expect_duplicate);
        step.note =
            "Okta shows no error here; when its look-up misses (e.g. a case-sensitive filter) the server ends "
            "up with two accounts for one person";
    } else {
        Diagnostics diag;
        (void)scim::check_delivery(d, diag);
        fail(step, problem_of(d, diag), expect_duplicate,
             provisioning_prefix(spec_user_) + "Error while creating user " + spec_user_.display_name() + ": " +
                 diag.provider_message());
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_case() {
    StepResult step = make_step("spec.case", "upper-case userName filter finds the user", Phase::spec, true);
    std::string name;
    if (spec_id_)
        name = spec_user_.user_name;
    else if (listed_)
        name = string_at(*listed_, "/userName").value_or("");
    if (name.empty()) {
        skip(step, "no user to look up: the list was empty and the create step failed");
        finish(std::move(step));
        co_return;
    }
    const std::string caps = upper(name);
    const wire::Delivery d = co_await send(step, scim::find_user(ep(), auth(), caps));
    Diagnostics diag;
    const auto found = scim::read_lookup(d, diag);
    if (!found) {
        fail(step, problem_of(d, diag), expect_case, verify_prefix(spec_user_, caps) + diag.provider_message());
    } else if (!*found) {
        if (d.response->status != 200)
            fail(step, "the server answered " + describe(d) + " instead of 200 OK", expect_case);
        warn(step,
             "the filter userName eq \"" + caps + "\" found nothing although \"" + name +
                 "\" exists: the server compares userName case-sensitively. Okta's usernames are case-insensitive, "
                 "so a login that differs only in case is not found, and Okta's create then fails with 409 (or makes "
                 "a second account)",
             "RFC 7643 §4.1.1, userName caseExact false; RFC 7644 §3.4.2.2");
    } else if (d.response->status != 200) {
        fail(step, "the server answered " + describe(d) + " instead of 200 OK", expect_case);
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_groups() {
    StepResult step =
        make_step("spec.groups", "Groups endpoint (GET /Groups?startIndex=1&count=100)", Phase::spec, false);
    const wire::Delivery d = co_await send(step, scim::list_groups(ep(), auth(), 1, 100));
    Diagnostics diag;
    if (auto page = scim::read_list(d, diag); !page) {
        fail(step, problem_of(d, diag), expect_groups, "Error downloading all groups: " + diag.provider_message());
    } else {
        if (auto body = body_object(d)) judge_list(step, *body, false);
        if (d.elapsed > sim::Duration{600})
            warn(step,
                 "GET /Groups took " + std::to_string(d.elapsed.count()) +
                     " ms; Okta's SPEC test expects an answer within 600 ms",
                 "Okta SCIM 2.0 SPEC test step 10");
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_bad_token() {
    StepResult step = make_step("spec.bad-token", "a bad token gets 401 with the SCIM error schema", Phase::spec, true);
    scim::Auth bad;
    bad.mode = scim::Auth::Mode::header;
    bad.prefix.clear();
    bad.token = "non-token";
    const wire::Delivery d = co_await send(step, scim::find_user(ep(), bad, missing_user_.user_name));
    if (!d.response) {
        fail(step, problem_of(d, Diagnostics{}), expect_bad_token);
    } else if (d.response->status == 401) {
        judge_error_body(step, d, 401, expect_bad_token);
        if (!step.problem.empty())
            step.note =
                "with a wrong token Okta shows \"Unauthorized.\" followed by the error body's detail; "
                "without one the tenant gets no hint";
    } else if (is_success(d)) {
        fail(step,
             "the server answered " + describe(d) + " to \"Authorization: non-token\": it does not check credentials",
             expect_bad_token);
        step.note = "Okta shows no error; anyone who reaches the server can read and change its users";
    } else {
        Diagnostics diag;
        (void)scim::check_delivery(d, diag);
        fail(step, problem_of(d, diag), expect_bad_token);
        if (d.response->status == 403)
            step.note = "403 means \"authenticated but not allowed\"; a bad credential is 401 (RFC 7235 §3.1)";
    }
    finish(std::move(step));
}

// --- Cleanup ----------------------------------------------------------------------------------------------------

asio::awaitable<bool> Session::deactivate_directly(StepResult& step, std::string id) {
    const wire::Delivery got = co_await send(step, scim::get_user(ep(), auth(), id));
    Diagnostics diag;
    auto current = scim::read_resource(got, diag);
    if (!current) co_return false;
    const json::value* active = current->if_contains("active");
    if (active && active->is_bool() && !active->as_bool()) co_return true;
    json::object body = std::move(*current);
    body["active"] = false;
    const wire::Delivery put = co_await send(step, scim::replace_user(ep(), auth(), id, body));
    bool done = is_success(put);
    if (!done) {
        const wire::Delivery patch = co_await send(step, scim::patch_user(ep(), auth(), id, patch_inactive()));
        done = is_success(patch);
    }
    if (!done) co_return false;
    const wire::Delivery check = co_await send(step, scim::get_user(ep(), auth(), id));
    const auto after = body_object(check);
    const json::value* now_active = after ? after->if_contains("active") : nullptr;
    co_return is_success(check) && now_active && now_active->is_bool() && !now_active->as_bool();
}

asio::awaitable<void> Session::cleanup() {
    if (posted_.empty() || !transport_.closed().empty()) co_return;  // nothing was created
    StepResult step = make_step("cleanup", "deactivate the accounts this run created (Okta never sends DELETE)",
                                Phase::cleanup, false);
    // Okta's own way first: unassigning deactivates the lifecycle users (docs/okta-behaviour.md §2.5).
    for (auto& w : worlds_) {
        // Only when the account is ours: if Okta linked the test user to an existing account, leave that alone.
        if (!w->app_user() || !w->external_id) continue;
        const std::size_t mark = w->wire.exchanges().size();
        std::string why;
        (void)w->provisioning->unassign_user(w->app->key, w->user->id, why);
        co_await settle(*w);
        for (std::size_t i = mark; i < w->wire.exchanges().size(); ++i)
            step.exchanges.push_back(w->wire.exchanges()[i]);
    }
    // Then every account the run sent a POST for: find it, and deactivate it if it is still active. Only accounts
    // with exactly the generated userName (or an id the server returned for it) are touched.
    std::vector<std::string> left;
    for (const std::string& name : posted_) {
        std::set<std::string> ids = known_ids_[name];
        const wire::Delivery d = co_await send(step, scim::find_user(ep(), auth(), name));
        bool looked_up = false;
        if (auto body = body_object(d); body && is_success(d)) {
            looked_up = true;
            if (const json::value* res = body->if_contains("Resources"); res && res->is_array()) {
                for (const json::value& r : res->as_array()) {
                    const json::object* o = r.if_object();
                    if (!o || !iequals(string_at(*o, "/userName").value_or(""), name)) continue;
                    if (auto id = string_at(*o, "/id")) ids.insert(*id);
                }
            }
        }
        if (ids.empty()) {
            if (!looked_up) left.push_back(name + " (could not look it up)");
            continue;  // the POST created nothing
        }
        report_.created.push_back(name);
        bool all = true;
        for (const std::string& id : ids) {
            const bool done = co_await deactivate_directly(step, id);
            all = all && done;
        }
        if (!all) left.push_back(name);
    }
    report_.left_active = left;
    if (!left.empty()) {
        fail(step, "still active: " + join(left),
             "PUT /Users/{id} with active:false (or a PATCH) is accepted, and the account reads back inactive; Okta "
             "never deletes users (docs/okta-behaviour.md §2.5, §7.4)");
        focus_on_error(step);
        step.note = "deactivate or delete these accounts in the app by hand";
    } else if (!report_.created.empty()) {
        step.note = "deactivated " + join(report_.created);
    }
    finish(std::move(step));
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
