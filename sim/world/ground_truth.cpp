#include "sim/world/ground_truth.hpp"

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

}  // namespace syncsim::sim
