// Actions on virtual time: advance it by a duration (running what falls due), or settle (run until nothing is
// left to do without time passing).
#include "steps.hpp"

#include <oktasim/tenant/tenant.hpp>

namespace oktasim::runner {
namespace {

class Advance final : public Command {
public:
    Advance(sim::Duration by, std::string written) : by_(by), written_(std::move(written)) {}

    error_code run(tenant::Tenant& t, std::string& why) const override {
        if (by_ > sim::time_horizon - t.loop().now()) {  // the loader bounds the advances; retries may add more time
            why = "advancing by " + written_ + " passes the horizon of virtual time, start + " +
                  std::string(sim::max_duration_text);
            return make_error_code(scenario_errc::bad_value);
        }
        t.advance(by_);
        return {};
    }
    std::string describe() const override { return Line("advance").arg(written_).str(); }
    sim::Duration advances_by() const override { return by_; }

private:
    sim::Duration by_;
    std::string written_;
};

class Settle final : public Command {
public:
    error_code run(tenant::Tenant& t, std::string&) const override {
        t.loop().run_until_quiescent();  // waits on the network only for exchanges in flight, never on a server
        return {};
    }
    std::string describe() const override { return "settle"; }
};

}  // namespace

namespace steps {
ActionEntry advance() {
    return {"advance", {{"by", Arg::duration, true}}, false, [](StepReader& s) {
                std::string by = s.string("by");
                return std::unique_ptr<Command>(std::make_unique<Advance>(*sim::parse_duration(by), std::move(by)));
            }};
}

ActionEntry settle() {
    return {"settle", {}, false, [](StepReader&) { return std::unique_ptr<Command>(std::make_unique<Settle>()); }};
}
}  // namespace steps

}  // namespace oktasim::runner
