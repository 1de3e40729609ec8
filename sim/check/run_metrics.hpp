#pragma once
// A run's figures at the current time: what Metrics recorded while it ran, and what is derived
// at the end from the ground truth, the server's table, storage and the retry ledger (latency,
// completion, duplicates, retry gaps, malformed sessions, storage growth). Definitions:
// reports/README.md.
#include "sim/world/metrics.hpp"

namespace syncsim::sim {

class World;

RunMetrics run_metrics(const World& w);

}  // namespace syncsim::sim
