// The executor a Tenant's jobs run on: the loop's own, behind a liveness flag. Once the Tenant is gone nothing of
// its jobs runs again; a job resumed later (a timer, a reply, a lane handed on) is destroyed instead, and its frame
// keeps the parts it refers to alive until then (the flag is an aliasing pointer into them). This is what makes a
// Tenant on a borrowed loop safe to destroy with jobs in flight.
#pragma once

#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace oktasim::tenant::detail {

namespace asio = boost::asio;

template <class Inner>
class GuardedExecutor {
public:
    GuardedExecutor(Inner inner, std::shared_ptr<const bool> alive) noexcept
        : inner_(std::move(inner)), alive_(std::move(alive)) {}

    template <class F>
    void execute(F&& f) const {
        if (!*alive_) {
            std::decay_t<F> dropped(std::forward<F>(f));  // destroyed here: the job's frames unwind, nothing runs
            return;
        }
        // Checked again when it runs: the Tenant may go while this waits in the loop's queue.
        inner_.execute(Checked<std::decay_t<F>>{alive_, std::decay_t<F>(std::forward<F>(f))});
    }

    template <class P>
    auto query(const P& p) const noexcept(asio::is_nothrow_query<const Inner&, P>::value)
        -> std::enable_if_t<asio::can_query<const Inner&, P>::value,
                            typename asio::query_result<const Inner&, P>::type> {
        return asio::query(inner_, p);
    }

    template <class P>
    auto require(const P& p) const
        -> std::enable_if_t<asio::can_require<const Inner&, P>::value,
                            GuardedExecutor<std::decay_t<typename asio::require_result<const Inner&, P>::type>>> {
        return {asio::require(inner_, p), alive_};
    }

    template <class P>
    auto prefer(const P& p) const
        -> std::enable_if_t<asio::can_prefer<const Inner&, P>::value,
                            GuardedExecutor<std::decay_t<typename asio::prefer_result<const Inner&, P>::type>>> {
        return {asio::prefer(inner_, p), alive_};
    }

    friend bool operator==(const GuardedExecutor& a, const GuardedExecutor& b) noexcept {
        return a.inner_ == b.inner_ && a.alive_ == b.alive_;
    }
    friend bool operator!=(const GuardedExecutor& a, const GuardedExecutor& b) noexcept { return !(a == b); }

private:
    template <class>
    friend class GuardedExecutor;

    // The work, run only while the Tenant lives. A struct, not a lambda, for the order of destruction: `work` goes
    // before `alive`, because destroying a job that never ran still touches the parts `alive` keeps.
    template <class F>
    struct Checked {
        std::shared_ptr<const bool> alive;
        F work;
        void operator()() {
            if (*alive) std::move(work)();
        }
    };

    Inner inner_;
    std::shared_ptr<const bool> alive_;
};

}  // namespace oktasim::tenant::detail
