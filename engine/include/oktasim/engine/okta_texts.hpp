// The words the simulated tenant shows, beside the failure-mode catalogue (failure_modes.def): System Log event types with
// their display messages, task titles and the fixed task texts. The engine writes these constants, never a literal.
#pragma once

#include <oktasim/engine/states.hpp>

#include <array>
#include <string>
#include <string_view>

namespace oktasim::engine {

// A System Log eventType and its displayMessage (docs/okta-behaviour.md §6.2).
struct EventText {
    std::string_view type;
    std::string_view message;
};

namespace okta_event {
// Admin actions (transaction WEB).
inline constexpr EventText app_membership_add{"application.user_membership.add", "Add user to application membership"};
inline constexpr EventText app_membership_remove{"application.user_membership.remove",
                                                 "Remove user's application membership"};
// The display message is oktasim's: the event type is in Okta's catalogue, its wording is not in our sources.
inline constexpr EventText app_membership_change_username{"application.user_membership.change_username",
                                                          "Change user's application username"};
inline constexpr EventText group_app_add{"group.application_assignment.add", "Add assigned application to group"};
inline constexpr EventText group_app_remove{"group.application_assignment.remove",
                                            "Remove assigned application from group"};
inline constexpr EventText group_member_add{"group.user_membership.add", "Add user to group membership"};
inline constexpr EventText group_member_remove{"group.user_membership.remove", "Remove user from group membership"};
inline constexpr EventText update_profile{"user.account.update_profile", "Update user profile for Okta"};
inline constexpr EventText update_password{"user.account.update_password", "Update password for user"};
inline constexpr EventText user_deactivate{"user.lifecycle.deactivate", "Deactivate Okta user"};
inline constexpr EventText user_activate{"user.lifecycle.activate", "Activate Okta user"};
inline constexpr EventText user_suspend{"user.lifecycle.suspend", "Suspend Okta user"};
inline constexpr EventText user_unsuspend{"user.lifecycle.unsuspend", "Unsuspend Okta user"};
inline constexpr EventText app_update{"application.lifecycle.update", "Update application"};
inline constexpr EventText sso{"user.authentication.sso", "User single sign on to app"};
// Provisioning jobs (transaction JOB).
inline constexpr EventText sync{"application.provision.user.sync", "Sync user in external application"};
inline constexpr EventText verify_exists{"application.provision.user.verify_exists",
                                         "Verify user exists in external application"};
inline constexpr EventText push{"application.provision.user.push", "Push new user to external application"};
inline constexpr EventText push_profile{"application.provision.user.push_profile",
                                        "Push user profile update to external application"};
inline constexpr EventText push_deactivate{"application.provision.user.deactivate",
                                           "Push user deactivation to external application"};
inline constexpr EventText push_reactivate{"application.provision.user.reactivate",
                                           "Push user reactivation to external application"};
inline constexpr EventText password_failed{"application.provision.user.password",
                                           "Push user password update to external application"};
inline constexpr EventText push_password{"application.provision.user.push_password",
                                         "Push user password update to external application"};
inline constexpr EventText push_okta_password{"application.provision.user.push_okta_password",
                                              "Push Okta password update to external application"};
inline constexpr EventText rate_limit_exceeded{"application.integration.rate_limit_exceeded",
                                               "Rate limit exceeded for the application's API"};
// To Okta: imports (transaction JOB) and the admin's import decisions (WEB), docs/okta-behaviour.md §6.2.
inline constexpr EventText import_start{"system.import.start", "Import started"};
inline constexpr EventText import_complete{"system.import.complete", "Import completed"};
inline constexpr EventText import_users_download{"application.provision.user.import",
                                                 "Download all users from external application"};
inline constexpr EventText import_groups_download{"application.provision.group.import",
                                                  "Download all groups from external application"};
inline constexpr EventText import_user_create{"system.import.user.create", "Create Okta user from import"};
inline constexpr EventText import_user_match{"system.import.user.match", "Match imported user to Okta user"};
inline constexpr EventText import_user_update{"system.import.user.update", "Update Okta user from import"};
inline constexpr EventText import_user_delete{"system.import.user.delete", "Remove app user missing from import"};
inline constexpr EventText import_user_lifecycle{"system.import.user.update_user_lifecycle_from_master",
                                                 "Update Okta user lifecycle from profile source"};
inline constexpr EventText import_match_confirm{"system.import.user_match.confirm", "Confirm imported user"};
inline constexpr EventText import_match_ignore{"system.import.user_match.update", "Ignore imported user"};
inline constexpr EventText import_group_create{"system.import.group.create", "Create app group from import"};
inline constexpr EventText import_group_update{"system.import.group.update", "Update app group from import"};
inline constexpr EventText import_group_delete{"system.import.group.delete", "Delete app group missing from import"};
inline constexpr EventText import_roadblock{"system.import.roadblock", "Import paused by import safeguard"};
inline constexpr EventText import_roadblock_resume{"system.import.roadblock.resume", "Resume all imports"};
inline constexpr EventText import_roadblock_cancel{"system.import.roadblock.reschedule_and_resume",
                                                   "Cancel the affected import and resume other imports"};
inline constexpr EventText user_create{"user.lifecycle.create", "Create Okta user"};
// Group Push (docs/okta-behaviour.md §2.10, §6.2). Okta documents the event types; the display messages are oktasim's.
inline constexpr EventText group_push_pushed{"application.provision.group_push.pushed", "Push group to app"};
inline constexpr EventText group_push_updated{"application.provision.group_push.updated", "Update pushed group in app"};
inline constexpr EventText group_push_memberships{"application.provision.group_push.push_memberships",
                                                  "Push group memberships to app"};
inline constexpr EventText group_push_removed{"application.provision.group_push.removed", "Unlink pushed group"};
inline constexpr EventText group_push_delete{"application.provision.group_push.delete_appgroup",
                                             "Delete pushed group in app"};
inline constexpr EventText group_push_activate{"application.provision.group_push.activate_mapping",
                                               "Activate group push mapping"};
inline constexpr EventText group_push_deactivate{"application.provision.group_push.deactivate_mapping",
                                                 "Deactivate group push mapping"};
// A failed push: transient (Okta will retry) or not.
inline constexpr EventText group_push_failed_transient{"application.provision.group_push.mapping.update.or.delete.failed",
                                                       "Group push mapping update or delete failed; will retry"};
inline constexpr EventText group_push_failed{"application.provision.group_push.mapping.update.or.delete.failed.with.error",
                                             "Group push mapping update or delete failed"};
inline constexpr EventText mapping_change{"application.provision.field_mapping_rule.change",
                                          "Update field mapping rule"};
inline constexpr EventText group_create{"group.lifecycle.create", "Create okta group"};
inline constexpr EventText group_rename{"group.profile.update", "Update group profile"};
// A pushed group the app no longer has (404 on an update or a delete, §6.2).
inline constexpr EventText group_verify_exists{"application.provision.group.verify_exists",
                                               "Verify group exists in external application"};
// The legacyEventType a failed sync also carries.
inline constexpr std::string_view provision_user_failed_legacy = "app.user_management.provision_user_failed";
}  // namespace okta_event

// Per task kind: the Tasks group it is listed under, and how a failed job's message begins
// ("<head><user's display name><joiner><app label> failed: "); provision_user tasks carry the catalogue message.
struct TaskText {
    std::string_view title;
    std::string_view head;
    std::string_view joiner;
};
inline constexpr std::array<TaskText, 5> task_texts{
    TaskText{"Provisioning errors", "Automatic provisioning of user ", " to app "},
    TaskText{"Profile updates have errors", "Automatic profile push of ", " to app "},
    TaskText{"Password updates have errors", "Automatic password push of user ", " to app "},
    TaskText{"Application accounts need deprovisioning", "Automatic deactivation of user ", " in app "},
    TaskText{"Users assigned before provisioning was enabled", "", ""},
};
constexpr const TaskText& text_of(TaskKind k) noexcept { return task_texts[static_cast<std::size_t>(k)]; }
inline std::string job_failure_prefix(TaskKind k, std::string_view user, std::string_view app_label) {
    const TaskText& t = text_of(k);
    return std::string(t.head) + std::string(user) + std::string(t.joiner) + std::string(app_label) + " failed: ";
}

namespace task_text {
inline constexpr std::string_view unassigned = "The user is no longer assigned to the app.";
inline constexpr std::string_view rate_limit_exceeded = "Rate Limit Exceeded";
inline constexpr std::string_view no_connector = "No connector is configured for the app";
inline constexpr std::string_view deprovision_by_hand = "Deactivate the account in the app, then mark the task complete.";
inline constexpr std::string_view retry_later = "Retry the task once the app accepts requests again.";
// An import's failure begins so (oktasim's wording: Okta documents only the event's "Error downloading all users").
inline constexpr std::string_view import_failed_head = "Import of users from app ";
inline constexpr std::string_view import_users_failed = "Error downloading all users";
inline constexpr std::string_view import_groups_failed = "Error downloading all groups";
// An import row whose new user cannot be made as the username format says (okta-mappings.md §11, KB-CONFLICT).
inline constexpr std::string_view import_conflict = "This choice creates a conflict.";
inline constexpr std::string_view imports_paused = "All imports paused: an import safeguard stopped an import";
// Group Push errors on the Push Groups tab (oktasim's wording: Okta does not document the panel's text), each followed
// by the group's name and ": " and the provider message.
inline constexpr std::string_view group_push_create_failed = "Error while creating user group ";
inline constexpr std::string_view group_push_update_failed = "Error while updating user group ";
inline constexpr std::string_view group_push_delete_failed = "Error while deleting user group ";
inline constexpr std::string_view group_push_lookup_failed = "Error while looking up user group ";
inline constexpr std::string_view group_push_not_found = "No group with that name in the app";
// A profile that the app user schema refuses fails the assignment before any request (okta-mappings.md §4). Okta's
// own text for an invalid namespace (KB-REFTAB); the other three are oktasim's wording, as Okta does not document them.
inline constexpr std::string_view invalid_namespace = "Invalid externalNamespace: ";  // + ns + " for property: " + name
inline constexpr std::string_view value_not_allowed = "Invalid value for property ";   // + name + ": " + why
inline constexpr std::string_view wrong_value_type = "Invalid value data type for property ";  // + name + ": ..."
inline constexpr std::string_view required_no_value = "No value for required property ";     // + name
}  // namespace task_text

}  // namespace oktasim::engine
