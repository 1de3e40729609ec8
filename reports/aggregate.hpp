#pragma once
// Figures summed over a set of runs (one strategy on one profile, or on all of them), in memory
// that does not grow with the number of runs: counters, histograms and running statistics.
#include <array>
#include <vector>

#include "histogram.hpp"
#include "intervals.hpp"
#include "report.hpp"

namespace syncsim::reports {

struct Aggregate {
  std::size_t runs = 0;
  std::size_t failingRuns = 0;
  std::size_t unexpected = 0;
  std::array<std::size_t, sim::kAllProperties.size() + 1> runsViolating{};  // by Property value
  Histogram latencies;  // end-to-end, over sessions that completed
  Histogram handler;    // endSession handler time per tab close
  std::uint64_t ended = 0, completed = 0, within2s = 0, requests = 0, stuck = 0, duplicates = 0, deadLettered = 0;
  std::uint64_t wakeups = 0, retryAttempts = 0, alarmFires = 0;
  std::uint64_t gapPairs = 0, gapIncreases = 0;
  std::uint64_t malformed = 0, malformedInDlq = 0, malformedAttempts = 0;
  std::array<std::uint64_t, sim::kEndpoints> byEndpoint{};
  double hours = 0, workloadHours = 0, dashboardError = 0, maxStorageGrowth = 0, totalStorageGrowth = 0;
  std::uint64_t pendingAfterDrain = 0;
  std::int64_t peakStorage = 0;
  std::size_t peakPending = 0;
  // Per-run figures, for intervals over seeds.
  RunningStat requestsPerHour, wakeupsPerHour, stuckPerRun, dashboardErrorPerRun;

  void add(const RunRow& r);
  double per_hour(std::uint64_t n) const { return hours > 0 ? static_cast<double>(n) / hours : 0.0; }
  double share_within_2s() const {
    return ended ? static_cast<double>(within2s) / static_cast<double>(ended) : 0.0;
  }
  std::size_t violating(sim::Property p) const { return runsViolating[static_cast<std::size_t>(p)]; }
  // The properties some run violated, in verdict order.
  std::vector<sim::Property> violated() const;
};

}  // namespace syncsim::reports
