/* A plugin that never completes a call: the host must fail it as Okta's read timeout does, in virtual time, and not
 * hang. It also keeps the completion tokens it was given, to prove a token is not touched after destroy. */
#include <oktasim/connectors/plugin/oktasim_connector.h>

#include <stddef.h>

static int validate(const char* config, size_t size, oktasim_problem* problem) {
    (void)config;
    (void)size;
    (void)problem;
    return 1;
}

static int instance_marker;

static void* create(const oktasim_host* host, const char* config, size_t size, oktasim_problem* problem) {
    (void)host;
    (void)config;
    (void)size;
    (void)problem;
    return &instance_marker;
}

static void destroy(void* instance) { (void)instance; }

static void call(void* instance, const oktasim_request* request, oktasim_complete_fn complete, void* completion) {
    (void)instance;
    (void)request;
    (void)complete;
    (void)completion; /* never completed */
}

static const oktasim_plugin descriptor = {OKTASIM_CONNECTOR_ABI_VERSION, sizeof(oktasim_plugin), "never-completes",
                                          "never completes a call", OKTASIM_CAP_USERS, validate, create, destroy, call};

__attribute__((visibility("default"))) const oktasim_plugin* oktasim_connector_plugin(uint32_t host_abi_version) {
    return host_abi_version == OKTASIM_CONNECTOR_ABI_VERSION ? &descriptor : NULL;
}
