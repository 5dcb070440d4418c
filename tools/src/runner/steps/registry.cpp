// The scenario format's actions: an explicit list of the entries, in the order the loader's messages list them.
// A new action is one entry file in this folder, its two lines here (declaration, list) and in tools/CMakeLists.txt.
#include "steps.hpp"

namespace oktasim::runner {

// The entries, one function each, defined in the entry files of this folder.
namespace steps {
ActionEntry assign();
ActionEntry unassign();
ActionEntry provision_user();
ActionEntry sign_in();
ActionEntry assign_group();
ActionEntry unassign_group();
ActionEntry add_to_group();
ActionEntry remove_from_group();
ActionEntry update_user();
ActionEntry set_password();
ActionEntry deactivate_user();
ActionEntry activate_user();
ActionEntry suspend_user();
ActionEntry unsuspend_user();
ActionEntry put_feature();
ActionEntry set_api_integration();
ActionEntry set_credentials();
ActionEntry test_credentials();
ActionEntry set_app_credentials();
ActionEntry set_faults();
ActionEntry clear_faults();
ActionEntry set_quirks();
ActionEntry change_app_account();
ActionEntry deactivate_app_account();
ActionEntry delete_app_account();
ActionEntry retry_task();
ActionEntry dismiss_task();
ActionEntry import_now();
ActionEntry import_decision();
ActionEntry resume_imports();
ActionEntry cancel_import();
ActionEntry update_mapping();
ActionEntry update_app_usernames();
ActionEntry update_app_user_schema();
ActionEntry push_group();
ActionEntry push_group_now();
ActionEntry deactivate_group_push();
ActionEntry activate_group_push();
ActionEntry unlink_pushed_group();
ActionEntry rename_group();
ActionEntry retry_group_push();
ActionEntry set_group_push_settings();
ActionEntry create_group();
ActionEntry add_group_push_rule();
ActionEntry deactivate_group_push_rule();
ActionEntry activate_group_push_rule();
ActionEntry delete_group_push_rule();
ActionEntry advance();
ActionEntry settle();
}  // namespace steps

const std::vector<ActionEntry>& action_entries() {
    static const std::vector<ActionEntry> table{
        steps::assign(),
        steps::unassign(),
        steps::assign_group(),
        steps::unassign_group(),
        steps::add_to_group(),
        steps::remove_from_group(),
        steps::update_user(),
        steps::set_password(),
        steps::deactivate_user(),
        steps::activate_user(),
        steps::suspend_user(),
        steps::unsuspend_user(),
        steps::put_feature(),
        steps::set_api_integration(),
        steps::set_credentials(),
        steps::set_app_credentials(),
        steps::set_faults(),
        steps::clear_faults(),
        steps::set_quirks(),
        steps::change_app_account(),
        steps::deactivate_app_account(),
        steps::delete_app_account(),
        steps::provision_user(),
        steps::retry_task(),
        steps::dismiss_task(),
        steps::sign_in(),
        steps::test_credentials(),
        steps::import_now(),
        steps::import_decision(),
        steps::resume_imports(),
        steps::cancel_import(),
        steps::update_mapping(),
        steps::update_app_usernames(),
        steps::update_app_user_schema(),
        steps::push_group(),
        steps::push_group_now(),
        steps::deactivate_group_push(),
        steps::activate_group_push(),
        steps::unlink_pushed_group(),
        steps::set_group_push_settings(),
        steps::create_group(),
        steps::rename_group(),
        steps::retry_group_push(),
        steps::add_group_push_rule(),
        steps::deactivate_group_push_rule(),
        steps::activate_group_push_rule(),
        steps::delete_group_push_rule(),
        steps::advance(),
        steps::settle(),
    };
    return table;
}

}  // namespace oktasim::runner
