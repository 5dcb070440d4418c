// The password Okta sends with a create request or a password push (docs/okta-behaviour.md §2.2, §2.8): the user's Okta
// password or one drawn from the app's password stream, chosen by the one rule below.
#pragma once

#include <oktasim/engine/org.hpp>
#include <oktasim/sim/prng.hpp>

#include <string>

namespace oktasim::engine {

enum class PasswordFor {
    new_account,       // the create request of an assignment (§2.2)
    existing_account,  // a linked account, a changed Okta password, a retried password task (§2.8)
};

struct PasswordChoice {
    std::string password;
    bool okta = false;  // the user's Okta password (Sync Password with seed OKTA), not a drawn one
};

// A new account gets a placeholder with Sync Password off, else the Okta password (seed OKTA, when Okta knows it) or a
// drawn one. An existing account gets the Okta password (seed OKTA, when known) or a drawn one; whether to push at all
// is the caller's (Sync Password, Password Change). Draws come from `stream`, the app's password stream, exactly as
// seeded runs have always drawn them.
PasswordChoice choose_password(PasswordFor use, const ToAppSettings& settings, const User& user, sim::Prng& stream);

}  // namespace oktasim::engine
