#pragma once
// Shrinking: a failing world is made explicit (its day and its faults listed), then reduced
// fault by fault and review by review while it still violates the same property.
#include "core/strategy.hpp"
#include "sim/check/checker.hpp"
#include "sim/explore/failure_groups.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

// The same run with the user's day and every random fault written out.
WorldParams materialize(const WorldParams& p);

// A smaller world that still violates `target` under `strategy` (`p` must violate it).
WorldParams shrink(const WorldParams& p, const core::StrategyConfig& strategy, Property target);

// The swarm world of the group's first seed, shrunk while it still violates the group's first
// property.
WorldParams shrink_failure(const FailureGroup& g, const core::StrategyConfig& strategy);

}  // namespace syncsim::sim
