// An example connector plugin (oktasim_connector.h): a non-SCIM downstream app, a directory of people kept in memory
// and, with "file", in a JSON file rewritten after every change. It translates Okta's SCIM User objects to its own
// entries and back, and shows the parts of the ABI a real plugin uses: its own config check, host randomness for ids,
// host time for "updated", latency through the host's timer, and its own error with a failure class.
#include <oktasim/connectors/plugin/oktasim_connector.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace {

namespace json = boost::json;

constexpr std::int32_t error_directory_full = 1;  // this plugin's own code: permanent

struct Entry {
    std::string uid, login, given_name, family_name, mail, external_id;
    bool active = true;
    std::int64_t updated_ms = 0;
};

void set_problem(oktasim_problem* p, const char* path, const std::string& message) {
    if (!p) return;
    std::snprintf(p->path, sizeof p->path, "%s", path);
    std::snprintf(p->message, sizeof p->message, "%s", message.c_str());
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string str(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The plugin's settings, checked by validate() and read again by create().
struct Settings {
    std::vector<Entry> entries;
    std::string file;
    std::int64_t max_entries = -1;
    std::int64_t latency_ms = 0;
};

bool read_entry(const json::value& v, std::size_t i, Entry& e, oktasim_problem* p) {
    const std::string at = "/entries/" + std::to_string(i);
    if (!v.is_object()) return set_problem(p, at.c_str(), "expected an entry object"), false;
    const json::object& o = v.as_object();
    for (const auto& [k, _] : o)
        if (k != "uid" && k != "login" && k != "givenName" && k != "familyName" && k != "mail" && k != "active" &&
            k != "externalId" && k != "updated")
            return set_problem(p, (at + "/" + std::string(k)).c_str(),
                               "unknown key; an entry has uid, login, givenName, familyName, mail, active, externalId"),
                   false;
    e.uid = str(o, "uid");
    e.login = str(o, "login");
    if (e.uid.empty()) return set_problem(p, (at + "/uid").c_str(), "missing; expected a non-empty string"), false;
    if (e.login.empty()) return set_problem(p, (at + "/login").c_str(), "missing; expected a non-empty string"), false;
    e.given_name = str(o, "givenName");
    e.family_name = str(o, "familyName");
    e.mail = str(o, "mail");
    e.external_id = str(o, "externalId");
    if (const json::value* a = o.if_contains("active")) {
        if (!a->is_bool()) return set_problem(p, (at + "/active").c_str(), "expected true or false"), false;
        e.active = a->as_bool();
    }
    if (const json::value* u = o.if_contains("updated"); u && u->is_int64()) e.updated_ms = u->as_int64();
    return true;
}

bool read_settings(const char* text, std::size_t size, Settings& s, oktasim_problem* p) {
    boost::system::error_code ec;
    json::value v = json::parse(std::string_view(text, size), ec);
    if (ec || !v.is_object()) return set_problem(p, "", "expected a JSON object"), false;
    const json::object& o = v.as_object();
    for (const auto& [k, _] : o)
        if (k != "entries" && k != "file" && k != "maxEntries" && k != "latencyMs")
            return set_problem(p, ("/" + std::string(k)).c_str(),
                               "unknown key; expected entries, file, maxEntries or latencyMs"),
                   false;
    if (const json::value* e = o.if_contains("entries")) {
        if (!e->is_array()) return set_problem(p, "/entries", "expected an array of entries"), false;
        for (std::size_t i = 0; i < e->as_array().size(); ++i) {
            Entry entry;
            if (!read_entry(e->as_array()[i], i, entry, p)) return false;
            s.entries.push_back(std::move(entry));
        }
    }
    if (const json::value* f = o.if_contains("file")) {
        if (!f->is_string() || f->as_string().empty()) return set_problem(p, "/file", "expected a file path"), false;
        s.file = std::string(f->as_string());
    }
    if (const json::value* m = o.if_contains("maxEntries")) {
        if (!m->is_int64() || m->as_int64() < 0) return set_problem(p, "/maxEntries", "expected an integer >= 0"), false;
        s.max_entries = m->as_int64();
    }
    if (const json::value* l = o.if_contains("latencyMs")) {
        if (!l->is_int64() || l->as_int64() < 0 || l->as_int64() > 600000)
            return set_problem(p, "/latencyMs", "expected an integer from 0 to 600000"), false;
        s.latency_ms = l->as_int64();
    }
    return true;
}

class Directory {
public:
    Directory(const oktasim_host& host, Settings s) : host_(host), settings_(std::move(s)) {
        for (auto& e : settings_.entries) entries_.emplace(e.uid, e);
    }

    // Reads the file when it exists: it holds the directory as it was left.
    bool load(oktasim_problem* p) {
        if (settings_.file.empty()) return true;
        std::ifstream in(settings_.file);
        if (!in) return save();  // a new directory starts from "entries"
        std::stringstream text;
        text << in.rdbuf();
        Settings from_file;
        const std::string body = "{\"entries\":" + text.str() + "}";
        if (!read_settings(body.data(), body.size(), from_file, p)) {
            set_problem(p, "/file", settings_.file + " is not a directory file: " + std::string(p->message));
            return false;
        }
        entries_.clear();
        for (auto& e : from_file.entries) entries_.emplace(e.uid, e);
        return true;
    }

    void call(const oktasim_request& r, oktasim_complete_fn complete, void* completion) {
        Answer a = answer(r);
        if (settings_.latency_ms == 0) return finish(a, complete, completion);
        // Latency in virtual time: the host's timer, never a sleep.
        auto pending = std::make_unique<Pending>(Pending{this, std::move(a), complete, completion});
        Pending* arg = pending.get();
        pending_.emplace(arg, std::move(pending));
        host_.after(host_.context, settings_.latency_ms, [](void* p) {
            Pending* done = static_cast<Pending*>(p);
            Directory* self = done->self;
            auto owned = std::move(self->pending_.at(done));
            self->pending_.erase(done);
            finish(owned->answer, owned->complete, owned->completion);
        }, arg);
    }

private:
    struct Answer {
        oktasim_status status = OKTASIM_STATUS_OK;
        std::string body, message;
        std::int32_t code = 0;
        oktasim_failure_class cls = OKTASIM_FAILURE_PERMANENT;
    };
    struct Pending {
        Directory* self;
        Answer answer;
        oktasim_complete_fn complete;
        void* completion;
    };

    static void finish(const Answer& a, oktasim_complete_fn complete, void* completion) {
        oktasim_result r{};
        r.size = sizeof r;
        r.status = a.status;
        r.body = a.body.data();
        r.body_size = a.body.size();
        r.message = a.message.data();
        r.message_size = a.message.size();
        r.code = a.code;
        r.failure_class = a.cls;
        complete(completion, &r);
    }

    static Answer fail(oktasim_status s, std::string message) {
        Answer a;
        a.status = s;
        a.message = std::move(message);
        return a;
    }

    static json::object to_scim(const Entry& e) {
        json::object u{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                       {"id", e.uid},
                       {"userName", e.login},
                       {"name", json::object{{"givenName", e.given_name}, {"familyName", e.family_name}}},
                       {"active", e.active}};
        if (!e.mail.empty()) u["emails"] = json::array{json::object{{"value", e.mail}, {"primary", true}, {"type", "work"}}};
        if (!e.external_id.empty()) u["externalId"] = e.external_id;
        return u;
    }

    // The SCIM attributes this directory keeps; the rest of Okta's body (password, displayName, ...) is dropped.
    static void from_scim(const json::object& u, Entry& e) {
        if (auto s = str(u, "userName"); !s.empty()) e.login = s;
        if (const json::value* n = u.if_contains("name"); n && n->is_object()) {
            // Only the sub-attributes given: a PATCH value {"name": {"givenName": ...}} keeps the family name
            // (RFC 7644 §3.5.2.3); a PUT starts from an empty entry, so it replaces them all.
            if (n->as_object().contains("givenName")) e.given_name = str(n->as_object(), "givenName");
            if (n->as_object().contains("familyName")) e.family_name = str(n->as_object(), "familyName");
        }
        if (const json::value* m = u.if_contains("emails"); m && m->is_array()) {
            e.mail.clear();
            for (const auto& item : m->as_array()) {
                if (!item.is_object()) continue;
                const json::value* primary = item.as_object().if_contains("primary");
                if (e.mail.empty() || (primary && primary->is_bool() && primary->as_bool()))
                    e.mail = str(item.as_object(), "value");  // the primary one, else the first
            }
        }
        if (auto x = str(u, "externalId"); !x.empty()) e.external_id = x;
        if (const json::value* a = u.if_contains("active"); a && a->is_bool()) e.active = a->as_bool();
    }

    Entry* by_login(const std::string& login) {
        for (auto& [uid, e] : entries_)
            if (lower(e.login) == lower(login)) return &e;  // userName is caseExact false (RFC 7643 §4.1)
        return nullptr;
    }

    json::object page(std::int64_t start, std::int64_t count) const {
        json::array resources;
        std::int64_t index = 0;
        for (const auto& [uid, e] : entries_) {
            ++index;
            if (index < start || static_cast<std::int64_t>(resources.size()) >= count) continue;
            resources.push_back(to_scim(e));
        }
        return json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                            {"totalResults", static_cast<std::int64_t>(entries_.size())},
                            {"startIndex", start},
                            {"itemsPerPage", static_cast<std::int64_t>(resources.size())},
                            {"Resources", std::move(resources)}};
    }

    std::string new_uid() {
        char buf[20];
        std::snprintf(buf, sizeof buf, "u%016llx", static_cast<unsigned long long>(host_.random(host_.context)));
        return buf;
    }

    // Stores `after` under its uid and saves; when the file cannot be written the directory stays as it was
    // (`before`, or no entry), so memory and file agree.
    Answer commit(Entry after, std::optional<Entry> before) {
        after.updated_ms = host_.now_ms(host_.context);
        const std::string uid = after.uid;
        entries_[uid] = after;
        if (!save()) {
            if (before) entries_[uid] = std::move(*before);
            else entries_.erase(uid);
            return fail(OKTASIM_STATUS_UNAVAILABLE, "cannot write the directory file " + settings_.file);
        }
        Answer a;
        a.body = json::serialize(to_scim(after));
        return a;
    }

    bool save() const {
        if (settings_.file.empty()) return true;
        json::array out;
        for (const auto& [uid, e] : entries_)
            out.push_back(json::object{{"uid", e.uid}, {"login", e.login}, {"givenName", e.given_name},
                                       {"familyName", e.family_name}, {"mail", e.mail}, {"active", e.active},
                                       {"externalId", e.external_id}, {"updated", e.updated_ms}});
        const std::string tmp = settings_.file + ".tmp";
        {
            std::ofstream f(tmp, std::ios::trunc);
            if (!f) return false;
            f << json::serialize(out) << '\n';
            if (!f.flush()) return false;
        }
        return std::rename(tmp.c_str(), settings_.file.c_str()) == 0;  // never a half-written directory
    }

    Answer answer(const oktasim_request& r) {
        const std::string id(r.id ? r.id : "", r.id_size);
        const std::string attribute(r.attribute ? r.attribute : "", r.attribute_size);
        const std::string value(r.value ? r.value : "", r.value_size);
        json::object body;
        if (r.body_size) {
            boost::system::error_code ec;
            json::value v = json::parse(std::string_view(r.body, r.body_size), ec);
            if (ec || !v.is_object()) return fail(OKTASIM_STATUS_REJECTED, "the request body is not a JSON object");
            body = std::move(v.as_object());
        }
        switch (r.operation) {
            case OKTASIM_OP_TEST_CREDENTIALS:
            case OKTASIM_OP_LIST_USERS: {
                Answer a;
                a.body = json::serialize(page(std::max<std::int64_t>(1, r.start_index), std::max<std::int64_t>(0, r.count)));
                return a;
            }
            case OKTASIM_OP_FIND_USER: {
                const Entry* found = nullptr;
                if (attribute == "userName") found = by_login(value);
                for (const auto& [uid, e] : entries_)
                    if (!found && ((attribute == "externalId" && e.external_id == value) ||
                                   (attribute == "emails.value" && lower(e.mail) == lower(value))))
                        found = &e;
                Answer a;
                if (found) a.body = json::serialize(to_scim(*found));
                return a;  // an empty body: none
            }
            case OKTASIM_OP_CREATE_USER: {
                Entry e;
                from_scim(body, e);
                if (e.login.empty()) return fail(OKTASIM_STATUS_REJECTED, "userName is required");
                if (by_login(e.login)) return fail(OKTASIM_STATUS_CONFLICT, "an entry with login " + e.login + " exists");
                if (settings_.max_entries >= 0 && static_cast<std::int64_t>(entries_.size()) >= settings_.max_entries) {
                    Answer a = fail(OKTASIM_STATUS_ERROR, "the directory is full (" + std::to_string(settings_.max_entries) +
                                                               " entries); remove one or raise maxEntries");
                    a.code = error_directory_full;
                    a.cls = OKTASIM_FAILURE_PERMANENT;
                    return a;
                }
                do e.uid = new_uid();
                while (entries_.count(e.uid) != 0);  // a directory file may hold ids an earlier run drew
                return commit(std::move(e), std::nullopt);
            }
            case OKTASIM_OP_GET_USER: {
                auto it = entries_.find(id);
                if (it == entries_.end()) return fail(OKTASIM_STATUS_NOT_FOUND, "no entry " + id);
                Answer a;
                a.body = json::serialize(to_scim(it->second));
                return a;
            }
            case OKTASIM_OP_REPLACE_USER: {
                auto it = entries_.find(id);
                if (it == entries_.end()) return fail(OKTASIM_STATUS_NOT_FOUND, "no entry " + id);
                if (Entry* other = by_login(str(body, "userName")); other && other->uid != id)
                    return fail(OKTASIM_STATUS_CONFLICT, "an entry with login " + other->login + " exists");
                // PUT replaces the resource (RFC 7644 §3.5.1): what the body leaves out is cleared, the uid stays.
                Entry fresh;
                fresh.uid = id;
                fresh.login = it->second.login;
                from_scim(body, fresh);
                return commit(std::move(fresh), it->second);
            }
            case OKTASIM_OP_PATCH_USER: {
                auto it = entries_.find(id);
                if (it == entries_.end()) return fail(OKTASIM_STATUS_NOT_FOUND, "no entry " + id);
                const json::value* ops = body.if_contains("Operations");
                if (!ops || !ops->is_array()) return fail(OKTASIM_STATUS_REJECTED, "a PatchOp needs Operations");
                Entry next = it->second;  // all operations or none (RFC 7644 §3.5.2)
                for (const auto& op : ops->as_array()) {
                    if (!op.is_object()) return fail(OKTASIM_STATUS_REJECTED, "an operation is not an object");
                    const json::object& o = op.as_object();
                    if (lower(str(o, "op")) != "replace") return fail(OKTASIM_STATUS_REJECTED, "only replace is supported");
                    const json::value* v = o.if_contains("value");
                    const std::string path = str(o, "path");
                    if (path.empty() && v && v->is_object()) from_scim(v->as_object(), next);
                    else if (path == "active" && v && v->is_bool()) next.active = v->as_bool();
                    else if (!path.empty()) return fail(OKTASIM_STATUS_REJECTED, "cannot replace " + path);
                }
                return commit(std::move(next), it->second);
            }
            default:
                return fail(OKTASIM_STATUS_UNSUPPORTED, "this directory has no groups and no change log");
        }
    }

    oktasim_host host_;
    Settings settings_;
    std::map<Pending*, std::unique_ptr<Pending>> pending_;  // latency callbacks not run yet, freed with the directory
    std::map<std::string, Entry> entries_;  // by uid: listing is in uid order, the same every run
};

// The exported functions: nothing may unwind into the host (oktasim_connector.h), so each catches everything.
int validate(const char* config, std::size_t size, oktasim_problem* problem) noexcept {
    try {
        Settings s;
        return read_settings(config, size, s, problem) ? 1 : 0;
    } catch (...) {
        set_problem(problem, "", "out of memory");
        return 0;
    }
}

void* create(const oktasim_host* host, const char* config, std::size_t size, oktasim_problem* problem) noexcept {
    try {
        Settings s;
        if (!host || host->size < sizeof(oktasim_host) || !read_settings(config, size, s, problem)) return nullptr;
        auto d = std::make_unique<Directory>(*host, std::move(s));
        if (!d->load(problem)) return nullptr;
        return d.release();
    } catch (...) {
        set_problem(problem, "", "out of memory");
        return nullptr;
    }
}

void destroy(void* instance) noexcept { delete static_cast<Directory*>(instance); }

void call(void* instance, const oktasim_request* request, oktasim_complete_fn complete, void* completion) noexcept {
    try {
        static_cast<Directory*>(instance)->call(*request, complete, completion);
    } catch (...) {
        static const char message[] = "out of memory";
        oktasim_result r{};
        r.size = sizeof r;
        r.status = OKTASIM_STATUS_ERROR;
        r.message = message;
        r.message_size = sizeof message - 1;
        r.failure_class = OKTASIM_FAILURE_TRANSIENT;
        complete(completion, &r);
    }
}

const oktasim_plugin descriptor = {
    OKTASIM_CONNECTOR_ABI_VERSION,
    sizeof(oktasim_plugin),
    "json-directory",
    "a directory of people in memory or in a JSON file (an example non-SCIM app)",
    OKTASIM_CAP_USERS | OKTASIM_CAP_USER_PATCH | OKTASIM_CAP_USER_LISTING,
    validate,
    create,
    destroy,
    call,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const oktasim_plugin* oktasim_connector_plugin(uint32_t host_abi_version) {
    return host_abi_version == OKTASIM_CONNECTOR_ABI_VERSION ? &descriptor : nullptr;
}
