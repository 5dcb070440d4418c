// One parser for every subcommand's command line (Boost.Program_options): the options its usage text shows, hidden
// ones, and positional arguments. A usage error is printed the same way by every subcommand.
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oktasim::cli {

namespace po = boost::program_options;

// Fills `vm` from `args` against `visible` and `hidden`. Positional arguments are stored under the option named
// `positional` (declared in `hidden`); with `positional` empty any positional argument is a usage error. On a usage
// error prints "`who`: <what is wrong>", a blank line and the usage (`visible`) on stderr, and returns false.
bool parse(const std::vector<std::string>& args, std::string_view who, const po::options_description& visible,
           const po::options_description& hidden, std::string_view positional, po::variables_map& vm);

}  // namespace oktasim::cli
