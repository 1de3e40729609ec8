#pragma once
// hardened's session-handler. What it changes in the plan's, each tied to a finding in
// docs/findings.md: every handler waits for the loaded queue (A1); an index of open sessions
// for the startup sweep (F8); endSession supersedes a queued start (F1), queues one end per
// session and writes the queue before the session record; the immediate sync is the shared
// single-flight loop (F5). Activity pings and the beacon payload are the plan's.
#include "core/plan/session_handler.hpp"
#include "sync_manager.hpp"

namespace syncsim::core::hardened {

class SessionHandler {
 public:
  SessionHandler(WorkerPorts& ports, WorkerState& st, StorageManager& storageManager, SyncManager& syncManager,
                 plan::SessionHandler& planSessions)
      : ports_(ports), st_(st), storageManager_(storageManager), syncManager_(syncManager), plan_(planSessions) {}

  Task<void> startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);
  // An ACTIVITY ping; from a tab with no open session it starts one (its START_SESSION was lost).
  Task<void> recordActivity(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);
  Task<void> endSession(LocalId localId) { return endSessionAt(localId, 0); }
  // endTime 0: now. The startup sweep ends a stale session at its last recorded activity.
  Task<void> endSessionAt(LocalId localId, Millis endTime);
  std::vector<PendingSession> getBeaconPayload() { return plan_.getBeaconPayload(); }

 private:
  Task<void> startLoaded(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);  // the queues are loaded

  WorkerPorts& ports_;
  WorkerState& st_;
  StorageManager& storageManager_;
  SyncManager& syncManager_;
  plan::SessionHandler& plan_;
};

}  // namespace syncsim::core::hardened
