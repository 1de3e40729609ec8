#include "background.hpp"

#include "core/pending_queue.hpp"

namespace syncsim::core::plan {

Background::Background(WorkerPorts& ports, const StrategyConfig& cfg)
    : cfg_(cfg),
      plantedPorts_(planted_ports(cfg.mutation, ports)),
      ports_(plantedPorts_ ? *plantedPorts_ : ports),
      tokenManager_(ports_),
      storageManager_(ports_),
      apiClient_(planted_api_client(cfg.mutation, ports_, tokenManager_, ApiClientOptions{}, st_)),
      plantedLoop_(planted_retry_defect(cfg.mutation, ports_, st_, cfg_.retry)),
      sessionHandler_(ports_, cfg_, st_, storageManager_, tokenManager_, *apiClient_),
      syncManager_(ports_, cfg_, st_, storageManager_, tokenManager_, *apiClient_, plantedLoop_.get()) {}

// Top level: loadPendingSessions(), which no listener awaits (A1).
Task<void> Background::main() { co_await loadPendingSessions(ports_, st_); }

// A7: the alarm is registered on install and on browser start.
Task<void> Background::onInstalled() { co_await syncManager_.registerSyncAlarm(); }
Task<void> Background::onStartup() { co_await syncManager_.registerSyncAlarm(); }

Task<void> Background::onAlarm(AlarmName name) {
  if (name == AlarmName::Sync) co_await syncManager_.forceSyncNow();
}

// A4: closing the PR's tab ends its session.
Task<void> Background::onTabRemoved(std::uint32_t tabId) { co_await sessionHandler_.endSession(tabId); }

// The message listener returns at once (`void startSession(...)`, `void recordActivity(...)`):
// the work runs on, untimed by the listener's run.
Task<void> Background::onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) {
  ports_.detach(sessionHandler_.startSession(tabId, repo, pr));
  co_return;
}

Task<void> Background::onActivityMessage(std::uint32_t tabId, std::uint32_t, std::int32_t, std::uint32_t) {
  ports_.detach(sessionHandler_.recordActivity(tabId));
  co_return;
}

std::vector<PendingSession> Background::onGetBeaconPayload() { return sessionHandler_.getBeaconPayload(); }

// A12: "Online event triggers queued sync": `void forceSyncNow()`, so the listener returns at once.
Task<void> Background::onOnline() {
  if (cfg_.syncOnOnlineEvent) ports_.detach(syncManager_.forceSyncNow());
  co_return;
}

std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg) {
  return std::make_unique<Background>(ports, cfg);
}

}  // namespace syncsim::core::plan
