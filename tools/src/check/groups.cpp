// The Group Push part of a check run (--groups, docs/okta-behaviour.md §2.10): after each flavour's lifecycle, Okta's
// engine pushes a new group to the server, adds the test user to it, removes the user, renames the group and
// unlinks it with "Delete the group in the target app"; each step reads the group back, as the user steps do.
#include "session.hpp"

#include <oktasim/connectors/scim/scim_connector.hpp>
#include <oktasim/engine/scim_urns.hpp>
#include <oktasim/wire/text.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace oktasim::check::detail {
namespace {

using flavour::label;
using flavour::tag;

// The step's exchanges sent by Okta's engine (not the check's own read-back).
bool sent(const StepResult& step, std::string_view method, std::string_view path_end) {
    return std::any_of(step.exchanges.begin(), step.exchanges.end(), [&](const wire::Exchange& x) {
        return x.app != "check" && x.request.method == method && ends_with(x.request.path(), path_end);
    });
}

// SCIM 1.1 (docs/okta-behaviour.md §2.14): the create under the core URN without members, the rename and the member
// changes as PATCHes of their own, a removed member with "operation": "delete".
std::string expect_create(bool v11) {
    if (v11)
        return "POST /Groups with {\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"displayName\":\"...\"} answers 201 with "
               "the group and its id, and GET /Groups/{id} shows that displayName (docs/okta-behaviour.md §2.10, §2.14)";
    return "POST /Groups with {\"schemas\":[\"" + std::string(urn::group) +
           "\"],\"displayName\":\"...\",\"members\":[]} answers 201 with the group and its id, and GET /Groups/{id} "
           "shows that displayName (docs/okta-behaviour.md §2.10)";
}

std::string expect_add(engine::Flavour f, bool v11) {
    const std::string oin =
        v11 ? "PATCH /Groups/{id} with the rename, then PATCH with {\"schemas\":[\"urn:scim:schemas:core:1.0\"],"
              "\"members\":[{\"value\":\"<the user's id>\",\"display\":\"<userName>\"}]}, answer 200 or 204"
            : "PATCH /Groups/{id} with the rename and {\"op\":\"add\",\"path\":\"members\",\"value\":"
              "[{\"value\":\"<the user's id>\",\"display\":\"<userName>\"}]} answers 200 or 204";
    return (f == engine::Flavour::oin ? oin : "PUT /Groups/{id} with the displayName and the full members array answers 200") +
           ", and GET /Groups/{id} lists the member by its value (docs/okta-behaviour.md §2.10)";
}

std::string expect_remove(engine::Flavour f, bool v11) {
    const std::string oin =
        v11 ? "PATCH /Groups/{id} with {\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"members\":[{\"value\":\"<id>\","
              "\"operation\":\"delete\"}]} answers 200 or 204"
            : "PATCH /Groups/{id} with {\"op\":\"remove\",\"path\":\"members[value eq \\\"<id>\\\"]\"} answers 200 or 204";
    return (f == engine::Flavour::oin ? oin : "PUT /Groups/{id} with \"members\": [] answers 200") +
           ", and GET /Groups/{id} no longer lists the member (docs/okta-behaviour.md §2.10)";
}

std::string expect_rename(engine::Flavour f, bool v11) {
    const std::string oin =
        v11 ? "PATCH /Groups/{id} with {\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"id\":\"<id>\",\"displayName\":"
              "\"<new name>\"} answers 200 or 204"
            : "PATCH /Groups/{id} with {\"op\":\"replace\",\"value\":{\"id\":\"<id>\",\"displayName\":\"<new name>\"}} "
              "answers 200 or 204";
    return (f == engine::Flavour::oin ? oin : "PUT /Groups/{id} with the new displayName answers 200") +
           ", and GET /Groups/{id} shows the new name (docs/okta-behaviour.md §2.10)";
}

std::string expect_delete() {
    return "DELETE /Groups/{id} answers 204 (\"Delete the group in the target app\"), and GET /Groups/{id} then answers "
           "404 (docs/okta-behaviour.md §2.10, §2.13)";
}

// Whether a group resource lists a member with `value` (members may be absent or null: no members).
bool lists_member(const json::object& group, std::string_view value) {
    const json::value* members = group.if_contains("members");
    if (!members || !members->is_array()) return false;
    return std::any_of(members->as_array().begin(), members->as_array().end(), [&](const json::value& m) {
        const json::object* o = m.if_object();
        const json::value* v = o ? o->if_contains("value") : nullptr;
        return v && v->is_string() && v->as_string() == value;
    });
}

}  // namespace

