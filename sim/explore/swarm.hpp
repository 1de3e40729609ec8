#pragma once
// Swarm exploration (Groce et al., "Swarm testing"): each seed enables its own random subset of
// fault kinds at its own rates, so runs differ in which faults they stress, not only when.
// Shrinking a failing swarm world: sim/explore/shrink.hpp.
#include <cstdint>

#include "sim/world/params.hpp"

namespace syncsim::sim {

// The world of swarm seed `seed` (a function of the seed alone).
WorldParams swarm_world(std::uint64_t seed);

}  // namespace syncsim::sim
