#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace syncsim::reports {

namespace {
constexpr std::uint64_t kExact = 1024;  // values below are their own bucket
constexpr int kSubBits = 6;             // 64 buckets per power of two above

std::size_t bucket_of(std::uint64_t v) {
  if (v < kExact) return static_cast<std::size_t>(v);
  const int e = std::bit_width(v) - 1;  // >= 10
  const std::uint64_t sub = (v >> (e - kSubBits)) & ((1u << kSubBits) - 1);
  return static_cast<std::size_t>(kExact + static_cast<std::uint64_t>(e - 10) * (1u << kSubBits) + sub);
}

// The smallest value of a bucket.
sim::Time value_of(std::size_t b) {
  if (b < kExact) return static_cast<sim::Time>(b);
  const std::uint64_t k = b - kExact;
  const int e = 10 + static_cast<int>(k >> kSubBits);
  const std::uint64_t sub = k & ((1u << kSubBits) - 1);
  return static_cast<sim::Time>(((1u << kSubBits) + sub) << (e - kSubBits));
}
}  // namespace

void Histogram::add(sim::Time v) {
  const std::size_t b = bucket_of(static_cast<std::uint64_t>(std::max<sim::Time>(v, 0)));
  if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
  ++buckets_[b];
  ++count_;
}

sim::Time Histogram::at_rank(std::uint64_t r) const {
  r = std::clamp<std::uint64_t>(r, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    seen += buckets_[b];
    if (seen >= r) return value_of(b);
  }
  return value_of(buckets_.empty() ? 0 : buckets_.size() - 1);
}

std::optional<sim::Time> Histogram::percentile(double p) const {
  if (!count_) return std::nullopt;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(count_));
  return at_rank(static_cast<std::uint64_t>(std::max(rank, 1.0)));
}

std::optional<std::pair<sim::Time, sim::Time>> Histogram::percentile_interval(double p) const {
  if (!count_) return std::nullopt;
  const double n = static_cast<double>(count_), q = std::clamp(p / 100.0, 0.0, 1.0);
  const double half = 1.96 * std::sqrt(n * q * (1.0 - q));
  const double lo = std::floor(n * q - half), hi = std::ceil(n * q + half) + 1.0;
  return std::pair{at_rank(static_cast<std::uint64_t>(std::max(lo, 1.0))),
                   at_rank(static_cast<std::uint64_t>(std::min(std::max(hi, 1.0), n)))};
}

std::vector<std::pair<sim::Time, std::uint64_t>> Histogram::cumulative() const {
  std::vector<std::pair<sim::Time, std::uint64_t>> out;
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < buckets_.size(); ++b)
    if (buckets_[b]) out.emplace_back(value_of(b), seen += buckets_[b]);
  return out;
}

}  // namespace syncsim::reports
