// References a clone can follow (issue 6 item 28): every citation in `oktasim modes`, the README, the format
// reference and `oktasim check`'s texts names docs/okta-behaviour.md, each cited section exists there, and each
// source tag a cause names is in that document's source key.
#include <oktasim/engine/failure_modes.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path root = fs::path(OKTASIM_FIXTURES_DIR).parent_path();
const std::string doc_name = "docs/okta-behaviour.md";

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "2", "2.3", ... for every "## 2." and "### 2.3" heading of the reference.
std::set<std::string> sections() {
    std::set<std::string> out;
    const std::string text = read_text(root / doc_name);
    const std::regex heading(R"(^#{2,3} (\d+(?:\.\d+)?)\.? )", std::regex::multiline);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), heading); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    return out;
}

// The tags of the source key (first column of §0's table, "F1, F2" split).
std::set<std::string> source_tags() {
    std::set<std::string> out;
    const std::string text = read_text(root / doc_name);
    const std::regex row(R"(^\| ([A-Za-z0-9 ,-]+) \| )", std::regex::multiline);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it) {
        std::stringstream cell((*it)[1]);
        std::string tag;
        while (std::getline(cell, tag, ',')) {
            tag.erase(0, tag.find_first_not_of(' '));
            out.insert(tag);
        }
    }
    return out;
}

// Every "§N.M" in `text` must follow "docs/okta-behaviour.md" (as "docs/okta-behaviour.md §N.M" or in a list that
// starts with it, "... §2.4, §2.5") unless it is an RFC's section; and each must exist.
void check_citations(const std::string& what, const std::string& text, const std::set<std::string>& known) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_TEST(text.find("fact sheet") == std::string::npos);
        BOOST_TEST(text.find("Fact sheet") == std::string::npos);
        BOOST_TEST(text.find("../shared/") == std::string::npos);
        const std::regex cite(R"(§(\d+(?:\.\d+)?))");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), cite); it != std::sregex_iterator(); ++it) {
            const auto at = static_cast<std::size_t>(it->position());
            const std::string before = text.substr(at > 60 ? at - 60 : 0, std::min<std::size_t>(at, 60));
            if (std::regex_search(before, std::regex(R"(RFC \d+ (§[\d.]+, )*$)"))) continue;
            BOOST_TEST(before.find(doc_name) != std::string::npos, "§" << (*it)[1] << " does not cite " << doc_name
                                                                        << ": ..." << before);
            BOOST_TEST(known.count((*it)[1]) == 1u, "no section §" << (*it)[1] << " in " << doc_name);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reference)

BOOST_AUTO_TEST_CASE(reference_keeps_the_section_numbers_and_the_source_urls) {
    const auto known = sections();
    for (const char* s : {"0", "1.1", "1.4", "2.1", "2.3", "2.5", "2.13", "2.15", "3.1", "3.4", "4.1", "4.2", "5.2", "5.4",
                          "6.1", "7.1", "7.4", "8", "9"})
        BOOST_TEST(known.count(s) == 1u, s);
    const std::string text = read_text(root / doc_name);
    BOOST_TEST(text.find("https://support.okta.com/help/s/article/forest-admin-provisioning-error") != std::string::npos);
    BOOST_TEST(text.find("https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failure_mode_causes_cite_the_reference_and_known_sources) {
    const auto known = sections();
    const auto tags = source_tags();
    for (const auto& m : oktasim::engine::failure_modes) {
        const std::string cause(m.cause);
        check_citations(std::string(m.name), cause, known);
        // The bracket's other entries are source tags of §0 ("[docs/okta-behaviour.md §2.3, KB-MATCH]").
        const auto open = cause.find("[" + doc_name);
        if (open == std::string::npos) continue;
        std::stringstream inside(cause.substr(open + 1, cause.find(']', open) - open - 1));
        std::string part;
        while (std::getline(inside, part, ',')) {
            part.erase(0, part.find_first_not_of(' '));
            if (part.rfind(doc_name, 0) == 0 || part.rfind("§", 0) == 0) continue;
            BOOST_TEST(tags.count(part) == 1u, m.name << ": source tag " << part << " is not in the source key");
        }
    }
}

BOOST_AUTO_TEST_CASE(readmes_and_check_texts_cite_the_reference) {
    const auto known = sections();
    check_citations("README.md", read_text(root / "README.md"), known);
    check_citations("fixtures/README.md", read_text(root / "fixtures/README.md"), known);
    // oktasim check's printed texts: the string literals (comments may keep their own wording).
    // Every source of the check library, so a text keeps its guard when it moves between files.
    std::set<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root / "tools/src/check"))
        if (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp") files.insert(entry.path());
    BOOST_TEST_REQUIRE(files.count(root / "tools/src/check/spec.cpp") == 1u);
    for (const fs::path& file : files) {
        std::istringstream lines(read_text(file));
        std::string line, literals;
        while (std::getline(lines, line))
            if (line.find("//") == std::string::npos || line.find('"') < line.find("//")) literals += line + "\n";
        BOOST_TEST_CONTEXT(file.string()) { BOOST_TEST(literals.find("fact sheet") == std::string::npos); }
    }
}

BOOST_AUTO_TEST_SUITE_END()
