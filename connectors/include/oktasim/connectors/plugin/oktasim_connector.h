/* The C ABI between oktasim and an out-of-tree connector plugin (a shared object loaded with dlopen). Pure C, so a
 * plugin can be written in any language that exports a C function; versioned, and sized so it can grow compatibly.
 * README.md, "Connector plugins", walks through the example plugin that implements it. */
#ifndef OKTASIM_CONNECTOR_H
#define OKTASIM_CONNECTOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. The host refuses a plugin built for another major version. Version 1 may
 * grow by appending fields to the structs below: each struct starts with `size` (sizeof as its writer knew it), and a
 * reader uses a field only when `size` covers it. */
#define OKTASIM_CONNECTOR_ABI_VERSION 1u

/* The one symbol the host looks up (dlsym), of type oktasim_connector_entry_fn. */
#define OKTASIM_CONNECTOR_ENTRY "oktasim_connector_plugin"

/* ---- Ownership rule for every pointer in this header ----
 * Strings are UTF-8 with an explicit length and are not NUL-terminated unless a comment says so. A pointer the host
 * passes into a plugin function is borrowed: valid only until that function returns (copy what you keep). A pointer a
 * plugin passes to a host callback is borrowed the same way: the host copies it before the callback returns. The
 * descriptor a plugin's entry function returns, and the strings it points to, are the plugin's and must stay valid
 * until the shared object is unloaded (static storage). A completion token (`completion` in `call`) is valid until it is
 * completed, or until `destroy` returns, whichever comes first. No function a plugin exports, and no callback it is
 * given, may unwind (throw a C++ exception or longjmp) across this interface. Relative paths in a plugin's config are
 * relative to the current directory. */

/* What a plugin can do; the host never asks for an operation whose capability is not declared. A plugin that
 * declares one and then answers OKTASIM_STATUS_UNSUPPORTED for it is reported as broken. */
enum {
    OKTASIM_CAP_USERS = 1u << 0,              /* find, create, get and replace users: required */
    OKTASIM_CAP_USER_PATCH = 1u << 1,         /* PATCH a user (OIN deactivation, reactivation, password) */
    OKTASIM_CAP_USER_LISTING = 1u << 2,       /* list users a page at a time (Test API Credentials, import) */
    OKTASIM_CAP_GROUPS = 1u << 3,             /* create, get, find, replace and delete groups (Group Push) */
    OKTASIM_CAP_GROUP_PATCH = 1u << 4,        /* PATCH a group's members and name */
    OKTASIM_CAP_GROUP_LISTING = 1u << 5,      /* list groups a page at a time */
    OKTASIM_CAP_INCREMENTAL_IMPORT = 1u << 6  /* list users changed since a time */
};

/* The operations. Resources are SCIM 2.0 User and Group objects as JSON text: a plugin for a non-SCIM app translates
 * to and from that shape, as Okta's own connectors do. New operations are appended. */
typedef enum oktasim_operation {
    OKTASIM_OP_TEST_CREDENTIALS = 1, /* -> a list page (Okta's probe asks for 2 users) */
    OKTASIM_OP_FIND_USER = 2,        /* attribute, value -> a User, or an empty body for none */
    OKTASIM_OP_CREATE_USER = 3,      /* body -> the created User, with its "id" */
    OKTASIM_OP_GET_USER = 4,         /* id -> the User */
    OKTASIM_OP_REPLACE_USER = 5,     /* id, body -> the User */
    OKTASIM_OP_PATCH_USER = 6,       /* id, body (a SCIM PatchOp) -> the User, or an empty body */
    OKTASIM_OP_LIST_USERS = 7,       /* start_index, count -> a list page */
    OKTASIM_OP_LIST_USERS_CHANGED_SINCE = 8, /* value (an ISO 8601 UTC time), start_index, count -> a list page */
    OKTASIM_OP_CREATE_GROUP = 9,     /* body -> the Group */
    OKTASIM_OP_GET_GROUP = 10,       /* id -> the Group */
    OKTASIM_OP_FIND_GROUP = 11,      /* value (displayName) -> a Group, or an empty body for none */
    OKTASIM_OP_REPLACE_GROUP = 12,   /* id, body -> the Group */
    OKTASIM_OP_PATCH_GROUP = 13,     /* id, body (a SCIM PatchOp) -> the Group, or an empty body */
    OKTASIM_OP_DELETE_GROUP = 14,    /* id -> an empty body */
    OKTASIM_OP_LIST_GROUPS = 15      /* start_index, count -> a list page */
} oktasim_operation;

