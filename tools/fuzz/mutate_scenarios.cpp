// oktasim_fuzz_mutate: writes seeded mutations of scenario files for tools/fuzz-scenarios.sh. Same seed, same files,
// byte for byte: a problem the fuzz run finds is reproduced from the seed and the case number it prints.
#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// splitmix64: tiny, and the same on every platform (the standard distributions are not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }

private:
    std::uint64_t state_;
};

// Every value in the tree, with its JSON pointer, so that a mutation can pick one.
struct Site {
    json::value* value;
    std::string path;
};

void collect(json::value& v, const std::string& path, std::vector<Site>& out) {
    out.push_back({&v, path});
    if (auto* o = v.if_object())
        for (auto& [k, child] : *o) collect(child, path + "/" + std::string(k), out);
    else if (auto* a = v.if_array())
        for (std::size_t i = 0; i < a->size(); ++i) collect((*a)[i], path + "/" + std::to_string(i), out);
}

// A random site whose value satisfies `want`, if there is one.
template <class Want>
std::optional<Site> pick(const std::vector<Site>& sites, Rng& rng, Want want) {
    std::vector<Site> matching;
    for (const auto& s : sites)
        if (want(*s.value)) matching.push_back(s);
    if (matching.empty()) return std::nullopt;
    return matching[rng.below(matching.size())];
}

bool non_empty_object(const json::value& v) { return v.is_object() && !v.as_object().empty(); }

// Values of every JSON type and the edges of each: what a loader must reject or take without overflowing.
json::value odd_value(Rng& rng) {
    switch (rng.below(22)) {
        case 0: return nullptr;
        case 1: return true;
        case 2: return 0;
        case 3: return -1;
        case 4: return std::int64_t(INT64_MIN);
        case 5: return std::uint64_t(UINT64_MAX);
        case 6: return 1e308;
        case 7: return -0.0;
        case 8: return 1.5;
        case 9: return "";
        case 10: return " ";
        case 11: return "x";
        case 12: return json::array{};
        case 13: return json::object{};
        case 14: return "999999999999d";
        case 15: return "106751991167d";
        case 16: return "-5s";
        case 17: return "0ms";
        case 18: return json::string(100000, 'A');
        case 19: return "T\r\nX-Injected: yes";
        case 20: return json::string(json::string_view("nul\0byte", 8));
        default: return "\x1b[31mred\x7f";
    }
}

json::value deep_value(Rng& rng) {
    const std::size_t depth = 20 + rng.below(200);
    json::value v = 1;
    for (std::size_t i = 0; i < depth; ++i) {
        if (rng.chance(50)) v = json::array{std::move(v)};
        else v = json::object{{"k", std::move(v)}};
    }
    return v;
}