const engine::PushMapping* LifecycleWorld::push_mapping() const { return app->push_mapping_of(group_id); }

// One Group Push step: runs `act` (an admin action in Okta), waits for the push job, and judges the mapping.
template <class Act>
asio::awaitable<bool> Session::group_action(StepResult& step, LifecycleWorld& w, std::string_view expected, Act act) {
    const std::size_t mark = w.wire.exchanges().size();
    std::string why;
    if (!act(why)) {
        fail(step, "the engine refused: " + why, expected);
        co_return false;
    }
    co_await settle(w);
    collect(step, w, mark);
    if (const engine::PushMapping* m = w.push_mapping(); m && m->status == engine::PushMappingStatus::error) {
        fail(step, "the push failed" + failing_request(step), expected, m->error);
        step.note = "the Push Groups tab shows the mapping in error, with \"Retry All Groups\"";
        co_return false;
    }
    co_return true;
}

// Reads the group back; nullopt (with the step failed) when the server does not answer it with the group.
asio::awaitable<std::optional<json::object>> Session::read_group(StepResult& step, const std::string& id,
                                                                 std::string_view expected) {
    const wire::Delivery d = co_await send(step, scim::get_group(ep(), auth(), id));
    step.focus = step.exchanges.size() - 1;
    Diagnostics diag;
    auto resource = scim::read_resource(d, diag);
    if (!resource) {
        fail(step, "reading the group back failed: " + problem_of(d, diag), expected);
        co_return std::nullopt;
    }
    step.focus.reset();
    co_return std::optional<json::object>(std::move(*resource));
}

