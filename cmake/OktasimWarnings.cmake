# Warning flags live on an INTERFACE target that each of our targets links PRIVATE, so Boost's headers and
# other projects never see them. -Werror is added by the `ci` preset only (OKTASIM_WARNINGS_AS_ERRORS).
option(OKTASIM_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
add_library(oktasim_warnings INTERFACE)
target_compile_options(oktasim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Woverloaded-virtual -Wimplicit-fallthrough
  -Wold-style-cast -Wcast-qual -Wformat=2 -Wundef -Wconversion -Wsign-conversion
  $<$<BOOL:${OKTASIM_WARNINGS_AS_ERRORS}>:-Werror>)
