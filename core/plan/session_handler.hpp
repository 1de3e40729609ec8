#pragma once
// src/background/session-handler.ts: the session lifecycle in the worker, the pending queue,
// the immediate sync on end (Phase 1) and the beacon payload (Approach 1), as the plan writes
// them. baseline and approach1 run this same code with their settings (core/strategy.hpp).
#include "core/api_client.hpp"
#include "core/ports.hpp"
#include "core/storage_manager.hpp"
#include "core/strategy.hpp"
#include "core/token_manager.hpp"
#include "core/worker_state.hpp"

namespace syncsim::core::plan {

class SessionHandler {
 public:
  SessionHandler(WorkerPorts& ports, const StrategyConfig& cfg, WorkerState& st, StorageManager& storageManager,
                 TokenManager& tokenManager, ApiClient& apiClient)
      : ports_(ports), cfg_(cfg), st_(st), storageManager_(storageManager), tokenManager_(tokenManager), apiClient_(apiClient) {}

  // A PR page opened (START_SESSION): record the session and queue a 'start' (core/README.md A2).
  Task<void> startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);
  // An ACTIVITY ping from the page: lastUpdate, and an activity for trySyncActivities (A5).
  Task<void> recordActivity(std::uint32_t tabId);
  // endSession(localId)
  Task<void> endSession(LocalId localId);
  // trySyncSessionsImmediate(targetLocalId)
  Task<bool> trySyncSessionsImmediate(LocalId targetLocalId);
  // getBeaconPayload(): the unsynced 'end' items.
  std::vector<PendingSession> getBeaconPayload();

 private:
  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  WorkerState& st_;
  StorageManager& storageManager_;
  TokenManager& tokenManager_;
  ApiClient& apiClient_;
};

// Math.round((now - startTime) / 1000)
std::int32_t durationSecondsBetween(Millis startTime, Millis now);

}  // namespace syncsim::core::plan
