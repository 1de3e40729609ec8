#include "sim/world/ground_truth.hpp"

#include <algorithm>

namespace syncsim::sim {

TrueSession& GroundTruth::at(std::uint32_t tab) {
  if (s_.size() <= tab) s_.resize(tab + 1);
  return s_[tab];
}

void GroundTruth::on_open(std::uint32_t tab, Time t, std::uint32_t repo, std::int32_t pr) {
  TrueSession& s = at(tab);
  s.exists = true;
  s.openedAt = t;
  s.repo = repo;
  s.pr = pr;
  ++active_;
}

void GroundTruth::on_close(std::uint32_t tab, Time t, bool userClosed) {
  TrueSession& s = at(tab);
  if (s.closedAt >= 0) return;
  s.closedAt = t;
  s.userClosed = userClosed;
  --active_;
}

void GroundTruth::mark_malformed(std::uint32_t tab) { at(tab).malformed = true; }

void GroundTruth::on_heard(std::uint32_t tab, Time t) {
  TrueSession& s = at(tab);
  if (s.heardAt < 0) s.heardAt = t;
}

void GroundTruth::on_sleep(Time from) { sleeps_.push_back({from, -1}); }

void GroundTruth::on_wake(Time t) {
  if (!sleeps_.empty() && sleeps_.back().to < 0) sleeps_.back().to = t;
}

Time GroundTruth::awake_open(const TrueSession& s) const {
  Time open = s.closedAt - s.openedAt;
  for (const Sleep& z : sleeps_) {
    const Time to = z.to < 0 ? s.closedAt : z.to;
    const Time overlap = std::min(to, s.closedAt) - std::max(z.from, s.openedAt);
    if (overlap > 0) open -= overlap;
  }
  return open;
}

std::size_t GroundTruth::sleeps_during(const TrueSession& s) const {
  std::size_t n = 0;
  for (const Sleep& z : sleeps_) n += (z.to < 0 || z.to > s.openedAt) && z.from < s.closedAt;
  return n;
}

}  // namespace syncsim::sim
