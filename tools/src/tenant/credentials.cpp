// The org's API-credential behaviour on Provisioning > Integration: Test API Credentials, Save (which probes again),
// and reading a live app's accounts back the way Okta lists them (docs/okta-behaviour.md §2.1).
#include <oktasim/connectors/plugin/plugin.hpp>
#include <oktasim/tenant/tenant.hpp>

namespace oktasim::tenant {

result<void> Tenant::test_credentials(std::string_view app_key, std::string_view display_message, std::string& why) {
    engine::App* app = core_->org.app_by_ref(app_key);
    if (!app || !app->connector) {
        why = "app '" + std::string(app_key) + "' has no connector";
        return make_error_code(engine_errc::not_found);
    }
    error_code ec;
    auto probe = [&]() -> asio::awaitable<void> {
        Diagnostics d;
        auto page = co_await app->connector->test_credentials(d);
        engine::LogEvent e;
        e.event_type = "application.configuration.update";
        e.display_message = std::string(display_message);
        e.actor = core_->engine->admin();
        e.targets = {{app->id, "AppInstance", app->name, app->label}};
        if (page) {
            e.debug_data["result"] = "Connector configured successfully";
        } else {
            e.outcome = "FAILURE";
            e.severity = "WARN";
            e.outcome_reason = "Okta couldn't verify api credentials: " + d.provider_message();
            why = *e.outcome_reason;
            ec = page.error();
        }
        core_->log.emit(std::move(e));
    };
    if (!run_to_end(probe)) {
        why = "the connection test did not finish (no work and no timer); this is a bug in oktasim";
        return make_error_code(engine_errc::not_found);
    }
    if (ec) return ec;
    return {};
}

result<void> Tenant::save_credentials(std::string_view app_key, const CredentialChange& change, std::string& why) {
    engine::App& target = *core_->org.app_by_ref(app_key);
    if (const auto* factory = registry_.factory_for(target.connector_config))
        target.connector_config = factory->with_credentials(target.connector_config, change);
    if (const auto it = servers_.find(target.key); it != servers_.end()) point_at_server(target, *it->second);
    if (const error_code ec = connect(target, why)) {
        core_->engine->note_credentials_changed(target);
        return ec;
    }
    auto probe = test_credentials(target.key, "Save API credentials", why);
    core_->engine->note_credentials_changed(target);
    if (!probe) {
        why = "An error has occurred: " + why;
        return probe.error();
    }
    return {};
}

result<std::vector<json::object>> Tenant::read_live_accounts(std::string_view app_key, std::string& why) {
    const engine::App* app = core_->org.app_by_ref(app_key);
    // A connector of its own, as the config stands, whose exchanges nobody records.
    class Unrecorded final : public engine::ExchangeRecorder {
        void record(wire::Exchange) override {}
    } unrecorded;
    // A plugin's state lives in its instance (a fresh one would see only its config), so its own connector lists the
    // accounts, and those calls are in the request log.
    std::unique_ptr<engine::Connector> own;
    engine::Connector* lister = app->connector.get();
    if (!lister || lister->type() != connectors::plugin::connector_type) {
        auto made = make_connector(*app, unrecorded, why);
        if (!made) return made.error();
        own = std::move(*made);
        lister = own.get();
    }
    std::vector<json::object> accounts;
    error_code ec;
    auto read_pages = [&]() -> asio::awaitable<void> {
        constexpr std::int64_t page_size = 100;
        constexpr int pages_max = 100;
        for (std::int64_t start = 1, page = 0; page < pages_max; start += page_size, ++page) {
            Diagnostics d;
            auto list = co_await lister->list_users(start, page_size, d);
            if (!list) {
                ec = list.error();
                why = "reading the app's users failed: " + d.provider_message();
                break;
            }
            for (auto& r : list->resources) accounts.push_back(std::move(r));
            if (list->resources.empty() || start + page_size > list->total_results) break;
        }
    };
    if (!run_to_end(read_pages)) {
        why = "reading the app's users did not finish; this is a bug in oktasim";
        return make_error_code(engine_errc::not_found);
    }
    if (ec) return ec;
    return accounts;
}

}  // namespace oktasim::tenant
