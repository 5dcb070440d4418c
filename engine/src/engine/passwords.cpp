// The password rule of the push flows (§2.2, §2.8), in one place.
#include <oktasim/engine/passwords.hpp>

namespace oktasim::engine {

PasswordChoice choose_password(PasswordFor use, const ToAppSettings& s, const User& user, sim::Prng& stream) {
    const bool okta_known = s.password_seed == "OKTA" && user.password;
    if (use == PasswordFor::existing_account) {
        if (okta_known) return {*user.password, true};
        return {stream.text(sim::alphabet_base62, 16), false};
    }
    // A placeholder nobody signs in with: the app wants a password, Okta does not sync one.
    if (!s.sync_password) return {stream.text(sim::alphabet_alnum_lower, 8), false};
    if (okta_known) return {*user.password, true};
    std::string placeholder = stream.text(sim::alphabet_alnum_lower, 16);
    if (s.password_seed != "RANDOM") return {std::move(placeholder), false};  // OKTA, but Okta does not know it
    // RANDOM draws the 16-character placeholder and then the password that replaces it: two draws, kept so that the
    // passwords of seeded runs stay what they have been.
    return {stream.text(sim::alphabet_base62, 16), false};
}

}  // namespace oktasim::engine
