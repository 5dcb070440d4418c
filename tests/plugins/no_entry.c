/* A shared object without oktasim's entry symbol: loading it must say so. */
#include <oktasim/connectors/plugin/oktasim_connector.h>

__attribute__((visibility("default"))) int some_other_function(void) { return 1; }
