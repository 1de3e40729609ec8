#pragma once
// A distribution of millisecond values in bounded memory, so a report of any number of seeds
// aggregates as it goes: exact below 1,024 ms (every threshold the plan states is below that
// or is counted exactly elsewhere), then 64 buckets per power of two, so a percentile above
// 1,024 ms is rounded down by less than 1/64 (1.6 %). Methods: reports/README.md.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "sim/runtime/time.hpp"

namespace syncsim::reports {

class Histogram {
 public:
  void add(sim::Time v);
  void add_all(const std::vector<sim::Time>& vs) {
    for (auto v : vs) add(v);
  }
  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Nearest-rank percentile, p in [0, 100]: the value of rank ceil(p/100 * n) (at least 1).
  std::optional<sim::Time> percentile(double p) const;
  // A distribution-free 95 % interval for that percentile: the values of the order statistics
  // at ranks n*p -/+ 1.96 sqrt(n*p*(1-p)) (normal approximation of the binomial).
  std::optional<std::pair<sim::Time, sim::Time>> percentile_interval(double p) const;
  // The value of rank r (1-based, clamped to [1, n]); the histogram must not be empty.
  sim::Time at_rank(std::uint64_t r) const;
  // (value, values <= it) per non-empty bucket, in order.
  std::vector<std::pair<sim::Time, std::uint64_t>> cumulative() const;

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
};

}  // namespace syncsim::reports
