#pragma once
// Figures summed over a set of runs (one strategy, one profile or all of them).
#include <array>
#include <set>
#include <string>
#include <vector>

#include "report.hpp"

namespace syncsim::reports {

struct Aggregate {
  std::size_t runs = 0;
  std::size_t failingRuns = 0;
  std::size_t unexpected = 0;
  std::set<sim::Property> violated;
  std::vector<sim::Time> latencies;
  std::vector<sim::Time> handler;
  std::uint64_t ended = 0, completed = 0, within2s = 0, requests = 0, stuck = 0, duplicates = 0, deadLettered = 0;
  std::uint64_t wakeups = 0, retryAttempts = 0, alarmFires = 0;
  std::uint64_t gapPairs = 0, gapIncreases = 0;
  std::uint64_t malformed = 0, malformedInDlq = 0, malformedAttempts = 0;
  std::array<std::uint64_t, sim::kEndpoints> byEndpoint{};
  double hours = 0, workloadHours = 0, dashboardError = 0, maxStorageGrowth = 0, totalStorageGrowth = 0;
  std::uint64_t pendingAfterDrain = 0;
  std::int64_t peakStorage = 0;
  std::size_t peakPending = 0;

  void add(const RunRow& r);
  double per_hour(std::uint64_t n) const { return hours > 0 ? static_cast<double>(n) / hours : 0.0; }
  double share_within_2s() const {
    return ended ? static_cast<double>(within2s) / static_cast<double>(ended) : 0.0;
  }
};

}  // namespace syncsim::reports
