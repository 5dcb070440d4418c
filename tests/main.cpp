// The single translation unit that defines the unit-test module's main().
#define BOOST_TEST_MODULE oktasim_unit
#include <boost/test/unit_test.hpp>
