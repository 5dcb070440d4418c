// An import job (docs/okta-behaviour.md §2.9): pages GET /Users (and /Groups) through the app's connector a hundred at
// a time, holds Okta's paging rules, waits out 429s (§5.4), and hands what it read to the apply step in one piece, so
// a failure part-way applies nothing.
#include "importer.hpp"
#include "job_runner.hpp"

#include <oktasim/engine/failure_policy.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/co_spawn.hpp>

#include <unordered_set>

namespace oktasim::engine {
namespace {

constexpr std::int64_t page_size = 100;
// A bound on what one import reads, so a server whose totalResults keeps growing cannot exhaust memory.
constexpr std::int64_t accounts_max = 5'000'000;

std::string primary_email(const json::object& r) {
    const json::value* emails = r.if_contains("emails");
    if (!emails || !emails->is_array()) return {};
    std::string first;
    for (const auto& e : emails->as_array()) {
        if (!e.is_object()) continue;
        const std::string value = string_at(e.as_object(), "value");
        const json::value* primary = e.as_object().if_contains("primary");
        if (primary && primary->is_bool() && primary->as_bool() && !value.empty()) return value;
        if (first.empty()) first = value;
    }
    return first;
}

// EMAIL: the app user's email, else its userName (an app that keeps no email uses email-shaped userNames). CUSTOM:
// the expression over the app user profile; an error or a value that is not a non-empty string gives "".
std::string okta_login(const ImportedAccount& a, const ToOktaSettings& s) {
    if (s.username_format == UsernameFormat::email || !s.username_expr) return a.email.empty() ? a.user_name : a.email;
    expr::Context ctx;
    ctx.direction = expr::Direction::to_okta;
    ctx.app_user = expr::Profile{&a.profile, nullptr};
    const auto v = s.username_expr->evaluate(ctx);
    const std::string* text = v ? v->if_string() : nullptr;
    return text ? *text : std::string();
}

}  // namespace

ImportedAccount read_account(const json::object& r, const ToOktaSettings& settings, const ProfileModel* model) {
    ImportedAccount a;
    a.external_id = string_at(r, "id");
    a.user_name = string_at(r, "userName");
    a.email = primary_email(r);
    if (const json::value* name = r.if_contains("name"); name && name->is_object()) {
        a.first_name = string_at(name->as_object(), "givenName");
        a.last_name = string_at(name->as_object(), "familyName");
    }
    a.display_name = string_at(r, "displayName");
    if (const json::value* active = r.if_contains("active"); active && active->is_bool()) a.active = active->as_bool();
    // Okta's default SCIM app user profile, the same keys the push side maps (mapping.cpp).
    json::object& p = a.profile;
    p["userName"] = a.user_name;
    if (!a.first_name.empty()) p["givenName"] = a.first_name;
    if (!a.last_name.empty()) p["familyName"] = a.last_name;
    if (!a.email.empty()) p["email"] = a.email;
    if (!a.display_name.empty()) p["displayName"] = a.display_name;
    for (std::string_view key : {"title", "locale"})
        if (std::string v = string_at(r, key); !v.empty()) p[key] = v;
    if (model) {
        ReadProfile read = read_profile(*model, r);
        for (auto& [k, v] : read.profile) p[k] = v;
        if (read.problem) a.import_problem = "Error while trying to import user profile for " + a.user_name + ": " + read.problem->message;
    }
    a.okta_login = okta_login(a, settings);  // over the profile: CUSTOM expressions read appuser.<attr>
    // An App to Okta mapping of login overrides the username format (okta-mappings.md §8): one login, for matching,
    // the conflict checks and the new user alike.
    if (model && !model->to_okta.empty()) {
        json::object mapped;
        apply_to_okta(*model, a.profile, mapped);
        if (const auto* login = mapped.if_contains("login"); login && login->is_string() && !login->as_string().empty())
            a.okta_login = std::string(login->as_string());
    }
    return a;
}

result<void> Importer::start(App& app, ImportKind kind, ImportTrigger trigger, std::string& why) {
    if (!app.api_integration) {
        why = "provisioning is not enabled for " + app.label;
        return make_error_code(engine_errc::provisioning_disabled);
    }
    Connector* connector = app.connector.get();
    if (!connector) {
        why = std::string(task_text::no_connector);
        return make_error_code(engine_errc::provisioning_disabled);
    }
    const Capabilities caps = connector->capabilities();
    if (!caps.user_listing) {
        why = "the " + std::string(connector->type()) + " connector of " + app.label + " cannot list users, so it cannot import";
        return make_error_code(connector_errc::unsupported);
    }
    if (kind == ImportKind::incremental && !caps.incremental_import) {
        why = app.label + " does not support incremental imports (only a full import is offered)";
        return make_error_code(connector_errc::unsupported);
    }
    if (app.import.status == ImportStatus::running || app.import.status == ImportStatus::waiting_retry) {
        why = "an import from " + app.label + " is already running";
        return make_error_code(engine_errc::invalid_transition);
    }
    if (!jobs_.org().import_roadblock_app.empty()) {
        // §3.2: while a roadblock stands, every import of every app waits for the admin.
        waiting_.push_back({app.key, kind, trigger});
        return {};
    }
    app.import.status = ImportStatus::running;
    JobTicket ticket(jobs_, app, "import");
    asio::co_spawn(jobs_.executor(), run(app.key, kind, trigger, std::move(ticket)), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
    return {};
}

asio::awaitable<void> Importer::run(std::string app_key, ImportKind kind, ImportTrigger trigger, JobTicket ticket) {
    co_await jobs_.acquire_lane(app_key);
    ticket.enter(JobPhase::running);
    LaneSlot lane(jobs_, app_key);

    App* app = jobs_.org().app_by_ref(app_key);
    ImportRead read;
    read.app_key = app_key;
    read.kind = kind;
    read.trigger = trigger;
    read.transaction = jobs_.ids().next(id_prefix::transaction);
    read.started_at = jobs_.loop().timestamp();
    read.started = jobs_.loop().now();
    {
        LogEvent e = event(okta_event::import_start, read.transaction, false, *app);
        e.debug_data = json::object{{"import_type", to_string(kind)}, {"import_trigger", to_string(trigger)},
                                    {"job_id", read.transaction}};
        emit(std::move(e));
    }
    const std::string since = app->import.last_import_started.value_or(read.started_at);
    Failure failure;
    // The username format and the other settings as they were when the import started.
    const ToOktaSettings settings = app->to_okta;
    const Listing listing = kind == ImportKind::incremental ? Listing::users_changed : Listing::users;
    // Likewise the app's profile model (a copy: the app may change while the pages come in).
    const std::shared_ptr<const ProfileModel> model = app->profile_model;
    const Keep keep_account = [&read, &settings, model](json::object r) {
        read.accounts.push_back(read_account(r, settings, model.get()));
    };
    if (!co_await download(app_key, listing, since, ticket, lane.held, keep_account, read.pages, failure)) {
        fail(*jobs_.org().app_by_ref(app_key), read, failure);
        co_return;
    }
    app = jobs_.org().app_by_ref(app_key);
    const bool groups = app->import_groups && app->connector && app->connector->capabilities().group_listing &&
                        kind == ImportKind::full;
    if (groups) {
        const Keep keep_group = [&read](json::object g) { read.groups.push_back(std::move(g)); };
        if (!co_await download(app_key, Listing::groups, since, ticket, lane.held, keep_group, read.pages, failure)) {
            fail(*jobs_.org().app_by_ref(app_key), read, failure);
            co_return;
        }
        read.groups_read = true;
    }
    apply(std::move(read), true);
}

asio::awaitable<bool> Importer::download(std::string app_key, Listing listing, std::string since, JobTicket& ticket,
                                         bool& lane_held, Keep keep, std::int64_t& pages, Failure& failure) {
    const bool of_groups = listing == Listing::groups;
    const EventText text = of_groups ? okta_event::import_groups_download : okta_event::import_users_download;
    const std::string_view step = of_groups ? task_text::import_groups_failed : task_text::import_users_failed;
    auto malformed = [&](std::string what) {
        failure = {std::string(step) + ": " + what, text, failure_mode::import_malformed_page};
        return false;
    };
    std::unordered_set<std::string> seen;  // ids listed so far: membership only, so no order is ever read
    std::int64_t kept = 0;
    std::int64_t start = 1;
    for (;;) {
        // One page, with §5.4's waits while the app answers 429.
        result<ResourcePage> page = make_error_code(connector_errc::unsupported);
        Diagnostics diag;
        sim::Duration wait{0};
        for (int attempt = 1;; ++attempt) {
            App* app = jobs_.org().app_by_ref(app_key);
            Connector* c = app ? app->connector.get() : nullptr;
            diag = {};
            if (!c) {
                page = make_error_code(engine_errc::provisioning_disabled);
                diag.transport = std::string(task_text::no_connector);
            } else if (listing == Listing::users) {
                page = co_await c->list_users(start, page_size, diag);
            } else if (listing == Listing::users_changed) {
                page = co_await c->list_users_changed_since(since, start, page_size, diag);
            } else {
                page = co_await c->list_groups(start, page_size, diag);
            }
            if (page || class_of(page.error()) != failure_class::rate_limited) break;
            if (attempt == rate_limit_attempts_max) {
                failure = {std::string(step) + ": " + std::string(task_text::rate_limit_exceeded), text,
                           failure_mode::import_rate_limited};
                co_return false;
            }
            wait = rate_limit_wait(attempt, wait, diag.retry_after);
            jobs_.probe(failure_mode::import_rate_limited);
            App& paused = *jobs_.org().app_by_ref(app_key);
            paused.import.status = ImportStatus::waiting_retry;
            LogEvent e = event(okta_event::rate_limit_exceeded, {}, false, paused);
            e.outcome = "RATE_LIMIT";
            e.outcome_reason = "Import paused; retry in " + sim::format_duration(wait);
            emit(std::move(e));
            co_await jobs_.step_aside(app_key, ticket, wait, lane_held);
            jobs_.org().app_by_ref(app_key)->import.status = ImportStatus::running;
        }
        if (!page) {
            const error_code ec = page.error();
            std::optional<failure_mode> mode = failure_mode::import_download_failed;
            if (class_of(ec) == failure_class::auth && pages == 0) mode = failure_mode::import_auth_failed;
            if (ec == connector_errc::invalid_json && diag.http_status >= 200 && diag.http_status < 300)
                mode = failure_mode::import_malformed_page;
            if (ec == connector_errc::invalid_json && diag.http_status == 0 && diag.transport.empty())
                mode = failure_mode::import_malformed_page;  // a 2xx ListResponse without an integer totalResults
            std::string provider = diag.provider_message();
            if (provider.empty()) provider = ec.message();
            failure = {std::string(step) + ": " + provider, text, mode};
            co_return false;
        }
        ++pages;
        if (!page->paging_integers) co_return malformed("the ListResponse's startIndex or itemsPerPage is not an integer");
        const std::int64_t got = static_cast<std::int64_t>(page->resources.size());
        for (auto& r : page->resources) {
            std::string id = string_at(r, "id");
            if (!seen.insert(id).second)
                co_return malformed("the app listed " + std::string(of_groups ? "group " : "user ") + id +
                                    " on two pages: its order is not stable across pages");
            keep(std::move(r));
            ++kept;
        }
        const std::int64_t total = page->total_results;
        if (start + got > total) break;  // the last page
        if (got == 0)
            co_return malformed("the page at startIndex=" + std::to_string(start) + " was empty before totalResults (" +
                                std::to_string(total) + ") was reached");
        if (got < page_size)
            co_return malformed("the page at startIndex=" + std::to_string(start) + " held " + std::to_string(got) +
                                " of " + std::to_string(page_size) + " resources before totalResults (" +
                                std::to_string(total) + ") was reached");
        if (kept >= accounts_max)
            co_return malformed("the app kept listing past " + std::to_string(accounts_max) + " resources");
        start += got;
    }
    co_return true;
}

void Importer::fail(App& app, const ImportRead& read, const Failure& failure) {
    if (failure.mode) jobs_.probe(*failure.mode);
    app.import.status = ImportStatus::failed;
    app.import.last_error = std::string(task_text::import_failed_head) + app.label + " failed: " + failure.message;
    LogEvent download = event(failure.event, read.transaction, false, app);
    download.outcome = "FAILURE";
    download.severity = "ERROR";
    download.outcome_reason = failure.message;
    emit(std::move(download));
    LogEvent done = event(okta_event::import_complete, read.transaction, false, app);
    done.outcome = "FAILURE";
    done.severity = "ERROR";
    done.outcome_reason = app.import.last_error;
    done.debug_data = json::object{{"import_type", to_string(read.kind)}, {"import_trigger", to_string(read.trigger)},
                                   {"job_id", read.transaction}, {"error_message", app.import.last_error}};
    emit(std::move(done));
}

}  // namespace oktasim::engine
