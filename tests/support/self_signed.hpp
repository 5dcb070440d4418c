// A throwaway self-signed certificate for 127.0.0.1 and localhost, made with OpenSSL's C API when a test needs
// one: no key ships with the tests.
#pragma once

#include <string>

namespace oktasim::test {

struct SelfSigned {
    std::string cert_pem;
    std::string key_pem;
};

// Valid from an hour ago for a day; a CA (so a client can trust it as its own root), CN "oktasim test".
SelfSigned make_self_signed();

}  // namespace oktasim::test
