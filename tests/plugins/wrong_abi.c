/* A plugin built for a future ABI version: loading it must report the mismatch with both versions. */
#include <oktasim/connectors/plugin/oktasim_connector.h>

static const oktasim_plugin descriptor = {99u, sizeof(oktasim_plugin), "wrong-abi", "built for ABI 99", OKTASIM_CAP_USERS,
                                          0, 0, 0, 0};

__attribute__((visibility("default"))) const oktasim_plugin* oktasim_connector_plugin(uint32_t host_abi_version) {
    (void)host_abi_version;
    return &descriptor;
}