// Mutations of the parsed tree; each returns a short description for the manifest.
std::string mutate_tree(json::value& root, Rng& rng, std::string& text_out) {
    std::vector<Site> sites;
    collect(root, "", sites);
    Site site = sites[rng.below(sites.size())];
    const unsigned kind = static_cast<unsigned>(rng.below(10));
    std::string what;
    switch (kind) {
        case 0: {  // delete a key
            const auto o = pick(sites, rng, non_empty_object);
            if (!o) break;
            auto& obj = o->value->as_object();
            auto it = obj.begin() + static_cast<std::ptrdiff_t>(rng.below(obj.size()));
            what = "delete " + o->path + "/" + std::string(it->key());
            obj.erase(it);
            break;
        }
        case 1: {  // repeat a key (written textually below: json::object cannot hold it)
            const auto o = pick(sites, rng, non_empty_object);
            if (!o) break;
            auto& obj = o->value->as_object();
            const auto& chosen = *(obj.begin() + static_cast<std::ptrdiff_t>(rng.below(obj.size())));
            const std::string key(chosen.key());
            const std::string repeat = json::serialize(json::value(key)) + ":" +
                                       json::serialize(rng.chance(50) ? chosen.value() : odd_value(rng));
            obj["\x01dup\x01"] = nullptr;
            text_out = json::serialize(root);
            const std::string marker = json::serialize(json::value("\x01dup\x01")) + ":null";
            text_out.replace(text_out.find(marker), marker.size(), repeat);
            return "repeat " + o->path + "/" + key;
        }
        case 2:
        case 3:
            what = "replace " + site.path + " with an odd value";
            *site.value = odd_value(rng);
            break;
        case 4:
            what = "nest " + site.path + " deeply";
            *site.value = deep_value(rng);
            break;
        case 5: {  // a string gains a control character or a huge suffix
            const auto s = pick(sites, rng, [](const json::value& v) { return v.is_string(); });
            if (!s) break;
            std::string v(s->value->as_string());
            const char controls[] = {'\r', '\n', '\0', '\x01', '\x1f', '\x7f', '\t'};
            v.insert(rng.below(v.size() + 1), 1, controls[rng.below(sizeof controls)]);
            *s->value = v;
            what = "control character in " + s->path;
            break;
        }
        case 6: {  // duplicate or drop an array element (steps, users, apps, faults...)
            const auto a = pick(sites, rng, [](const json::value& v) { return v.is_array() && !v.as_array().empty(); });
            if (!a) break;
            auto& arr = a->value->as_array();
            const std::size_t i = rng.below(arr.size());
            if (rng.chance(50)) {
                arr.insert(arr.begin() + static_cast<std::ptrdiff_t>(rng.below(arr.size() + 1)), json::value(arr[i]));
                what = "duplicate " + a->path + "/" + std::to_string(i);
            } else {
                arr.erase(arr.begin() + static_cast<std::ptrdiff_t>(i));
                what = "drop " + a->path + "/" + std::to_string(i);
            }
            break;
        }
        case 7: {  // move a value to another place: a user where an app is expected, and so on
            const Site from = sites[rng.below(sites.size())];
            if (from.path.rfind(site.path, 0) == 0) break;  // not into itself
            what = "copy " + from.path + " to " + site.path;
            *site.value = json::value(*from.value);
            break;
        }
        case 8: {  // numbers at the edges of int64 and double
            const auto n = pick(sites, rng, [](const json::value& v) { return v.is_number(); });
            if (!n) break;
            const json::value edges[] = {std::int64_t(INT64_MAX), std::int64_t(INT64_MIN), std::uint64_t(UINT64_MAX),
                                         -1, 0, 65536, 1e300, -1e300, 0.5};
            *n->value = edges[rng.below(std::size(edges))];
            what = "edge number at " + n->path;
            break;
        }
        default: {  // a new unknown key
            const auto o = pick(sites, rng, [](const json::value& v) { return v.is_object(); });
            if (!o) break;
            o->value->as_object()["fuzz"] = odd_value(rng);
            what = "add " + o->path + "/fuzz";
            break;
        }
    }
    text_out = json::serialize(root);
    return what.empty() ? "no-op" : what;
}

