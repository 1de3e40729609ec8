// syncsim: the command line engineers and CI run. Subcommands live in *_command.cpp.
#include <algorithm>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "core/mutation.hpp"
#include "sim/runtime/build_info.hpp"

using namespace syncsim::cli;

namespace {
// Whole numbers on the command line are checked like the fields of a scenario file: digits
// only, so "-1" is refused rather than wrapped to 2^64-1 (a value too large for its type is
// refused by the conversion).
const CLI::Validator kWhole(
    [](std::string& s) {
      const std::size_t lead = std::min(s.find_first_not_of('0'), s.size() - 1);  // keep one digit of "000"
      const std::string digits = s.substr(lead);
      const bool fits = digits.size() < 20 || (digits.size() == 20 && digits <= "18446744073709551615");
      if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos && fits) return std::string();
      return "expected a whole number in [0, 18446744073709551615], found '" + s + "'";
    },
    "");  // the option's own type name (UINT) says it

// The world options `run` and `explain` share: which strategy (or bundle) runs the file's
// world, with which seed and planted defect.
struct WorldArgs {
  RunOptions o;
  std::string strategy, mutant;
  std::uint64_t seed = 0;
};

void add_world_options(CLI::App* cmd, WorldArgs& a) {
  cmd->add_option("--strategy", a.strategy, "baseline | approach1 | approach2 | hardened | ts:NAME (default: the scenario's)");
  cmd->add_option("--extension", a.o.extension, "run this JavaScript bundle (a team's background script) instead");
  cmd->add_option("--claims", a.o.claims, "whose retry policy and bounds judge --extension (default: approach2)");
  cmd->add_option("--seed", a.seed, "seed (default: the scenario's)")->check(kWhole);
  cmd->add_option("--mutant", a.mutant, "plant a defect in the core (default: the scenario's \"mutant\", if any; none: no defect)");
}

