#pragma once
// Swarm exploration (Groce et al., "Swarm testing"): each seed enables its own random subset of
// fault kinds at its own rates, so runs differ in which faults they stress, not only when.
// And shrinking: a failing world is made explicit (its day and its faults listed), then
// reduced fault by fault and review by review while it still violates the same property.
#include <cstdint>
#include <vector>

#include "core/strategy.hpp"
#include "sim/checker.hpp"
#include "sim/params.hpp"

namespace syncsim::sim {

// The world of swarm seed `seed` (a function of the seed alone).
WorldParams swarm_world(std::uint64_t seed);

// The same run with the user's day and every random fault written out.
WorldParams materialize(const WorldParams& p);

// A smaller world that still violates `target` under `strategy` (`p` must violate it).
WorldParams shrink(const WorldParams& p, const core::StrategyConfig& strategy, Property target);

}  // namespace syncsim::sim
