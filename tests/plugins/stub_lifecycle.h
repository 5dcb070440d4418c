/* The lifecycle every broken test plugin shares: any config is valid, one static instance, nothing to free. */
#ifndef OKTASIM_TEST_STUB_LIFECYCLE_H
#define OKTASIM_TEST_STUB_LIFECYCLE_H

#include <oktasim/connectors/plugin/oktasim_connector.h>

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

#endif
