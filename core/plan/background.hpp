#pragma once
// src/background/index.ts for the plan's strategies: the module globals and the listeners the
// script registers at top level (core/README.md A1, A4, A7, A12).
#include "core/defects.hpp"
#include "core/extension.hpp"
#include "core/storage_manager.hpp"
#include "core/token_manager.hpp"
#include "session_handler.hpp"
#include "sync_manager.hpp"

namespace syncsim::core::plan {

class Background final : public Extension {
 public:
  Background(WorkerPorts& ports, const StrategyConfig& cfg);

  Task<void> main() override;
  Task<void> onInstalled() override;
  Task<void> onStartup() override;
  Task<void> onAlarm(AlarmName name) override;
  Task<void> onTabRemoved(std::uint32_t tabId) override;
  Task<void> onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) override;
  Task<void> onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) override;
  std::vector<PendingSession> onGetBeaconPayload() override;
  Task<void> onOnline() override;

  SyncManager& syncManager() { return syncManager_; }

 private:
  StrategyConfig cfg_;
  std::unique_ptr<WorkerPorts> plantedPorts_;  // a planted defect's ports, tests only
  WorkerPorts& ports_;
  WorkerState st_;
  TokenManager tokenManager_;
  StorageManager storageManager_;
  std::unique_ptr<ApiClient> apiClient_;
  std::unique_ptr<PlantedRetryDefect> plantedLoop_;
  SessionHandler sessionHandler_;
  SyncManager syncManager_;
};

// core::ExtensionFactory for this implementation.
std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg);

}  // namespace syncsim::core::plan
