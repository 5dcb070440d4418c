// The push flows' password rule (choose_password): which password each setting sends, and exactly which draws it takes
// from the app's password stream (seeded runs and golden files depend on the draws, the double one included).
#include <oktasim/engine/passwords.hpp>

#include <boost/test/unit_test.hpp>

using namespace oktasim;
using namespace oktasim::engine;

namespace {

ToAppSettings sync(std::string seed) {
    ToAppSettings s;
    s.sync_password = true;
    s.password_seed = std::move(seed);
    return s;
}

User with_password(std::optional<std::string> password) {
    User u;
    u.id = "00ualice";
    u.password = std::move(password);
    return u;
}

// The stream after `choose_password` is where `expected` left its copy: no draw more, no draw less.
void same_position(sim::Prng& stream, sim::Prng& expected) {
    BOOST_TEST(stream.text(sim::alphabet_base62, 16) == expected.text(sim::alphabet_base62, 16));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_password_rule)

BOOST_AUTO_TEST_CASE(a_new_account_without_sync_password_gets_an_8_character_placeholder) {
    sim::Prng stream(7), expected(7);
    const PasswordChoice p = choose_password(PasswordFor::new_account, ToAppSettings{}, with_password("Okta-pw1"), stream);
    BOOST_TEST(p.password == expected.text(sim::alphabet_alnum_lower, 8));
    BOOST_TEST(!p.okta);
    same_position(stream, expected);
}

BOOST_AUTO_TEST_CASE(a_new_account_with_seed_random_takes_two_draws_and_keeps_the_second) {
    sim::Prng stream(7), expected(7);
    const PasswordChoice p = choose_password(PasswordFor::new_account, sync("RANDOM"), with_password("Okta-pw1"), stream);
    expected.text(sim::alphabet_alnum_lower, 16);  // the placeholder, drawn and replaced
    BOOST_TEST(p.password == expected.text(sim::alphabet_base62, 16));
    BOOST_TEST(!p.okta);
    same_position(stream, expected);
}

BOOST_AUTO_TEST_CASE(a_new_account_with_seed_okta_gets_the_okta_password_and_draws_nothing) {
    sim::Prng stream(7), expected(7);
    const PasswordChoice p = choose_password(PasswordFor::new_account, sync("OKTA"), with_password("Okta-pw1"), stream);
    BOOST_TEST(p.password == "Okta-pw1");
    BOOST_TEST(p.okta);
    same_position(stream, expected);
}

BOOST_AUTO_TEST_CASE(a_new_account_with_seed_okta_but_no_known_password_gets_a_16_character_placeholder) {
    sim::Prng stream(7), expected(7);
    const PasswordChoice p = choose_password(PasswordFor::new_account, sync("OKTA"), with_password(std::nullopt), stream);
    BOOST_TEST(p.password == expected.text(sim::alphabet_alnum_lower, 16));
    BOOST_TEST(!p.okta);
    same_position(stream, expected);
}

BOOST_AUTO_TEST_CASE(an_existing_account_gets_the_okta_password_with_seed_okta_when_it_is_known) {
    sim::Prng stream(7), expected(7);
    const PasswordChoice p =
        choose_password(PasswordFor::existing_account, sync("OKTA"), with_password("Okta-pw1"), stream);
    BOOST_TEST(p.password == "Okta-pw1");
    BOOST_TEST(p.okta);
    same_position(stream, expected);
}

BOOST_AUTO_TEST_CASE(an_existing_account_otherwise_gets_one_base62_draw) {
    for (const auto& [settings, user] : {std::pair{sync("RANDOM"), with_password("Okta-pw1")},
                                         std::pair{sync("OKTA"), with_password(std::nullopt)}}) {
        sim::Prng stream(7), expected(7);
        const PasswordChoice p = choose_password(PasswordFor::existing_account, settings, user, stream);
        BOOST_TEST(p.password == expected.text(sim::alphabet_base62, 16));
        BOOST_TEST(!p.okta);
        same_position(stream, expected);
    }
}

BOOST_AUTO_TEST_CASE(an_existing_account_ignores_sync_password_the_caller_decides_whether_to_push) {
    // A retried password task after Sync Password was turned off still sends the Okta password with seed OKTA.
    ToAppSettings s = sync("OKTA");
    s.sync_password = false;
    sim::Prng stream(7);
    BOOST_TEST(choose_password(PasswordFor::existing_account, s, with_password("Okta-pw1"), stream).password == "Okta-pw1");
}

BOOST_AUTO_TEST_SUITE_END()