// Mutations of the bytes: what an editor, a truncated download or a wrong encoding does to a file.
std::string mutate_bytes(std::string& text, Rng& rng) {
    if (text.empty()) text = "{}";
    const std::size_t at = rng.below(text.size());
    switch (rng.below(8)) {
        case 0:
            text[at] = static_cast<char>(static_cast<unsigned char>(text[at]) ^ (1u << rng.below(8)));
            return "flip a bit at byte " + std::to_string(at);
        case 1:
            text.resize(at);
            return "truncate at byte " + std::to_string(at);
        case 2: {
            const char* bad[] = {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\x80", "\xE2\x82", "\xF5\x80\x80\x80"};
            text.insert(at, bad[rng.below(std::size(bad))]);
            return "invalid UTF-8 at byte " + std::to_string(at);
        }
        case 3: {
            const char controls[] = {'\0', '\x01', '\r', '\x1b', '\x7f'};
            text.insert(at, 1, controls[rng.below(sizeof controls)]);
            return "control byte at " + std::to_string(at);
        }
        case 4: {
            const std::size_t n = 1 + rng.below(64);
            text.erase(at, n);
            return "delete " + std::to_string(n) + " bytes at " + std::to_string(at);
        }
        case 5: {
            const std::size_t n = 1 + rng.below(256);
            text.insert(at, text.substr(at, n));
            return "duplicate " + std::to_string(n) + " bytes at " + std::to_string(at);
        }
        case 6: {
            const char* tokens[] = {",", "}", "]", "{", "[", "\"", "NaN", "-Infinity", "/* c */", "// c\n", "1e999999",
                                    "99999999999999999999999", "-0", "'x'", "\\u0000", "\\ud800", "{}{}", ":"};
            const char* t = tokens[rng.below(std::size(tokens))];
            text.insert(at, t);
            return std::string("insert ") + t + " at " + std::to_string(at);
        }
        default:
            text.append(rng.chance(50) ? "{}" : " x");
            return "trailing data";
    }
}

// An app without a simulated downstream is live: the run would dial its baseUrl over the network. Point such apps
// at a closed loopback port (the discard port), so that a case stays offline and fails fast with "connection refused".
bool keep_offline(json::value& root) {
    auto* doc = root.if_object();
    auto* apps = doc ? doc->if_contains("apps") : nullptr;
    if (!apps || !apps->is_array()) return false;
    bool changed = false;
    for (auto& app : apps->as_array()) {
        auto* o = app.if_object();
        auto* connector = o ? o->if_contains("connector") : nullptr;
        if (!o || o->contains("downstream") || !connector || !connector->is_object()) continue;
        auto* url = connector->as_object().if_contains("baseUrl");
        if (!url || !url->is_string() || url->as_string().starts_with("http://127.0.0.1:9/")) continue;
        *url = "http://127.0.0.1:9/scim/v2";
        changed = true;
    }
    return changed;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int usage() {
    std::cerr << "usage: oktasim_fuzz_mutate --seed N --count K --out DIR SCENARIO...\n"
                 "Writes DIR/000001.json ... and DIR/manifest.txt (case, source, mutations).\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t seed = 1;
    std::size_t count = 0;
    fs::path out;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--seed" || a == "--count" || a == "--out") && i + 1 >= argc) return usage();
        if (a == "--seed") seed = std::stoull(argv[++i]);
        else if (a == "--count") count = std::stoull(argv[++i]);
        else if (a == "--out") out = argv[++i];
        else if (!a.empty() && a[0] == '-') return usage();
        else inputs.emplace_back(a);
    }
    if (inputs.empty() || out.empty() || count == 0) return usage();
    std::vector<std::string> sources;
    for (const auto& p : inputs) sources.push_back(read(p));
    fs::create_directories(out);
    std::ofstream manifest(out / "manifest.txt");
    for (std::size_t n = 1; n <= count; ++n) {
        Rng rng(seed * 0x100000001B3ull + n);
        const std::size_t pick = rng.below(sources.size());
        std::string text = sources[pick];
        std::string log;
        const std::size_t rounds = 1 + rng.below(3);
        for (std::size_t r = 0; r < rounds; ++r) {
            json::error_code ec;
            json::value root = json::parse(text, ec);
            // Mostly structural mutations while the text still parses; raw bytes otherwise, and now and then.
            const bool structural = !ec && rng.chance(70);
            log += (log.empty() ? "" : "; ") + (structural ? mutate_tree(root, rng, text) : mutate_bytes(text, rng));
        }
        json::error_code ec;
        json::value root = json::parse(text, ec);
        if (!ec && keep_offline(root)) {
            text = json::serialize(root);
            log += "; live app pointed at 127.0.0.1:9";
        }
        char name[32];
        std::snprintf(name, sizeof name, "%06zu.json", n);
        std::ofstream(out / name, std::ios::binary) << text;
        manifest << name << " " << inputs[pick].string() << ": " << log << "\n";
    }
    return 0;
}
