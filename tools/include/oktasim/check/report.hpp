// Renders a check Report: the text report (one `PASS|FAIL|WARN|SKIP <step>` line per step, details under failures,
// final `N passed, M failed[, K skipped]`), the JSON document, and JUnit XML for CI systems. Secrets are redacted in
// all three, and server text is capped (2 KiB per quoted text) and has its control characters escaped.
#pragma once

#include <oktasim/check/check.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace oktasim::check {

struct TextOptions {
    std::size_t body_limit = 500;  // bytes of a body shown under a failure
    bool color = false;            // colour the status words (ANSI)
};

void write_text(std::ostream& out, const Report& report, const TextOptions& options = {});
boost::json::object to_json(const Report& report);
void write_junit(std::ostream& out, const Report& report);
// Every exchange of the run, step by step, as a HAR 1.2 log (--record): redacted as the transcript is, and the run's
// own secrets replaced wherever a server echoed them. `version`: oktasim's, for the log's creator.
boost::json::object to_har(const Report& report, std::string_view version);

// Helpers shared by the formatters, public for tests.
// Escapes &, <, >, " and ' and replaces characters XML 1.0 does not allow (most control characters) by U+FFFD.
std::string xml_escape(std::string_view text);
// Replaces bytes that are not well-formed UTF-8 by U+FFFD, so any server body can go into JSON or XML.
std::string valid_utf8(std::string_view text);
// The first `limit` bytes (never cutting a UTF-8 sequence), plus "... (N bytes)" when something was cut.
std::string truncate_body(std::string_view body, std::size_t limit);
// Control characters (C0 but newline and tab, DEL, C1) as \xHH or \u00HH, so server text cannot move the cursor,
// recolour or clear a terminal. `text` must be valid UTF-8.
std::string escape_controls(std::string_view text);

}  // namespace oktasim::check
