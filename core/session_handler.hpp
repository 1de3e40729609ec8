#pragma once
// src/background/session-handler.ts: session lifecycle in the worker, the pending queue, the
// immediate sync on end (Phase 1) and the beacon payload (Approach 1).
#include "api_client.hpp"
#include "ports.hpp"
#include "storage_manager.hpp"
#include "strategy.hpp"
#include "token_manager.hpp"
#include "worker_state.hpp"

namespace syncsim::core {

class SyncManager;

class SessionHandler {
 public:
  SessionHandler(WorkerPorts& ports, const StrategyConfig& cfg, WorkerState& st, StorageManager& storage,
                 TokenManager& tokens, ApiClient& api)
      : ports_(ports), cfg_(cfg), st_(st), storage_(storage), tokens_(tokens), api_(api) {}
  void attach(SyncManager& sync) { sync_ = &sync; }

  // A PR page opened (content script START_SESSION): record it and queue a 'start'.
  Task<void> startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);
  // An ACTIVITY ping from the page: lastUpdate, and an activity for trySyncActivities.
  Task<void> recordActivity(std::uint32_t tabId);
  // endSession(localId), per strategy (baseline's original, or the plan's Phase 1).
  Task<void> endSession(LocalId localId);
  Task<void> endSessionAt(LocalId localId, Millis endTime);  // hardened's startup sweep
  // trySyncSessionsImmediate(targetLocalId)
  Task<bool> trySyncSessionsImmediate(LocalId targetLocalId);
  // getBeaconPayload(): unsynced 'end' items.
  std::vector<PendingSession> getBeaconPayload();

  Task<void> savePendingSessions();
  Task<void> loadPendingSessions();  // pendingSessions = stored ?? []
  Task<void> saveActivities();

 private:
  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  WorkerState& st_;
  StorageManager& storage_;
  TokenManager& tokens_;
  ApiClient& api_;
  SyncManager* sync_ = nullptr;
};

}  // namespace syncsim::core
