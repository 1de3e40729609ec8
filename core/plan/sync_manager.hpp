#pragma once
// src/background/sync-manager.ts: the alarm, forceSyncNow, trySyncSessionsWithRetry (Phases 2
// and 3), trySyncActivities and the dead-letter queue (Phase 5), as the plan writes them.
#include "core/api_client.hpp"
#include "core/defects.hpp"
#include "core/ports.hpp"
#include "core/storage_manager.hpp"
#include "core/strategy.hpp"
#include "core/token_manager.hpp"
#include "core/worker_state.hpp"

namespace syncsim::core::plan {

class SyncManager final : public RetryLoopSteps {
 public:
  SyncManager(WorkerPorts& ports, const StrategyConfig& cfg, WorkerState& st, StorageManager& storageManager,
              TokenManager& tokenManager, ApiClient& apiClient, PlantedRetryDefect* defect = nullptr)
      : ports_(ports), cfg_(cfg), st_(st), storageManager_(storageManager), tokenManager_(tokenManager),
        apiClient_(apiClient), defect_(defect) {}

  Task<void> registerSyncAlarm();
  Task<void> forceSyncNow();
  Task<void> trySyncSessionsWithRetry();
  Task<void> trySyncActivities();
  Task<void> addToFailedQueue(const PendingSession& item);

  // The loop's `try { ... }` body for one item: the error it threw, if any.
  Task<ApiError> syncItem(PendingRef ref) override;
  // The loop's `catch` bookkeeping: retryCount, lastRetryTime (the loop's start), lastError.
  void recordFailure(PendingSession& pending, const ApiError& error, Millis loopStart) override;

 private:
  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  WorkerState& st_;
  StorageManager& storageManager_;
  TokenManager& tokenManager_;
  ApiClient& apiClient_;
  PlantedRetryDefect* defect_;
};

}  // namespace syncsim::core::plan
