#pragma once
// The report's figures, gathered as the runs arrive (in index order, so every sum is the same
// whatever the threads or shards): per strategy on each profile and on all of them, plus the
// series the charts draw. Its memory does not grow with the number of seeds.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "report.hpp"

namespace syncsim::reports {

// The profile the time-series charts draw: default-day when selected, else the first. Its
// first seed is the one run of a report that keeps its samples.
std::string representative_profile(const std::vector<std::string>& profiles);

class ReportAccumulator {
 public:
  ReportAccumulator(ReportInfo info, std::vector<std::string> strategies);

  void add(const RunRow& r);

  const ReportInfo& info() const { return info_; }
  const std::vector<std::string>& strategies() const { return strategies_; }
  std::size_t runs() const { return runs_; }
  // One strategy over every profile (empty if it ran nothing).
  const Aggregate& overall(const std::string& strategy) const;
  // One strategy on one profile; nullptr if that pair ran nothing.
  const Aggregate* cell(const std::string& profile, const std::string& strategy) const;
  // The profiles that ran, in the report's order.
  std::vector<std::string> profiles() const;

  // What the time-series charts draw: the representative profile (default-day when selected,
  // else the first), its first seed's samples per strategy, its requests per hour summed over
  // seeds, and retries per hour summed over every run.
  struct Series {
    std::vector<sim::Sample> firstSeed;
    std::vector<std::array<std::uint64_t, sim::kEndpoints>> representativeRequestsPerHour;
    std::size_t representativeRuns = 0;
    std::vector<std::uint64_t> retriesPerHour;
  };
  const std::string& representative() const { return representative_; }
  const Series& series(const std::string& strategy) const;

 private:
  ReportInfo info_;
  std::vector<std::string> strategies_;
  std::string representative_;
  std::size_t runs_ = 0;
  std::map<std::string, Aggregate> overall_;
  std::map<std::string, std::map<std::string, Aggregate>> cells_;  // profile -> strategy
  std::map<std::string, Series> series_;
};

}  // namespace syncsim::reports
