#pragma once
// hardened's src/background/index.ts: the plan's listeners, plus a top level that opens the
// "loaded" gate and sweeps sessions whose tab is gone (F8), and a client with an idempotency
// key, a fetch timeout, token refresh on 401 and "409 means done" (F2, F3, F9).
#include "core/defects.hpp"
#include "core/extension.hpp"
#include "core/storage_manager.hpp"
#include "core/token_manager.hpp"
#include "session_handler.hpp"
#include "sync_manager.hpp"

namespace syncsim::core::hardened {

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
  Task<void> onPageHideMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq,
                               Millis openedAt) override;
  std::vector<PendingSession> onGetBeaconPayload() override;
  Task<void> onOnline() override;

  static constexpr ApiClientOptions kClient{10000, true, true, true};

 private:
  // Sessions still marked active whose tab no longer exists ended while the worker could not
  // hear it (browser closed, worker killed mid-endSession): end each at its last activity.
  Task<void> endStaleSessions(std::vector<LocalId> stored);

  StrategyConfig cfg_;
  std::unique_ptr<WorkerPorts> plantedPorts_;  // a planted defect's ports, tests only
  WorkerPorts& ports_;
  WorkerState st_;
  TokenManager tokenManager_;
  StorageManager storageManager_;
  std::unique_ptr<ApiClient> apiClient_;
  std::unique_ptr<PlantedRetryDefect> plantedLoop_;
  plan::SessionHandler planSessions_;
  plan::SyncManager planSync_;
  SyncManager syncManager_;
  SessionHandler sessionHandler_;
};

// core::ExtensionFactory for this implementation.
std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg);

}  // namespace syncsim::core::hardened
