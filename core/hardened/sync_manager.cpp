#include "sync_manager.hpp"

#include <algorithm>

#include "core/pending_queue.hpp"
#include "sync_retry.hpp"

namespace syncsim::core::hardened {

namespace {
// Transient failures in a row that end a sync pass (F19): three before the pass's first success
// (the network, the server or the token is failing), six after one. A network that loses one
// round trip in seven runs three in a row once in about 350 attempts; ending the pass there and
// waiting for the next alarm drained a backlog at a sixth of the network's speed (F31).
constexpr int kFailuresEndingPass = 3;
constexpr int kFailuresEndingPassAfterSuccess = 6;
// A pass that has run this long since its last save saves its progress after a success: a
// backlog pass outlives the worker (its hard limit), and one that saved only at its end sent
// the same first items again in every incarnation and never got through (F21).
constexpr Millis kProgressSaveMs = 10'000;
}  // namespace

Task<void> SyncManager::registerSyncAlarm() {
  co_await ports_.alarms_create(AlarmName::Sync, cfg_.alarmPeriodMs, cfg_.alarmPeriodMs);
}

Task<void> SyncManager::ensureSyncAlarm() {
  // Bound first: `if (!co_await ...)` resumed a finished frame under GCC 12 here (SIGILL).
  const bool exists = co_await ports_.alarms_get(AlarmName::Sync);
  if (!exists) co_await registerSyncAlarm();
}

Task<void> SyncManager::forceSyncNow() {
  co_await st_.loaded.wait();  // never sync (or save) a queue not yet loaded (core/README.md A1)
  const bool isAuthenticated = co_await tokenManager_.isAuthenticated();
  if (!isAuthenticated) co_return;
  if (!ports_.online()) co_return;
  co_await trySyncSessionsWithRetry();
  co_await plan_.trySyncActivities();
}

Task<void> SyncManager::trySyncSessionsWithRetry() {
  if (st_.syncInProgress) {
    st_.syncRequested = true;  // the running loop goes round again for this caller
    co_return;
  }
  st_.syncInProgress = true;
  do {
    st_.syncRequested = false;
    const Millis now = ports_.now();
    int failedInARow = 0;  // transient failures of this pass since its last success
    bool anySuccess = false;  // this pass has had a success: the network worked in it
    Millis savedAt = now;  // this pass's progress is in storage as of then
    std::vector<PendingRef> unsyncedSessions;
    for (PendingRef r : st_.pendingSessions)
      if (!st_.obj(r).synced) unsyncedSessions.push_back(r);
    // Ends first, in queue order, then starts (docs/findings.md F30): an end is what the
    // dashboard waits for, and a start of a review still open is not; a window reopened after an
    // outage queues dozens of starts at once.
    const auto isEnd = [&](PendingRef r) { return st_.obj(r).action == PendingAction::End; };
    std::stable_partition(unsyncedSessions.begin(), unsyncedSessions.end(), isEnd);
    const auto endsQueued = [&] { return std::count_if(st_.pendingSessions.begin(), st_.pendingSessions.end(), isEnd); };
    const auto endsAtStart = endsQueued();

    for (PendingRef ref : unsyncedSessions) {
      // The snapshot may hold a start that its end superseded meanwhile.
      if (std::find(st_.pendingSessions.begin(), st_.pendingSessions.end(), ref) == st_.pendingSessions.end()) continue;
      // A review that ended during this pass goes before the starts still ahead in it: the pass
      // ends here, and the next one, ends first, begins (F30).
      if (!isEnd(ref) && st_.syncRequested && endsQueued() > endsAtStart) break;
      if (ports_.now() < st_.obj(ref).nextAttemptAt) {
        ports_.log(LogCode::BackoffSkip, st_.obj(ref).localId, st_.obj(ref).retryCount);
        continue;
      }
      ApiError error = co_await syncItem(ref);
      if (error.kind == ErrorKind::None) {
        failedInARow = 0;
        anySuccess = true;
        if (ports_.now() - savedAt >= kProgressSaveMs) {
          co_await savePendingSessions(ports_, st_);
          savedAt = ports_.now();
        }
        continue;
      }
      if (defect_ && co_await defect_->afterFailedAttempt(*this, ref, error, now)) continue;  // tests only

      PendingSession& pending = st_.obj(ref);
      ports_.log(LogCode::SyncFailed, pending.localId,
                 failure_value(pending.action == PendingAction::End, error.status, error.retryAfterMs));
      recordFailure(pending, error, now);
      if (!shouldRetry(cfg_.retry, pending.retryCount, error)) {
        co_await addToFailedQueue(pending);
        pending.synced = true;
        co_await savePendingSessions(ports_, st_);  // dead-lettered: never tried again, whatever dies next (F19)
      }
      // A deadline is saved before the next request is awaited: a worker killed during a long
      // pass left the next one a queue that said "retry now" to every item that had failed in
      // it (F19). A run of failures means the network, the server or the token is failing: the
      // rest of the queue would fail the same way, so the pass ends (an outage costs a few saves
      // per pass, not one per item; a lost request or a random 5xx does not end it, F31).
      if (!(is_transient(error) || error.status == 401)) continue;
      if (++failedInARow == (anySuccess ? kFailuresEndingPassAfterSuccess : kFailuresEndingPass)) break;
      co_await savePendingSessions(ports_, st_);
      savedAt = ports_.now();
    }

    // An end that is done (on the server, or dead-lettered with its data) leaves nothing to
    // read in its session record: removed, after the queue without it is saved, so months of
    // reviews do not fill the quota (F18).
    std::vector<LocalId> done;
    for (PendingRef r : st_.pendingSessions)
      if (st_.obj(r).synced && st_.obj(r).action == PendingAction::End) done.push_back(st_.obj(r).localId);
    std::erase_if(st_.pendingSessions, [&](PendingRef r) { return st_.obj(r).synced; });
    co_await savePendingSessions(ports_, st_);
    for (LocalId id : done) co_await storageManager_.removeSession(id);
  } while (st_.syncRequested);
  st_.syncInProgress = false;
}

void SyncManager::recordFailure(PendingSession& pending, const ApiError& error, Millis) {
  pending.retryCount = pending.retryCount + 1;
  pending.lastError = error;
  const Millis now = ports_.now();
  // Retry-After honoured up to its cap (F17).
  const Millis retryAfter = std::min(error.retryAfterMs, cfg_.retry.maxRetryAfterMs);
  const Millis wait = std::max(calculateBackoff(cfg_.retry, pending.retryCount, ports_.random()), retryAfter);
  pending.lastRetryTime = now;
  pending.nextAttemptAt = now + wait;
}

// The plan's `try` body for an end; for a start, the same plus one step.
Task<ApiError> SyncManager::syncItem(PendingRef ref) {
  PendingSession& pending = st_.obj(ref);
  if (pending.action == PendingAction::End) co_return co_await plan_.syncItem(ref);
  ports_.log(LogCode::SyncAttempt, pending.localId, attempt_value(false, pending.retryCount));
  const auto response = co_await apiClient_.startSession(pending.localId, pending.data);
  if (!response.ok()) co_return response.error;
  std::optional<Session> session = co_await storageManager_.getSession(pending.localId);
  if (session) {
    session->backendId = response.value.session_id;
    session->synced = true;
    co_await storageManager_.saveSession(*session);
  }
  // A queued end of the same session learns the id instead of starting the session again.
  for (PendingRef r : st_.pendingSessions) {
    PendingSession& q = st_.obj(r);
    if (q.localId == pending.localId && q.action == PendingAction::End && !q.backendId) q.backendId = response.value.session_id;
  }
  pending.synced = true;
  ports_.log(LogCode::SyncOk, pending.localId, pending.backendId);
  co_return ApiError{};
}

Task<bool> SyncManager::syncNowFor(LocalId localId) {
  if (!(co_await tokenManager_.isAuthenticated())) co_return false;
  co_await trySyncSessionsWithRetry();  // runs now, or is queued behind the running sync
  for (PendingRef r : st_.pendingSessions)
    if (st_.obj(r).localId == localId && !st_.obj(r).synced) co_return false;
  co_return true;
}

Task<void> SyncManager::addToFailedQueue(const PendingSession& item) {
  std::vector<FailedItem> failedSyncItems = co_await ports_.get_failed_sync_items();
  // One entry per session, its newest failure (docs/findings.md F11: a session's start and end
  // took two entries and the bound evicted other sessions').
  std::erase_if(failedSyncItems, [&](const FailedItem& f) { return f.item.localId == item.localId; });
  failedSyncItems.push_back(FailedItem{item, ports_.now()});
  keepLastFailedItems(ports_, failedSyncItems, cfg_.deadLetterCapacity);
  co_await ports_.set_failed_sync_items(std::move(failedSyncItems));
  ports_.log(LogCode::DeadLettered, item.localId, item.action == PendingAction::End ? 1 : 0);
}

}  // namespace syncsim::core::hardened
