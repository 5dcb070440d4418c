// `oktasim connectors`: the connector types a scenario may name, and the plugins on the plugin search path (or given
// with --plugin), each with its capabilities; a plugin that does not load is listed with the reason.
#include "commands.hpp"
#include "options.hpp"

#include <oktasim/connectors/builtin.hpp>
#include <oktasim/connectors/plugin/plugin.hpp>

#include <boost/json/serialize.hpp>

#include <filesystem>
#include <iostream>
#include <set>

namespace oktasim::cli {
namespace {

constexpr std::string_view connectors_about = R"(Usage: oktasim connectors [options]

Lists the connector types a scenario's "connector" may name, and the connector plugins found on the plugin search
path ($OKTASIM_PLUGIN_PATH, then the plugins directory beside oktasim's), or given with --plugin, each with its
capabilities. A plugin that does not load is listed with the reason. A scenario names a plugin as
{"type": "plugin", "path": NAME or FILE, "config": {...}}.

Exit codes: 0 listed (every --plugin loaded), 1 a --plugin did not load, 2 bad usage.

Options)";

boost::json::array names_of(const engine::Capabilities& c) {
    boost::json::array out;
    for (auto n : connectors::plugin::capability_names(c)) out.emplace_back(n);
    return out;
}

std::string joined(const engine::Capabilities& c) {
    std::string out;
    for (auto n : connectors::plugin::capability_names(c)) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

}  // namespace

int connectors_command(const std::vector<std::string>& args) {
    po::options_description visible{std::string(connectors_about)};
    visible.add_options()("help,h", "show this help")(
        "plugin", po::value<std::vector<std::string>>()->composing(), "load this plugin FILE (or NAME) too; repeatable")(
        "format", po::value<std::string>()->default_value("text"), "text, or json: {types: [...], plugins: [...]}");
    po::options_description hidden;
    po::variables_map vm;
    if (!parse(args, "oktasim connectors", visible, hidden, "", vm)) return exit_usage;
    if (vm.count("help")) {
        std::cout << visible;
        return exit_ok;
    }
    const std::string format = vm["format"].as<std::string>();
    if (format != "text" && format != "json") {
        std::cerr << "oktasim connectors: --format must be text or json\n";
        return exit_usage;
    }

    engine::ConnectorRegistry registry;
    connectors::register_builtin_connectors(registry);
    boost::json::array types;
    for (const auto& name : registry.names()) {
        const engine::ConnectorFactory* f = registry.find(name);
        boost::json::object t{{"type", name}, {"description", f->description()}};
        if (auto caps = f->declared_capabilities()) t["capabilities"] = names_of(*caps);
        types.push_back(std::move(t));
    }

    // The plugins: every regular file on the search path, then each --plugin, loaded once each.
    const auto search = connectors::plugin::search_path();
    std::vector<std::pair<std::string, bool>> wanted;  // (name or file, given on the command line)
    for (const auto& dir : search) {
        std::error_code ec;
        std::set<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file(ec) && entry.path().extension() == ".so") files.insert(entry.path().string());
        for (const auto& f : files) wanted.emplace_back(f, false);
    }
    if (vm.count("plugin"))
        for (const auto& p : vm["plugin"].as<std::vector<std::string>>()) wanted.emplace_back(p, true);
    connectors::plugin::LibraryCache cache(search);
    boost::json::array plugins;
    std::set<std::string> listed;
    bool all_loaded = true;
    for (const auto& [name, given] : wanted) {
        std::string why;
        auto library = cache.get(name, why);
        const std::string file = library ? library->file() : name;
        if (!listed.insert(file).second) continue;
        boost::json::object p{{"file", file}};
        if (library) {
            p["name"] = library->descriptor().name;
            p["description"] = library->descriptor().description ? library->descriptor().description : "";
            p["abiVersion"] = library->descriptor().abi_version;
            p["capabilities"] = names_of(library->capabilities());
        } else {
            p["error"] = why;
            if (given) all_loaded = false;
        }
        plugins.push_back(std::move(p));
    }

    if (format == "json") {
        std::cout << boost::json::serialize(boost::json::object{{"types", types}, {"plugins", plugins}}) << "\n";
        return all_loaded ? exit_ok : exit_failed;
    }
    std::cout << "Connector types\n";
    for (const auto& t : types) {
        const auto& o = t.as_object();
        std::cout << "  " << o.at("type").as_string().c_str() << "  " << o.at("description").as_string().c_str() << "\n";
        if (auto caps = registry.find(o.at("type").as_string())->declared_capabilities())
            std::cout << "    capabilities: " << joined(*caps) << "\n";
    }
    std::cout << "\nPlugins (search path:";
    for (const auto& d : search) std::cout << " " << d;
    std::cout << ")\n";
    if (plugins.empty()) std::cout << "  none found\n";
    for (const auto& p : plugins) {
        const auto& o = p.as_object();
        if (const auto* e = o.if_contains("error")) {
            std::cout << "  " << o.at("file").as_string().c_str() << "\n    error: " << e->as_string().c_str() << "\n";
            continue;
        }
        std::cout << "  " << o.at("name").as_string().c_str() << "  " << o.at("description").as_string().c_str()
                  << "\n    file: " << o.at("file").as_string().c_str()
                  << "\n    ABI version: " << o.at("abiVersion").as_uint64() << "\n    capabilities: ";
        std::string caps;
        for (const auto& c : o.at("capabilities").as_array()) caps += (caps.empty() ? "" : ", ") + std::string(c.as_string());
        std::cout << caps << "\n";
    }
    return all_loaded ? exit_ok : exit_failed;
}

}  // namespace oktasim::cli
