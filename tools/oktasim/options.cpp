// The subcommands' shared command-line parser.
#include "options.hpp"

#include <iostream>

namespace oktasim::cli {

bool parse(const std::vector<std::string>& args, std::string_view who, const po::options_description& visible,
           const po::options_description& hidden, std::string_view positional, po::variables_map& vm) {
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description by_position;
    if (!positional.empty()) by_position.add(std::string(positional).c_str(), -1);
    try {
        po::command_line_parser parser(args);
        parser.options(all);
        if (!positional.empty()) parser.positional(by_position);
        po::store(parser.run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << who << ": " << e.what() << "\n\n" << visible;
        return false;
    }
    return true;
}

}  // namespace oktasim::cli
