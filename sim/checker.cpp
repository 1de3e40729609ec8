#include "checker.hpp"

#include <fmt/format.h>

#include "world.hpp"

namespace syncsim::sim {

std::string_view property_name(Property p) {
  switch (p) {
    case Property::NoStuckInProgress: return "no_stuck_in_progress";
    case Property::BackoffBounds: return "backoff_bounds";
    case Property::NothingLost: return "nothing_lost";
    case Property::NoDuplicates: return "no_duplicates";
    case Property::Deterministic: return "deterministic";
  }
  return "unknown";
}

std::vector<Violation> check_properties(const World& w) {
  std::vector<Violation> out;
  const auto& truth = w.truth.sessions();
  const auto& rows = w.backend.sessions();
  const auto& storage = w.storage.state();

  // Server rows per local session.
  std::vector<std::uint32_t> rowsOf(truth.size(), 0);
  std::vector<std::uint8_t> completedOf(truth.size(), 0);
  for (const ServerSession& r : rows) {
    const bool owned = r.owner < truth.size() && truth[r.owner].exists;
    if (!owned) {
      out.push_back({Property::NoStuckInProgress, r.owner, r.createdAt,
                     fmt::format("server session #{} belongs to no local session", r.id)});
      continue;
    }
    ++rowsOf[r.owner];
    if (r.status == ServerStatus::Completed) completedOf[r.owner] = 1;
    // Property 1: a session that truly ended has no row left In Progress.
    if (r.status == ServerStatus::InProgress && truth[r.owner].closedAt >= 0) {
      out.push_back({Property::NoStuckInProgress, r.owner, truth[r.owner].closedAt,
                     fmt::format("server session #{} (created at {} ms) is still in_progress; the session "
                                 "ended at {} ms",
                                 r.id, r.createdAt, truth[r.owner].closedAt)});
    }
  }

  // Property 4: at most one server row per local session.
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    if (rowsOf[id] > 1)
      out.push_back({Property::NoDuplicates, id, truth[id].openedAt,
                     fmt::format("{} server sessions for one local session", rowsOf[id])});
  }

  // Property 3: every ended session reached the server, or is visible in the dead-letter queue.
  std::vector<std::uint8_t> inDlq(truth.size(), 0);
  for (const auto& f : storage.failedSyncItems)
    if (f.item.localId < inDlq.size()) inDlq[f.item.localId] = 1;
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (!t.exists || t.closedAt < 0) continue;
    if (completedOf[id] || rowsOf[id] > 0) continue;  // reached the server (rows In Progress: property 1)
    if (inDlq[id]) continue;
    bool queued = false;
    for (const auto& p : storage.pendingSessions) queued = queued || p.localId == id;
    out.push_back({Property::NothingLost, id, t.closedAt,
                   fmt::format("ended at {} ms, never reached the server, not in the dead-letter queue{}",
                               t.closedAt, queued ? " (still queued after the drain)" : "")});
  }
  const auto cap = static_cast<std::size_t>(w.strategy.deadLetterCapacity);
  if (storage.failedSyncItems.size() > cap)
    out.push_back({Property::NothingLost, 0, w.sched.now(),
                   fmt::format("dead-letter queue holds {} items, bound {}", storage.failedSyncItems.size(), cap)});
  return out;
}

}  // namespace syncsim::sim
