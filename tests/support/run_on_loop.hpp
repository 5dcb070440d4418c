// Runs one awaitable to completion on a test's event loop (virtual time), for tests that drive a connector directly.
#pragma once

#include <oktasim/sim/event_loop.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

#include <exception>
#include <optional>

namespace oktasim::test {

template <class T>
T run_on(sim::EventLoop& loop, boost::asio::awaitable<T> op) {
    std::optional<T> out;
    boost::asio::co_spawn(loop.get_executor(), std::move(op), [&](std::exception_ptr e, T value) {
        if (e) std::rethrow_exception(e);
        out.emplace(std::move(value));
    });
    loop.run_while([&] { return !out; });
    BOOST_REQUIRE(out.has_value());
    return std::move(*out);
}

}  // namespace oktasim::test
