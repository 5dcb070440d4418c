// Finding and loading connector plugins: the search path, dlopen with RTLD_LOCAL, the entry symbol and the ABI checks,
// each failure in words that say which step went wrong.
#include <oktasim/connectors/plugin/plugin.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace oktasim::connectors::plugin {
namespace {

namespace fs = std::filesystem;

// The first bytes of an ELF file; anything else is not a shared object, whatever dlopen would say.
bool is_elf(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

}  // namespace

Library::~Library() {
    if (handle_) dlclose(handle_);
}

std::shared_ptr<const Library> Library::load(const std::string& file, std::string& why) {
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        why = "no such file: " + file;
        return nullptr;
    }
    if (!fs::is_regular_file(file, ec) || !is_elf(file)) {
        why = file + " is not a shared object (expected an ELF .so built as a CMake MODULE)";
        return nullptr;
    }
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = dlerror();
        why = file + " could not be loaded: " + (error ? error : "dlopen failed");
        return nullptr;
    }
    dlerror();  // clear, so a null symbol is told from an error
    void* symbol = dlsym(handle, OKTASIM_CONNECTOR_ENTRY);
    if (!symbol) {
        dlclose(handle);
        why = file + " has no entry symbol " + std::string(OKTASIM_CONNECTOR_ENTRY) +
              " (export it with extern \"C\"; see oktasim_connector.h)";
        return nullptr;
    }
    // POSIX guarantees that a data pointer from dlsym converts to a function pointer.
    oktasim_connector_entry_fn entry;
    static_assert(sizeof(entry) == sizeof(symbol));
    std::memcpy(&entry, &symbol, sizeof(entry));
    const oktasim_plugin* d = entry(OKTASIM_CONNECTOR_ABI_VERSION);
    auto refuse = [&](std::string text) -> std::shared_ptr<const Library> {
        dlclose(handle);
        why = file + ": " + std::move(text);
        return nullptr;
    };
    if (!d) return refuse("the plugin declined this host (its entry returned NULL for ABI version " +
                          std::to_string(OKTASIM_CONNECTOR_ABI_VERSION) + ")");
    if (d->abi_version != OKTASIM_CONNECTOR_ABI_VERSION)
        return refuse("ABI version mismatch: the plugin was built for connector ABI version " +
                      std::to_string(d->abi_version) + ", this oktasim speaks version " +
                      std::to_string(OKTASIM_CONNECTOR_ABI_VERSION));
    if (d->size < sizeof(oktasim_plugin))
        return refuse("the descriptor is " + std::to_string(d->size) + " bytes, version 1 needs " +
                      std::to_string(sizeof(oktasim_plugin)));
    if (!d->name || !*d->name || !d->validate || !d->create || !d->destroy || !d->call)
        return refuse("the descriptor lacks its name or one of validate, create, destroy, call");
    if (!(d->capabilities & OKTASIM_CAP_USERS))
        return refuse("the plugin does not declare OKTASIM_CAP_USERS, which every connector needs");
    return std::shared_ptr<const Library>(new Library(handle, d, file));
}

engine::Capabilities Library::capabilities() const noexcept {
    const std::uint32_t bits = descriptor_->capabilities;
    engine::Capabilities c;
    c.users = (bits & OKTASIM_CAP_USERS) != 0;
    c.user_patch = (bits & OKTASIM_CAP_USER_PATCH) != 0;
    c.user_listing = (bits & OKTASIM_CAP_USER_LISTING) != 0;
    c.groups = (bits & OKTASIM_CAP_GROUPS) != 0;
    c.group_patch = (bits & OKTASIM_CAP_GROUP_PATCH) != 0;
    c.group_listing = (bits & OKTASIM_CAP_GROUP_LISTING) != 0;
    c.incremental_import = (bits & OKTASIM_CAP_INCREMENTAL_IMPORT) != 0;
    return c;
}

std::vector<std::string> search_path() {
    std::vector<std::string> out;
    if (const char* env = std::getenv("OKTASIM_PLUGIN_PATH")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const std::string_view dir = rest.substr(0, colon);
            if (!dir.empty()) out.emplace_back(dir);
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back((exe.parent_path().parent_path() / "plugins").string());
    return out;
}

std::string resolve(std::string_view path, const std::vector<std::string>& search, std::string& why) {
    if (path.empty()) {
        why = "expected a plugin file or name, got \"\"";
        return {};
    }
    if (path.find('/') != std::string_view::npos) return std::string(path);
    std::error_code ec;
    const std::string name(path);
    for (const auto& dir : search)
        for (const std::string& candidate : {name, name + ".so", "lib" + name + ".so"})
            if (fs::is_regular_file(fs::path(dir) / candidate, ec)) return (fs::path(dir) / candidate).string();
    why = "no plugin named \"" + name + "\" on the plugin search path (";
    for (std::size_t i = 0; i < search.size(); ++i) why += (i ? ":" : "") + search[i];
    why += "; set OKTASIM_PLUGIN_PATH, or give a path with a '/')";
    return {};
}

std::shared_ptr<const Library> LibraryCache::get(std::string_view path, std::string& why) {
    const std::string file = resolve(path, search_, why);
    if (file.empty()) return nullptr;
    if (auto it = loaded_.find(file); it != loaded_.end()) return it->second;
    auto library = Library::load(file, why);
    if (library) loaded_.emplace(file, library);
    return library;
}

std::vector<std::string_view> capability_names(const engine::Capabilities& c) {
    std::vector<std::string_view> out;
    if (c.users) out.push_back("users");
    if (c.user_patch) out.push_back("userPatch");
    if (c.user_listing) out.push_back("userListing");
    if (c.groups) out.push_back("groups");
    if (c.group_patch) out.push_back("groupPatch");
    if (c.group_listing) out.push_back("groupListing");
    if (c.incremental_import) out.push_back("incrementalImport");
    return out;
}

}  // namespace oktasim::connectors::plugin
