#pragma once
// `syncsim explain`: the story of one violation, short enough to paste into a bug report.
//
// From a run whose trace was kept, the records that concern the session the violation names -
// its tab, the worker handlers it caused, the core steps logged for it (with the plan's function
// names), the storage writes of its record, its requests with their outcomes and what the
// backend did with them - and, around them, the world's: worker starts and stops, faults, the
// heal. Times are simulated wall-clock time (day 1 starts at 00:00:00.000). Runs of repeated
// lines (activity pings, alarm passes) are folded into one. The story ends with the verdict.
#include <cstddef>
#include <string>

#include "reports/summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/runtime/trace.hpp"

namespace syncsim::reports {

struct ExplainOptions {
  std::size_t violation = 0;   // which of the run's violations, in the order the checker gave them
  std::size_t maxLines = 60;   // the timeline's longest length; beyond it its middle is elided
  sim::Time contextMs = 5000;  // a world line (worker start, alarm) is shown this close to a session line
};

// The story of r.violations[o.violation] (precondition: it exists; `trace` kept its records).
// `replay` is the command line that replays the run, printed last.
std::string explain_text(const RunInfo& info, const sim::Trace& trace, const sim::RunResult& r, const ExplainOptions& o,
                         const std::string& replay);

}  // namespace syncsim::reports
