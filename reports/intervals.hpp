#pragma once
// 95 % intervals for the report's figures, computed as the runs stream in (bounded memory).
// Methods and their assumptions: reports/README.md ("Intervals").
#include <cstdint>
#include <string>

namespace syncsim::reports {

struct Interval {
  double lo = 0, hi = 0;
};

// A percentage for people: "100", "97", "4.6", "0.15", "0.007"; never an exponent.
std::string percent_text(double percent);
// "lo–hi %" of an interval of shares in [0, 1].
std::string percent_range(Interval share);

// Wilson score interval for k successes in n trials (n > 0); [0, 1] when n == 0.
Interval wilson(std::uint64_t k, std::uint64_t n);

// Mean and variance of one figure over runs (Welford), with a Student-t interval of the mean.
class RunningStat {
 public:
  void add(double x);
  std::uint64_t count() const { return n_; }
  double mean() const { return mean_; }
  double stddev() const;
  // mean -/+ t(0.975, n-1) * s / sqrt(n); the point itself when n < 2.
  Interval ci95() const;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

}  // namespace syncsim::reports