/* How an operation ended. The standard statuses are classified as Okta's SCIM client classifies the matching HTTP
 * answers; OKTASIM_STATUS_ERROR is the plugin's own error, classified by its failure_class. */
typedef enum oktasim_status {
    OKTASIM_STATUS_OK = 0,
    OKTASIM_STATUS_NOT_FOUND = 1,    /* no such resource (a 404) */
    OKTASIM_STATUS_CONFLICT = 2,     /* the resource exists already (a 409: Okta's app-rejects-409) */
    OKTASIM_STATUS_UNAUTHORIZED = 3, /* the credentials in the config are wrong (a 401) */
    OKTASIM_STATUS_FORBIDDEN = 4,    /* the credentials lack a permission (a 403) */
    OKTASIM_STATUS_RATE_LIMITED = 5, /* try later (a 429); retry_after_ms says when, 0 for Okta's default */
    OKTASIM_STATUS_REJECTED = 6,     /* the app refuses the request's content (a 400) */
    OKTASIM_STATUS_UNAVAILABLE = 7,  /* the app cannot be reached now (a connection failure) */
    OKTASIM_STATUS_UNSUPPORTED = 8,  /* the plugin does not implement the operation */
    OKTASIM_STATUS_ERROR = 9         /* the plugin's own error: `code` and `failure_class` say what and how */
} oktasim_status;

/* How Okta's retry rules treat an OKTASIM_STATUS_ERROR (the values of oktasim's failure_class). */
typedef enum oktasim_failure_class {
    OKTASIM_FAILURE_TRANSIENT = 1,   /* a task is opened; retrying may work */
    OKTASIM_FAILURE_PERMANENT = 2,   /* a task is opened; the admin fixes data or settings first */
    OKTASIM_FAILURE_AUTH = 3,        /* the credentials are wrong */
    OKTASIM_FAILURE_RATE_LIMITED = 4 /* Okta pauses the task and retries by itself */
} oktasim_failure_class;

/* One operation's arguments. Fields an operation does not use are empty (NULL, 0). */
typedef struct oktasim_request {
    uint32_t size;                 /* sizeof(oktasim_request) as the host knows it */
    oktasim_operation operation;
    const char* id;                /* the resource's id in the app */
    size_t id_size;
    const char* attribute;         /* FIND_USER: "userName", "externalId", "emails.value", ... */
    size_t attribute_size;
    const char* value;             /* FIND_USER, FIND_GROUP, LIST_USERS_CHANGED_SINCE */
    size_t value_size;
    const char* body;              /* JSON text: the resource or the PatchOp */
    size_t body_size;
    int64_t start_index;           /* list operations: 1-based */
    int64_t count;
} oktasim_request;

/* An operation's result, passed to the completion callback. A list page is a SCIM ListResponse:
 * {"totalResults": n, "startIndex": i, "itemsPerPage": k, "Resources": [...]}. */
