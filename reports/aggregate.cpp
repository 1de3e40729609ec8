#include "aggregate.hpp"

#include <algorithm>

namespace syncsim::reports {

void Aggregate::add(const RunRow& r) {
  ++runs;
  if (!r.violated.empty()) ++failingRuns;
  if (!r.matchesExpectation) ++unexpected;
  for (auto p : r.violated) ++runsViolating[static_cast<std::size_t>(p)];
  const auto& m = r.metrics;
  latencies.add_all(m.latencies);
  handler.add_all(m.endHandlerMs);
  ended += m.sessionsEnded;
  completed += m.sessionsCompleted;
  for (auto l : m.latencies) within2s += l <= 2000 ? 1 : 0;
  std::uint64_t runRequests = 0;
  for (std::size_t e = 0; e < sim::kEndpoints; ++e) {
    runRequests += m.requests[e];
    byEndpoint[e] += m.requests[e];
  }
  requests += runRequests;
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
  const double runHours = static_cast<double>(m.simulatedMs) / static_cast<double>(sim::kHour);
  hours += runHours;
  workloadHours += static_cast<double>(r.workloadMs) / static_cast<double>(sim::kHour);
  dashboardError += m.dashboardErrorSessionHours;
  maxStorageGrowth = std::max(maxStorageGrowth, m.storageGrowthBytes);
  totalStorageGrowth += m.storageGrowthBytes;
  pendingAfterDrain += m.pendingAtEnd;
  peakStorage = std::max(peakStorage, m.peakStorageBytes);
  peakPending = std::max(peakPending, m.peakPendingSessions);
  if (runHours > 0) {
    requestsPerHour.add(static_cast<double>(runRequests) / runHours);
    wakeupsPerHour.add(static_cast<double>(m.workerWakeups) / runHours);
  }
  stuckPerRun.add(static_cast<double>(m.stuckAtEnd));
  dashboardErrorPerRun.add(m.dashboardErrorSessionHours);
}

std::vector<sim::Property> Aggregate::violated() const {
  std::vector<sim::Property> out;
  for (auto p : sim::kAllProperties)
    if (violating(p)) out.push_back(p);
  return out;
}

}  // namespace syncsim::reports
