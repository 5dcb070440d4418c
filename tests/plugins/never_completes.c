/* A plugin that never completes a call: the host must fail it as Okta's read timeout does, in virtual time, and not
 * hang. */
#include "stub_lifecycle.h"

#include <stddef.h>

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
