// The app-user and task states of the org model as enums, each with its Okta spelling in one table (docs/okta-behaviour.md
// §4.2 for app users, Dashboard > Tasks for tasks). `to_string` and `*_from` read the same table, so a spelling exists once.
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace oktasim::engine {

// An app user's status (GET /api/v1/apps/{id}/users). Table order is the loader's "expected one of" order.
enum class AppUserStatus {
    active, approved, deprovisioned, implicit, imported, inactive, matched, pending, provisioned, revoked, staged,
    suspended, unassigned,
};
inline constexpr std::array<std::string_view, 13> app_user_status_names{
    "ACTIVE", "APPROVED", "DEPROVISIONED", "IMPLICIT", "IMPORTED", "INACTIVE", "MATCHED",
    "PENDING", "PROVISIONED", "REVOKED", "STAGED", "SUSPENDED", "UNASSIGNED"};

// An app user's syncState.
enum class SyncState { disabled, out_of_sync, syncing, synchronized, error };
inline constexpr std::array<std::string_view, 5> sync_state_names{"DISABLED", "OUT_OF_SYNC", "SYNCING", "SYNCHRONIZED",
                                                                  "ERROR"};

// What a task is about: the job that failed, or the admin step it waits for.
enum class TaskKind { assignment, profile_push, password, deprovision, provision_user };
inline constexpr std::array<std::string_view, 5> task_kind_names{"assignment", "profile_push", "password", "deprovision",
                                                                 "provision_user"};

// A task's status: PAUSED is a rate-limited task that retries by itself (§5.4).
enum class TaskStatus { open, paused, resolved, dismissed };
inline constexpr std::array<std::string_view, 4> task_status_names{"OPEN", "PAUSED", "RESOLVED", "DISMISSED"};

namespace detail {
template <class E, std::size_t N>
constexpr std::optional<E> spelled(const std::array<std::string_view, N>& names, std::string_view text) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == text) return static_cast<E>(i);
    return std::nullopt;
}
}  // namespace detail

constexpr std::string_view to_string(AppUserStatus s) noexcept { return app_user_status_names[static_cast<std::size_t>(s)]; }
constexpr std::string_view to_string(SyncState s) noexcept { return sync_state_names[static_cast<std::size_t>(s)]; }
constexpr std::string_view to_string(TaskKind k) noexcept { return task_kind_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view to_string(TaskStatus s) noexcept { return task_status_names[static_cast<std::size_t>(s)]; }

constexpr std::optional<AppUserStatus> app_user_status_from(std::string_view text) noexcept {
    return detail::spelled<AppUserStatus>(app_user_status_names, text);
}
constexpr std::optional<SyncState> sync_state_from(std::string_view text) noexcept {
    return detail::spelled<SyncState>(sync_state_names, text);
}
constexpr std::optional<TaskKind> task_kind_from(std::string_view text) noexcept {
    return detail::spelled<TaskKind>(task_kind_names, text);
}
constexpr std::optional<TaskStatus> task_status_from(std::string_view text) noexcept {
    return detail::spelled<TaskStatus>(task_status_names, text);
}

// An open task still needs something: OPEN, or PAUSED waiting out a rate limit.
constexpr bool is_open(TaskStatus s) noexcept { return s == TaskStatus::open || s == TaskStatus::paused; }

// Okta's spelling, for test diagnostics and logs.
std::ostream& operator<<(std::ostream& os, AppUserStatus s);
std::ostream& operator<<(std::ostream& os, SyncState s);
std::ostream& operator<<(std::ostream& os, TaskKind k);
std::ostream& operator<<(std::ostream& os, TaskStatus s);

}  // namespace oktasim::engine
