// The scenario format's expectation keys: an explicit list of the entries, in the order the loader reads and checks
// them and its messages list them. A new expectation is one entry file in this folder, its two lines here
// (declaration, list) and in tools/CMakeLists.txt.
#include "expect.hpp"

namespace oktasim::runner {

// The entries, one function each, defined in the entry files of this folder.
namespace expect {
ExpectationEntry app_user();
ExpectationEntry task();
ExpectationEntry open_tasks();
ExpectationEntry log();
ExpectationEntry requests();
ExpectationEntry accounts();
ExpectationEntry account();
ExpectationEntry user();
ExpectationEntry backend_log();
ExpectationEntry import();
ExpectationEntry group_push();
ExpectationEntry app_groups();
}  // namespace expect

const std::vector<ExpectationEntry>& expectation_entries() {
    static const std::vector<ExpectationEntry> table{
        expect::app_user(),
        expect::task(),
        expect::open_tasks(),
        expect::log(),
        expect::requests(),
        expect::accounts(),
        expect::account(),
        expect::user(),
        expect::backend_log(),
        expect::import(),
        expect::group_push(),
        expect::app_groups(),
    };
    return table;
}

}  // namespace oktasim::runner
