#include "session_handler.hpp"

#include <algorithm>

#include "core/pending_queue.hpp"

namespace syncsim::core::hardened {

Millis workTimeAt(const Session& s, Millis t) {
  const Millis gap = t - s.lastUpdate;
  return s.activeMs.value_or(0) + (gap <= kRunningGapMs ? std::max<Millis>(gap, 0) : kActivityIntervalMs);
}

Task<void> SessionHandler::startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber) {
  co_await st_.loaded.wait();
  co_await startLoaded(tabId, repo, prNumber);
}

Task<void> SessionHandler::startLoaded(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber, Millis activeMs,
                                       Millis startTime, Millis lastUpdate) {
  const Millis now = ports_.now();
  Session session;
  session.localId = tabId;
  session.tabId = tabId;
  session.repo = repo;
  session.prNumber = prNumber;
  session.startTime = startTime >= 0 ? startTime : now;
  session.lastUpdate = lastUpdate >= 0 ? lastUpdate : now;
  session.active = true;
  session.activeMs = activeMs;
  // The index of open sessions (the startup sweep reads these few ids, not every session ever
  // recorded), the record and the queued start, written by one chrome.storage.local.set: its
  // writes are all issued at once, so a kill can no longer fall between them and leave an
  // indexed id with no record (F14) or a record that is never synced
  // (scenarios/found/hardened-nothing_lost-seed75746.json, -seed76759.json).
  if (std::find(st_.activeSessions.begin(), st_.activeSessions.end(), session.localId) == st_.activeSessions.end())
    st_.activeSessions.push_back(session.localId);  // (already there when an orphan is started again, F28)
  PendingSession pendingSession;
  pendingSession.localId = session.localId;
  pendingSession.action = PendingAction::Start;
  pendingSession.data = SessionData{repo, prNumber, std::nullopt};
  pendingSession.created_at = now;
  st_.pendingSessions.push_back(st_.make(pendingSession));
  std::vector<PendingSession> pending;
  pending.reserve(st_.pendingSessions.size());
  for (PendingRef r : st_.pendingSessions) pending.push_back(st_.obj(r));
  co_await ports_.set_session_start(st_.activeSessions, session, std::move(pending));
  ports_.log(LogCode::SessionStarted, session.localId, 0);
}

Task<void> SessionHandler::recordActivity(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber, std::uint32_t seq) {
  const Millis counted = static_cast<Millis>(seq) * kActivityIntervalMs;  // the page's own count (F24)
  co_await st_.loaded.wait();
  // A ping from a tab no open session knows: its START_SESSION never ran to the index (the
  // message fell on a worker killed in its cold start, or the worker died before the write).
  // The ping says which review it is, so the review is started now, late by at most a ping
  // interval, rather than lost (scenarios/found/hardened-nothing_lost-seed15322.json), with the
  // work its pings count.
  if (std::find(st_.activeSessions.begin(), st_.activeSessions.end(), LocalId{tabId}) == st_.activeSessions.end()) {
    co_await startLoaded(tabId, repo, prNumber, counted);
    co_return;
  }
  // The plan's recordActivity, with the work time (F16).
  const LocalId localId = tabId;
  const Millis now = ports_.now();
  std::optional<Session> session = co_await storageManager_.getSession(localId);
  if (!session) {
    // Indexed, never recorded: a start's index write landed and its record write was lost with
    // its worker. Until the startup sweep drops the id (it may be minutes behind a slow sync),
    // the review is started from its pings as if unknown (F28).
    co_await startLoaded(tabId, repo, prNumber, counted);
    co_return;
  }
  if (!session->active) co_return;
  session->activeMs = std::max(workTimeAt(*session, now), counted);
  session->lastUpdate = now;
  co_await storageManager_.saveSession(*session);
  st_.pendingActivities.push_back(Activity{localId, now});
  if (st_.pendingActivities.size() > kMaxPendingActivities)
    st_.pendingActivities.erase_front(st_.pendingActivities.size() - kMaxPendingActivities);
  co_await saveActivities(ports_, st_);
}

Task<void> SessionHandler::recordClosedReview(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber,
                                              std::uint32_t seq, Millis openedAt) {
  co_await st_.loaded.wait();
  // A review this worker recorded is ended by tabs.onRemoved, which comes after this message
  // (an indexed id with no record is not recorded, F28).
  const std::optional<Session> recorded = co_await storageManager_.getSession(tabId);
  if (recorded) co_return;
  const Millis now = ports_.now();
  const Millis start = openedAt >= 0 && openedAt <= now ? openedAt : now;
  const Millis counted = static_cast<Millis>(seq) * kActivityIntervalMs;
  // Its last ping came about `counted` after the page loaded (less if the device slept): the
  // end adds the gap since then by F16's rule.
  co_await startLoaded(tabId, repo, prNumber, counted, start, std::min(now, start + counted));
  ports_.log(LogCode::ClosedReviewRecorded, tabId, counted);
  co_await endSession(tabId);
}

Task<void> SessionHandler::endSessionAt(LocalId localId, Millis endTime) {
  co_await st_.loaded.wait();
  std::optional<Session> session = co_await storageManager_.getSession(localId);
  if (!session || !session->active) co_return;  // unknown, or ended already

  const Millis now = endTime ? endTime : ports_.now();
  // The work time, not the wall time since the start: a device sleep is not work (F16).
  const std::int32_t durationSeconds = plan::durationSecondsBetween(0, workTimeAt(*session, now));
  PendingSession pendingSession;
  pendingSession.localId = localId;
  pendingSession.backendId = session->backendId;
  pendingSession.action = PendingAction::End;
  pendingSession.data = SessionData{session->repo, session->prNumber, durationSeconds};
  pendingSession.created_at = ports_.now();
  session->active = false;
  session->endTime = now;
  session->durationSeconds = durationSeconds;
  session->activeMs = workTimeAt(*session, now);
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
