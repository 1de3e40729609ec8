#include "extension.hpp"

namespace syncsim::core {

Extension::Extension(WorkerPorts& ports, const StrategyConfig& cfg)
    : ports_(ports),
      cfg_(cfg),
      tokens_(ports),
      storage_(ports),
      api_(ports, cfg_, tokens_),
      sessions_(ports, cfg_, st_, storage_, tokens_, api_),
      sync_(ports, cfg_, st_, storage_, tokens_, api_, sessions_) {
  sessions_.attach(sync_);
}

Task<void> Extension::main() {
  co_await sessions_.loadPendingSessions();
  st_.loaded.open();
  if (cfg_.endStaleOnStartup) co_await endStaleSessions();
}

Task<void> Extension::endStaleSessions() {
  // hardened: a session still marked active whose tab no longer exists ended while the worker
  // could not hear it (browser closed, worker killed mid-endSession). End it at its last
  // recorded activity, the best knowledge of when the user stopped.
  const std::vector<LocalId> active = st_.activeSessions;
  for (LocalId id : active) {
    const std::optional<Session> s = co_await storage_.getSession(id);
    if (!s || !s->active) continue;
    if (co_await ports_.tab_exists(s->tabId)) continue;
    ports_.log(LogCode::StaleSessionEnded, s->localId, s->lastUpdate);
    co_await sessions_.endSessionAt(s->localId, s->lastUpdate);
  }
}

Task<void> Extension::onInstalled() { co_await sync_.registerSyncAlarm(); }

Task<void> Extension::onStartup() { co_await sync_.registerSyncAlarm(); }

Task<void> Extension::onAlarm(AlarmName name) {
  if (name == AlarmName::Sync) co_await sync_.forceSyncNow();
}

Task<void> Extension::onTabRemoved(std::uint32_t tabId) { co_await sessions_.endSession(tabId); }

Task<void> Extension::onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) {
  co_await sessions_.startSession(tabId, repo, pr);
}

Task<void> Extension::onActivityMessage(std::uint32_t tabId) { co_await sessions_.recordActivity(tabId); }

std::vector<PendingSession> Extension::onGetBeaconPayload() { return sessions_.getBeaconPayload(); }

Task<void> Extension::onOnline() {
  if (cfg_.syncOnOnlineEvent) co_await sync_.forceSyncNow();
}

}  // namespace syncsim::core
