#include "sync_manager.hpp"

#include <algorithm>
#include <atomic>

#include "sync_retry.hpp"

namespace syncsim::core {

Task<void> SyncManager::registerSyncAlarm() {
  Millis period = cfg_.alarmPeriodMs;
  if (cfg_.mutation == Mutation::Nondeterministic) {
    // Planted defect: a process-wide counter, so a run depends on the runs before it.
    static std::atomic<int> runs{0};
    period += (runs.fetch_add(1) % 3) * 1000;
  }
  co_await ports_.alarms_clear(AlarmName::Sync);
  co_await ports_.alarms_create(AlarmName::Sync, period, period);
}

Task<void> SyncManager::forceSyncNow() {
  if (cfg_.loadBeforeUse) co_await st_.loaded.wait();
  const bool isAuthenticated = co_await tokens_.isAuthenticated();
  if (!isAuthenticated) co_return;
  if (!ports_.online()) co_return;

  // Process sessions with retry logic
  co_await trySyncSessionsWithRetry();
  // Batch activities
  co_await trySyncActivities();
}

bool SyncManager::dueForRetry(const PendingSession& p, Millis loopStart) {
  if (!cfg_.retry.enabled) return true;
  if (cfg_.singleFlightSync) return ports_.now() >= p.nextAttemptAt;  // hardened: stored deadline
  // Check if we should retry based on backoff
  if (p.lastRetryTime) {
    const Millis backoffMs = calculate_backoff(cfg_.retry, p.retryCount, ports_.random());
    if (loopStart - *p.lastRetryTime < backoffMs) return false;  // Skip, not time to retry yet
  }
  return true;
}

void SyncManager::recordFailure(PendingSession& p, const ApiError& err, Millis loopStart) {
  p.retryCount = p.retryCount + 1;
  p.lastError = err;
  if (cfg_.singleFlightSync) {
    // hardened: the wait starts when the attempt failed, and is at least Retry-After.
    const Millis now = ports_.now();
    Millis wait = calculate_backoff(cfg_.retry, p.retryCount, ports_.random());
    if (cfg_.retry.honourRetryAfter) wait = std::max(wait, err.retryAfterMs);
    p.lastRetryTime = now;
    p.nextAttemptAt = now + wait;
  } else {
    p.lastRetryTime = loopStart;  // pending.lastRetryTime = now (the loop's start)
  }
}

Task<ApiError> SyncManager::syncItem(PendingRef ref) {
  PendingSession& pending = st_.obj(ref);  // stable: the heap never moves objects
  ports_.log(LogCode::SyncAttempt, pending.localId,
             attempt_value(pending.action == PendingAction::End, pending.retryCount));
  if (pending.action == PendingAction::Start) {
    auto response = co_await api_.startSession(pending.localId, pending.data);
    if (!response.ok()) co_return response.error;
    std::optional<Session> session = co_await storage_.getSession(pending.localId);
    if (session) {
      session->backendId = response.value.session_id;
      session->synced = true;
      co_await storage_.saveSession(*session);
    }
    if (cfg_.mergeStartIntoEnd) {
      // hardened: a queued end of the same session learns the id instead of starting again.
      for (PendingRef r : st_.pendingSessions) {
        PendingSession& q = st_.obj(r);
        if (q.localId == pending.localId && q.action == PendingAction::End && !q.backendId)
          q.backendId = response.value.session_id;
      }
    }
    pending.synced = true;
  } else {
    // Handle missing backendId
    if (!pending.backendId) {
      auto startResponse = co_await api_.startSession(pending.localId, pending.data);
      if (!startResponse.ok()) co_return startResponse.error;
      pending.backendId = startResponse.value.session_id;
    }
    if (cfg_.mutation != Mutation::SkipsEndRequest) {  // planted defect when it is
      auto r = co_await api_.endSession(pending.localId, pending.backendId, pending.data.duration_seconds.value_or(0));
      if (!r.ok()) co_return r.error;
    }
    if (cfg_.mutation == Mutation::CreatesSessionOnEveryEnd) {  // planted defect
      SessionData d = pending.data;
      auto extra = co_await api_.startSession(pending.localId, d, false);
      if (extra.ok()) co_await api_.endSession(pending.localId, extra.value.session_id, 0);
    }
    pending.synced = true;
  }
  ports_.log(LogCode::SyncOk, pending.localId, pending.backendId);
  co_return ApiError{};
}

Task<void> SyncManager::trySyncSessionsWithRetry() {
  if (st_.syncInProgress) {
    if (cfg_.singleFlightSync) st_.syncRequested = true;
    co_return;
  }
  st_.syncInProgress = true;
  do {
    st_.syncRequested = false;
    const Millis now = ports_.now();
    std::vector<PendingRef> unsyncedSessions;
    for (PendingRef r : st_.pendingSessions)
      if (!st_.obj(r).synced) unsyncedSessions.push_back(r);

    for (PendingRef ref : unsyncedSessions) {
      // hardened: the snapshot may hold a start that an end superseded meanwhile; skip it.
      if (cfg_.mergeStartIntoEnd &&
          std::find(st_.pendingSessions.begin(), st_.pendingSessions.end(), ref) == st_.pendingSessions.end())
        continue;
      if (!dueForRetry(st_.obj(ref), now)) {
        ports_.log(LogCode::BackoffSkip, st_.obj(ref).localId, st_.obj(ref).retryCount);
        continue;
      }
      ApiError error = co_await syncItem(ref);
      if (error.kind == ErrorKind::None) continue;
      if (cfg_.mutation == Mutation::DropsFailedItems) {  // planted defect
        st_.obj(ref).synced = true;
        continue;
      }
      while (cfg_.mutation == Mutation::RetriesWithoutWaiting && error.kind != ErrorKind::None &&
             st_.obj(ref).retryCount + 1 < cfg_.retry.maxRetries) {  // planted defect
        recordFailure(st_.obj(ref), error, now);
        ports_.log(LogCode::SyncFailed, st_.obj(ref).localId,
                   failure_value(st_.obj(ref).action == PendingAction::End, error.status, error.retryAfterMs));
        error = co_await syncItem(ref);
      }
      if (error.kind == ErrorKind::None) continue;
      PendingSession& pending = st_.obj(ref);
      ports_.log(LogCode::SyncFailed, pending.localId,
                 failure_value(pending.action == PendingAction::End, error.status, error.retryAfterMs));
      if (!cfg_.retry.enabled) continue;  // today's code: stays queued for the next alarm
      recordFailure(pending, error, now);
      if (!should_retry(cfg_.retry, pending.retryCount, error)) {
        // Move to dead letter queue
        co_await addToFailedQueue(pending);
        pending.synced = true;  // Remove from active queue
      }
    }

    std::erase_if(st_.pendingSessions, [&](PendingRef r) { return st_.obj(r).synced; });
    co_await sessions_.savePendingSessions();
  } while (cfg_.singleFlightSync && st_.syncRequested);
  st_.syncInProgress = false;  // finally { syncInProgress = false; }
}

Task<bool> SyncManager::syncNowFor(LocalId localId) {
  if (!(co_await tokens_.isAuthenticated())) co_return false;
  co_await trySyncSessionsWithRetry();  // runs now, or is queued behind the running sync
  for (PendingRef r : st_.pendingSessions)
    if (st_.obj(r).localId == localId && !st_.obj(r).synced) co_return false;
  co_return true;
}

Task<void> SyncManager::trySyncActivities() {
  if (st_.pendingActivities.empty()) co_return;
  constexpr std::size_t kBatch = 100;
  const std::size_t n = std::min(kBatch, st_.pendingActivities.size());
  auto r = co_await api_.sendActivities(static_cast<std::uint32_t>(n));
  if (!r.ok()) co_return;  // stays queued
  // pendingActivities.splice(0, n): clamps like JS when another sync already removed some (two
  // syncs can overlap: alarm and 'online' event; the overlap then drops unsent activities).
  const std::size_t sent = std::min(n, st_.pendingActivities.size());
  st_.pendingActivities.erase(st_.pendingActivities.begin(),
                              st_.pendingActivities.begin() + static_cast<std::ptrdiff_t>(sent));
  co_await sessions_.saveActivities();
  ports_.log(LogCode::ActivitiesSent, 0, static_cast<std::int64_t>(n));
}

Task<void> SyncManager::addToFailedQueue(const PendingSession& item) {
  std::vector<FailedItem> failedSyncItems = co_await ports_.get_failed_sync_items();
  if (cfg_.deadLetterOnePerSession)
    std::erase_if(failedSyncItems, [&](const FailedItem& f) { return f.item.localId == item.localId; });
  failedSyncItems.push_back(FailedItem{item, ports_.now()});
  // Keep only last N items (circular buffer)
  const auto cap = static_cast<std::size_t>(cfg_.deadLetterCapacity);
  if (failedSyncItems.size() > cap) {
    const std::size_t drop = failedSyncItems.size() - cap;
    for (std::size_t i = 0; i < drop; ++i)
      ports_.log(LogCode::DeadLetterEvicted, failedSyncItems[i].item.localId, 0);
    failedSyncItems.erase(failedSyncItems.begin(), failedSyncItems.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  co_await ports_.set_failed_sync_items(std::move(failedSyncItems));
  ports_.log(LogCode::DeadLettered, item.localId, item.action == PendingAction::End ? 1 : 0);
}

}  // namespace syncsim::core
