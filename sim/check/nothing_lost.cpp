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
    // A review the extension never recorded (the tab closed, or the browser did, before its
    // START_SESSION was handled) cannot be synced by any strategy: not a loss of the extension.
    if (id >= storage.sessions.size() || !storage.sessions[id]) continue;
    if (inDlq[id]) continue;
    bool queued = false;
    for (const auto& p : storage.pendingSessions) queued = queued || p.localId == id;
    out.push_back({Property::NothingLost, id, t.closedAt, t.openedAt, w.sched.now(),
                   fmt::format("ended at {} ms, never reached the server, not in the dead-letter queue{}",
                               t.closedAt, queued ? " (still queued after the drain)" : "")});
  }
  const auto cap = static_cast<std::size_t>(w.strategy.deadLetterCapacity);
  if (storage.failedSyncItems.size() > cap)
    out.push_back({Property::NothingLost, 0, w.sched.now(), 0, w.sched.now(),
                   fmt::format("dead-letter queue holds {} items, bound {}", storage.failedSyncItems.size(), cap)});
}

}  // namespace syncsim::sim
