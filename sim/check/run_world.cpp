#include "sim/check/run_world.hpp"

#include "sim/check/checker.hpp"
#include "sim/check/run_metrics.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

RunResult judge(const World& w) {
  RunResult r;
  r.violations = check_properties(w);
  r.traceHash = w.trace.hash();
  r.traceEvents = w.trace.count();
  r.metrics = run_metrics(w);
  return r;
}

RunResult run_world(const WorldParams& params, const core::StrategyConfig& strategy, bool keepTrace) {
  World w(params, strategy, keepTrace);
  w.run();
  return judge(w);
}

}  // namespace syncsim::sim
