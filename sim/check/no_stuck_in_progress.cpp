#include "sim/check/no_stuck_in_progress.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/world/world.hpp"

namespace syncsim::sim {

void check_no_stuck_in_progress(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  for (const ServerSession* row : rows.own) {
    const ServerSession& r = *row;
    const bool owned = r.owner < truth.size() && truth[r.owner].exists;
    if (!owned) {
      out.push_back({Property::NoStuckInProgress, r.owner, r.createdAt, r.createdAt, w.sched.now(),
                     fmt::format("server session #{} belongs to no local session", r.id)});
      continue;
    }
    if (r.status == ServerStatus::InProgress && truth[r.owner].closedAt >= 0) {
      out.push_back({Property::NoStuckInProgress, r.owner, truth[r.owner].closedAt,
                     std::min(r.createdAt, truth[r.owner].openedAt), w.sched.now(),
                     fmt::format("server session #{} (created at {} ms) is still in_progress; the session "
                                 "ended at {} ms",
                                 r.id, r.createdAt, truth[r.owner].closedAt)});
    }
  }
}

}  // namespace syncsim::sim
