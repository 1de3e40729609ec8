#include "sim/explore/gate.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/failure_groups.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/explore/self_test.hpp"
#include "sim/explore/sweep.hpp"

namespace syncsim::sim {

namespace {

void library_suite(const GateOptions& o, const std::function<void(GateCase&&)>& done) {
  for (const auto& file : scenario_files(o.libraryDir, true)) {
    const std::string rel = std::filesystem::relative(file, o.libraryDir).string();
    const ScenarioLoad l = load_scenario(file);
    if (!l.scenario) throw std::invalid_argument("gate: malformed scenario file " + file + " (see gate_library_errors)");
    const Scenario& s = *l.scenario;
    // The four C++ strategies against their own expectations, then the shipped ts:/js: ones
    // against their claims'.
    std::vector<GateStrategy> runs;
    for (const auto& st : core::all_strategies()) runs.push_back({std::string(st.name), std::string(st.name)});
    for (const auto& sh : o.shipped)
      if (!core::strategy_by_name(sh.name)) runs.push_back(sh);
    for (const auto& run : runs) {
      if (!s.expect.count(run.claims)) continue;  // no expectation recorded: nothing to gate
      auto strategy = sweep_strategy(run.name, run.name.starts_with("js:") || run.name.starts_with("ts:") ? "" : s.mutant);
      if (!strategy) throw std::invalid_argument("gate: unknown strategy " + run.name);
      GateCase c{"library", fmt::format("{} x {}", rel, run.name), GateOutcome::Pass, "", "", {}};
      const RunResult r = run_world(s.params, *strategy);
      std::string why;
      const std::string replay = fmt::format("syncsim run {} --strategy {}", file, run.name);
      if (!matches_expectation(s, run.claims, r.violations, why)) {
        c.outcome = GateOutcome::ExpectationChanged;
        c.message = run.claims == run.name ? why : fmt::format("{} (the expectation of {}, which it claims)", why, run.claims);
        for (const auto& v : r.violations)
          c.detail += fmt::format("[{}] {}\n", property_name(v.property), v.detail);
        c.detail += "replay: " + replay + "\n";
      } else if (run.name == s.strategy && s.traceHash && r.traceHash != *s.traceHash) {
        c.outcome = GateOutcome::ReplayDiffers;
        c.message = fmt::format("trace hash differs: recorded {}, got {}", format_trace_hash(*s.traceHash),
                                format_trace_hash(r.traceHash));
        c.detail = fmt::format("recorded by {}; the verdict still matches its expectation ({}).\n"
                               "If the model changed on purpose, re-record: syncsim scenarios record --update {}\n",
                               s.recordedBy.empty() ? "an unrecorded build" : s.recordedBy, failure_signature(violated_properties(r.violations)), file);
      }
      done(std::move(c));
    }
  }
}

void swarm_suite(const GateOptions& o, const std::function<void(GateCase&&)>& done) {
  for (const auto& sh : o.shipped) {
    const auto strategy = sweep_strategy(sh.name, "");
    if (!strategy) throw std::invalid_argument("gate: unknown strategy " + sh.name);
    for (std::uint64_t k = 0; k < o.seeds; k += o.block) {
      SweepOptions so;
      so.strategy = sh.name;
      so.swarm = o.swarmKind;
      if (!so.swarm.idempotency && strategy->needsIdempotencyKey) so.swarm.idempotency = IdempotencyMode::Key;
      so.from = o.from + k;
      so.seeds = std::min(o.block, o.seeds - k);
      so.jobs = o.jobs;
      const Sweep sweep = run_sweep(so);
      const FailureGroups g = group_failures(sweep);
      GateCase c{"swarm", fmt::format("{} {}{} seeds {}..{}", sh.name, swarm_name(o.swarmKind.kind), so.swarm.idempotency ? fmt::format(" (idempotency {})", idempotency_name(*so.swarm.idempotency)) : "", so.from, so.from + so.seeds - 1), GateOutcome::Pass, "", "", {}};
      if (g.failing) {
        c.outcome = GateOutcome::Violation;
        c.message = fmt::format("{} of {} seeds violate a property", g.failing, g.runs);
        for (const auto& [prop, runs] : g.byProperty) c.detail += fmt::format("{}: {} runs\n", prop, runs);
        // Each group shrinks on its own thread; the cases keep group order.
        c.found.resize(g.groups.size());
        parallel_for(g.groups.size(), o.jobs, [&](std::size_t i) { c.found[i] = found_case(*strategy, g.groups[i]); });
        for (std::size_t i = 0; i < g.groups.size(); ++i)
          c.detail += fmt::format("{} ({} runs, first at seed {}): shrunk to {}.json\n", g.groups[i].signature,
                                  g.groups[i].runs, g.groups[i].firstSeed, c.found[i].name);
      }
      done(std::move(c));
    }
  }
}

void mutant_suite(const GateOptions& o, const std::function<void(GateCase&&)>& done) {
  for (const auto& t : self_test_cases()) {
    const SelfTestResult r = run_self_test(t, o.selfTestDir);
    GateCase c{"mutants", fmt::format("{} in {} on {}", core::mutation_name(t.mutation), t.strategy, t.scenario),
               GateOutcome::Pass, "", r.detail, {}};
    if (!r.caught) {
      c.outcome = GateOutcome::ExpectationChanged;
      c.message = r.detail;
      c.detail = fmt::format("syncsim run {}/{}.json --strategy {} --mutant {}\n", o.selfTestDir, t.scenario, t.strategy,
                             core::mutation_name(t.mutation));
    }
    done(std::move(c));
  }
}

}  // namespace

void run_gate(const GateOptions& o, const std::function<void(GateCase&&)>& done) {
  if (o.library) library_suite(o, done);
  if (o.swarm) swarm_suite(o, done);
  if (o.mutants) mutant_suite(o, done);
}

std::vector<std::string> gate_library_errors(const std::string& dir) {
  std::vector<std::string> errors;
  const auto files = scenario_files(dir, true);
  if (files.empty()) errors.push_back("--dir: expected scenario files (*.json) under " + dir + ", found none");
  for (const auto& f : files)
    for (const auto& e : load_scenario(f).errors) errors.push_back(e.message());
  return errors;
}

int gate_exit_status(const std::vector<GateOutcome>& outcomes) {
  const auto any = [&](GateOutcome x) { return std::find(outcomes.begin(), outcomes.end(), x) != outcomes.end(); };
  if (any(GateOutcome::Violation)) return 1;
  if (any(GateOutcome::ExpectationChanged)) return 4;
  if (any(GateOutcome::ReplayDiffers)) return 3;
  return 0;
}

}  // namespace syncsim::sim
