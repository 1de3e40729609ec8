#include "session_handler.hpp"

#include <algorithm>
#include <cmath>

#include "core/pending_queue.hpp"

namespace syncsim::core::plan {

std::int32_t durationSecondsBetween(Millis startTime, Millis now) {
  return static_cast<std::int32_t>(std::llround(static_cast<double>(now - startTime) / 1000.0));
}

Task<void> SessionHandler::startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber) {
  const Millis now = ports_.now();
  Session session;
  session.localId = tabId;  // A3: one session per tab, localId derived from the tab
  session.tabId = tabId;
  session.repo = repo;
  session.prNumber = prNumber;
  session.startTime = now;
  session.lastUpdate = now;
  session.active = true;
  co_await storageManager_.saveSession(session);

  PendingSession pendingSession;
  pendingSession.localId = session.localId;
  pendingSession.action = PendingAction::Start;
  pendingSession.data = SessionData{repo, prNumber, std::nullopt};
  pendingSession.created_at = now;
  st_.pendingSessions.push_back(st_.make(pendingSession));
  co_await savePendingSessions(ports_, st_);
  ports_.log(LogCode::SessionStarted, session.localId, 0);
}

Task<void> SessionHandler::recordActivity(std::uint32_t tabId) {
  const LocalId localId = tabId;
  const Millis now = ports_.now();
  std::optional<Session> session = co_await storageManager_.getSession(localId);
  if (!session || !session->active) co_return;
  session->lastUpdate = now;
  co_await storageManager_.saveSession(*session);
  st_.pendingActivities.push_back(Activity{localId, now});
  co_await saveActivities(ports_, st_);
}

Task<void> SessionHandler::endSession(LocalId localId) {
  std::optional<Session> session = co_await storageManager_.getSession(localId);
  if (!session) co_return;

  const Millis now = ports_.now();
  const std::int32_t durationSeconds = durationSecondsBetween(session->startTime, now);

  // 1. Update local session
  session->active = false;
  session->endTime = now;
  session->durationSeconds = durationSeconds;
  session->lastUpdate = now;
  co_await storageManager_.saveSession(*session);

  // baseline, the code before the plan: `if (session.backendId) { pendingSessions.push(...) }`
  if (!cfg_.endQueuesWithoutBackendId && session->backendId == 0) {
    ports_.log(LogCode::EndNotQueued, localId, 0);
    co_return;
  }

  // 2. Create pending action
  PendingSession pendingSession;
  pendingSession.localId = localId;
  pendingSession.backendId = session->backendId;
  pendingSession.action = PendingAction::End;
  pendingSession.data = SessionData{session->repo, session->prNumber, durationSeconds};
  pendingSession.created_at = ports_.now();
  pendingSession.synced = false;
  pendingSession.retryCount = 0;  // NEW: track retries
  st_.pendingSessions.push_back(st_.make(pendingSession));
  co_await savePendingSessions(ports_, st_);
  ports_.log(LogCode::SessionEnded, localId, durationSeconds);

  // 3. IMMEDIATE sync attempt (blocking)
  if (cfg_.immediateSyncOnEnd) co_await trySyncSessionsImmediate(localId);
}

Task<bool> SessionHandler::trySyncSessionsImmediate(LocalId targetLocalId) {
  const bool isAuthenticated = co_await tokenManager_.isAuthenticated();
  if (!isAuthenticated) co_return false;

  const auto found = std::find_if(st_.pendingSessions.begin(), st_.pendingSessions.end(), [&](PendingRef r) {
    return st_.obj(r).localId == targetLocalId && !st_.obj(r).synced;
  });
  if (found == st_.pendingSessions.end()) co_return true;  // Already synced
  PendingSession& pending = st_.obj(*found);  // stable: WorkerState never moves objects

  // try {  -- failures are values (ApiError), so the catch block is the `if (error)` below.
  ApiError error;
  const bool isEnd = pending.action == PendingAction::End;
  if (pending.backendId || isEnd) ports_.log(LogCode::SyncAttempt, targetLocalId, attempt_value(isEnd, pending.retryCount));
  // If no backendId, create session first
  if (!pending.backendId && pending.action == PendingAction::End) {
    const auto startResponse = co_await apiClient_.startSession(pending.localId, pending.data);
    if (!startResponse.ok()) {
      error = startResponse.error;
    } else {
      pending.backendId = startResponse.value.session_id;
      // Update local session with backendId
      std::optional<Session> session = co_await storageManager_.getSession(targetLocalId);
      if (session) {
        session->backendId = startResponse.value.session_id;
        co_await storageManager_.saveSession(*session);
      }
    }
  }
  // Now end the session
  if (error.kind == ErrorKind::None && pending.backendId) {
    const auto ended = co_await apiClient_.endSession(pending.localId, pending.backendId, pending.data.duration_seconds.value_or(0));
    if (ended.ok()) {
      pending.synced = true;
      std::erase_if(st_.pendingSessions, [&](PendingRef q) {
        return !(st_.obj(q).localId != targetLocalId || !st_.obj(q).synced);
      });
      co_await savePendingSessions(ports_, st_);
      ports_.log(LogCode::ImmediateSyncOk, targetLocalId, 0);
      co_return true;
    }
    error = ended.error;
  }
  // } catch (error) {
  if (error.kind != ErrorKind::None) {
    ports_.log(LogCode::ImmediateSyncFailed, targetLocalId, error.status);
    ports_.log(LogCode::SyncFailed, targetLocalId, failure_value(isEnd, error.status, error.retryAfterMs));
    pending.retryCount = pending.retryCount + 1;  // (the plan sets no lastError here)
    co_await savePendingSessions(ports_, st_);
    // Will retry on next alarm
  }
  co_return false;
}

std::vector<PendingSession> SessionHandler::getBeaconPayload() {
  std::vector<PendingSession> unsynced;
  for (PendingRef r : st_.pendingSessions) {
    const PendingSession& s = st_.obj(r);
    if (!s.synced && s.action == PendingAction::End) unsynced.push_back(s);
  }
  ports_.log(LogCode::BeaconPayload, 0, static_cast<std::int64_t>(unsynced.size()));
  return unsynced;
}

}  // namespace syncsim::core::plan
