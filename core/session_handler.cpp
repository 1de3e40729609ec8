#include "session_handler.hpp"

#include <algorithm>
#include <cmath>

#include "sync_manager.hpp"

namespace syncsim::core {

Task<void> SessionHandler::startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber) {
  if (cfg_.loadBeforeUse) co_await st_.loaded.wait();
  const Millis now = ports_.now();
  Session s;
  s.localId = tabId;  // assumption A3: one session per tab, localId derived from the tab
  s.tabId = tabId;
  s.repo = repo;
  s.prNumber = prNumber;
  s.startTime = now;
  s.lastUpdate = now;
  s.active = true;
  co_await storage_.saveSession(s);
  if (cfg_.endStaleOnStartup) {
    // hardened: an index of open sessions, so the startup sweep reads a few ids, not every
    // session ever recorded (that scan grew with the extension's age).
    st_.activeSessions.push_back(s.localId);
    co_await ports_.set_active_sessions(st_.activeSessions);
  }

  PendingSession p;
  p.localId = s.localId;
  p.action = PendingAction::Start;
  p.data = SessionData{repo, prNumber, std::nullopt};
  p.created_at = now;
  st_.pendingSessions.push_back(st_.make(p));
  co_await savePendingSessions();
  ports_.log(LogCode::SessionStarted, s.localId, 0);
}

Task<void> SessionHandler::recordActivity(std::uint32_t tabId) {
  if (cfg_.loadBeforeUse) co_await st_.loaded.wait();
  const LocalId localId = tabId;
  const Millis now = ports_.now();
  std::optional<Session> s = co_await storage_.getSession(localId);
  if (!s || !s->active) co_return;
  s->lastUpdate = now;
  co_await storage_.saveSession(*s);
  st_.pendingActivities.push_back(Activity{localId, now});
  co_await saveActivities();
}

Task<void> SessionHandler::endSession(LocalId localId) {
  co_await endSessionAt(localId, 0);
}

Task<void> SessionHandler::endSessionAt(LocalId localId, Millis endTime) {
  if (cfg_.loadBeforeUse) co_await st_.loaded.wait();
  std::optional<Session> found = co_await storage_.getSession(localId);
  if (!found) co_return;
  Session session = *found;
  if (cfg_.endStaleOnStartup && !session.active) co_return;  // hardened: ended already

  const Millis now = endTime ? endTime : ports_.now();
  const auto durationSeconds =
      static_cast<std::int32_t>(std::llround(static_cast<double>(now - session.startTime) / 1000.0));

  // 2. Create pending action (hardened writes it before the session record: a kill between
  //    the two writes then leaves a queued end, never an ended session with nothing queued).
  PendingSession pending;
  pending.localId = localId;
  pending.backendId = session.backendId;
  pending.action = PendingAction::End;
  pending.data = SessionData{session.repo, session.prNumber, durationSeconds};
  pending.created_at = ports_.now();
  pending.retryCount = 0;

  // 1. Update local session
  session.active = false;
  session.endTime = now;
  session.durationSeconds = durationSeconds;
  session.lastUpdate = now;

  if (!cfg_.endQueuesWithoutBackendId) {
    // baseline: `if (session.backendId) { pendingSessions.push(...) }`
    co_await storage_.saveSession(session);
    if (session.backendId == 0) {
      ports_.log(LogCode::EndNotQueued, localId, 0);
      co_return;
    }
    st_.pendingSessions.push_back(st_.make(pending));
    co_await savePendingSessions();
    ports_.log(LogCode::SessionEnded, localId, durationSeconds);
    co_return;
  }

  if (cfg_.mergeStartIntoEnd) {
    // An end supersedes a start still queued for the same session: the end path creates the
    // server session itself (with the idempotency key), so one request fewer and no orphan.
    const std::size_t before = st_.pendingSessions.size();
    std::erase_if(st_.pendingSessions, [&](PendingRef r) {
      const PendingSession& q = st_.obj(r);
      return q.localId == localId && q.action == PendingAction::Start && !q.synced;
    });
    if (st_.pendingSessions.size() != before) ports_.log(LogCode::StartMerged, localId, 0);
  }
  if (cfg_.endStaleOnStartup) {
    // Two paths can end one session at once (the startup sweep and tabs.onRemoved after a
    // wake); both read it active before either saved it. The second must not queue another
    // end. Nothing awaits between this check and the push, so it is atomic.
    for (PendingRef r : st_.pendingSessions)
      if (st_.obj(r).localId == localId && st_.obj(r).action == PendingAction::End) co_return;
    st_.pendingSessions.push_back(st_.make(pending));
    co_await savePendingSessions();
    co_await storage_.saveSession(session);
    std::erase(st_.activeSessions, localId);
    co_await ports_.set_active_sessions(st_.activeSessions);
  } else {
    co_await storage_.saveSession(session);
    st_.pendingSessions.push_back(st_.make(pending));
    co_await savePendingSessions();
  }
  ports_.log(LogCode::SessionEnded, localId, durationSeconds);

  // 3. IMMEDIATE sync attempt (blocking)
  if (cfg_.immediateSyncOnEnd) co_await trySyncSessionsImmediate(localId);
}

