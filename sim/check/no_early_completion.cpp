#include "sim/check/no_early_completion.hpp"

#include <fmt/format.h>

#include "sim/world/world.hpp"

namespace syncsim::sim {

void check_no_early_completion(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  for (const ServerSession* r : rows.own) {
    if (r->status != ServerStatus::Completed || r->owner >= truth.size() || !truth[r->owner].exists) continue;
    const TrueSession& t = truth[r->owner];
    if (t.closedAt >= 0 && r->completedAt >= t.closedAt) continue;
    out.push_back({Property::NoEarlyCompletion, r->owner, r->completedAt, t.openedAt,
                   t.closedAt >= 0 ? t.closedAt : w.sched.now(),
                   t.closedAt >= 0 ? fmt::format("server session #{} completed at {} ms; the review ended at {} ms", r->id,
                                                 r->completedAt, t.closedAt)
                                   : fmt::format("server session #{} completed at {} ms; the review is still open", r->id,
                                                 r->completedAt)});
  }
}

}  // namespace syncsim::sim
