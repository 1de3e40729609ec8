#pragma once
// A run and its verdict: build a World, run it (workload, heal, drain), judge it.
#include <cstdint>
#include <vector>

#include "core/strategy.hpp"
#include "sim/check/violation.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class World;

struct RunResult {
  std::uint64_t traceHash = 0;
  std::uint64_t traceEvents = 0;
  std::vector<Violation> violations;
  RunMetrics metrics;
};

// The verdict on a world at the current time: trace hash, violated properties, figures.
RunResult judge(const World& w);

// Build, run and judge.
RunResult run_world(const WorldParams& params, const core::StrategyConfig& strategy, bool keepTrace = false);

}  // namespace syncsim::sim
