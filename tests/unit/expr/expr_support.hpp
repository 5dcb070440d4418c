// Shared by the expression language's unit tests: a Context over JSON profiles written inline, and evaluation
// helpers that fail the test with the library's own message.
#pragma once

#include <oktasim/expr/expression.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <ostream>
#include <string>

// So BOOST_TEST can print the library's enums in a failure (found by argument-dependent lookup).
namespace oktasim::expr {
inline std::ostream& operator<<(std::ostream& out, errc code) { return out << make_error_code(code).message(); }
inline std::ostream& operator<<(std::ostream& out, Kind kind) { return out << describe(kind); }
}  // namespace oktasim::expr

namespace expr_test {

namespace expr = oktasim::expr;

// Profiles kept alive for the Context that points at them.
struct Profiles {
    boost::json::object user;
    boost::json::object app_user;
    std::map<std::string, boost::json::object> apps;  // app name -> app user profile in that app

    expr::Context context(expr::Direction direction = expr::Direction::to_app) const {
        expr::Context c;
        c.direction = direction;
        c.okta_user = expr::Profile{&user, nullptr};
        c.app_user = expr::Profile{&app_user, nullptr};
        c.app_user_of = [this](std::string_view name) -> std::optional<expr::Profile> {
            const auto it = apps.find(std::string(name));
            if (it == apps.end()) return std::nullopt;
            return expr::Profile{&it->second, nullptr};
        };
        return c;
    }
};

inline boost::json::object object(const std::string& json) { return boost::json::parse(json).as_object(); }

inline expr::Value value_of(const std::string& text, const expr::Context& context = {}) {
    auto value = expr::evaluate(text, context);
    BOOST_TEST_REQUIRE(value.has_value(), text << " failed: " << (value ? "" : value.error().message()));
    return *value;
}

// The value in the notation okta-mappings.md §3 writes results in: "This", 4, true, {10, 20}, { }.
inline std::string shown(const std::string& text, const expr::Context& context = {}) {
    return expr::oel_text(value_of(text, context));
}

inline expr::Error error_of(const std::string& text, const expr::Context& context = {}) {
    auto value = expr::evaluate(text, context);
    BOOST_TEST_REQUIRE(!value.has_value(), text << " gave " << (value ? expr::oel_text(*value) : ""));
    return value.error();
}

}  // namespace expr_test
