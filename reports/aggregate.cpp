#include "aggregate.hpp"

namespace syncsim::reports {

void Aggregate::add(const RunRow& r) {
  ++runs;
  if (!r.violated.empty()) ++failingRuns;
  if (!r.matchesExpectation) ++unexpected;
  violated.insert(r.violated.begin(), r.violated.end());
  const auto& m = r.metrics;
  latencies.insert(latencies.end(), m.latencies.begin(), m.latencies.end());
  handler.insert(handler.end(), m.endHandlerMs.begin(), m.endHandlerMs.end());
  ended += m.sessionsEnded;
  completed += m.sessionsCompleted;
  for (auto l : m.latencies) within2s += l <= 2000 ? 1 : 0;
  for (std::size_t e = 0; e < sim::kEndpoints; ++e) {
    requests += m.requests[e];
    byEndpoint[e] += m.requests[e];
  }
  stuck += m.stuckAtEnd;
  duplicates += m.duplicates;
  deadLettered += m.deadLettered;
  wakeups += m.workerWakeups;
  retryAttempts += m.retryAttempts;
  alarmFires += m.alarmFires;
  gapPairs += m.retryGapPairs;
  gapIncreases += m.retryGapIncreases;
  malformed += m.malformedSessions;
  malformedInDlq += m.malformedInDeadLetter;
  malformedAttempts += m.malformedAttempts;
  hours += static_cast<double>(m.simulatedMs) / static_cast<double>(sim::kHour);
  workloadHours += static_cast<double>(r.workloadMs) / static_cast<double>(sim::kHour);
  dashboardError += m.dashboardErrorSessionHours;
  maxStorageGrowth = std::max(maxStorageGrowth, m.storageGrowthBytes);
  totalStorageGrowth += m.storageGrowthBytes;
  if (!m.samples.empty()) pendingAfterDrain += m.samples.back().pendingQueue;
  peakStorage = std::max(peakStorage, m.peakStorageBytes);
  peakPending = std::max(peakPending, m.peakPendingSessions);
}

}  // namespace syncsim::reports
