// The "backendLog" expectation: the simulated app's own request log contains a text.
#include "expect.hpp"

#include <oktasim/runner/world.hpp>

namespace oktasim::runner {
namespace {

struct BackendLogMatcher {
    AppRef app;
    std::string contains;
};

class BackendLogExpectation final : public Expectation {
public:
    BackendLogExpectation(std::string_view key, BackendLogMatcher m) : Expectation(key), m_(std::move(m)) {}

    void check(World& world, Cursors&, std::vector<std::string>& out) const override {
        auto* app = world.downstream(m_.app.key(world.tenant()));
        if (!app) {  // the loader requires a simulated app; kept for a scenario built by hand
            out.push_back("backendLog: app '" + m_.app.written + "' has no simulated downstream");
            return;
        }
        const std::string text = app->backend_log().to_text();
        if (text.find(m_.contains) == std::string::npos)
            out.push_back("backendLog: expected it to contain " + quoted(m_.contains) + "; it reads:\n" + text);
    }
    json::value actual(World& world, const Cursors&) const override {
        auto* app = world.downstream(m_.app.key(world.tenant()));
        return app ? json::value(app->backend_log().to_text()) : json::value(nullptr);
    }

private:
    BackendLogMatcher m_;
};

bool read_matcher(MatcherReader& m, BackendLogMatcher& out) {
    return m.r.only({"app", "contains"}) && m.app("app", out.app) && m.simulated() && m.string("contains", out.contains);
}

}  // namespace

namespace expect {
ExpectationEntry backend_log() {
    return one_matcher<BackendLogExpectation, BackendLogMatcher, read_matcher>("backendLog");
}
}  // namespace expect

}  // namespace oktasim::runner
