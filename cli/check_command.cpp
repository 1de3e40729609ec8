// syncsim check: swarm exploration over many seeds (sim/explore/sweep.hpp), with a minimised
// replay file for each distinct failure. Output is identical whatever --jobs is.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "commands.hpp"
#include "reports/summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/failure_groups.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/output_dir.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/parallel.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/js/js_extension.hpp"

namespace syncsim::cli {

namespace {
std::string out_dir(const std::string& outDir, const std::string& strategy) {
  return outDir.empty() ? "out/check-" + strategy : outDir;
}

void print_check(const sim::SweepOptions& o, const sim::FailureGroups& g, const std::map<std::string, std::string>& files,
                 bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["strategy"] = o.strategy;
    if (!o.mutant.empty()) j["mutant"] = o.mutant;
    j["from"] = o.from;
    j["seeds"] = g.runs;
    j["runs_with_violations"] = g.failing;
    j["violations_by_property"] = g.byProperty;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& d : g.groups)
      list.push_back({{"properties", d.signature}, {"runs", d.runs}, {"first_seed", d.firstSeed}, {"replay_file", files.at(d.signature)}});
    j["distinct_failures"] = list;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("check: strategy {}{}, swarm seeds {}..{}: {} runs, {} with a violation\n", o.strategy,
                           o.mutant.empty() ? "" : " (mutant " + o.mutant + ")", o.from, o.from + g.runs - 1, g.runs, g.failing);
  for (const auto& [p, c] : g.byProperty) std::cout << fmt::format("  {:<22} {} runs\n", p, c);
  std::cout << fmt::format("distinct failures: {}\n", g.groups.size());
  for (const auto& d : g.groups)
    std::cout << fmt::format("  {} ({} runs, first at seed {})\n    replay: syncsim replay {}\n", d.signature, d.runs, d.firstSeed,
                             files.at(d.signature));
}

// The summary and a shrunk replay file per distinct failure: the same for a whole run and for
// merged shards.
int finish_check(const sim::Sweep& sweep, const core::StrategyConfig& strategy, bool json, const std::string& outDir) {
  const sim::FailureGroups g = sim::group_failures(sweep);
  std::map<std::string, std::string> files;  // signature -> replay file
  // The directory is replaced whole: no replay file of an earlier run stays beside these.
  sim::OutputDir dir(outDir, "check");
  std::string error;
  if (!dir.open(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  for (const auto& group : g.groups) {
    const sim::FoundCase c = sim::found_case(strategy, group);
    const std::string name = c.name + ".json";
    if (!sim::write_found_case(dir.file(name), c)) {
      std::cerr << "syncsim: cannot write " << dir.file(name) << "\n";
      return kExitBadInput;
    }
    files[group.signature] = outDir + "/" + name;
  }
  if (!dir.commit(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  print_check(sweep.options, g, files, json);
  return g.failing ? kExitViolation : kExitOk;
}
}  // namespace

int check_command(const CheckOptions& given) {
  CheckOptions o = given;
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return kExitBadInput;
    o.sweep.strategy = *name;
  }
  const sim::SweepOptions& so = o.sweep;
  auto strategy = resolve_strategy(so.strategy, so.mutant, "--strategy");
  if (!strategy) return kExitBadInput;
  if (so.from > UINT64_MAX - (so.seeds - 1)) {
    std::cerr << fmt::format("syncsim: --from: expected a first seed whose last seed (from + seeds - 1) fits 64 bits, found {}\n", so.from);
    return kExitBadInput;
  }
  // --out is checked before any run: a run of hours must not end in "cannot write".
  const std::string dir = out_dir(o.outDir, so.strategy);
  std::string error;
  if (so.shards > 1 ? !partial_dir_usable(dir, error) : !sim::output_dir_usable(dir, error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  const bool progress = isatty(STDERR_FILENO) && !o.json;
  const auto t0 = std::chrono::steady_clock::now();  // for the human-readable timing only
  const sim::Sweep sweep = sim::run_sweep(so, [&](std::size_t done, std::size_t total) {
    if (progress && (done % 256 == 0 || done == total)) std::cerr << fmt::format("\rsyncsim check: {}/{} seeds", done, total) << std::flush;
  });
  if (progress) std::cerr << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << fmt::format("syncsim check: {} seeds in {:.1f} s on {} job(s)\n", sweep.ran, seconds,
                           sim::parallel_jobs(so.jobs, sweep.ran));
  if (so.shards > 1)
    return write_partial(dir, "check", so.shard, so.shards, sweep.ran, sim::check_partial_json(sweep, reports::version_string()).dump(2));
  return finish_check(sweep, *strategy, o.json, dir);
}

int merge_check(const sim::Partials& parts, bool json, const std::string& outDir) {
  std::string error;
  const auto sweep = sim::merge_check_partials(parts, reports::version_string(), error);
  if (!sweep) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  auto strategy = resolve_strategy(sweep->options.strategy, sweep->options.mutant, "--strategy");
  if (!strategy) return kExitBadInput;
  return finish_check(*sweep, *strategy, json, out_dir(outDir, sweep->options.strategy));
}

}  // namespace syncsim::cli
