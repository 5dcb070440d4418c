// The connection phase: Okta's Test API Credentials (docs/okta-behaviour.md §2.1) and the optional group list.
#include "expectations.hpp"
#include "session.hpp"

namespace oktasim::check::detail {

asio::awaitable<void> Session::connection() {
    {
        StepResult step = make_step("connection.users", "Test API Credentials: GET /Users?startIndex=1&count=2",
                                    Phase::connection, true);
        const wire::Delivery d = co_await send(step, scim::list_users(ep(), auth(), 1, 2));
        Diagnostics diag;
        const bool failed = !scim::read_list(d, diag);
        if (failed) {
            fail(step, problem_of(d, diag), expect_connection,
                 "Okta couldn't verify api credentials: " + diag.provider_message());
        } else if (auto body = body_object(d)) {
            judge_list(step, *body, false);
        }
        finish(std::move(step));
        // Okta saves no API integration whose test fails, so nothing after it can work.
        if (failed) transport_.close("the connection test failed (" + describe(d) + ")");
    }
    {
        StepResult step =
            make_step("connection.groups", "group list: GET /Groups?startIndex=1&count=100", Phase::connection, false);
        const wire::Delivery d = co_await send(step, scim::list_groups(ep(), auth(), 1, 100));
        Diagnostics diag;
        if (auto page = scim::read_list(d, diag); !page) {
            fail(step, problem_of(d, diag), expect_groups, "Error downloading all groups: " + diag.provider_message());
            step.note =
                "Okta reads this list when the To App settings are saved and caches it for Group Push "
                "(docs/okta-behaviour.md §2.1); user provisioning works without it";
        } else if (auto body = body_object(d)) {
            judge_list(step, *body, false);
        }
        finish(std::move(step));
    }
}

}  // namespace oktasim::check::detail