typedef struct oktasim_result {
    uint32_t size;                 /* sizeof(oktasim_result) as the plugin knows it */
    oktasim_status status;
    const char* body;              /* JSON text, or NULL/empty (none found, nothing returned) */
    size_t body_size;
    const char* message;           /* on failure: the app's words, shown in Okta's task message */
    size_t message_size;
    int32_t code;                  /* OKTASIM_STATUS_ERROR: the plugin's own code (shown in the diagnostics) */
    oktasim_failure_class failure_class; /* OKTASIM_STATUS_ERROR: how Okta treats it */
    int64_t retry_after_ms;        /* RATE_LIMITED (or a rate-limited ERROR): when to retry; 0: Okta's default */
} oktasim_result;

/* Where a config problem is: `path` a JSON pointer into the plugin's "config" object ("/file"), `message` what was
 * expected. Both NUL-terminated, written into the host's buffers (truncated to fit). */
typedef struct oktasim_problem {
    char path[256];
    char message[768];
} oktasim_problem;

/* Completes one call: exactly once per call, from inside `call` or later (for example from an `after` callback),
 * always on the host's thread, and never after `destroy`. `completion` is the host's token from `call`. A call not
 * completed within 60 s of virtual time fails as Okta's read timeout does; a later completion of it is ignored.
 * `result->size` must be sizeof(oktasim_result): a smaller result is reported as a broken plugin. */
typedef void (*oktasim_complete_fn)(void* completion, const oktasim_result* result);

/* What the host gives a plugin instance: its only source of time, randomness and logging, so a plugin stays
 * deterministic under oktasim's virtual time. `context` is the host's; pass it back to each callback. The struct and
 * its strings are valid until `destroy` returns. */
typedef struct oktasim_host {
    uint32_t size;                 /* sizeof(oktasim_host) as the host knows it */
    void* context;
    /* Virtual time: milliseconds since the UNIX epoch. */
    int64_t (*now_ms)(void* context);
    /* The next value of this instance's own seeded random stream. */
    uint64_t (*random)(void* context);
    /* A line for oktasim's diagnostics: level 0 debug, 1 info, 2 warning, 3 error. */
    void (*log)(void* context, int level, const char* message, size_t message_size);
    /* Calls fn(arg) once, after `delay_ms` of virtual time (0: as soon as the loop runs): how a plugin models latency.
     * Pending callbacks are dropped when the instance is destroyed; `arg` stays the plugin's. */
    void (*after)(void* context, int64_t delay_ms, void (*fn)(void* arg), void* arg);
} oktasim_host;

/* The plugin's descriptor, returned by its entry function. */
typedef struct oktasim_plugin {
    uint32_t abi_version;          /* OKTASIM_CONNECTOR_ABI_VERSION the plugin was built against */
    uint32_t size;                 /* sizeof(oktasim_plugin) as the plugin knows it */
    const char* name;              /* NUL-terminated: a short name, "json-directory" */
    const char* description;       /* NUL-terminated: one line for `oktasim connectors` */
    uint32_t capabilities;         /* OKTASIM_CAP_* bits */
    /* Checks the scenario's "config" object (JSON text) without side effects. Returns 1 when it is valid; else 0,
     * with `problem` filled. */
    int (*validate)(const char* config, size_t config_size, oktasim_problem* problem);
    /* Makes an instance for one app. NULL, with `problem` filled, when it cannot (a file that cannot be read). */
    void* (*create)(const oktasim_host* host, const char* config, size_t config_size, oktasim_problem* problem);
    /* Ends an instance. Calls still pending are abandoned: the plugin must not complete them afterwards, and no host
     * callback it scheduled runs afterwards (so the plugin frees the `arg` of each `after` it still has pending). */
    void (*destroy)(void* instance);
    /* Starts one operation; `complete(completion, &result)` ends it. */
    void (*call)(void* instance, const oktasim_request* request, oktasim_complete_fn complete, void* completion);
} oktasim_plugin;

/* The entry function: given the host's ABI version, the plugin's descriptor (static storage), or NULL when the
 * plugin cannot work with that host. */
typedef const oktasim_plugin* (*oktasim_connector_entry_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* OKTASIM_CONNECTOR_H */
