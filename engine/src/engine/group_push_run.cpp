// The Group Push job (docs/okta-behaviour.md §2.10): one per mapping at a time, in its app's lane. A pass sends what
// the app lacks: a new group (POST /Groups, "members": [] or the AIW field variant) or a link (look-up by name),
// then the members as one PATCH (OIN) or a full PUT (AIW). Changes arriving meanwhile make it run once more; a
// transient failure is retried after a pause (group_push.hpp), out of the lane.
#include "group_pusher.hpp"

#include <oktasim/engine/failure_policy.hpp>
#include <oktasim/engine/scim_urns.hpp>

#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <set>

namespace oktasim::engine {
namespace {

// The SCIM Group body of a create (members empty, §2.10) or of an AIW full PUT. A connector whose dialect sends the
// group's description (SCIM 1.1, §2.14) gets it in Okta's extension whenever the group has one.
json::object group_body(const Connector& to, const std::string& description, const std::string& id,
                        const std::string& name, const std::vector<GroupMember>& members) {
    json::object body{{"schemas", json::array{std::string(urn::group)}}};
    if (!id.empty()) body["id"] = id;
    body["displayName"] = name;
    body["members"] = member_values(members);
    if (to.dialect().group_description && !description.empty()) {
        body["schemas"].as_array().push_back(json::string(urn::okta_group_custom));
        body[urn::okta_group_custom] = json::object{{"description", description}};
    }
    return body;
}

}  // namespace

PushMapping* GroupPusher::mapping(const std::string& app_key, const std::string& mapping_id) {
    App* app = jobs_.org().app_by_ref(app_key);
    if (!app) return nullptr;
    for (auto& m : app->push_mappings)
        if (m.id == mapping_id) return &m;
    return nullptr;
}

std::vector<GroupMember> GroupPusher::members_to_push(const App& app, const Group& group) const {
    std::vector<GroupMember> out;
    std::set<std::string, std::less<>> seen;
    Org& org = jobs_.org();
    for (const std::string& uid : group.members()) {
        const User& user = org.users.at(uid);
        if (user.status != UserStatus::active && user.status != UserStatus::password_expired &&
            user.status != UserStatus::locked_out && user.status != UserStatus::recovery)
            continue;  // §2.10: inactive Okta users are not pushed
        const AppUser* au = org.app_user(app.key, uid);
        if (!au || !au->external_id || au->status != AppUserStatus::provisioned) continue;  // not (yet) in the app
        if (!seen.insert(*au->external_id).second) continue;
        out.push_back({*au->external_id, au->user_name});
    }
    return out;
}

void GroupPusher::schedule(App& app, PushMapping& m) {
    if (m.busy) {
        m.dirty = true;
        return;
    }
    m.busy = true;
    JobTicket ticket(jobs_, app, "group_push");
    asio::co_spawn(jobs_.executor(), run(app.key, m.id, std::move(ticket)), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
}

asio::awaitable<void> GroupPusher::run(std::string app_key, std::string mapping_id, JobTicket ticket) {
    co_await jobs_.acquire_lane(app_key);
    ticket.enter(JobPhase::running);
    LaneSlot lane(jobs_, app_key);
    for (;;) {
        PushMapping* m = mapping(app_key, mapping_id);
        if (!m) co_return;
        m->dirty = false;
        bool ok = true;
        if (m->unlink == PushMapping::Unlink::remove) {
            if (co_await delete_in_app(app_key, mapping_id, ticket, lane.held)) co_return;
            ok = false;
        } else {
            if (m->status != PushMappingStatus::inactive)
                ok = co_await push_once(app_key, mapping_id, ticket, lane.held);
            m = mapping(app_key, mapping_id);
            if (!m) co_return;
            if (m->unlink == PushMapping::Unlink::leave) {
                App& app = *jobs_.org().app_by_ref(app_key);
                const auto g = jobs_.org().groups.find(m->group_id);
                emit(event(okta_event::group_push_removed, app, g == jobs_.org().groups.end() ? nullptr : &g->second,
                           true));
                remove_mapping(app, mapping_id);
                co_return;
            }
            if (m->unlink == PushMapping::Unlink::remove) continue;
        }
        m = mapping(app_key, mapping_id);
        if (!m) co_return;
        if (!ok && m->retry_pending) {  // a transient failure: Okta tries again later, stepping out of the lane
            m->retry_pending = false;
            const sim::Duration wait{group_push_first_retry_ms << m->retries};
            ++m->retries;
            co_await jobs_.step_aside(app_key, ticket, wait, lane.held);
            continue;
        }
        if (!ok || !m->dirty) {
            m->busy = false;
            co_return;
        }
    }
}

template <class T, class Send>
asio::awaitable<result<T>> GroupPusher::patiently(std::string app_key, JobTicket& ticket, bool& held, Diagnostics& diag,
                                                  Send send) {
    sim::Duration wait{0};
    for (int attempt = 1;; ++attempt) {
        diag = {};
        App* app = jobs_.org().app_by_ref(app_key);
        Connector* c = app ? app->connector.get() : nullptr;
        if (!c) co_return make_error_code(engine_errc::provisioning_disabled);
        result<T> r = co_await send(*c, diag);
        if (r || class_of(r.error()) != failure_class::rate_limited || attempt == rate_limit_attempts_max) co_return r;
        wait = rate_limit_wait(attempt, wait, diag.retry_after);
        app = jobs_.org().app_by_ref(app_key);
        if (!app) co_return r;
        LogEvent e = event(okta_event::rate_limit_exceeded, *app, nullptr, false);
        e.outcome = "RATE_LIMIT";
        e.outcome_reason = "Group push paused; retry in " + sim::format_duration(wait);
        emit(std::move(e));
        co_await jobs_.step_aside(app_key, ticket, wait, held);
    }
}

asio::awaitable<bool> GroupPusher::push_once(std::string app_key, std::string mapping_id, JobTicket& ticket, bool& held) {
    App* app = jobs_.org().app_by_ref(app_key);
    PushMapping* m = mapping(app_key, mapping_id);
    const std::string group_id = m->group_id;
    // The group, looked up again after every request (the org may change while one is out).
    const auto group_now = [&]() -> const Group* {
        const auto it = jobs_.org().groups.find(group_id);
        return it == jobs_.org().groups.end() ? nullptr : &it->second;
    };
    if (!group_now()) co_return false;
    const Group* group = group_now();
    Diagnostics diag;
    const std::string name = group->name();
    bool created = false;

    if (m->app_group_id.empty()) {
        if (!m->link_to.empty()) {  // "Link Group": find the app's group by displayName (§2.10)
            const std::string wanted = m->link_to;
            auto found = co_await patiently<std::optional<json::object>>(
                app_key, ticket, held, diag, [&](Connector& to, Diagnostics& d) { return to.find_group(wanted, d); });
            app = jobs_.org().app_by_ref(app_key);
            m = mapping(app_key, mapping_id);
            group = group_now();
            if (!app || !m || !group) co_return false;
            if (!found || !*found) {
                if (found) diag.detail = std::string(task_text::group_push_not_found);
                fail(*app, *m, task_text::group_push_lookup_failed, group, diag,
                     found ? make_error_code(connector_errc::not_found) : found.error());
                co_return false;
            }
            m->app_group_id = std::string(found->value().at("id").as_string());
            m->app_group_name = wanted;
            m->full = true;  // the linked group gets Okta's whole membership
        } else {  // a new group
            if (!co_await create_in_app(app_key, mapping_id, ticket, held)) co_return false;
            app = jobs_.org().app_by_ref(app_key);
            m = mapping(app_key, mapping_id);
            group = group_now();
            if (!app || !m || !group) co_return false;
            created = true;
        }
        LogEvent e = event(okta_event::group_push_pushed, *app, group, false);
        e.debug_data = json::object{{"action", created ? "create" : "link"}, {"appGroupId", m->app_group_id}};
        emit(std::move(e));
    }

    const std::vector<GroupMember> members = members_to_push(*app, *group);
    std::set<std::string> wanted;
    for (const auto& mm : members) wanted.insert(mm.value);
    const bool rename = app->group_push.rename_app_groups && m->app_group_name != name;
    const bool membership_changed = m->full || wanted != m->pushed;
    if (!membership_changed && !rename) {
        m->status = PushMappingStatus::active;
        m->error.clear();
        m->retries = 0;
        co_return true;
    }
    const std::string app_group_id = m->app_group_id;
    const std::string pushed_name = app->group_push.rename_app_groups ? name : m->app_group_name;
    const std::string description = group->description();
    result<json::object> answer = json::object{};
    if (app->flavour == Flavour::oin) {
        GroupPatch patch;
        // §2.10: the rename is sent with every membership update.
        if (app->group_push.rename_app_groups) patch.display_name = name;
        if (m->full) {
            patch.members = members;
        } else {
            for (const auto& value : m->pushed)
                if (!wanted.contains(value)) patch.remove.push_back(value);
            for (const auto& mm : members)
                if (!m->pushed.contains(mm.value)) patch.add.push_back(mm);
        }
        answer = co_await patiently<json::object>(app_key, ticket, held, diag, [&](Connector& to, Diagnostics& d) {
            return to.patch_group(app_group_id, patch, d);
        });
    } else {  // AIW: the whole group, with every member
        answer = co_await patiently<json::object>(app_key, ticket, held, diag, [&](Connector& to, Diagnostics& d) {
            return to.replace_group(app_group_id, group_body(to, description, app_group_id, pushed_name, members), d);
        });
    }
    app = jobs_.org().app_by_ref(app_key);
    m = mapping(app_key, mapping_id);
    group = group_now();
    if (!app || !m || !group) co_return false;
    if (!answer) {
        fail(*app, *m, task_text::group_push_update_failed, group, diag, answer.error());
        co_return false;
    }
    m->pushed = std::move(wanted);
    m->app_group_name = pushed_name;
    m->full = false;
    m->retries = 0;
    m->status = PushMappingStatus::active;
    m->error.clear();
    m->last_push = jobs_.loop().timestamp();
    LogEvent e = event(membership_changed ? okta_event::group_push_memberships : okta_event::group_push_updated, *app,
                       group, false);
    e.debug_data = json::object{{"appGroupId", app_group_id}, {"members", static_cast<std::int64_t>(m->pushed.size())}};
    emit(std::move(e));
    co_return true;
}

asio::awaitable<bool> GroupPusher::create_in_app(std::string app_key, std::string mapping_id, JobTicket& ticket,
                                                 bool& held) {
    App* app = jobs_.org().app_by_ref(app_key);
    PushMapping* m = mapping(app_key, mapping_id);
    const Group& group = jobs_.org().groups.at(m->group_id);
    const std::string name = group.name();
    const std::string description = group.description();
    // Documented (§2.10): no members in the POST; the membership push follows. The AIW field variant (§9.3) sends
    // the members at once, reads the group back and PUTs the same content.
    const bool field = app->group_create == GroupCreate::aiw_field;
    const std::vector<GroupMember> members = field ? members_to_push(*app, group) : std::vector<GroupMember>{};
    Diagnostics diag;
    const auto still_there = [&] {
        app = jobs_.org().app_by_ref(app_key);
        m = mapping(app_key, mapping_id);
        return app && m && jobs_.org().groups.contains(m->group_id);
    };
    const auto failed = [&](error_code ec) {
        fail(*app, *m, task_text::group_push_create_failed, &jobs_.org().groups.at(m->group_id), diag, ec);
        return false;
    };
    auto made = co_await patiently<json::object>(app_key, ticket, held, diag, [&](Connector& to, Diagnostics& d) {
        return to.create_group(group_body(to, description, {}, name, members), d);
    });
    if (!still_there()) co_return false;
    if (!made) co_return failed(made.error());
    const json::value* id = made->if_contains("id");
    const std::string app_group_id = id && id->is_string() ? std::string(id->as_string()) : std::string();
    m->app_group_id = app_group_id;
    m->app_group_name = name;
    m->pushed.clear();
    if (!field) co_return true;
    auto read = co_await patiently<json::object>(app_key, ticket, held, diag,
                                                 [&](Connector& to, Diagnostics& d) { return to.get_group(app_group_id, d); });
    if (!still_there()) co_return false;
    if (!read) co_return failed(read.error());
    auto put = co_await patiently<json::object>(app_key, ticket, held, diag, [&](Connector& to, Diagnostics& d) {
        return to.replace_group(app_group_id, group_body(to, description, app_group_id, name, members), d);
    });
    if (!still_there()) co_return false;
    if (!put) co_return failed(put.error());
    for (const auto& mm : members) m->pushed.insert(mm.value);
    co_return true;
}

asio::awaitable<bool> GroupPusher::delete_in_app(std::string app_key, std::string mapping_id, JobTicket& ticket,
                                                 bool& held) {
    App* app = jobs_.org().app_by_ref(app_key);
    PushMapping* m = mapping(app_key, mapping_id);
    const auto git = jobs_.org().groups.find(m->group_id);
    const Group* group = git == jobs_.org().groups.end() ? nullptr : &git->second;
    const std::string app_group_id = m->app_group_id;
    Diagnostics diag;
    auto done = co_await patiently<void>(app_key, ticket, held, diag,
                                         [&](Connector& to, Diagnostics& d) { return to.delete_group(app_group_id, d); });
    app = jobs_.org().app_by_ref(app_key);
    m = mapping(app_key, mapping_id);
    if (!app || !m) co_return true;
    if (!done) {
        fail(*app, *m, task_text::group_push_delete_failed, group, diag, done.error());
        if (!m->retry_pending) m->unlink = PushMapping::Unlink::none;  // the mapping stays, in error
        co_return false;
    }
    emit(event(okta_event::group_push_delete, *app, group, false));
    emit(event(okta_event::group_push_removed, *app, group, false));
    remove_mapping(*app, mapping_id);
    co_return true;
}

void GroupPusher::fail(App& app, PushMapping& m, std::string_view head, const Group* group, const Diagnostics& diag,
                       error_code ec) {
    std::string provider = diag.provider_message();
    if (provider.empty()) provider = diag.detail.empty() ? ec.message() : diag.detail;
    m.status = PushMappingStatus::error;
    m.error = std::string(head) + (group ? group->name() : m.app_group_name) + ": " + provider;
    // §6.2: an update or a delete answered 404 means the group is gone from the app.
    const bool addressed = head == task_text::group_push_update_failed || head == task_text::group_push_delete_failed;
    if (ec == connector_errc::conflict && head == task_text::group_push_create_failed)
        jobs_.probe(failure_mode::group_push_group_exists);
    if (ec == connector_errc::not_found && addressed) {
        jobs_.probe(failure_mode::group_push_group_missing);
        LogEvent gone = event(okta_event::group_verify_exists, app, group, false);
        gone.outcome = "FAILURE";
        gone.severity = "ERROR";
        gone.outcome_reason = m.error;
        emit(std::move(gone));
    }
    if (ec == connector_errc::rejected && head == task_text::group_push_update_failed)
        jobs_.probe(failure_mode::group_push_member_unknown);  // 400 on the members Okta sent
    if (class_of(ec) == failure_class::auth) jobs_.probe(failure_mode::group_push_unauthorized);
    if (class_of(ec) == failure_class::transient) jobs_.probe(failure_mode::group_push_server_error);
    // §6.2: a transient failure "will retry" (our schedule: group_push.hpp); the rest, and the last retry, won't.
    // A 429 gets here only after §5.4's ten attempts, when the push has failed for good.
    m.retry_pending = class_of(ec) == failure_class::transient && m.retries < group_push_retries_max;
    LogEvent e = event(m.retry_pending ? okta_event::group_push_failed_transient : okta_event::group_push_failed, app,
                       group, false);
    e.outcome = "FAILURE";
    e.severity = "ERROR";
    e.outcome_reason = m.error;
    emit(std::move(e));
}

}  // namespace oktasim::engine
