#pragma once
// The service worker's module-level globals. They live exactly as long as one worker
// incarnation: a restart builds a fresh WorkerState, as a restarted worker re-runs its modules.
//
// JavaScript arrays hold object references: `pendingSessions.filter(...)` makes a new array
// of the same objects, and a `pending.synced = true` through one array is seen through every
// other. The plan's races depend on that, so PendingSession objects live in a stable heap
// (std::deque never moves elements) and arrays hold indices into it.
#include <cstdint>
#include <deque>
#include <vector>

#include "gate.hpp"
#include "types.hpp"

namespace syncsim::core {

using PendingRef = std::uint32_t;

struct WorkerState {
  std::deque<PendingSession> heap;
  std::vector<PendingRef> pendingSessions;  // let pendingSessions: PendingSession[]
  ActivityList pendingActivities;
  std::vector<LocalId> activeSessions;      // hardened: sessions started and not yet ended
  bool syncInProgress = false;
  bool syncRequested = false;  // hardened: a sync asked for while one ran runs again after it
  Gate loaded;                 // hardened: opened once the persisted queues are in memory

  PendingSession& obj(PendingRef r) { return heap[r]; }
  PendingRef make(const PendingSession& p) {
    heap.push_back(p);
    return static_cast<PendingRef>(heap.size() - 1);
  }
};

}  // namespace syncsim::core
