#include "sim/check/nothing_lost.hpp"

#include <fmt/format.h>

#include "sim/world/world.hpp"

namespace syncsim::sim {

void check_nothing_lost(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  const auto& storage = w.storage.state();
  std::vector<std::uint8_t> inDlq(truth.size(), 0);
  for (const auto& f : storage.failedSyncItems)
    if (f.item.localId < inDlq.size()) inDlq[f.item.localId] = 1;
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (!t.exists || t.closedAt < 0) continue;
    if (rows.completed[id] || rows.count[id] > 0) continue;  // reached the server (rows In Progress: property 1)
    // The only reviews excused are those no strategy could have kept: the extension never
    // stored them, and no running worker received a message from the tab and lived long enough
    // to write it down (storage_latency_max): the tab or the browser closed first, or every
    // message fell on a worker that died before, or just after, its listener ran. A tab that
    // talked to a worker that lived on counts (GroundTruth::heardAt).
    const bool recorded = id < storage.sessions.size() && storage.sessions[id];
    if (t.heardAt < 0 && !recorded) continue;
    // A review the backend rejects as invalid (a 400 for a malformed session) is "rejected",
    // not lost, if the extension put it where the user can see it: the dead-letter queue, where
    // the queue's bound may since have evicted it behind newer entries (no strategy can sync it;
    // keeping its entry forever is a storage policy, not a sync). Anything else there (a
    // transient failure given up on) never reaches the dashboard: lost.
    if ((inDlq[id] || w.metrics.evicted_from_dead_letter(id)) && t.malformed) continue;
    bool queued = false;
    for (const auto& p : storage.pendingSessions) queued = queued || p.localId == id;
    std::string where;
    if (inDlq[id]) where = "dead-lettered after a transient failure (the backend would have accepted it)";
    else if (queued) where = "still queued after the drain";
    else if (!recorded) where = fmt::format("never stored, though a running worker heard from its tab at {} ms", t.heardAt);
    else where = "stored, but neither queued nor dead-lettered";
    out.push_back({Property::NothingLost, id, t.closedAt, t.openedAt, w.sched.now(),
                   fmt::format("ended at {} ms, never reached the server: {}", t.closedAt, where)});
  }
  const auto cap = static_cast<std::size_t>(w.strategy.deadLetterCapacity);
  if (storage.failedSyncItems.size() > cap)
    out.push_back({Property::NothingLost, 0, w.sched.now(), 0, w.sched.now(),
                   fmt::format("dead-letter queue holds {} items, bound {}", storage.failedSyncItems.size(), cap)});
}

}  // namespace syncsim::sim
