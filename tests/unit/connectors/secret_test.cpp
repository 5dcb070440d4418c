// Tests for the constant-time secret comparison every credential check of the simulated app goes through.
#include <oktasim/connectors/simapp/secret.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

using oktasim::connectors::simapp::same_secret;

BOOST_AUTO_TEST_SUITE(simapp_secret)

BOOST_AUTO_TEST_CASE(hardening_same_secret_accepts_equal_and_rejects_everything_else) {
    // Equal
    BOOST_TEST(same_secret("s3cr3t-token", "s3cr3t-token"));
    BOOST_TEST(same_secret(std::string(10'000, 'x'), std::string(10'000, 'x')));
    // Different, longer, shorter, a prefix, a different case
    BOOST_TEST(!same_secret("s3cr3t-tokeN", "s3cr3t-token"));
    BOOST_TEST(!same_secret("s3cr3t-token-and-more", "s3cr3t-token"));
    BOOST_TEST(!same_secret("s3cr3t", "s3cr3t-token"));
    BOOST_TEST(!same_secret("S3CR3T-TOKEN", "s3cr3t-token"));
    BOOST_TEST(!same_secret(std::string("s3cr3t-token\0", 13), "s3cr3t-token"));
    // Empty: nothing presented, or nothing expected (an unset secret never matches, not even an empty one)
    BOOST_TEST(!same_secret("", "s3cr3t-token"));
    BOOST_TEST(!same_secret("s3cr3t-token", ""));
    BOOST_TEST(!same_secret("", ""));
}

BOOST_AUTO_TEST_SUITE_END()
