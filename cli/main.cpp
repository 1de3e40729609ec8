// syncsim: the command line engineers and CI run.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/strategy.hpp"
#include "reports/summary.hpp"
#include "sim/world.hpp"

using namespace syncsim;

int main(int argc, char** argv) {
  CLI::App app{"syncsim: deterministic simulation of the session-sync plan"};
  app.require_subcommand(1);

  std::string strategyName = "approach2";
  std::uint64_t seed = 1;
  double hours = 24;
  bool json = false;
  auto* run = app.add_subcommand("run", "Run the default world for one strategy and check the properties");
  run->add_option("--strategy", strategyName, "baseline | approach1 | approach2 | hardened");
  run->add_option("--seed", seed, "run seed");
  run->add_option("--hours", hours, "simulated workload length in hours")->check(CLI::PositiveNumber);
  run->add_flag("--json", json, "print one JSON object");

  CLI11_PARSE(app, argc, argv);

  if (run->parsed()) {
    auto strategy = core::strategy_by_name(strategyName);
    if (!strategy) {
      std::cerr << "syncsim: unknown strategy '" << strategyName
                << "' (expected baseline, approach1, approach2 or hardened)\n";
      return 2;
    }
    sim::WorldParams p;
    p.seed = seed;
    p.durationMs = static_cast<sim::Time>(hours * static_cast<double>(sim::kHour));
    sim::RunResult r = sim::run_world(p, *strategy);
    reports::RunInfo info{"default", std::string(strategy->name), seed};
    if (json) std::cout << reports::run_json(info, r).dump(2) << "\n";
    else std::cout << reports::run_text(info, r);
    return r.violations.empty() ? 0 : 1;
  }
  return 0;
}
