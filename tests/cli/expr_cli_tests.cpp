// `oktasim expr` as scripts see it: the value on stdout (strings raw, the rest as JSON), "error: ..." on stderr
// with exit 1 for a bad expression, exit 2 naming the file or flag for bad usage and input; and okta-mappings.md
// §3 examples from the command line.
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Run {
    int exit_code = -1;
    std::string out;  // stdout only
    std::string err;  // stderr only
};

// Wraps `text` in single quotes for the shell (a ' inside becomes '\'').
std::string quoted(const std::string& text) {
    std::string q = "'";
    for (const char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs `oktasim expr` with `args` (already shell-quoted), keeping stdout and stderr apart.
Run expr(const std::string& args) {
    const fs::path err_file = fs::temp_directory_path() / ("oktasim-expr-cli-" + std::to_string(::getpid()) + ".err");
    const std::string command = std::string("'") + OKTASIM_EXE + "' expr " + args + " 2>" + quoted(err_file.string());
    Run r;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err_file, std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    fs::remove(err_file);
    return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& text) {
        path = fs::temp_directory_path() / ("oktasim-expr-cli-" + std::to_string(::getpid()) + ".json");
        std::ofstream(path) << text;
    }
    ~TempFile() { fs::remove(path); }
};

const std::string okta_user = R"({"id": "00u1ab2cd3EF4gh5i6j7", "status": "ACTIVE",
  "profile": {"login": "winston.churchill@gmail.com", "email": "winston.churchill@gmail.com",
              "firstName": "Winston", "lastName": "Churchill", "middleInitial": ""}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_expr)

BOOST_AUTO_TEST_CASE(documented_examples_print_their_values) {
    const auto substring = expr(quoted(R"(String.substring("This is a test", 2, 9))"));
    BOOST_TEST(substring.exit_code == 0);
    BOOST_TEST(substring.out == "is is a\n");
    BOOST_TEST(substring.err == "");
    BOOST_TEST(expr(quoted(R"(String.len("This"))")).out == "4\n");
    BOOST_TEST(expr(quoted(R"(String.startsWith("Kiss", "K"))")).out == "true\n");
    BOOST_TEST(expr(quoted("Arrays.flatten(10, {20, 30}, 40)")).out == "[10,20,30,40]\n");
    BOOST_TEST(expr(quoted("Arrays.size(NULL)")).out == "0\n");
    BOOST_TEST(expr(quoted("Convert.toInt(123.6)")).out == "124\n");
    BOOST_TEST(expr(quoted("Convert.toNum('3.141')")).out == "3.141\n");
    BOOST_TEST(expr(quoted("null")).out == "null\n");
}

BOOST_AUTO_TEST_CASE(evaluates_against_a_user_file_or_inline_json) {
    TempFile user(okta_user);
    const std::string sample = R"(toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\" + )"
                               R"(substringBefore( user.email, "@"))";
    const auto r = expr(quoted(sample) + " --user " + quoted(user.path.string()));
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "GMAIL\\winston.churchill\n");
    // A bare profile works as well as a user object.
    const auto bare = expr(quoted("source.firstName + ' ' + source.lastName") + " --user " +
                           quoted(R"({"firstName": "Ada", "lastName": "Lovelace"})"));
    BOOST_TEST(bare.out == "Ada Lovelace\n");
    BOOST_TEST(expr(quoted("user.getInternalProperty('status')") + " --user " + quoted(user.path.string())).out ==
               "ACTIVE\n");
    BOOST_TEST(expr(quoted("user.nickName ?: user.firstName") + " --user " + quoted(user.path.string())).out ==
               "Winston\n");
}

BOOST_AUTO_TEST_CASE(app_user_and_template) {
    const auto app = expr(quoted("appuser.userName + '|' + zendesk.userName") + " --app zendesk --app-user " +
                          quoted(R"({"profile": {"userName": "wchurchill"}})"));
    BOOST_TEST(app.exit_code == 0, app.err);
    BOOST_TEST(app.out == "wchurchill|wchurchill\n");
    const auto username = expr(quoted(R"(${fn:substringBefore(source.login, "@")})") + " --template --user " +
                               quoted(okta_user));
    BOOST_TEST(username.exit_code == 0, username.err);
    BOOST_TEST(username.out == "winston.churchill\n");
}

BOOST_AUTO_TEST_CASE(bad_expressions_exit_one_with_the_error_on_stderr) {
    const auto syntax = expr(quoted(R"(String.len("This")"));
    BOOST_TEST(syntax.exit_code == 1);
    BOOST_TEST(syntax.out == "");
    BOOST_TEST(syntax.err == "error: syntax error in 'String.len(\"This\"': column 18: expected ',' or ')' after an "
                             "argument of String.len, found end of expression\n");
    const auto unknown = expr(quoted("Time.now()"));
    BOOST_TEST(unknown.exit_code == 1);
    BOOST_TEST(contains(unknown.err, "error: cannot evaluate 'Time.now()': column 1: unknown function 'Time.now'"));
    const auto index = expr(quoted("{1, 2}[2]"));
    BOOST_TEST(index.exit_code == 1);
    BOOST_TEST(contains(index.err, "index 2 is outside the array (size 2)"));
    BOOST_TEST(expr(quoted("user.login")).exit_code == 1);  // no --user: nothing for user. to read
}

BOOST_AUTO_TEST_CASE(usage_and_input_errors_exit_two) {
    BOOST_TEST(expr("").exit_code == 2);
    BOOST_TEST(expr("a b").exit_code == 2);
    BOOST_TEST(expr("x --no-such-flag").exit_code == 2);
    BOOST_TEST(expr("x --app zendesk").exit_code == 2);
    const auto missing = expr("x --user /nonexistent/user.json");
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(contains(missing.err, "--user: cannot open /nonexistent/user.json"), missing.err);
    TempFile broken("{\"profile\": {\"login\": \"a\",, }}");
    const auto bad_json = expr("x --user " + quoted(broken.path.string()));
    BOOST_TEST(bad_json.exit_code == 2);
    BOOST_TEST(contains(bad_json.err, broken.path.string() + ": not valid JSON at line 1, column 27"), bad_json.err);
    const auto not_object = expr("x --app-user " + quoted("{\"profile\": [1]}"));
    BOOST_TEST(not_object.exit_code == 2);
    BOOST_TEST(contains(not_object.err, "--app-user: the inline JSON: /profile: expected an object, got an array"),
               not_object.err);
    TempFile array("[1, 2]");
    const auto wrong_shape = expr("x --user " + quoted(array.path.string()));
    BOOST_TEST(wrong_shape.exit_code == 2);
    BOOST_TEST(contains(wrong_shape.err, "expected an object: a user (with \"profile\") or a bare profile, got an array"),
               wrong_shape.err);
    BOOST_TEST(expr("--help").exit_code == 0);
}

BOOST_AUTO_TEST_SUITE_END()
