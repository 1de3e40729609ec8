#pragma once
// The service worker script: its module globals and the listeners it registers at top level
// (background/index.ts). One Extension object is one worker incarnation; the simulator builds
// a new one whenever the worker starts, exactly as Chrome re-runs the script.
#include "api_client.hpp"
#include "ports.hpp"
#include "session_handler.hpp"
#include "storage_manager.hpp"
#include "strategy.hpp"
#include "sync_manager.hpp"
#include "token_manager.hpp"
#include "worker_state.hpp"

namespace syncsim::core {

class Extension {
 public:
  Extension(WorkerPorts& ports, const StrategyConfig& cfg);
  Extension(const Extension&) = delete;
  Extension& operator=(const Extension&) = delete;

  // Top level of the script, run on every start: loadPendingSessions() (not awaited by the
  // listeners; see core/README.md A1) and, for hardened, the stale-session sweep.
  Task<void> main();

  // Listeners.
  Task<void> onInstalled();                 // chrome.runtime.onInstalled
  Task<void> onStartup();                   // chrome.runtime.onStartup
  Task<void> onAlarm(AlarmName name);       // chrome.alarms.onAlarm
  Task<void> onTabRemoved(std::uint32_t tabId);  // chrome.tabs.onRemoved
  Task<void> onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr);
  Task<void> onActivityMessage(std::uint32_t tabId);
  std::vector<PendingSession> onGetBeaconPayload();  // answers synchronously from memory
  Task<void> onOnline();                    // window 'online' event

  WorkerState& state() { return st_; }
  SessionHandler& sessionHandler() { return sessions_; }
  SyncManager& syncManager() { return sync_; }

 private:
  Task<void> endStaleSessions();

  WorkerPorts& ports_;
  StrategyConfig cfg_;
  WorkerState st_;
  TokenManager tokens_;
  StorageManager storage_;
  ApiClient api_;
  SessionHandler sessions_;
  SyncManager sync_;
};

}  // namespace syncsim::core
