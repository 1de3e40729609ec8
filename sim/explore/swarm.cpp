#include "sim/explore/swarm.hpp"

#include "sim/runtime/random.hpp"

namespace syncsim::sim {

WorldParams swarm_world(std::uint64_t seed) {
  WorldParams p;
  p.seed = seed;
  Rng rng = Rng::stream(seed, "swarm");
  // Each fault kind is in this run's swarm with probability 0.4, at a rate up to 1.5 per hour
  // (crashes up to 4); some runs also lose packets all day and have a busier user.
  for (int k = 0; k < kClassicFaultKinds; ++k) {
    if (!rng.chance(0.4)) continue;
    const double maxRate = static_cast<FaultKind>(k) == FaultKind::WorkerCrash ? 4.0 : 1.5;
    p.faultRates.perHour[k] = 0.05 + rng.uniform01() * maxRate;
  }
  if (rng.chance(0.3)) p.network.requestLoss = rng.uniform01() * 0.05;
  if (rng.chance(0.3)) p.network.responseLoss = rng.uniform01() * 0.05;
  if (rng.chance(0.2)) p.browser.loseInflightSetOnKill = true;
  if (rng.chance(0.2)) p.user.malformedRate = rng.uniform01() * 0.1;
  if (rng.chance(0.3)) p.user.parallelProbability = 0.2 + rng.uniform01() * 0.7;
  if (rng.chance(0.2)) p.user.sessionsPerDay = 40 + rng.uniform01() * 160;
  return p;
}

}  // namespace syncsim::sim