// Moves what was given into a.o; false (and a message) when --strategy and --extension both were.
bool finish_world_options(const CLI::App* cmd, WorldArgs& a) {
  if (!a.strategy.empty() && !a.o.extension.empty()) {
    std::cerr << "syncsim: " << cmd->get_name() << ": expected --strategy or --extension, found both\n";
    return false;
  }
  if (!a.strategy.empty()) a.o.strategy = a.strategy;
  if (cmd->count("--seed")) a.o.seed = a.seed;
  if (cmd->count("--mutant")) a.o.mutant = a.mutant;
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"syncsim: deterministic simulation harness for the session-sync plan"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  app.set_version_flag("--version", syncsim::sim::syncsim_build());
  app.option_defaults()->always_capture_default();  // --help shows every default
  const std::string footer = std::string("\n") + kExitCodesHelp +
                             "\n\nPlanted defects (--mutant): " + std::string(syncsim::core::mutation_names()) +
                             ".\n\nEnvironment: SYNCSIM_SCENARIOS (the scenario library; default: the built-in one, " +
                             default_scenario_dir() + "), SYNCSIM_WEB_DIR (the chart libraries report.html inlines), "
                             "SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX + SYNCSIM_SHARDS "
                             "(check/report: which shard to run).";
  app.footer(footer);

  WorldArgs explain;
  std::size_t explainViolation = 1, explainLines = 60;
  auto* explainCmd = app.add_subcommand(
      "explain", "Tell the story of a violation: the session's timeline in simulated time, ending with the verdict (exit 1)");
  explainCmd->add_option("file", explain.o.file, "scenario or replay file (a check's or gate's)")->required();
  add_world_options(explainCmd, explain);
  explainCmd->add_option("--violation", explainViolation, "which violation of the run, from 1 (default: 1)")->check(kWhole);
  explainCmd->add_option("--lines", explainLines, "the timeline's longest length (default: 60)")->check(CLI::Range(4, 100000));

  WorldArgs run;
  auto* runCmd = app.add_subcommand("run", "Run a scenario and check the properties (exit 1 on a violation)");
  runCmd->add_option("file", run.o.file, "scenario file")->required();
  add_world_options(runCmd, run);
  runCmd->add_option("--trace", run.o.tracePath, "write the trace here (.jsonl: JSON Lines, otherwise Chrome/Perfetto JSON)");
  runCmd->add_option("--trace-format", run.o.traceFormat, "jsonl | chrome (default: from --trace's extension)");
  runCmd->add_flag("--expect", run.o.expect,
                   "hold the run to the file's recorded expectation (and trace hash): exit 0 if it matches, 4 if the "
                   "verdict differs, 3 if the hash does");
  runCmd->add_flag("--json", run.o.json, "print one JSON object");

  ReplayOptions replay;
  auto* replayCmd = app.add_subcommand(
      "replay", "Re-run a saved case and check its recorded trace hash (exit 0 holds, 1 violation reproduced, 3 hash differs)");
  replayCmd->add_option("file", replay.file, "scenario file with a trace_hash (a check's or gate's replay file)")->required();
  std::string replayMutant;
  replayCmd->add_option("--mutant", replayMutant, "plant this defect instead of the file's \"mutant\" (none: no defect)");
  replayCmd->add_option("--trace", replay.tracePath, "write the trace here (.jsonl: JSON Lines, otherwise Chrome/Perfetto JSON)");
  replayCmd->add_option("--trace-format", replay.traceFormat, "jsonl | chrome (default: from --trace's extension)");
  replayCmd->add_flag("--json", replay.json, "print one JSON object");

  auto* scen = app.add_subcommand("scenarios", "List, validate or record scenario files");
  scen->require_subcommand(1);
  std::string listDir = default_scenario_dir();
  auto* list = scen->add_subcommand("list", "List the scenario library");
  list->add_option("--dir", listDir, "scenario directory");
  std::vector<std::string> validateFiles;
  auto* validate = scen->add_subcommand("validate", "Validate scenario files (exit 2 if any is malformed)");
  validate->add_option("files", validateFiles, "scenario files")->required();
  std::vector<std::string> recordFiles;
  bool recordUpdate = false;
  auto* record = scen->add_subcommand(
      "record", "Run every strategy and show how the recorded expectations and trace hash would change; --update writes them");
  record->add_option("files", recordFiles, "scenario files")->required();
  record->add_flag("--update", recordUpdate, "write the new expectations and trace hash into the files");

  CheckOptions chk;
  chk.sweep.jobs = std::max(1u, std::thread::hardware_concurrency());
  auto* check = app.add_subcommand("check", "Swarm exploration: many seeds, each with its own fault mix; shrunk replay files");
  check->add_option("--strategy", chk.sweep.strategy, "baseline | approach1 | approach2 | hardened | ts:NAME");
  check->add_option("--extension", chk.extension, "explore this JavaScript bundle (a team's background script) instead");
  check->add_option("--claims", chk.claims, "whose retry policy and bounds judge --extension (default: approach2)");
  check->add_option("--swarm", chk.swarm, "which swarm draws the worlds: wide (every option per seed) or classic (the first swarm)");
  check->add_option("--search", chk.search, "uniform (each seed's swarm world) or guided (1-3 faults placed exactly where the strategy awaits: a storage.set landing, an answer arriving, a cold start)");
  check->add_option("--idempotency", chk.idempotency, "force this backend idempotency mode on every world: none, end_idempotent or key; all: each in turn, and which the strategy needs");
  check->add_option("--seeds", chk.sweep.seeds, "how many seeds")->check(kWhole)->check(CLI::Range(std::uint64_t{1}, syncsim::sim::kMaxSweepSeeds));
  check->add_option("--from", chk.sweep.from, "first seed (--from 85 --seeds 1 replays seed 85 alone)")->check(kWhole);
  check->add_option("--jobs", chk.sweep.jobs, "parallel runs (default: the number of cores)")->check(kWhole)->check(CLI::Range(1u, 1024u));
  check->add_option("--out", chk.outDir, "directory for the minimised replay files (default: out/check-STRATEGY)");
  check->add_option("--mutant", chk.sweep.mutant, "plant a defect in the core (names below; core/mutation.hpp)");
  check->add_flag("--json", chk.json, "print one JSON object");
  std::string checkShard;
  check->add_option("--shard", checkShard, "run slice i of N (i/N) and write a partial result for `syncsim merge`");

  ReportOptions rep;
  rep.dir = default_scenario_dir();
  std::string strategies;
  auto* report = app.add_subcommand("report", "Run scenarios x strategies x seeds and write report.json and summary.md");
  report->add_option("--dir", rep.dir, "scenario directory");
  report->add_option("--strategies", strategies, "comma-separated strategies (default: all four)");
  report->add_option("--extension", rep.extension, "add this JavaScript bundle (a team's background script) as a strategy");
  report->add_option("--claims", rep.claims, "whose retry policy and bounds judge --extension (default: approach2)");
  std::string profiles;
  rep.jobs = chk.sweep.jobs;
  report->add_option("--profiles", profiles, "comma-separated scenario names (default: every scenario in --dir)");
  report->add_option("--seeds", rep.seeds, "seeds per profile, from the scenario's own")->check(kWhole)->check(CLI::Range(1, 1000000));
  report->add_option("--jobs", rep.jobs, "parallel runs (default: the number of cores)")->check(kWhole)->check(CLI::Range(1u, 1024u));
  report->add_option("--out", rep.out, "output directory")->required();
  std::string reportShard;
  report->add_option("--shard", reportShard, "run slice i of N (i/N) and write a partial result for `syncsim merge`");

  FleetOptions flt;
  flt.jobs = chk.sweep.jobs;
  std::string fleetStrategies;
  auto* fleet = app.add_subcommand("fleet", "Many browsers against one backend of finite capacity: the retry storm after an outage");
  fleet->add_option("--browsers", flt.browsers, "simulated browsers")->check(kWhole)->check(CLI::Range(1u, 1000000u));
  fleet->add_option("--strategies", fleetStrategies, "comma-separated strategies (default: all four)");
  fleet->add_option("--hours", flt.hours, "workload hours (t = 0 is midnight; reviews 09:00-18:00)")->check(CLI::Range(1.0, 72.0));
  fleet->add_option("--capacity", flt.capacity, "requests the backend serves per second (0: unlimited)")->check(kWhole);
  fleet->add_option("--outage-at", flt.outageAtHours, "hour the backend outage starts")->check(CLI::Range(0.0, 72.0));
  fleet->add_option("--outage-minutes", flt.outageMinutes, "outage length in minutes (0: none)")->check(CLI::Range(0.0, 1440.0));
  fleet->add_option("--seed", flt.seed, "seed")->check(kWhole);
  fleet->add_option("--jobs", flt.jobs, "strategies run in parallel")->check(kWhole)->check(CLI::Range(1u, 1024u));
  fleet->add_option("--out", flt.out, "output directory")->required();

  std::vector<std::string> mergeFiles;
  std::string mergeOut;
  bool mergeJson = false;
  auto* merge = app.add_subcommand("merge", "Combine the partial results of sharded check or report runs");
  merge->add_option("files", mergeFiles, "partial-*.json files, one per shard")->required();
  merge->add_option("--out", mergeOut, "output directory (check: replay files; report: the report)")->required();
  merge->add_flag("--json", mergeJson, "check: print one JSON object");

  GateCommandOptions gate;
  gate.jobs = chk.sweep.jobs;
  std::string gateStrategies = "hardened";
  auto* gateCmd = app.add_subcommand(
      "gate", "CI gate: the library against its expectations, a swarm of the shipped strategies, the checker's self-test; "
              "writes junit.xml, summary.md and failures/ (exit 0 passed, 1 violation, 3 hash differs, 4 expectation changed)");
  gateCmd->add_option("--strategies", gateStrategies, "comma-separated shipped strategies, swarm-tested (ts:NAME: its TypeScript)");
  gateCmd->add_option("--extension", gate.extension, "ship this JavaScript bundle (a team's background script) too");
  gateCmd->add_option("--claims", gate.claims, "whose expectations, retry policy and bounds judge --extension");
  gateCmd->add_option("--seeds", gate.seeds, "swarm seeds per shipped strategy (0: no swarm)")->check(kWhole)->check(CLI::Range(std::uint64_t{0}, syncsim::sim::kMaxSweepSeeds));
  gateCmd->add_option("--swarm", gate.swarm, "which swarm: wide (default) or classic");
  gateCmd->add_option("--from", gate.from, "first swarm seed")->check(kWhole);
  gateCmd->add_option("--block", gate.block, "swarm seeds per JUnit test case")->check(kWhole)->check(CLI::Range(std::uint64_t{1}, syncsim::sim::kMaxSweepSeeds));
  gateCmd->add_option("--dir", gate.dir, "scenario library to hold to its expectations (default: the built-in one)");
  gateCmd->add_option("--jobs", gate.jobs, "parallel runs (default: the number of cores)")->check(kWhole)->check(CLI::Range(1u, 1024u));
  gateCmd->add_option("--out", gate.out, "output directory: junit.xml, summary.md, failures/*.json");
  gateCmd->add_flag("--no-library", gate.noLibrary, "skip the library suite");
  gateCmd->add_flag("--no-mutants", gate.noMutants, "skip the checker's self-test");

  std::string swarmName = "wide", swarmOut;
  std::uint64_t swarmSeed = 1;
  auto* swarmCmd = app.add_subcommand("swarm", "Print the world a swarm seed draws; --out writes it as a scenario file");
  swarmCmd->add_option("--seed", swarmSeed, "the seed")->check(kWhole);
  swarmCmd->add_option("--swarm", swarmName, "wide (default) or classic");
  swarmCmd->add_option("--out", swarmOut, "write the world here as a scenario file");

  std::vector<std::string> conformanceFiles;
  std::string conformanceOut;
  auto* conformance = app.add_subcommand(
      "conformance", "Compare the world model with a real-Chromium measurement (tests/conformance, conformance.json)");
  conformance->add_option("files", conformanceFiles,
                          "conformance.json written by tests/conformance/run.mjs; several runs are judged together "
                          "(a latency against the union of their ranges)")
      ->required();
  conformance->add_option("--out", conformanceOut, "also write the table as Markdown here (docs/conformance.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitBadInput;
  }

  if (runCmd->parsed()) return finish_world_options(runCmd, run) ? run_command(run.o) : kExitBadInput;
  if (explainCmd->parsed())
    return finish_world_options(explainCmd, explain) ? explain_command(explain.o, explainViolation, explainLines) : kExitBadInput;
  if (replayCmd->parsed()) {
    if (replayCmd->count("--mutant")) replay.mutant = replayMutant;
    return replay_command(replay);
  }
  if (gateCmd->parsed()) {
    gate.strategies.clear();
    std::stringstream ss(gateStrategies);
    for (std::string s; std::getline(ss, s, ',');)
      if (!s.empty()) gate.strategies.push_back(s);
    std::string line = "syncsim";
    for (int i = 1; i < argc; ++i) line += std::string(" ") + argv[i];
    return gate_command(gate, line);
  }
  if (check->parsed()) {
    if (chk.sweep.strategy.empty() == chk.extension.empty()) {
      std::cerr << "syncsim: check: expected one of --strategy and --extension, found "
                << (chk.extension.empty() ? "neither" : "both") << "\n";
      return kExitBadInput;
    }
    std::string error;
    if (!resolve_shard(checkShard, chk.sweep.shard, chk.sweep.shards, error)) {
      std::cerr << "syncsim: " << error << "\n";
      return kExitBadInput;
    }
    return check_command(chk);
  }
  if (merge->parsed()) return merge_command(mergeFiles, mergeJson, mergeOut);
  if (swarmCmd->parsed()) return swarm_command(swarmName, swarmSeed, swarmOut);
  if (conformance->parsed()) return conformance_command(conformanceFiles, conformanceOut);
  if (fleet->parsed()) {
    std::stringstream ss(fleetStrategies);
    for (std::string s; std::getline(ss, s, ',');)
      if (!s.empty()) flt.strategies.push_back(s);
    return fleet_command(flt);
  }
  if (list->parsed()) return scenarios_list_command(listDir);
  if (validate->parsed()) return scenarios_validate_command(validateFiles);
  if (record->parsed()) return scenarios_record_command(recordFiles, recordUpdate);
  if (report->parsed()) {
    std::stringstream ss(strategies);
    for (std::string s; std::getline(ss, s, ',');)
      if (!s.empty()) rep.strategies.push_back(s);
    std::string error;
    if (!resolve_shard(reportShard, rep.shard, rep.shards, error)) {
      std::cerr << "syncsim: " << error << "\n";
      return kExitBadInput;
    }
    std::stringstream ps(profiles);
    for (std::string s; std::getline(ps, s, ',');)
      if (!s.empty()) rep.profiles.push_back(s);
    return report_command(rep);
  }
  return kExitBadInput;
}
