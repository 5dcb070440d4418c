// The loader reads with the engine's strict JSON reader; these names keep the loader's code short.
#pragma once

#include <oktasim/engine/json_reader.hpp>
#include <oktasim/runner/scenario.hpp>

namespace oktasim::runner {

using engine::check_header_value;
using engine::hex_byte;
using engine::json_kind;
using engine::JsonReader;
using engine::pointer_escape;

}  // namespace oktasim::runner
