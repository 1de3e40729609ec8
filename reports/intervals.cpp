#include "intervals.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace syncsim::reports {

std::string percent_text(double x) {
  if (x <= 0) return "0";
  if (x >= 100) return "100";
  if (x >= 10) return fmt::format("{:.0f}", x);
  if (x >= 1) return fmt::format("{:.1f}", x);
  if (x >= 0.1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3f}", x);
}

std::string percent_range(Interval i) { return percent_text(100.0 * i.lo) + "–" + percent_text(100.0 * i.hi) + " %"; }

Interval wilson(std::uint64_t k, std::uint64_t n) {
  if (n == 0) return {0.0, 1.0};
  constexpr double z = 1.959963984540054;
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  // At k = 0 or k = n the bound is exactly 0 or 1; do not let rounding say otherwise.
  return {k == 0 ? 0.0 : std::max(0.0, centre - half), k == n ? 1.0 : std::min(1.0, centre + half)};
}

void RunningStat::add(double x) {
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

double RunningStat::stddev() const { return n_ > 1 ? std::sqrt(m2_ / static_cast<double>(n_ - 1)) : 0.0; }

Interval RunningStat::ci95() const {
  if (n_ < 2) return {mean_, mean_};
  // t(0.975, df) for df = 1..30; above, the Cornish-Fisher expansion around the normal
  // quantile (error below 0.001 there).
  static constexpr double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  const std::uint64_t df = n_ - 1;
  constexpr double z = 1.959963984540054;
  const double d = static_cast<double>(df);
  const double q = df <= 30 ? t[df - 1]
                            : z + (z * z * z + z) / (4 * d) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
  const double half = q * stddev() / std::sqrt(static_cast<double>(n_));
  return {mean_ - half, mean_ + half};
}

}  // namespace syncsim::reports
