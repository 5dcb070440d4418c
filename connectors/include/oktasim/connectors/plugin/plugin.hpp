// Connector plugins loaded at run time (oktasim_connector.h): finding and loading a shared object, and the `plugin`
// connector type that adapts one to engine::Connector, so Okta's flows, retries and task rules apply to it unchanged.
#pragma once

#include <oktasim/connectors/plugin/oktasim_connector.h>
#include <oktasim/engine/connector.hpp>

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oktasim::connectors::plugin {

inline constexpr std::string_view connector_type = "plugin";

// A loaded plugin: the shared object (closed when the last user lets go) and the descriptor its entry returned.
class Library {
public:
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    // Loads the shared object at `file` (RTLD_NOW | RTLD_LOCAL) and checks its entry and ABI version. Null, with
    // `why` saying which of these went wrong: no such file, not a shared object, no entry symbol, an ABI version
    // mismatch, a descriptor that is incomplete.
    static std::shared_ptr<const Library> load(const std::string& file, std::string& why);

    const oktasim_plugin& descriptor() const noexcept { return *descriptor_; }
    const std::string& file() const noexcept { return file_; }
    engine::Capabilities capabilities() const noexcept;

private:
    Library(void* handle, const oktasim_plugin* descriptor, std::string file)
        : handle_(handle), descriptor_(descriptor), file_(std::move(file)) {}
    void* handle_;
    const oktasim_plugin* descriptor_;
    std::string file_;
};

// Where bare plugin names ("json-directory") are looked for: $OKTASIM_PLUGIN_PATH (colon-separated), then the
// plugins directory beside the oktasim executable's (<exe>/../plugins, where the build puts them).
std::vector<std::string> search_path();

// The file a config's "path" names: a path with a '/' as given (relative to the current directory); a bare name
// on the search path as NAME, NAME.so or libNAME.so. Empty, with `why`, when there is none.
std::string resolve(std::string_view path, const std::vector<std::string>& search, std::string& why);

// Loads plugins by file once per factory (the scenario loader and each Tenant check and build from the same file).
class LibraryCache {
public:
    explicit LibraryCache(std::vector<std::string> search) : search_(std::move(search)) {}
    // The plugin `path` names, loaded; null with `why`.
    std::shared_ptr<const Library> get(std::string_view path, std::string& why);
    const std::vector<std::string>& search() const noexcept { return search_; }

private:
    std::vector<std::string> search_;
    std::map<std::string, std::shared_ptr<const Library>, std::less<>> loaded_;
};

// The `plugin` connector type: {"type": "plugin", "path": "...", "config": {...}}; the plugin checks its own
// "config" and its problems come back under /config.
std::unique_ptr<engine::ConnectorFactory> make_factory(std::vector<std::string> search = search_path());

// How a plugin call is named in the request log, as its method: "FIND_USER", "CREATE_USER", ...
std::string_view operation_name(oktasim_operation op) noexcept;
// Every method a recorded exchange may have: the HTTP methods, then each plugin operation's name.
std::span<const std::string_view> request_methods() noexcept;

// The capability names of `c`, in declaration order ("users", "userPatch", ...), for listings.
std::vector<std::string_view> capability_names(const engine::Capabilities& c);

}  // namespace oktasim::connectors::plugin
