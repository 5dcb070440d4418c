// Exchanges as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/), the format browsers' developer tools
// open: virtual timestamps, and every credential redacted as the transcript redacts it (redact.hpp).
#pragma once

#include <oktasim/sim/clock.hpp>
#include <oktasim/wire/message.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::wire {

struct HarCreator {
    std::string name = "oktasim";
    std::string version;
};

// `origin_of(app)`: the scheme and authority an app's requests went to ("https://acme.example.test"); the request's
// Host header is used when it has one, with that scheme. Each entry carries the app key as "_app" (a custom field,
// allowed by HAR 1.2), and a request that got no response has status 0 and "_failure".
boost::json::object to_har(const std::vector<Exchange>& exchanges, const sim::WallClock& clock, const HarCreator& creator,
                           const std::function<std::string(std::string_view app)>& origin_of);

}  // namespace oktasim::wire