asio::awaitable<void> Session::group_push(LifecycleWorld& w) {
    const engine::Flavour f = w.flavour;
    const std::string id = "groups." + tag(f) + ".";
    const std::string name = label(f) + " app: ";
    const bool oin = f == engine::Flavour::oin;
    const std::string& app = w.app->key;
    const std::string group = w.group_id;
    const std::optional<std::string> member = w.external_id;  // the test user's account, if the lifecycle left one
    const bool member_ready = member && !w.deactivated && w.app_user() &&
                              w.app_user()->status == engine::AppUserStatus::provisioned;
    const std::string no_member = "the lifecycle left no provisioned, active account to be the group's member";

    {
        StepResult step = make_step(id + "create", name + (v11() ? "push a new group (POST /Groups)" : "push a new group (POST /Groups, members [])"),
                                    Phase::groups, true);
        const bool pushed = co_await group_action(step, w, expect_create(v11()), [&](std::string& why) {
            return bool(w.provisioning->push_group(app, group, "", why));
        });
        const engine::PushMapping* m = w.push_mapping();
        if (pushed && (!m || m->app_group_id.empty())) {
            fail(step, "the server's 201 carried no group id", expect_create(v11()));
            focus_on_error(step);
        } else if (pushed) {
            w.app_group_id = m->app_group_id;
            if (auto g = co_await read_group(step, *w.app_group_id, expect_create(v11()))) {
                const auto shown = string_at(*g, "/displayName");
                if (shown != w.group_name)
                    fail(step, "the group reads back with displayName " + (shown ? "\"" + *shown + "\"" : "absent") +
                                   ", not \"" + w.group_name + "\"",
                         expect_create(v11()));
            }
        }
        finish(std::move(step));
    }

    const auto need_group = [&](StepResult& step) {
        if (w.app_group_id) return true;
        skip(step, "the create step left no group in the app");
        return false;
    };

    {
        StepResult step = make_step(id + "add", name + (oin ? (v11() ? "add a member (PATCH members)" : "add a member (PATCH add members)") : "add a member (PUT /Groups/{id})"),
                                    Phase::groups, true);
        if (need_group(step)) {
            if (!member_ready) {
                skip(step, no_member);
            } else if (co_await group_action(step, w, expect_add(f, v11()), [&](std::string& why) {
                           return bool(w.provisioning->add_group_member(group, w.user->id, why));
                       })) {
                if (!sent(step, oin ? "PATCH" : "PUT", "/Groups/" + wire::percent_encode(*w.app_group_id)))
                    fail(step, "Okta sent no membership update", expect_add(f, v11()));
                else if (auto g = co_await read_group(step, *w.app_group_id, expect_add(f, v11())); g && !lists_member(*g, *member))
                    fail(step, "the server answered with 2xx but the group reads back without the member " + *member,
                         expect_add(f, v11()));
                else if (g)
                    w.group_has_member = true;
            }
        }
        finish(std::move(step));
    }
    {
        StepResult step = make_step(id + "remove",
                                    name + (oin ? (v11() ? "remove the member (PATCH members with \"operation\": \"delete\")"
                                                       : "remove the member (PATCH remove members[value eq \"...\"])")
                                                : "remove the member (PUT /Groups/{id}, members [])"),
                                    Phase::groups, true);
        if (need_group(step)) {
            if (!w.group_has_member) {
                skip(step, "the add step did not leave a member to remove");
            } else if (co_await group_action(step, w, expect_remove(f, v11()), [&](std::string& why) {
                           return bool(w.provisioning->remove_group_member(group, w.user->id, why));
                       })) {
                if (!sent(step, oin ? "PATCH" : "PUT", "/Groups/" + wire::percent_encode(*w.app_group_id)))
                    fail(step, "Okta sent no membership update", expect_remove(f, v11()));
                else if (auto g = co_await read_group(step, *w.app_group_id, expect_remove(f, v11())); g && lists_member(*g, *member))
                    fail(step, "the server answered with 2xx but the group still lists the member " + *member,
                         expect_remove(f, v11()));
            }
        }
        finish(std::move(step));
    }
    {
        StepResult step = make_step(id + "rename",
                                    name + (oin ? (v11() ? "rename in Okta (PATCH displayName)" : "rename in Okta (PATCH replace displayName)")
                                         : "rename in Okta (PUT /Groups/{id})"),
                                    Phase::groups, true);
        if (need_group(step)) {
            const std::string renamed = w.group_name + "-renamed";
            if (co_await group_action(step, w, expect_rename(f, v11()), [&](std::string& why) {
                    return bool(w.provisioning->rename_group(group, renamed, why));
                })) {
                if (!sent(step, oin ? "PATCH" : "PUT", "/Groups/" + wire::percent_encode(*w.app_group_id))) {
                    fail(step, "Okta sent no rename", expect_rename(f, v11()));
                } else if (auto g = co_await read_group(step, *w.app_group_id, expect_rename(f, v11()))) {
                    const auto shown = string_at(*g, "/displayName");
                    if (shown != renamed)
                        fail(step, "the server answered with 2xx but the group reads back as " +
                                       (shown ? "\"" + *shown + "\"" : std::string("absent")) + ", not \"" + renamed + "\"",
                             expect_rename(f, v11()));
                }
            }
        }
        finish(std::move(step));
    }
    {
        StepResult step = make_step(id + "delete", name + "unlink with \"Delete the group in the target app\" (DELETE /Groups/{id})",
                                    Phase::groups, true);
        if (need_group(step)) {
            if (co_await group_action(step, w, expect_delete(), [&](std::string& why) {
                    return bool(w.provisioning->unlink_pushed_group(app, group, true, why));
                })) {
                if (!sent(step, "DELETE", "/Groups/" + wire::percent_encode(*w.app_group_id))) {
                    fail(step, "Okta sent no DELETE", expect_delete());
                } else {
                    w.group_deleted = true;
                    const wire::Delivery d = co_await send(step, scim::get_group(ep(), auth(), *w.app_group_id));
                    if (!d.response || d.response->status != 404) {
                        step.focus = step.exchanges.size() - 1;
                        fail(step, "DELETE answered with 2xx but GET /Groups/{id} then answered " + describe(d), expect_delete());
                        w.group_deleted = false;
                    }
                }
            }
        }
        finish(std::move(step));
    }
}

}  // namespace oktasim::check::detail
