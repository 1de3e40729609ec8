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

void print_check(const sim::SweepOptions& o, const core::StrategyConfig& strategy, const sim::FailureGroups& g,
                 const std::map<std::string, std::string>& files, bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["strategy"] = o.strategy;
    if (!o.mutant.empty()) j["mutant"] = o.mutant;
    j["swarm"] = std::string(sim::swarm_name(o.swarm.kind));
    if (o.swarm.idempotency) j["idempotency"] = std::string(sim::idempotency_name(*o.swarm.idempotency));
    j["search"] = std::string(sim::search_name(o.swarm.guided));
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
  std::cout << fmt::format("check: strategy {}{}, {} swarm{}{} seeds {}..{}: {} runs, {} with a violation\n", o.strategy,
                           o.mutant.empty() ? "" : " (mutant " + o.mutant + ")", sim::swarm_name(o.swarm.kind),
                           o.swarm.guided ? ", guided search," : "",
                           o.swarm.idempotency ? fmt::format(" (backend idempotency {})", sim::idempotency_name(*o.swarm.idempotency)) : "", o.from, o.from + g.runs - 1, g.runs, g.failing);
  for (const auto& [p, c] : g.byProperty) std::cout << fmt::format("  {:<22} {} runs\n", p, c);
  std::cout << fmt::format("distinct failures: {}\n", g.groups.size());
  for (const auto& d : g.groups)
    std::cout << fmt::format("  {} ({} runs, first at seed {})\n{}    replay: syncsim replay {}\n", d.signature, d.runs, d.firstSeed,
                             o.swarm.describe(d.firstSeed, strategy), files.at(d.signature));
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
  // Each group shrinks on its own thread (a shrink is hundreds of runs); the files are written
  // in group order afterwards, so the output does not depend on --jobs.
  std::vector<sim::FoundCase> found(g.groups.size());
  sim::parallel_for(g.groups.size(), sweep.options.jobs, [&](std::size_t i) { found[i] = sim::found_case(strategy, g.groups[i]); });
  for (std::size_t i = 0; i < g.groups.size(); ++i) {
    const auto& group = g.groups[i];
    const sim::FoundCase& c = found[i];
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
  print_check(sweep.options, strategy, g, files, json);
  return g.failing ? kExitViolation : kExitOk;
}
}  // namespace

// --idempotency all: the same seeds against each backend mode, and which modes the strategy
// needs (the ones where it holds). No replay files: run one mode alone for those.
int check_backend_modes(const sim::SweepOptions& base, bool json) {
  nlohmann::ordered_json modes = nlohmann::ordered_json::array();
  std::string needs;
  std::cout << fmt::format("check: strategy {}, {} swarm seeds {}..{}, against each backend idempotency mode\n", base.strategy,
                           sim::swarm_name(base.swarm.kind), base.from, base.from + base.seeds - 1);
  for (auto mode : {sim::IdempotencyMode::None, sim::IdempotencyMode::EndIdempotent, sim::IdempotencyMode::Key}) {
    sim::SweepOptions so = base;
    so.swarm.idempotency = mode;
    const sim::FailureGroups g = sim::group_failures(sim::run_sweep(so));
    const std::string name(sim::idempotency_name(mode));
    std::string props;
    for (const auto& [p, c] : g.byProperty) props += fmt::format("{}{} {}", props.empty() ? "" : ", ", p, c);
    if (!json) std::cout << fmt::format("  {:<15} {:>7} of {} runs violate a property{}\n", name, g.failing, g.runs,
                                        props.empty() ? "" : " (" + props + ")");
    modes.push_back({{"idempotency", name}, {"runs_with_violations", g.failing}, {"violations_by_property", g.byProperty}});
    if (g.failing == 0) needs += (needs.empty() ? "" : " or ") + name;
  }
  if (json) {
    nlohmann::ordered_json j;
    j["strategy"] = base.strategy;
    j["swarm"] = std::string(sim::swarm_name(base.swarm.kind));
    j["from"] = base.from;
    j["seeds"] = base.seeds;
    j["modes"] = modes;
    j["holds_with"] = needs;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << (needs.empty() ? std::string("it holds with no backend mode\n")
                                : fmt::format("it holds only with a backend whose idempotency is {}\n", needs));
  }
  return needs.empty() ? kExitViolation : kExitOk;
}

int check_command(const CheckOptions& given) {
  CheckOptions o = given;
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return kExitBadInput;
    o.sweep.strategy = *name;
  }
  const auto swarm = sim::swarm_by_name(o.swarm);
  if (!swarm) {
    std::cerr << fmt::format("syncsim: --swarm: expected one of {}, found {}\n", sim::kSwarmNames, o.swarm);
    return kExitBadInput;
  }
  o.sweep.swarm.kind = *swarm;
  const auto guided = sim::search_by_name(o.search);
  if (!guided) {
    std::cerr << fmt::format("syncsim: --search: expected one of {}, found {}\n", sim::kSearchNames, o.search);
    return kExitBadInput;
  }
  o.sweep.swarm.guided = *guided;
  if (!o.idempotency.empty() && o.idempotency != "all") {
    o.sweep.swarm.idempotency = sim::idempotency_by_name(o.idempotency);
    if (!o.sweep.swarm.idempotency) {
      std::cerr << fmt::format("syncsim: --idempotency: expected one of {}, found {}\n", sim::kIdempotencyNames, o.idempotency);
      return kExitBadInput;
    }
  }
  auto strategy = resolve_strategy(o.sweep.strategy, o.sweep.mutant, "--strategy");
  if (!strategy) return kExitBadInput;
  // A strategy is judged against the backends it says it needs; --idempotency all shows the rest.
  if (o.idempotency.empty() && strategy->needsIdempotencyKey) {
    o.sweep.swarm.idempotency = sim::IdempotencyMode::Key;
    if (!o.json) std::cerr << fmt::format("syncsim check: {} needs a backend that honours Idempotency-Key: every world's "
                                          "backend is `key` (--idempotency all: each mode)\n", o.sweep.strategy);
  }
  const sim::SweepOptions& so = o.sweep;
  if (so.from > UINT64_MAX - (so.seeds - 1)) {
    std::cerr << fmt::format("syncsim: --from: expected a first seed whose last seed (from + seeds - 1) fits 64 bits, found {}\n", so.from);
    return kExitBadInput;
  }
  if (o.idempotency == "all") {
    if (so.shards > 1) {
      std::cerr << "syncsim: --idempotency all: expected no --shard (run each mode's shards with --idempotency MODE)\n";
      return kExitBadInput;
    }
    return check_backend_modes(so, o.json);
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
