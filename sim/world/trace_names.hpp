#pragma once
// Readable names for a trace record's detail field (a handler, a storage key, an endpoint, a
// fetch outcome, a fault kind, a core log code, ...): what the trace files, `syncsim explain`
// and the guided search (sim/explore/guided.cpp) print.
#include <string>

#include "sim/runtime/trace.hpp"

namespace syncsim::sim {

std::string detail_name(const TraceRecord& r);

}  // namespace syncsim::sim
