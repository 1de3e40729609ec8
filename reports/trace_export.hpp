#pragma once
// Writing a run's trace: JSON Lines (one record per line, for grep and jq) and the Chrome
// Trace Event format (opens in Perfetto / chrome://tracing): worker incarnations as slices,
// requests as async slices from send to answer, the rest as instants.
#include <cstdint>
#include <ostream>
#include <string>

#include "sim/runtime/trace.hpp"

namespace syncsim::reports {

void write_jsonl(std::ostream& out, const sim::Trace& trace);
// What a trace file says about its run (the Chrome trace's metadata and process name).
struct TraceMeta {
  std::string scenario;
  std::string strategy;
  std::uint64_t seed = 0;
};

// Tracks: one per component, and one per session (its review as a slice from tab open to close,
// its core steps, its record's writes). Every event has a category and named arguments; each
// request is an async slice with an id unique in the file, closed by its answer, by its
// worker's stop, or at the end of the run (args.outcome says which).
void write_chrome_trace(std::ostream& out, const sim::Trace& trace, sim::Time end, const TraceMeta& meta = {});

}  // namespace syncsim::reports