Task<bool> SessionHandler::trySyncSessionsImmediate(LocalId targetLocalId) {
  if (cfg_.singleFlightSync) co_return co_await sync_->syncNowFor(targetLocalId);

  const bool isAuthenticated = co_await tokens_.isAuthenticated();
  if (!isAuthenticated) co_return false;

  PendingRef ref = 0;
  bool have = false;
  for (PendingRef r : st_.pendingSessions) {
    if (st_.obj(r).localId == targetLocalId && !st_.obj(r).synced) {
      ref = r;
      have = true;
      break;
    }
  }
  if (!have) co_return true;  // Already synced
  PendingSession& pending = st_.obj(ref);

  ApiError error;
  const bool isEnd = pending.action == PendingAction::End;
  if (pending.backendId || isEnd) ports_.log(LogCode::SyncAttempt, targetLocalId, attempt_value(isEnd, pending.retryCount));
  // If no backendId, create session first
  if (!pending.backendId && pending.action == PendingAction::End) {
    auto startResponse = co_await api_.startSession(pending.localId, pending.data);
    if (!startResponse.ok()) {
      error = startResponse.error;
    } else {
      pending.backendId = startResponse.value.session_id;
      // Update local session with backendId
      std::optional<Session> session = co_await storage_.getSession(targetLocalId);
      if (session) {
        session->backendId = startResponse.value.session_id;
        co_await storage_.saveSession(*session);
      }
    }
  }
  // Now end the session
  if (error.kind == ErrorKind::None && pending.backendId) {
    auto r = cfg_.mutation == Mutation::SkipsEndRequest ? ApiResult<bool>{{}, true}  // planted defect
                                                         : co_await api_.endSession(pending.localId, pending.backendId, pending.data.duration_seconds.value_or(0));
    if (r.ok()) {
      pending.synced = true;
      std::erase_if(st_.pendingSessions, [&](PendingRef q) {
        return !(st_.obj(q).localId != targetLocalId || !st_.obj(q).synced);
      });
      co_await savePendingSessions();
      ports_.log(LogCode::ImmediateSyncOk, targetLocalId, 0);
      co_return true;
    }
    error = r.error;
  }
  if (error.kind != ErrorKind::None) {
    // catch (error): retryCount++, save, "Will retry on next alarm" (no lastRetryTime set)
    ports_.log(LogCode::ImmediateSyncFailed, targetLocalId, error.status);
    ports_.log(LogCode::SyncFailed, targetLocalId, failure_value(isEnd, error.status, error.retryAfterMs));
    pending.retryCount = pending.retryCount + 1;
    pending.lastError = error;
    co_await savePendingSessions();
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

Task<void> SessionHandler::savePendingSessions() {
  std::vector<PendingSession> values;
  values.reserve(st_.pendingSessions.size());
  for (PendingRef r : st_.pendingSessions) values.push_back(st_.obj(r));
  co_await ports_.set_pending_sessions(std::move(values));
}

Task<void> SessionHandler::loadPendingSessions() {
  PersistedQueues q = co_await ports_.get_queues();
  if (cfg_.mutation == Mutation::ForgetsQueueOnRestart) q = {};  // planted defect
  std::vector<PendingSession>& stored = q.pendingSessions;
  std::vector<Activity>& activities = q.pendingActivities;
  // pendingSessions = stored ?? []: a new array, replacing whatever was pushed meanwhile.
  std::vector<PendingRef> loaded;
  loaded.reserve(stored.size());
  for (const auto& p : stored) loaded.push_back(st_.make(p));
  st_.pendingSessions = std::move(loaded);
  st_.pendingActivities = std::move(activities);
  st_.activeSessions = std::move(q.activeSessions);
  ports_.log(LogCode::PendingLoaded, 0, static_cast<std::int64_t>(stored.size()));
}

Task<void> SessionHandler::saveActivities() {
  co_await ports_.set_pending_activities(st_.pendingActivities);
}

}  // namespace syncsim::core
