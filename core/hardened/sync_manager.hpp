#pragma once
// hardened's sync-manager: the plan's loop made single-flight (the immediate path and the alarm
// share it), with a stored per-item deadline that honours Retry-After, supersession of a
// queued start by its end, and one dead-letter entry per session. Its alarm is created without
// the plan's clear() first, and re-created at a start that finds it gone (F23); activity
// batching is the plan's, unchanged.
#include "core/api_client.hpp"
#include "core/defects.hpp"
#include "core/plan/sync_manager.hpp"

namespace syncsim::core::hardened {

class SyncManager final : public RetryLoopSteps {
 public:
  SyncManager(WorkerPorts& ports, const StrategyConfig& cfg, WorkerState& st, StorageManager& storageManager,
              TokenManager& tokenManager, ApiClient& apiClient, plan::SyncManager& planSync,
              PlantedRetryDefect* defect = nullptr)
      : ports_(ports), cfg_(cfg), st_(st), storageManager_(storageManager), tokenManager_(tokenManager),
        apiClient_(apiClient), plan_(planSync), defect_(defect) {}

  // create() alone: it replaces an alarm of the same name. The plan's clear() first left no
  // alarm when the worker died between the two (F23).
  Task<void> registerSyncAlarm();
  // Re-creates the alarm if it is gone (a crash before onInstalled ran, a restart that cleared
  // it): without it a failed sync is never retried (F23). Creating it unconditionally would
  // push it back at every start and keep it from firing while the worker keeps waking.
  Task<void> ensureSyncAlarm();
  Task<void> forceSyncNow();
  // Runs the loop now, or asks the running loop to go round once more (single flight).
  Task<void> trySyncSessionsWithRetry();
  // The immediate path: the same loop, then whether localId's items all synced.
  Task<bool> syncNowFor(LocalId localId);
  Task<void> addToFailedQueue(const PendingSession& item);

  Task<ApiError> syncItem(PendingRef ref) override;
  // The wait starts when the attempt failed, and is at least Retry-After.
  void recordFailure(PendingSession& pending, const ApiError& error, Millis loopStart) override;

 private:
  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  WorkerState& st_;
  StorageManager& storageManager_;
  TokenManager& tokenManager_;
  ApiClient& apiClient_;
  plan::SyncManager& plan_;
  PlantedRetryDefect* defect_;
};

}  // namespace syncsim::core::hardened
