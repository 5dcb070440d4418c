// The spec phase: the checks of Okta's SCIM 2.0 spec test (docs/okta-behaviour.md §7.1, §2.13), or with
// --scim-version 1.1 those of its SCIM 1.1 spec test (§2.14), one Session member per step. Requests come from scim_protocol's builders (Okta's exact request lines and headers); answers are
// read with its readers, so tenant messages are Okta's own.
#include "expectations.hpp"
#include "session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace oktasim::check::detail {

namespace {

constexpr std::string_view user_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
// Okta's SPEC test ids (docs/okta-behaviour.md §7.1 steps 4 and 12).
constexpr std::string_view unknown_user_id = "010101001010101011001010101011";

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

// What is wrong with a SCIM 1.1 error body ({"Errors": [{"description", "code"}]}, docs/okta-behaviour.md §2.14) for
// `status`, so that Okta could not show the server's reason; nullopt when nothing is.
std::optional<std::string> error_body_v11_problem(const wire::Delivery& d, int status) {
    const auto body = body_object(d);
    const json::value* errors = body ? body->if_contains("Errors") : nullptr;
    if (!errors || !errors->is_array() || errors->as_array().empty())
        return "the " + std::to_string(status) + " has no SCIM 1.1 error body {\"Errors\": [...]}";
    const json::object* first = errors->as_array().front().if_object();
    const auto description = first ? string_at(*first, "/description") : std::nullopt;
    if (!description || description->empty()) return std::string("Errors[0] has no description");
    return std::nullopt;
}

// Checks a SCIM 1.1 error body for `status`: its shape fails the step, a code other than the status warns.
void judge_error_body_v11(StepResult& step, const wire::Delivery& d, int status, std::string_view expected) {
    if (const auto problem = error_body_v11_problem(d, status)) {
        fail(step, *problem, expected);
        return;
    }
    const auto body = body_object(d);
    const json::object* first = body->at("Errors").as_array().front().if_object();
    const json::value* code = first ? first->if_contains("code") : nullptr;
    const std::string want = std::to_string(status);
    const bool same = code && ((integer(code) && *integer(code) == status) ||
                               (code->is_string() && code->as_string() == want));
    if (!same)
        warn(step, "Errors[0].code is " + kind_of(code) + ", not " + want + " (Okta's 1.1 reference sends the number)",
             "docs/okta-behaviour.md §2.14");
}

// Checks a SCIM error body (RFC 7644 §3.12) for `status`; adds failures or warnings to `step`.
void judge_error_body(StepResult& step, const wire::Delivery& d, int status, std::string_view expected, bool v11) {
    if (v11) return judge_error_body_v11(step, d, status, expected);
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

asio::awaitable<void> Session::spec() {
    if (v11()) {
        // Okta's 1.1 SPEC test starts with the discovery endpoints (optional steps 1-6).
        co_await spec_discovery_v11("/ServiceProviderConfigs", false);
        co_await spec_discovery_v11("/ResourceTypes", true);
        co_await spec_discovery_v11("/Schemas", true);
    }
    co_await spec_list();
    co_await spec_get();
    co_await spec_filter_miss();
    co_await spec_unknown_id();
    co_await spec_create();
    co_await spec_verify();
    co_await spec_duplicate();
    co_await spec_case();
    if (v11()) co_await spec_malformed_filter();
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
        fail(step, problem_of(d, diag), v11() ? expect_list_v11 : expect_list,
             "Okta couldn't verify api credentials: " + diag.provider_message());
    } else {
        if (d.response->status != 200)
            fail(step, "the server answered " + describe(d) + " instead of 200 OK", v11() ? expect_list_v11 : expect_list);
        judge_list(step, *body, true);
        const json::value* resources = body->if_contains("Resources");
        if (!resources || !resources->is_array() || resources->as_array().empty()) {
            warn(step,
                 "the server has no users yet: Okta's SPEC test asserts Resources is not empty "
                 "(create a user before running it); this check reads back the user it creates",
                 spec_step(1, 7));
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
                         spec_step(1, 7) + "; docs/okta-behaviour.md §7.4");
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
                 spec_step(2, 8));
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_filter_miss() {
    StepResult step =
        make_step("spec.filter-miss", "filter on an unknown userName returns totalResults 0", Phase::spec, true);
    const wire::Delivery d = co_await send(step, scim::find_user(ep(), auth(), missing_user_.user_name));
    Diagnostics diag;
    const auto found = scim::read_lookup(d, diag, ep().version);
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
             "RFC 7644 §3.4.2; " + spec_step(3, 9));
    } else if (auto body = body_object(d)) {
        if (const auto total = integer(body->if_contains("totalResults")); !total || *total != 0)
            fail(step, "totalResults is " + kind_of(body->if_contains("totalResults")) + ", not 0", expect_miss);
        judge_list(step, *body, false);
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_unknown_id() {
    StepResult step = make_step("spec.unknown-id",
                                v11() ? "unknown id returns 404 with a SCIM 1.1 error body"
                                      : "unknown id returns 404 with the SCIM error schema",
                                Phase::spec, true);
    const std::string_view expect_unknown = v11() ? expect_unknown_id_v11 : expect_unknown_id;
    const wire::Delivery d = co_await send(step, scim::get_user(ep(), auth(), unknown_user_id));
    if (!d.response) {
        fail(step, problem_of(d, Diagnostics{}), expect_unknown);
    } else if (d.response->status == 404) {
        judge_error_body(step, d, 404, expect_unknown, v11());
    } else if (is_success(d)) {
        fail(step, "the server answered " + describe(d) + " for an id it never issued", expect_unknown);
    } else {
        Diagnostics diag;
        (void)scim::check_delivery(d, diag);
        fail(step, problem_of(d, diag), expect_unknown);
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
    const auto found = scim::read_lookup(lookup, diag, ep().version);
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
    const std::string_view created_urn = v11() ? urn::v1::core : user_schema;
    if (!has_schema(*created, created_urn))
        fail(step, "schemas does not contain \"" + std::string(created_urn) + "\"", expect_create);
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
            warn(step, "the user lacks " + join(missing), spec_step(7, 13) + "; docs/okta-behaviour.md §7.4");
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
    if (d.response && d.response->status == 409 && v11()) {
        // Okta stops on the 409 either way; the body decides whether it can show the server's reason.
        if (const auto problem = error_body_v11_problem(d, 409))
            warn(step, *problem + "; Okta then shows only \"Conflict.\" without the server's reason",
                 "docs/okta-behaviour.md §2.14");
    } else if (d.response && d.response->status == 409) {
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
             v11() ? expect_duplicate_v11 : expect_duplicate);
        step.note =
            "Okta shows no error here; when its look-up misses (e.g. a case-sensitive filter) the server ends "
            "up with two accounts for one person";
    } else {
        Diagnostics diag;
        (void)scim::check_delivery(d, diag);
        fail(step, problem_of(d, diag), v11() ? expect_duplicate_v11 : expect_duplicate,
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
    const auto found = scim::read_lookup(d, diag, ep().version);
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

asio::awaitable<void> Session::spec_discovery_v11(std::string endpoint, bool list) {
    StepResult step = make_step("spec.discovery." + endpoint.substr(1), endpoint + ": GET 200 with SCIM 1.1 schemas, POST 405",
                                Phase::spec, false);
    const wire::Delivery d = co_await send(step, scim::request_to(ep(), auth(), "GET", endpoint));
    const auto body = body_object(d);
    if (!d.response || d.response->status != 200 || !body) {
        fail(step, "GET " + endpoint + " answered " + describe(d) + (body ? "" : ", not a JSON object") +
                       " instead of 200 OK",
             expect_discovery_v11);
    } else {
        // Okta's 1.1 SPEC test asserts the core URN on /ServiceProviderConfigs and /ResourceTypes, and the
        // ListResponse URN on /Schemas.
        const std::string_view want = endpoint == "/Schemas" ? urn::v1::list_response : urn::v1::core;
        if (!has_schema(*body, want))
            fail(step, "schemas does not contain \"" + std::string(want) + "\"", expect_discovery_v11);
        std::vector<std::string> missing;
        const std::vector<std::string_view> fields =
            list ? std::vector<std::string_view>{"/Resources/0"}
                 : std::vector<std::string_view>{"/patch/supported", "/bulk/supported", "/filter/supported",
                                                 "/filter/maxResults", "/changePassword/supported", "/sort/supported",
                                                 "/etag/supported", "/authenticationSchemes"};
        for (std::string_view pointer : fields)
            if (!value_at(*body, pointer)) missing.emplace_back(pointer.substr(1));
        if (!missing.empty()) fail(step, "the answer lacks " + join(missing), expect_discovery_v11);
    }
    const json::object probe;
    const wire::Delivery post = co_await send(step, scim::request_to(ep(), auth(), "POST", endpoint, &probe));
    if (!post.response || post.response->status != 405)
        fail(step, "POST " + endpoint + " answered " + describe(post) + " instead of 405 Method Not Allowed: it is read-only",
             expect_discovery_v11);
    if (!step.problem.empty())
        step.note = "Okta's cloud provisioning never reads it (docs/okta-behaviour.md §1.4); Okta's on-premises agent "
                    "reads /ServiceProviderConfigs for the app's features (§2.15)";
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_malformed_filter() {
    StepResult step = make_step("spec.malformed-filter", "a malformed filter (an upper-cased userName alone) returns 400",
                                Phase::spec, true);
    std::string name = spec_id_ ? spec_user_.user_name : string_at(listed_.value_or(json::object{}), "/userName").value_or("");
    if (name.empty()) name = missing_user_.user_name;
    const wire::Delivery d = co_await send(step, scim::filter_users(ep(), auth(), upper(name)));
    if (!d.response) {
        fail(step, problem_of(d, Diagnostics{}), expect_malformed_filter_v11);
    } else if (d.response->status != 400) {
        fail(step,
             "the server answered " + describe(d) + " to filter=" + upper(name) +
                 (is_success(d) ? ": it ignored a filter it cannot parse, and may list every user as a match"
                                : " instead of 400 Bad Request"),
             expect_malformed_filter_v11);
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
                 spec_step(10, 16));
    }
    finish(std::move(step));
}

asio::awaitable<void> Session::spec_bad_token() {
    StepResult step = make_step("spec.bad-token",
                                v11() ? "a bad token gets 401 with a SCIM 1.1 error body"
                                      : "a bad token gets 401 with the SCIM error schema",
                                Phase::spec, true);
    scim::Auth bad;
    bad.mode = scim::Auth::Mode::header;
    bad.prefix.clear();
    bad.token = "non-token";
    const wire::Delivery d = co_await send(step, scim::find_user(ep(), bad, missing_user_.user_name));
    if (!d.response) {
        fail(step, problem_of(d, Diagnostics{}), expect_bad_token);
    } else if (d.response->status == 401) {
        judge_error_body(step, d, 401, v11() ? expect_bad_token_v11 : expect_bad_token, v11());
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

}  // namespace oktasim::check::detail
