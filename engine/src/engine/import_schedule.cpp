// Import schedules (docs/okta-behaviour.md §3.2, §4.1): each enabled schedule fires at its cron expression's next time in
// its time zone, in virtual time, and starts an import as Import Now would (trigger SCHEDULED). Re-arming on a
// settings change drops the timers armed before (a generation per app).
#include "importer.hpp"

#include <oktasim/sim/cron.hpp>
#include <oktasim/sim/time_zone.hpp>
#include <oktasim/sim/timer.hpp>

#include <boost/asio/co_spawn.hpp>

namespace oktasim::engine {

void Importer::arm_schedules(App& app) {
    const std::uint64_t generation = ++schedule_generation_[app.key];
    if (!app.to_okta.schedule_enabled) return;
    if (app.to_okta.full_schedule) arm(app.key, ImportKind::full, generation);
    if (app.to_okta.incremental_schedule) arm(app.key, ImportKind::incremental, generation);
}

void Importer::arm(std::string app_key, ImportKind kind, std::uint64_t generation) {
    App* app = jobs_.org().app_by_ref(app_key);
    const std::optional<ImportSchedule>& schedule =
        kind == ImportKind::full ? app->to_okta.full_schedule : app->to_okta.incremental_schedule;
    std::string why;
    const auto cron = sim::CronExpression::parse(schedule->expression, why);
    const auto zone = sim::TimeZone::load(schedule->timezone, why);
    if (!cron || !zone) return;  // checked when the settings were read
    const sim::WallClock& clock = jobs_.loop().wall_clock();
    const std::int64_t now_ms = clock.unix_ms(jobs_.loop().now());
    const auto next_s = cron->next_after(now_ms / 1000, *zone);
    if (!next_s) return;  // an expression that never matches (e.g. 30 February) never fires
    const sim::Duration wait{*next_s * 1000 - now_ms};
    asio::co_spawn(jobs_.executor(), fire_after(std::move(app_key), kind, generation, wait), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
}

asio::awaitable<void> Importer::fire_after(std::string app_key, ImportKind kind, std::uint64_t generation,
                                           sim::Duration wait) {
    co_await sim::sleep_for(jobs_.loop(), wait);
    const auto it = schedule_generation_.find(app_key);
    if (it == schedule_generation_.end() || it->second != generation) co_return;  // re-armed meanwhile
    App* due = jobs_.org().app_by_ref(app_key);
    if (!due) co_return;
    std::string refused;
    // An import still running at the next time is not started twice; the schedule goes on.
    (void)start(*due, kind, ImportTrigger::scheduled, refused);
    arm(app_key, kind, generation);
}

}  // namespace oktasim::engine
