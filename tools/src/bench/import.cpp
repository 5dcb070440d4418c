// The import benchmark's org: no Okta users, one app whose INBOUND_PROVISIONING auto-confirms and auto-activates new
// users, N accounts in the app; Import Now runs until the import has applied, each page's wall time taken as the
// connector's exchanges arrive.
#include <oktasim/bench/import.hpp>

#include <oktasim/bench/push.hpp>
#include <oktasim/tenant/tenant.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace oktasim::bench {
namespace {

namespace json = boost::json;

json::object account(std::size_t n) {
    const std::string name = "user" + std::to_string(n) + "@example.com";
    return json::object{{"userName", name},
                        {"name", json::object{{"givenName", "Grace"}, {"familyName", "Hopper"}}},
                        {"emails", json::array{json::object{{"primary", true}, {"value", name}, {"type", "work"}}}},
                        {"displayName", "Grace Hopper"},
                        {"active", true}};
}

tenant::OrgSpec import_org(std::size_t accounts, const std::string& base_url) {
    tenant::OrgSpec sc;
    tenant::AppSpec app;
    app.key = "acme";
    app.label = "Acme Directory";
    app.inbound_capabilities = json::object{
        {"importRules", json::object{{"userCreateAndMatch", json::object{{"exactMatchCriteria", "EMAIL"},
                                                                           {"autoConfirmNewUsers", true},
                                                                           {"autoActivateNewUsers", true}}}}}};
    app.connector = json::object{{"type", "scim2"},
                                 {"baseUrl", base_url.empty() ? "https://acme.example.test/scim/v2" : base_url},
                                 {"auth", json::object{{"mode", "header"}, {"token", bench_token}}}};
    if (base_url.empty()) {
        json::array stored;
        stored.reserve(accounts);
        for (std::size_t n = 1; n <= accounts; ++n) stored.push_back(account(n));
        app.downstream = json::object{{"auth", json::object{{"bearer", bench_token}}}, {"accounts", std::move(stored)}};
    }
    sc.apps.push_back(std::move(app));
    return sc;
}

// When each list request came back, in order, and whether it listed users.
struct PageClock final : engine::EventObserver {
    struct Page {
        std::chrono::steady_clock::time_point at;
        bool users = false;
    };
    std::vector<Page> pages;
    void on_exchange(const wire::Exchange& x) override {
        const std::string_view target = x.request.target;
        const auto query = target.find('?');
        const std::string_view path = target.substr(0, query);
        pages.push_back({std::chrono::steady_clock::now(), path.size() >= 6 && path.substr(path.size() - 6) == "/Users"});
    }
};

double ms_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

ImportFigures run_import(std::size_t accounts, std::uint64_t seed, const std::string& base_url) {
    ImportFigures out;
    out.accounts = accounts;
    const Stopwatch setup;
    tenant::TenantOptions options;
    options.seed = seed;
    options.retain_exchanges = false;
    options.retain_log_events = false;
    tenant::Tenant org(import_org(accounts, base_url), options);
    PageClock clock;
    org.feed().subscribe(clock);
    out.setup = setup.elapsed();

    const auto started = std::chrono::steady_clock::now();
    const Stopwatch import;
    std::string why;
    if (!org.provisioning().run_import("acme", engine::ImportKind::full, why))
        throw std::runtime_error("bench: import: " + why);
    if (!org.settle_jobs()) throw std::runtime_error("bench: the import job is stuck");
    out.import = import.elapsed();
    org.feed().unsubscribe(clock);

    engine::App* app = org.org().app_by_ref("acme");
    if (!app || !app->import.last) {
        throw std::runtime_error("bench: the import did not complete: " +
                                 (app ? app->import.last_error : std::string("no app")));
    }
    out.imported = static_cast<std::size_t>(app->import.last->users_new);
    out.lines = app->import.last->lines();
    out.pages = clock.pages.size();
    if (!clock.pages.empty()) out.download_wall_s = ms_between(started, clock.pages.back().at) / 1000;
    // Each user page's time: from the previous page's answer (or Import Now) to its own.
    std::vector<double> user_page_ms;
    auto previous = started;
    for (const auto& p : clock.pages) {
        if (p.users) user_page_ms.push_back(ms_between(previous, p.at));
        previous = p.at;
    }
    // One page's time is noisy, and so is a short window's (50 pages are 50 ms: one burst of other work on the
    // machine covers it). So: the median of each tenth of the pages, a least-squares line through those ten
    // medians, and that line's value at the first and at the last page.
    const std::size_t n = user_page_ms.size();
    out.pages_compared = n;
    if (n > 0) {
        const std::size_t buckets = std::min<std::size_t>(10, n);
        std::vector<double> xs, ys;
        for (std::size_t b = 0; b < buckets; ++b) {
            const std::size_t from = b * n / buckets, to = (b + 1) * n / buckets;
            std::vector<double> w(user_page_ms.begin() + static_cast<std::ptrdiff_t>(from),
                                  user_page_ms.begin() + static_cast<std::ptrdiff_t>(to));
            std::sort(w.begin(), w.end());
            xs.push_back(static_cast<double>(from + to - 1) / 2);
            ys.push_back(w.size() % 2 ? w[w.size() / 2] : (w[w.size() / 2 - 1] + w[w.size() / 2]) / 2);
        }
        double mean_x = 0, mean_y = 0;
        for (std::size_t i = 0; i < buckets; ++i) mean_x += xs[i] / static_cast<double>(buckets), mean_y += ys[i] / static_cast<double>(buckets);
        double sxy = 0, sxx = 0;
        for (std::size_t i = 0; i < buckets; ++i) sxy += (xs[i] - mean_x) * (ys[i] - mean_y), sxx += (xs[i] - mean_x) * (xs[i] - mean_x);
        const double slope = sxx > 0 ? sxy / sxx : 0;
        out.first_page_ms = mean_y + slope * (0 - mean_x);
        out.last_page_ms = mean_y + slope * (static_cast<double>(n - 1) - mean_x);
    }
    return out;
}

json::object to_json(const ImportFigures& f) {
    json::array lines;
    for (const auto& l : f.lines) lines.emplace_back(l);
    return json::object{{"accounts", f.accounts},
                        {"setupWallS", f.setup.wall_s},
                        {"importWallS", f.import.wall_s},
                        {"importCpuS", f.import.cpu_s},
                        {"downloadWallS", f.download_wall_s},
                        {"pages", f.pages},
                        {"pagesPerS", f.download_wall_s > 0 ? static_cast<double>(f.pages) / f.download_wall_s : 0.0},
                        {"firstPageMs", f.first_page_ms},
                        {"lastPageMs", f.last_page_ms},
                        {"pagesCompared", f.pages_compared},
                        {"lastToFirst", f.first_page_ms > 0 ? f.last_page_ms / f.first_page_ms : 0.0},
                        {"imported", f.imported},
                        {"lines", std::move(lines)}};
}

}  // namespace oktasim::bench
