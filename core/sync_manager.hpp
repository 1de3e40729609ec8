#pragma once
// src/background/sync-manager.ts: the alarm, forceSyncNow, trySyncSessionsWithRetry (Phase 2/3),
// trySyncActivities and the dead-letter queue (Phase 5).
#include "api_client.hpp"
#include "ports.hpp"
#include "session_handler.hpp"
#include "storage_manager.hpp"
#include "strategy.hpp"
#include "token_manager.hpp"
#include "worker_state.hpp"

namespace syncsim::core {

class SyncManager {
 public:
  SyncManager(WorkerPorts& ports, const StrategyConfig& cfg, WorkerState& st, StorageManager& storage,
              TokenManager& tokens, ApiClient& api, SessionHandler& sessions)
      : ports_(ports), cfg_(cfg), st_(st), storage_(storage), tokens_(tokens), api_(api), sessions_(sessions) {}

  Task<void> registerSyncAlarm();
  Task<void> forceSyncNow();
  Task<void> trySyncSessionsWithRetry();
  Task<void> trySyncActivities();
  Task<void> addToFailedQueue(const PendingSession& item);

  // hardened's immediate path: the same loop, under the same single-flight lock.
  Task<bool> syncNowFor(LocalId localId);

 private:
  // The `try { ... }` body of the loop for one item; returns the error, if any.
  Task<ApiError> syncItem(PendingRef ref);
  bool dueForRetry(const PendingSession& p, Millis loopStart);
  void recordFailure(PendingSession& p, const ApiError& err, Millis loopStart);

  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  WorkerState& st_;
  StorageManager& storage_;
  TokenManager& tokens_;
  ApiClient& api_;
  SessionHandler& sessions_;
};

}  // namespace syncsim::core
