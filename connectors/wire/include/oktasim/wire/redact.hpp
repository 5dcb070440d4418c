// Redaction of credentials in headers and bodies, so transcripts, reports and logs can be shared: the one place
// that decides what counts as a secret on the wire.
#pragma once

#include <oktasim/wire/message.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oktasim::wire {

// Replaces credentials in headers ("Authorization", "Proxy-Authorization", "X-Api-Key"...) with "[REDACTED]"
// while keeping the scheme word ("Bearer [REDACTED]"), so transcripts can be shared.
std::vector<Header> redact(const std::vector<Header>& headers);
// True for a header whose value `redact` hides (credentials and cookies); names compare case-insensitively.
bool is_secret_header(std::string_view name) noexcept;

// True for a body field or form parameter that holds a credential ("password", "access_token", "refresh_token",
// "client_secret").
bool is_secret_field(std::string_view key) noexcept;
// The same redaction for bodies: in a JSON body every value of a "password", "access_token", "refresh_token" or
// "client_secret" key (at any depth) becomes "[REDACTED]"; in any other body (a form such as the OAuth refresh)
// the values of those keys in key=value pairs do. Other bodies come back unchanged.
std::string redact_body(std::string_view body);

}  // namespace oktasim::wire
