#pragma once
// Writing a run's trace: JSON Lines (one record per line, for grep and jq) and the Chrome
// Trace Event format (opens in Perfetto / chrome://tracing): one track per component, worker
// incarnations as slices, requests as async slices from send to answer, the rest as instants.
#include <ostream>
#include <string>

#include "sim/runtime/trace.hpp"

namespace syncsim::reports {

// A readable name for a record's detail field (endpoint, fault kind, log code, ...).
std::string detail_name(const sim::TraceRecord& r);

void write_jsonl(std::ostream& out, const sim::Trace& trace);
void write_chrome_trace(std::ostream& out, const sim::Trace& trace, sim::Time end);

}  // namespace syncsim::reports
