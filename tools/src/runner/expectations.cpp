// Checking an expectation step against the world: its typed parts (expect/) in the order they are checked, and its
// timeline line in the order they are written.
#include <oktasim/runner/expectations.hpp>

namespace oktasim::runner {

std::vector<std::string> Expectations::check(const Step& step) {
    std::vector<std::string> out;
    for (const Expectation* e : step.checks) e->check(world_, cursors_, out);
    return out;
}

std::string Expectations::describe(const Step& step) const {
    std::string out;
    for (const auto& e : step.expect) out += (out.empty() ? "" : ", ") + e->describe();
    return out;
}

}  // namespace oktasim::runner
