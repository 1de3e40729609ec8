#pragma once
// Guided search: faults placed at the moments the extension awaits, so a rare window does not
// depend on luck. A uniform swarm seed hits "the worker dies while the answer to a start is on
// its way" or "between saveSession and the queue save" only when a random crash happens to
// land in a window a few milliseconds wide. A guided seed first runs its swarm world once with
// a probe on the trace (sim/runtime/trace.hpp, TraceTap) that samples, for each kind of moment
// (a storage.set of one key landing, a get answering, the answer to one endpoint arriving with
// one outcome, the server handling one endpoint, one handler starting, a cold start), a
// reservoir of its occurrences. It then draws a kind uniformly - a kind seen once a day is as
// likely as the pings' storage writes - and one occurrence of it, and places a fault there: a
// worker crash (alone, or with in-flight storage sets lost), a browser restart (alarms lost or
// kept), a graceful quit, a device sleep or going offline. Up to 3 faults, each drawn from a
// probe of the world with the ones before it, after them. The world is deterministic, so the
// run with a fault is its probed run up to that fault, and the fault lands at that exact moment:
// a fault scheduled at the world's start runs before every event of its millisecond, so "at" a
// moment means the worker has issued the operation and not yet seen it complete; a drawn offset
// of 1-3 ms lands it just after. A seed costs one run per placement more than a uniform one.
#include <cstdint>
#include <string>
#include <vector>

#include "core/strategy.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

struct GuidedWorld {
  WorldParams world;                    // the swarm world with the placed faults scheduled
  std::vector<std::string> placements;  // per placed fault: what, when, and at which moment
};

// The guided world of seed `seed` for `strategy`, from its swarm world `base` (a function of
// the three: the probe and the draws are seeded by `seed`).
GuidedWorld guided_world(const WorldParams& base, std::uint64_t seed, const core::StrategyConfig& strategy);

}  // namespace syncsim::sim
