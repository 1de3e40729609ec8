#pragma once
// `syncsim gate`: what a team's CI runs. Three suites of test cases, each case one JUnit test:
//  - library: every scenario x every strategy it records an expectation for, run and compared
//    with that expectation (and the file's own strategy with its recorded trace hash); a
//    ts:/js: strategy is judged by the expectation of the strategy it claims to be;
//  - swarm: the shipped strategies over swarm seeds, one case per block of seeds, each distinct
//    failure shrunk into a replay file;
//  - mutants: the checker's self-test (sim/explore/self_test.hpp).
// It prints and writes nothing: cli/gate_command.cpp does, with reports/gate_report.hpp.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/explore/found_case.hpp"

namespace syncsim::sim {

enum class GateOutcome { Pass, Violation, ExpectationChanged, ReplayDiffers };

struct GateCase {
  std::string suite;    // library | swarm | mutants
  std::string name;     // "default-day.json x hardened", "hardened seeds 1..1000", "skips_end_request"
  GateOutcome outcome = GateOutcome::Pass;
  std::string message;  // one line: what failed
  std::string detail;   // more lines: counts, the commands that replay it
  std::vector<FoundCase> found;  // swarm: a shrunk replay file per distinct failure
};

struct GateStrategy {
  std::string name;    // baseline, ..., ts:NAME or js:FILE (registered)
  std::string claims;  // whose library expectation judges it (itself for the four C++ ones)
};

struct GateOptions {
  std::string libraryDir;                // scenario files (recursive)
  std::string selfTestDir;               // the built-in library, where the self-test's scenarios are
  std::vector<GateStrategy> shipped;     // judged by the swarm, and on the library by their claims
  SwarmSpec swarmKind;
  std::uint64_t from = 1, seeds = 10000;
  std::uint64_t block = 1000;            // swarm seeds per test case
  unsigned jobs = 1;
  bool library = true, swarm = true, mutants = true;
};

// What is wrong with the library before the gate may run: no scenario file, or a malformed one
// (each message names the file and the field). Empty when the library is fit to gate.
std::vector<std::string> gate_library_errors(const std::string& dir);

// Runs the suites in order, handing each case to `done` as it finishes (so a caller can time
// it and show progress). Throws std::invalid_argument on an unknown strategy or a library that
// gate_library_errors() refuses.
void run_gate(const GateOptions& o, const std::function<void(GateCase&&)>& done);

// The exit status the cases' outcomes earn: 1 if a property was violated, else 4 if an
// expectation changed (or a defect went uncaught), else 3 if a replay differed, else 0.
int gate_exit_status(const std::vector<GateOutcome>& outcomes);

}  // namespace syncsim::sim
