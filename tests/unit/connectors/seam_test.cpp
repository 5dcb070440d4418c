// The connector seam holds in the source: only the SCIM connector (and the explicit registration) names its type,
// and the SCIM client knows nothing of the simulator that may answer it (code-review items 3 and 6).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = fs::path(OKTASIM_FIXTURES_DIR).parent_path();

// Files under `dirs` (relative to the source tree) whose text contains `needle`, skipping paths that contain any
// of `allowed`.
std::vector<std::string> files_naming(const std::vector<std::string>& dirs, const std::string& needle,
                                      const std::vector<std::string>& allowed) {
    std::vector<std::string> out;
    for (const auto& dir : dirs) {
        for (const auto& entry : fs::recursive_directory_iterator(source_dir / dir)) {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
            const std::string rel = fs::relative(entry.path(), source_dir).generic_string();
            bool skip = false;
            for (const auto& a : allowed) skip = skip || rel.find(a) != std::string::npos;
            if (skip) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (text.str().find(needle) != std::string::npos) out.push_back(rel);
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectors_seam)

BOOST_AUTO_TEST_CASE(only_the_scim_connector_names_its_type) {
    const auto found = files_naming({"engine", "connectors", "tools/src/runner", "tools/src/check"}, "\"scim2\"",
                                    {"connectors/src/scim/", "connectors/include/oktasim/connectors/scim/"});
    BOOST_TEST(found.empty(), "name the type through the registry (or scim::connector_type) instead: " << join(found));
}

BOOST_AUTO_TEST_CASE(the_scim_client_does_not_know_the_simulator) {
    const auto found = files_naming({"connectors/src/scim", "connectors/include/oktasim/connectors/scim"}, "Oktasim", {});
    const auto includes = files_naming({"connectors/src/scim", "connectors/include/oktasim/connectors/scim"}, "simapp", {});
    BOOST_TEST(found.empty(), join(found));
    BOOST_TEST(includes.empty(), join(includes));
}

BOOST_AUTO_TEST_SUITE_END()
