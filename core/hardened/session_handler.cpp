#include "session_handler.hpp"

#include <algorithm>

#include "core/pending_queue.hpp"

namespace syncsim::core::hardened {

Task<void> SessionHandler::startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber) {
  co_await st_.loaded.wait();
  const Millis now = ports_.now();
  Session session;
  session.localId = tabId;
  session.tabId = tabId;
  session.repo = repo;
  session.prNumber = prNumber;
  session.startTime = now;
  session.lastUpdate = now;
  session.active = true;
  // The index of open sessions: the startup sweep reads these few ids, not every session ever
  // recorded (that scan grew with the extension's age). The index first, then the record: a
  // kill between the two writes leaves an id with no session, which the sweep skips, never an
  // active session the sweep cannot see (scenarios/found/hardened-nothing_lost-seed75746.json).
  st_.activeSessions.push_back(session.localId);
  co_await ports_.set_active_sessions(st_.activeSessions);
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
  co_await st_.loaded.wait();
  co_await plan_.recordActivity(tabId);
}

Task<void> SessionHandler::endSessionAt(LocalId localId, Millis endTime) {
  co_await st_.loaded.wait();
  std::optional<Session> session = co_await storageManager_.getSession(localId);
  if (!session || !session->active) co_return;  // unknown, or ended already

  const Millis now = endTime ? endTime : ports_.now();
  const std::int32_t durationSeconds = plan::durationSecondsBetween(session->startTime, now);
  PendingSession pendingSession;
  pendingSession.localId = localId;
  pendingSession.backendId = session->backendId;
  pendingSession.action = PendingAction::End;
  pendingSession.data = SessionData{session->repo, session->prNumber, durationSeconds};
  pendingSession.created_at = ports_.now();
  session->active = false;
  session->endTime = now;
  session->durationSeconds = durationSeconds;
  session->lastUpdate = now;

  // The end supersedes a start still queued for this session: the end path creates the server
  // session itself (with the idempotency key), so one request fewer and no orphan row (F1).
  const std::size_t before = st_.pendingSessions.size();
  std::erase_if(st_.pendingSessions, [&](PendingRef r) {
    const PendingSession& q = st_.obj(r);
    return q.localId == localId && q.action == PendingAction::Start && !q.synced;
  });
  if (st_.pendingSessions.size() != before) ports_.log(LogCode::StartMerged, localId, 0);
  // Two paths can end one session at once (the startup sweep and tabs.onRemoved after a wake);
  // both read it active before either saved it. The second must not queue another end. Nothing
  // awaits between this check and the push, so it is atomic.
  for (PendingRef r : st_.pendingSessions)
    if (st_.obj(r).localId == localId && st_.obj(r).action == PendingAction::End) co_return;
  // The queue first, then the record: a kill between the two writes leaves a queued end, never
  // an ended session with nothing queued.
  st_.pendingSessions.push_back(st_.make(pendingSession));
  co_await savePendingSessions(ports_, st_);
  co_await storageManager_.saveSession(*session);
  std::erase(st_.activeSessions, localId);
  co_await ports_.set_active_sessions(st_.activeSessions);
  ports_.log(LogCode::SessionEnded, localId, durationSeconds);

  // The immediate sync, through the one loop the alarm also uses (no double send, F5).
  co_await syncManager_.syncNowFor(localId);
}

}  // namespace syncsim::core::hardened
