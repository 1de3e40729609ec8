#pragma once
// The syncsim subcommands. Exit status everywhere (kExitCodesHelp, shown by --help):
// 0 all properties hold (or the command succeeded), 1 a property is violated, 2 bad input or
// usage, 3 a replay did not reproduce its recorded trace hash, 4 a result differs from its
// recorded expectation (or a planted defect was not caught).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/partial.hpp"
#include "sim/explore/sweep.hpp"

namespace syncsim::cli {

constexpr int kExitOk = 0;
constexpr int kExitViolation = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitReplayDiffers = 3;
constexpr int kExitExpectationChanged = 4;
inline constexpr const char* kExitCodesHelp =
    "Exit status: 0 all properties hold (or the command succeeded); 1 a property is violated; 2 bad input or "
    "usage; 3 replay: the trace hash differs from the recorded one; 4 a result differs from its recorded "
    "expectation (report, gate), or a planted defect was not caught (gate).";

// --extension PATH --claims NAME: registers the bundle (sim/js/js_extension.hpp) and returns
// its strategy name ("js:<file name>"); nullopt (and a message) on bad input.
std::optional<std::string> use_extension(const std::string& path, const std::string& claims);
constexpr const char* kDefaultClaims = "approach2";  // the plan's retry policy: the team's code is the plan

struct RunOptions {
  std::string file;
  std::optional<std::string> strategy;
  std::string extension;  // --extension (instead of --strategy)
  std::string claims = kDefaultClaims;
  std::optional<std::uint64_t> seed;
  std::string tracePath;
  std::string traceFormat;  // jsonl | chrome (default from the extension: .jsonl or .json)
  std::optional<std::string> mutant;  // --mutant: a planted defect (default: the file's "mutant")
  bool expect = false;  // --expect: exit 0 when the run matches the file's expectation, 4 (3: hash) when not
  bool json = false;
};
int run_command(const RunOptions& o);
// syncsim explain: the run of `run`, with its trace kept, and the story of its violation number
// `violation` (1-based) printed (reports/explain.hpp). Exit 1 when it told one, 0 when every
// property holds, 2 on bad input.
int explain_command(const RunOptions& o, std::size_t violation, std::size_t maxLines);

struct ReplayOptions {
  std::string file;
  std::optional<std::string> mutant;  // overrides the file's "mutant"
  std::string tracePath;
  std::string traceFormat;
  bool json = false;
};
int replay_command(const ReplayOptions& o);

// The scenario library shipped with this binary (installed: <prefix>/share/syncsim/scenarios).
std::string builtin_scenario_dir();
// SYNCSIM_SCENARIOS, or the built-in library.
std::string default_scenario_dir();
int scenarios_list_command(const std::string& dir);
int scenarios_validate_command(const std::vector<std::string>& files);
// Shows how each file's expectations and trace hash would change; writes them with `update`.
// Exit 4 when something would change and `update` is false.
int scenarios_record_command(const std::vector<std::string>& files, bool update);

struct CheckOptions {
  sim::SweepOptions sweep;  // strategy, mutant, seeds, from, jobs, shard i/N
  std::string swarm = "wide";
  std::string idempotency;  // --idempotency: force one backend mode on every world
  std::string search = "uniform";  // --search guided: faults placed where the strategy awaits
  std::string extension;    // --extension (instead of --strategy)
  std::string claims = kDefaultClaims;
  bool json = false;
  std::string outDir;
};
int check_command(const CheckOptions& o);

// --shard i/N, or the array-job environment (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT,
// Kubernetes Indexed Jobs' JOB_COMPLETION_INDEX with SYNCSIM_SHARDS); false and a message on
// bad input.
bool resolve_shard(const std::string& flag, std::uint64_t& shard, std::uint64_t& shards, std::string& error);

// syncsim merge: partial results of sharded check or report runs -> what one run writes.
int merge_command(const std::vector<std::string>& files, bool json, const std::string& outDir);

struct ReportOptions {
  std::string dir;
  std::vector<std::string> strategies;
  std::string extension;    // --extension: one more strategy, the bundle
  std::string claims = kDefaultClaims;
  std::vector<std::string> profiles;  // scenario names in `dir`; empty: all of them
  int seeds = 200;  // about 30 s on 2 cores for the library (reports/README.md)
  unsigned jobs = 1;
  std::string out;
  std::uint64_t shard = 0;
  std::uint64_t shards = 1;
};
int report_command(const ReportOptions& o);

struct FleetOptions {
  std::vector<std::string> strategies;
  std::uint32_t browsers = 10000;
  double hours = 12;
  std::uint32_t capacity = 400;
  double outageAtHours = 11;
  double outageMinutes = 10;
  std::uint64_t seed = 1;
  unsigned jobs = 1;
  std::string out;
};
int fleet_command(const FleetOptions& o);

struct GateCommandOptions {
  std::string dir;                                  // the scenario library (default: the built-in one)
  std::vector<std::string> strategies{"hardened"};  // shipped: swarm-tested
  std::string extension;                            // --extension: a team's bundle, shipped too
  std::string claims = kDefaultClaims;
  std::string swarm = "wide";
  std::uint64_t from = 1, seeds = 10000, block = 1000;
  unsigned jobs = 1;
  std::string out = "out/gate";
  bool noLibrary = false, noSwarm = false, noMutants = false;
};
int gate_command(const GateCommandOptions& o, const std::string& commandLine);

// syncsim swarm --seed N [--swarm NAME] [--out FILE]: the world a swarm seed draws.
int swarm_command(const std::string& swarmName, std::uint64_t seed, const std::string& out);

// syncsim conformance FILE...: the model against tests/conformance's measurements; --out writes
// docs/conformance.md.
int conformance_command(const std::vector<std::string>& files, const std::string& out);

// Writes a shard's partial result as DIR/partial-KIND-i-of-N.json (whole or not at all) and
// says so.
int write_partial(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards,
                  std::size_t runs, const std::string& json);

// Whether `dir` can hold a shard's partial file: absent or a directory (other shards' partials
// may be there); false and `error` ("--out: ...") if not.
bool partial_dir_usable(const std::string& dir, std::string& error);

// A C++ strategy or ts:NAME, with the planted defect `mutant` if one is named; nullopt (and a
// message naming the option or field `where`) if either is unknown.
std::optional<core::StrategyConfig> resolve_strategy(const std::string& name, const std::string& mutant,
                                                     const std::string& where);

// --strategies: empty means all four; false (and a message) if a name is unknown.
bool resolve_strategy_list(std::vector<std::string>& names);

// The merge halves (check_command.cpp, report_command.cpp), given the partial files read.
int merge_check(const sim::Partials& parts, bool json, const std::string& outDir);
int merge_report(const sim::Partials& parts, const std::string& outDir);

}  // namespace syncsim::cli
