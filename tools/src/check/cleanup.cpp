// The cleanup phase: deactivates the accounts the run created, first Okta's way (unassigning the lifecycle users),
// then directly (GET then PUT active:false, PATCH if PUT fails): Okta never sends DELETE /Users (docs/okta-behaviour.md
// §2.5). Groups that --groups pushed and its delete step left are deleted, as Okta's unlink does (§2.10).
#include "session.hpp"

#include <oktasim/engine/mapping.hpp>

#include <algorithm>

namespace oktasim::check::detail {

namespace {

// Built outside coroutines: g++ 12 rejects braced initialisers with string literals inside them.
json::object patch_inactive() { return engine::patch_replace(json::object{{"active", false}}); }

}  // namespace

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

asio::awaitable<bool> Session::delete_group_directly(StepResult& step, const std::string& id) {
    const wire::Delivery d = co_await send(step, scim::delete_group(ep(), auth(), id));
    if (!is_success(d) && !(d.response && d.response->status == 404)) co_return false;
    const wire::Delivery check = co_await send(step, scim::get_group(ep(), auth(), id));
    co_return check.response && check.response->status == 404;
}

asio::awaitable<void> Session::cleanup() {
    const bool groups_left = std::any_of(worlds_.begin(), worlds_.end(),
                                         [](const auto& w) { return w->app_group_id && !w->group_deleted; });
    if ((posted_.empty() && !groups_left) || !transport_.closed().empty()) co_return;  // nothing was created
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
        collect(step, *w, mark);
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
    std::vector<std::string> deleted;
    for (auto& w : worlds_) {
        if (!w->app_group_id || w->group_deleted) continue;
        if (co_await delete_group_directly(step, *w->app_group_id))
            deleted.push_back(w->group_name);
        else
            report_.groups_left.push_back(w->group_name);
    }
    if (!report_.groups_left.empty()) {
        fail(step, "groups still in the app: " + join(report_.groups_left),
             "DELETE /Groups/{id} answers 204 and GET /Groups/{id} then answers 404 (docs/okta-behaviour.md §2.10)");
        focus_on_error(step);
    }
    if (!left.empty()) {
        fail(step, "still active: " + join(left),
             "PUT /Users/{id} with active:false (or a PATCH) is accepted, and the account reads back inactive; Okta "
             "never deletes users (docs/okta-behaviour.md §2.5, §7.4)");
        focus_on_error(step);
        step.note = "deactivate or delete these accounts in the app by hand";
    } else if (!report_.created.empty()) {
        step.note = "deactivated " + join(report_.created);
    }
    if (!deleted.empty()) step.note += (step.note.empty() ? "deleted the groups " : "; deleted the groups ") + join(deleted);
    if (!report_.groups_left.empty()) step.note += (step.note.empty() ? "" : "; ") + std::string("delete the groups by hand");
    finish(std::move(step));
}

}  // namespace oktasim::check::detail
