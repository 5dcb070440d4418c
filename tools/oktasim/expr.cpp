// `oktasim expr EXPRESSION --user FILE|JSON`: evaluates a mapping expression (or, with --template, a ${...}
// username template) against a user, as the mapping dialog's preview does, and prints the value or the error.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/expr/expression.hpp>
#include <oktasim/expr/username_template.hpp>

#include <boost/json/stream_parser.hpp>
#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

namespace oktasim::cli {
namespace po = boost::program_options;

namespace {

constexpr std::string_view expr_about = R"(Usage: oktasim expr [options] [--] EXPRESSION

Evaluates an Okta Expression Language expression against a user, as the mapping dialog's preview does for an
Okta to App mapping: user. and source. read the user's profile; appuser. and appUser. read the app user's.
--user and --app-user each take a JSON file or inline JSON (text starting with '{'): a user object as
GET /api/v1/users/{id} or GET /api/v1/apps/{appId}/users/{userId} returns it (its "profile" is read, and a user's
"id" and "status" answer user.getInternalProperty), or a bare profile object. An attribute missing from a
profile is null. Strings print as they are; other values print as JSON (1234, 3.141, true, null, ["a","b"]).
Put -- before an EXPRESSION that starts with '-'.

Exit codes: 0 printed the value, 1 the expression has a syntax or evaluation error (printed as "error: ..."),
2 bad usage, an unreadable file or JSON that is not a user.

Options)";

// Where a parse of `text` stopped, as "line L, column C" (1-based, columns in bytes).
std::string position(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string_view json_kind(const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::object: return "an object";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::null: return "null";
    default: return "a number";
    }
}

// A user or app user read from --user / --app-user: the profile, and the internal properties when given.
struct Subject {
    boost::json::object profile;
    std::optional<expr::InternalProperties> internal;
};

// Reads `argument` (a file, or inline JSON when it starts with '{') for `flag`; prints why not and returns nullopt.
std::optional<Subject> read_subject(const std::string& flag, const std::string& argument) {
    const bool inline_json = argument.find_first_not_of(" \t\r\n") != std::string::npos &&
                             argument[argument.find_first_not_of(" \t\r\n")] == '{';
    const std::string source = inline_json ? "the inline JSON" : argument;
    std::string text;
    if (inline_json) {
        text = argument;
    } else {
        std::ifstream in(argument, std::ios::binary);
        if (!in) {
            std::cerr << "oktasim expr: --" << flag << ": cannot open " << argument
                      << " (give a JSON file, or inline JSON starting with '{')\n";
            return std::nullopt;
        }
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) {
            std::cerr << "oktasim expr: --" << flag << ": cannot read " << argument << "\n";
            return std::nullopt;
        }
    }
    const auto fail = [&](const std::string& why) {
        std::cerr << "oktasim expr: --" << flag << ": " << source << ": " << why << "\n";
        return std::nullopt;
    };
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
    if (ec) return fail("not valid JSON at " + position(text, consumed) + ": " + ec.message());
    if (!parser.done()) {
        parser.finish(ec);
        if (ec) return fail("not valid JSON: it ends before the value does (" + ec.message() + ")");
    }
    const std::size_t trailing = text.find_first_not_of(" \t\r\n", consumed);
    if (trailing != std::string::npos)
        return fail("not valid JSON at " + position(text, trailing) + ": text after the JSON value");
    const boost::json::value root = parser.release();
    const std::string expected = "expected an object: a user (with \"profile\") or a bare profile";
    if (!root.is_object()) return fail(expected + ", got " + std::string(json_kind(root)));
    Subject subject;
    const auto* profile = root.as_object().if_contains("profile");
    if (profile == nullptr) {
        subject.profile = root.as_object();
        return subject;
    }
    if (!profile->is_object()) return fail("/profile: expected an object, got " + std::string(json_kind(*profile)));
    subject.profile = profile->as_object();
    const auto* id = root.as_object().if_contains("id");
    const auto* status = root.as_object().if_contains("status");
    if (id != nullptr || status != nullptr) {
        subject.internal.emplace();
        if (id != nullptr && id->is_string()) subject.internal->id = std::string(id->get_string());
        if (status != nullptr && status->is_string()) subject.internal->status = std::string(status->get_string());
    }
    return subject;
}

}  // namespace

int expr_command(const std::vector<std::string>& args) {
    po::options_description options{std::string(expr_about)};
    options.add_options()
        ("user", po::value<std::string>()->value_name("FILE|JSON"),
         "the Okta user: FILE or inline JSON (user. and source.)")
        ("app-user", po::value<std::string>()->value_name("FILE|JSON"),
         "the app user: FILE or inline JSON (appuser. and appUser.)")
        ("app", po::value<std::string>()->value_name("NAME"),
         "the app's name (its variable name, e.g. zendesk): NAME. reads the app user too")
        ("template", "EXPRESSION is a ${...} username template, e.g. ${fn:substringBefore(source.login, \"@\")}")
        ("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("expression", po::value<std::vector<std::string>>(), "");
    po::variables_map vm;
    if (!parse(args, "oktasim expr", options, hidden, "expression", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << options;
        return exit_ok;
    }
    const auto expressions = vm.count("expression") ? vm["expression"].as<std::vector<std::string>>()
                                                    : std::vector<std::string>{};
    if (expressions.size() != 1) {
        std::cerr << "oktasim expr: give one EXPRESSION (quote it), got " << expressions.size() << "\n\n" << options;
        return exit_usage;
    }
    if (vm.count("app") && !vm.count("app-user")) {
        std::cerr << "oktasim expr: --app names the app of --app-user; give --app-user too\n";
        return exit_usage;
    }

    std::optional<Subject> user, app_user;
    if (vm.count("user") && !(user = read_subject("user", vm["user"].as<std::string>()))) return exit_usage;
    if (vm.count("app-user") && !(app_user = read_subject("app-user", vm["app-user"].as<std::string>())))
        return exit_usage;

    expr::Context context;
    context.direction = expr::Direction::to_app;
    if (user) {
        context.okta_user = expr::Profile{&user->profile, nullptr};
        context.internal = user->internal;
    }
    if (app_user) {
        context.app_user = expr::Profile{&app_user->profile, nullptr};
        if (vm.count("app")) {
            const std::string app = vm["app"].as<std::string>();
            const expr::Profile profile{&app_user->profile, nullptr};
            context.app_user_of = [app, profile](std::string_view name) -> std::optional<expr::Profile> {
                if (name == app) return profile;
                return std::nullopt;
            };
        }
    }

    const std::string& text = expressions.front();
    const expr::result<expr::Value> value = [&]() -> expr::result<expr::Value> {
        if (!vm.count("template")) return expr::evaluate(text, context);
        auto parsed = expr::UsernameTemplate::parse(text);
        if (!parsed) return parsed.error();
        return parsed->evaluate(context);
    }();
    if (!value) {
        std::cerr << "error: " << value.error().message() << "\n";
        return exit_failed;
    }
    if (const auto* s = value->if_string()) {
        std::cout << *s << "\n";
    } else {
        std::cout << expr::json_text(*value) << "\n";
    }
    return exit_ok;
}

}  // namespace oktasim::cli
