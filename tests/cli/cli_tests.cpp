// The oktasim executable as users' scripts see it: exit codes and the messages for bad input and usage.
#define BOOST_TEST_MODULE oktasim_cli
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Outcome {
    int exit_code = -1;
    std::string out;  // stdout and stderr together
};

// Runs the oktasim binary with `args` (already shell-quoted) and captures its output and exit code.
Outcome oktasim(const std::string& args) {
    const std::string command = std::string("NO_COLOR=1 '") + OKTASIM_EXE + "' " + args + " 2>&1";
    Outcome o;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

// A scratch scenario file with the given text, removed at the end of the test.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& text, const std::string& name = "scenario.json") {
        path = fs::temp_directory_path() / ("oktasim-cli-" + std::to_string(::getpid()) + "-" + name);
        std::ofstream(path) << text;
    }
    ~TempFile() { fs::remove(path); }
};

const std::string minimal = R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
  "apps": [{"key": "x", "label": "X", "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2"},
            "downstream": {}}], "steps": [)";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(version_and_help_exit_zero) {
    BOOST_TEST(oktasim("--version").exit_code == 0);
    const auto help = oktasim("--help");
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(contains(help.out, "run SCENARIO"));
    BOOST_TEST(oktasim("run --help").exit_code == 0);
    BOOST_TEST(oktasim("modes --help").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_two) {
    BOOST_TEST(oktasim("").exit_code == 2);
    BOOST_TEST(oktasim("frobnicate").exit_code == 2);
    BOOST_TEST(oktasim("run").exit_code == 2);
    BOOST_TEST(oktasim("run --format xml x.json").exit_code == 2);
    BOOST_TEST(oktasim("run --no-such-flag").exit_code == 2);
}

BOOST_AUTO_TEST_CASE(malformed_json_exits_two_naming_the_file) {
    TempFile f("{\"oktasim\": 1,, }");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, f.path.string()));
    BOOST_TEST(contains(o.out, "not valid JSON"));
}

BOOST_AUTO_TEST_CASE(empty_file_exits_two) {
    TempFile f("");
    const auto o = oktasim("validate '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "empty"));
}

BOOST_AUTO_TEST_CASE(unknown_key_names_the_json_path) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x", "colour": "red"}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/steps/0/colour: unknown key"), o.out);
}

BOOST_AUTO_TEST_CASE(wrong_type_names_the_json_path) {
    TempFile f(R"({"oktasim": 1, "name": "n", "seed": "forty-two", "org": {}, "apps": [], "steps": []})");
    const auto o = oktasim("validate '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/seed: expected an integer, got a string"), o.out);
}

BOOST_AUTO_TEST_CASE(dangling_reference_names_the_json_path) {
    TempFile f(minimal + R"({"do": "assign", "user": "bob@example.com", "app": "x"}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "/steps/0/user: no user 'bob@example.com'"), o.out);
}

BOOST_AUTO_TEST_CASE(missing_file_exits_two) {
    const auto o = oktasim("run /nonexistent/scenario.json");
    BOOST_TEST(o.exit_code == 2);
    BOOST_TEST(contains(o.out, "cannot open"));
}

BOOST_AUTO_TEST_CASE(failed_expectation_exits_one_with_expected_and_actual) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x"},
        {"expect": {"appUser": {"app": "x", "user": "a@example.com", "status": "PROVISIONED"}}}]})");
    const auto o = oktasim("run '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 1);
    BOOST_TEST(contains(o.out, "status: expected \"PROVISIONED\", got \"STAGED\""), o.out);
    BOOST_TEST(contains(o.out, "--seed"), o.out);
}

BOOST_AUTO_TEST_CASE(json_format_prints_only_log_lines) {
    TempFile f(minimal + R"({"do": "assign", "user": "a@example.com", "app": "x"}]})");
    const auto o = oktasim("run --format json '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 0);
    BOOST_TEST(o.out.rfind("{\"actor\":", 0) == 0u, o.out);
    BOOST_TEST(contains(o.out, "\"eventType\":\"application.user_membership.add\""));
}

BOOST_AUTO_TEST_CASE(transcript_redacts_secrets) {
    TempFile f(R"({"oktasim": 1, "name": "n", "org": {"users": [{"profile": {"login": "a@example.com"}}]},
      "apps": [{"key": "x", "label": "X", "features": {"name": "USER_PROVISIONING",
                 "capabilities": {"create": {"lifecycleCreate": {"status": "ENABLED"}}}},
                "connector": {"type": "scim2", "baseUrl": "https://x.example.test/scim/v2",
                              "auth": {"mode": "header", "token": "sekrit-token"}},
                "downstream": {"auth": {"bearer": "sekrit-token"}}}],
      "steps": [{"do": "assign", "user": "a@example.com", "app": "x"}]})");
    TempFile transcript("", "transcript.txt");
    const auto o = oktasim("run --transcript '" + transcript.path.string() + "' '" + f.path.string() + "'");
    BOOST_TEST(o.exit_code == 0, o.out);
    std::ifstream in(transcript.path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(contains(text, "POST /scim/v2/Users HTTP/1.1"));
    BOOST_TEST(contains(text, "Authorization: Bearer [REDACTED]"));
    BOOST_TEST(!contains(text, "sekrit-token"));
    BOOST_TEST(contains(text, "\"password\":\"[REDACTED]\""));
}

BOOST_AUTO_TEST_CASE(modes_lists_every_catalogue_entry) {
    const auto o = oktasim("modes");
    BOOST_TEST(o.exit_code == 0);
    BOOST_TEST(contains(o.out, "create-users-off"));
    BOOST_TEST(contains(o.out, "fixtures/scenarios/failure-modes/create-users-off.json"));
    BOOST_TEST(oktasim("modes --format json").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(demo_shows_user_not_found_then_provisioned) {
    const auto o = oktasim("demo");
    BOOST_TEST(o.exit_code == 0, o.out);
    BOOST_TEST(contains(o.out, "failed: User not found"));
    BOOST_TEST(contains(o.out, "POST /scim/v2/Users -> 201 Created"));
    BOOST_TEST(contains(o.out, "PASS"));
}

// A smoke test only: benchmarks are never timed assertions. It checks that every figure is printed and that the
// push really provisioned each user (1,000 users, 2,000 SCIM exchanges).
BOOST_AUTO_TEST_CASE(bench_prints_every_figure) {
    const auto text = oktasim("bench --users 1000");
    BOOST_TEST(text.exit_code == 0, text.out);
    for (const char* column : {"users", "setup s", "push s", "cpu s", "users/s", "us/user", "floor us", "x floor",
                               "peak MiB", "growth"})
        BOOST_TEST(contains(text.out, column), column);
    BOOST_TEST(!contains(text.out, "warning"), text.out);

    const auto json = oktasim("bench --users 300,600 --format json");
    BOOST_TEST(json.exit_code == 0, json.out);
    for (const char* key : {"\"users\":300", "\"users\":600", "\"pushWallS\"", "\"pushCpuS\"", "\"usersPerS\"",
                            "\"usPerUser\"", "\"floorUsPerUser\"", "\"ratioToFloor\"", "\"peakRssBytes\"",
                            "\"growth\"", "\"provisioned\":600", "\"requests\":1200"})
        BOOST_TEST(contains(json.out, key), key);
    BOOST_TEST(oktasim("bench --users 10,x").exit_code == 2);
    BOOST_TEST(oktasim("bench --format yaml").exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
