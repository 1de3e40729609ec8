#include "background.hpp"

#include <algorithm>

#include "core/pending_queue.hpp"

namespace syncsim::core::hardened {

Background::Background(WorkerPorts& ports, const StrategyConfig& cfg)
    : cfg_(cfg),
      plantedPorts_(planted_ports(cfg.mutation, ports)),
      ports_(plantedPorts_ ? *plantedPorts_ : ports),
      tokenManager_(ports_),
      storageManager_(ports_),
      apiClient_(planted_api_client(cfg.mutation, ports_, tokenManager_, kClient, st_)),
      plantedLoop_(planted_retry_defect(cfg.mutation, ports_, st_, cfg_.retry)),
      planSessions_(ports_, cfg_, st_, storageManager_, tokenManager_, *apiClient_),
      planSync_(ports_, cfg_, st_, storageManager_, tokenManager_, *apiClient_),
      syncManager_(ports_, cfg_, st_, storageManager_, tokenManager_, *apiClient_, planSync_, plantedLoop_.get()),
      sessionHandler_(ports_, st_, storageManager_, syncManager_, planSessions_) {}

Task<void> Background::main() {
  co_await loadPendingSessions(ports_, st_);
  const std::vector<LocalId> stored = st_.activeSessions;  // the index as the last incarnation left it
  st_.loaded.open();  // every listener waits for this (A1)
  co_await endStaleSessions(stored);
  co_await syncManager_.ensureSyncAlarm();
}

Task<void> Background::endStaleSessions(std::vector<LocalId> stored) {
  const std::vector<LocalId> active = st_.activeSessions;
  std::vector<LocalId> orphans;
  for (LocalId id : active) {
    const std::optional<Session> s = co_await storageManager_.getSession(id);
    // An id the last incarnation indexed and never recorded (killed between the two writes of
    // startSession) leaves the index, so that its tab's next ACTIVITY ping starts it again.
    if (!s && std::find(stored.begin(), stored.end(), id) != stored.end()) orphans.push_back(id);
    if (!s || !s->active) continue;
    if (co_await ports_.tab_exists(s->tabId)) continue;
    ports_.log(LogCode::StaleSessionEnded, s->localId, s->lastUpdate);
    co_await sessionHandler_.endSessionAt(s->localId, s->lastUpdate);
  }
  // Each checked again as it is dropped: a ping may have started it since (F28).
  bool dropped = false;
  for (LocalId id : orphans) {
    const std::optional<Session> s = co_await storageManager_.getSession(id);
    if (s) continue;
    std::erase(st_.activeSessions, id);
    dropped = true;
  }
  if (dropped) co_await ports_.set_active_sessions(st_.activeSessions);
}

Task<void> Background::onInstalled() { co_await syncManager_.registerSyncAlarm(); }
Task<void> Background::onStartup() { co_await syncManager_.registerSyncAlarm(); }

Task<void> Background::onAlarm(AlarmName name) {
  if (name == AlarmName::Sync) co_await syncManager_.forceSyncNow();
}

Task<void> Background::onTabRemoved(std::uint32_t tabId) { co_await sessionHandler_.endSession(tabId); }

// As in the plan, the message listener returns at once and its work runs on (`void ...`).
Task<void> Background::onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) {
  ports_.detach(sessionHandler_.startSession(tabId, repo, pr));
  co_return;
}

Task<void> Background::onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) {
  ports_.detach(sessionHandler_.recordActivity(tabId, repo, pr, seq));
  co_return;
}

Task<void> Background::onPageHideMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq,
                                         Millis openedAt) {
  ports_.detach(sessionHandler_.recordClosedReview(tabId, repo, pr, seq, openedAt));
  co_return;
}

std::vector<PendingSession> Background::onGetBeaconPayload() { return sessionHandler_.getBeaconPayload(); }

Task<void> Background::onOnline() {
  ports_.detach(syncManager_.forceSyncNow());
  co_return;
}

std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg) {
  return std::make_unique<Background>(ports, cfg);
}

}  // namespace syncsim::core::hardened
