#pragma once
// What `syncsim gate` writes: JUnit XML (one <testcase> per gate case, a <testsuite> per
// suite) for CI test reports, and summary.md for a job summary page.
#include <string>
#include <vector>

#include "sim/explore/gate.hpp"

namespace syncsim::reports {

struct TimedGateCase {
  sim::GateCase c;
  double seconds = 0;             // wall time of the case (reporting only; no run depends on it)
  std::vector<std::string> files;  // the replay files written for it, relative to the output directory
};

struct GateRun {
  std::string command;  // the command line, for the summary
  std::string build;    // "syncsim 0.1.0 (commit ...)"
  std::vector<TimedGateCase> cases;
  int exitStatus = 0;
};

std::string gate_junit_xml(const GateRun& run);
std::string gate_summary_md(const GateRun& run);

}  // namespace syncsim::reports
