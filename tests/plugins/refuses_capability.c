/* A plugin in plain C that declares OKTASIM_CAP_USER_PATCH and then answers every PATCH with
 * OKTASIM_STATUS_UNSUPPORTED: the host must call it out. Users are created with the id "refuse-1"; no look-up finds
 * anyone. Also proves the header compiles as C. */
#include "stub_lifecycle.h"

#include <stdlib.h>
#include <string.h>

static void call(void* instance, const oktasim_request* request, oktasim_complete_fn complete, void* completion) {
    static const char created[] =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"refuse-1\",\"userName\":\"x\",\"active\":true}";
    oktasim_result r;
    (void)instance;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.status = OKTASIM_STATUS_OK;
    if (request->operation == OKTASIM_OP_CREATE_USER || request->operation == OKTASIM_OP_GET_USER ||
        request->operation == OKTASIM_OP_REPLACE_USER) {
        r.body = created;
        r.body_size = sizeof created - 1;
    } else if (request->operation != OKTASIM_OP_FIND_USER) {
        r.status = OKTASIM_STATUS_UNSUPPORTED;
    }
    complete(completion, &r);
}

static const oktasim_plugin descriptor = {OKTASIM_CONNECTOR_ABI_VERSION,
                                          sizeof(oktasim_plugin),
                                          "refuses-capability",
                                          "declares PATCH and refuses it",
                                          OKTASIM_CAP_USERS | OKTASIM_CAP_USER_PATCH,
                                          validate,
                                          create,
                                          destroy,
                                          call};

__attribute__((visibility("default"))) const oktasim_plugin* oktasim_connector_plugin(uint32_t host_abi_version) {
    return host_abi_version == OKTASIM_CONNECTOR_ABI_VERSION ? &descriptor : NULL;
}
