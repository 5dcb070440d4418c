// The app-user and task state tables: every enum value has its Okta spelling, and `*_from` reads back exactly those.
#include <oktasim/engine/org.hpp>

#include <boost/test/unit_test.hpp>

using namespace oktasim::engine;

namespace {

// Every entry of `names` parses back to the value at its index, and the value prints as the entry.
template <class E, std::size_t N>
void round_trips(const std::array<std::string_view, N>& names, std::optional<E> (*from)(std::string_view) noexcept) {
    for (std::size_t i = 0; i < N; ++i) {
        const auto value = static_cast<E>(i);
        BOOST_TEST(to_string(value) == names[i]);
        const std::optional<E> read = from(names[i]);
        BOOST_TEST_REQUIRE(read.has_value());
        BOOST_TEST(*read == value);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_states)

BOOST_AUTO_TEST_CASE(each_state_has_one_okta_spelling_that_reads_back) {
    round_trips<AppUserStatus>(app_user_status_names, app_user_status_from);
    round_trips<SyncState>(sync_state_names, sync_state_from);
    round_trips<TaskKind>(task_kind_names, task_kind_from);
    round_trips<TaskStatus>(task_status_names, task_status_from);
    BOOST_TEST(to_string(AppUserStatus::provisioned) == "PROVISIONED");
    BOOST_TEST(to_string(SyncState::out_of_sync) == "OUT_OF_SYNC");
    BOOST_TEST(to_string(TaskKind::provision_user) == "provision_user");
    BOOST_TEST(to_string(TaskStatus::paused) == "PAUSED");
}

BOOST_AUTO_TEST_CASE(unknown_or_differently_cased_spellings_are_refused) {
    BOOST_TEST(!app_user_status_from("HAPPY").has_value());
    BOOST_TEST(!app_user_status_from("provisioned").has_value());
    BOOST_TEST(!sync_state_from("").has_value());
    BOOST_TEST(!task_kind_from("ASSIGNMENT").has_value());
    BOOST_TEST(!task_status_from("Open").has_value());
}

BOOST_AUTO_TEST_CASE(the_json_shapes_carry_the_spellings) {
    AppUser au;
    au.status = AppUserStatus::provisioned;
    au.sync_state = SyncState::synchronized;
    const auto j = au.to_json("https://example.okta.com");
    BOOST_TEST(j.at("status").as_string() == "PROVISIONED");
    BOOST_TEST(j.at("syncState").as_string() == "SYNCHRONIZED");
    Task t;
    t.kind = TaskKind::profile_push;
    t.status = TaskStatus::dismissed;
    BOOST_TEST(t.to_json().at("kind").as_string() == "profile_push");
    BOOST_TEST(t.to_json().at("status").as_string() == "DISMISSED");
}

BOOST_AUTO_TEST_SUITE_END()
