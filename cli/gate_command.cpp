// syncsim gate: the library against its expectations, a swarm of the shipped strategies and the
// checker's self-test in one command, for a team's CI (sim/explore/gate.hpp). Writes
// junit.xml, summary.md and failures/ (replay files) into --out, whole or not at all.
#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/gate_report.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/output_dir.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/sweep.hpp"
#include "sim/runtime/build_info.hpp"

namespace syncsim::cli {

int gate_command(const GateCommandOptions& o, const std::string& commandLine) {
  sim::GateOptions g;
  g.libraryDir = o.dir.empty() ? default_scenario_dir() : o.dir;
  g.selfTestDir = builtin_scenario_dir();  // the self-test's scenarios, whatever --dir is
  const auto swarm = sim::swarm_by_name(o.swarm);
  if (!swarm) {
    std::cerr << fmt::format("syncsim: --swarm: expected one of {}, found {}\n", sim::kSwarmNames, o.swarm);
    return kExitBadInput;
  }
  g.swarmKind.kind = *swarm;
  g.from = o.from;
  g.seeds = o.seeds;
  g.block = o.block;
  g.jobs = o.jobs;
  g.library = !o.noLibrary;
  g.swarm = !o.noSwarm && o.seeds > 0;
  g.mutants = !o.noMutants;
  if (o.from > UINT64_MAX - o.seeds) {
    std::cerr << fmt::format("syncsim: --from: expected a first seed whose last seed (from + seeds - 1) fits 64 bits, found {}\n", o.from);
    return kExitBadInput;
  }
  for (const auto& name : o.strategies) {
    if (!resolve_strategy(name, "", "--strategies")) return kExitBadInput;
    const std::string base = name.starts_with("ts:") ? name.substr(3) : name;
    g.shipped.push_back({name, base});
  }
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return kExitBadInput;
    g.shipped.push_back({*name, o.claims});
  }
  // A malformed library file is bad input (exit 2), found before anything runs.
  if (g.library) {
    const auto errors = sim::gate_library_errors(g.libraryDir);
    for (const auto& e : errors) std::cerr << "syncsim: " << e << "\n";
    if (!errors.empty()) return kExitBadInput;
  }
  std::string error;
  if (!sim::output_dir_usable(o.out, error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }

  reports::GateRun run;
  run.command = commandLine;
  run.build = sim::syncsim_build();
  sim::OutputDir dir(o.out, "gate");
  if (!dir.open(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  const bool progress = isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();  // for the reports' times only
  std::string suite;
  std::size_t inSuite = 0, failedInSuite = 0;
  double suiteSeconds = 0;
  const auto endSuite = [&] {
    if (!suite.empty())
      std::cout << fmt::format("gate: {:<8} {} cases, {} failed ({:.1f} s)\n", suite, inSuite, failedInSuite, suiteSeconds);
  };
  bool writeFailed = false;
  sim::run_gate(g, [&](sim::GateCase&& c) {
    const auto now = std::chrono::steady_clock::now();
    reports::TimedGateCase t{std::move(c), std::chrono::duration<double>(now - last).count(), {}};
    last = now;
    if (t.c.suite != suite) {
      endSuite();
      suite = t.c.suite, inSuite = failedInSuite = 0, suiteSeconds = 0;
    }
    ++inSuite, suiteSeconds += t.seconds;
    for (const auto& f : t.c.found) {
      const std::string rel = "failures/" + f.name + ".json";
      if (!sim::write_found_case(dir.file(rel), f)) writeFailed = true;
      t.files.push_back(o.out + "/" + rel);
    }
    if (progress) std::cerr << fmt::format("\r\033[Kgate: {} {}", t.c.suite, t.c.name) << std::flush;
    if (t.c.outcome != sim::GateOutcome::Pass) {
      ++failedInSuite;
      if (progress) std::cerr << "\r\033[K";
      std::cout << fmt::format("FAIL {} {}: {}\n", t.c.suite, t.c.name, t.c.message);
      for (const auto& f : t.files) std::cout << "  replay: syncsim replay " << f << "\n";
    }
    run.cases.push_back(std::move(t));
  });
  if (progress) std::cerr << "\r\033[K";
  endSuite();
  if (writeFailed) {
    std::cerr << "syncsim: cannot write the replay files into " << o.out << "\n";
    return kExitBadInput;
  }
  std::vector<sim::GateOutcome> outcomes;
  for (const auto& t : run.cases) outcomes.push_back(t.c.outcome);
  run.exitStatus = sim::gate_exit_status(outcomes);
  for (const auto& [name, text] : {std::pair{"junit.xml", reports::gate_junit_xml(run)}, {"summary.md", reports::gate_summary_md(run)}}) {
    sim::OutputFile f(dir.file(name));
    f.stream() << text;
    if (!f.ok() || !f.commit()) {
      std::cerr << "syncsim: cannot write " << dir.file(name) << "\n";
      return kExitBadInput;
    }
  }
  if (!dir.commit(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  std::cout << fmt::format("gate: {} ({} cases, exit {}); wrote {}/junit.xml, {}/summary.md\n",
                           run.exitStatus == 0 ? "passed" : "FAILED", run.cases.size(), run.exitStatus, o.out, o.out);
  return run.exitStatus;
}

}  // namespace syncsim::cli
