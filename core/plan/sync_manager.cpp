#include "sync_manager.hpp"

#include <algorithm>

#include "core/pending_queue.hpp"
#include "sync_retry.hpp"

namespace syncsim::core::plan {

Task<void> SyncManager::registerSyncAlarm() {
  co_await ports_.alarms_clear(AlarmName::Sync);
  co_await ports_.alarms_create(AlarmName::Sync, cfg_.alarmPeriodMs, cfg_.alarmPeriodMs);
}

Task<void> SyncManager::forceSyncNow() {
  const bool isAuthenticated = co_await tokenManager_.isAuthenticated();
  if (!isAuthenticated) co_return;
  if (!ports_.online()) co_return;

  // Process sessions with retry logic
  co_await trySyncSessionsWithRetry();
  // Batch activities
  co_await trySyncActivities();
}

Task<void> SyncManager::trySyncSessionsWithRetry() {
  if (st_.syncInProgress) co_return;
  st_.syncInProgress = true;

  const Millis now = ports_.now();
  std::vector<PendingRef> unsyncedSessions;
  for (PendingRef r : st_.pendingSessions)
    if (!st_.obj(r).synced) unsyncedSessions.push_back(r);

  for (PendingRef ref : unsyncedSessions) {
    PendingSession& pending = st_.obj(ref);  // stable: WorkerState never moves objects
    // Check if we should retry based on backoff (the code before the plan retries every alarm)
    if (cfg_.retry.enabled && pending.lastRetryTime) {
      const Millis backoffMs = calculateBackoff(cfg_.retry, pending.retryCount, ports_.random());
      if (now - *pending.lastRetryTime < backoffMs) {
        ports_.log(LogCode::BackoffSkip, pending.localId, pending.retryCount);
        continue;  // Skip, not time to retry yet
      }
    }

    ApiError error = co_await syncItem(ref);
    if (error.kind == ErrorKind::None) continue;
    if (defect_ && co_await defect_->afterFailedAttempt(*this, ref, error, now)) continue;  // tests only

    // } catch (error) {
    ports_.log(LogCode::SyncFailed, pending.localId,
               failure_value(pending.action == PendingAction::End, error.status, error.retryAfterMs));
    if (!cfg_.retry.enabled) continue;  // the code before the plan: stays queued for the next alarm
    recordFailure(pending, error, now);
    if (!shouldRetry(cfg_.retry, pending.retryCount, error)) {
      // Move to dead letter queue
      co_await addToFailedQueue(pending);
      pending.synced = true;  // Remove from active queue
    }
  }

  std::erase_if(st_.pendingSessions, [&](PendingRef r) { return st_.obj(r).synced; });
  co_await savePendingSessions(ports_, st_);
  st_.syncInProgress = false;  // finally { syncInProgress = false; }
}

void SyncManager::recordFailure(PendingSession& pending, const ApiError& error, Millis loopStart) {
  pending.retryCount = pending.retryCount + 1;
  pending.lastRetryTime = loopStart;  // pending.lastRetryTime = now (the loop's start)
  pending.lastError = error;
}

Task<ApiError> SyncManager::syncItem(PendingRef ref) {
  PendingSession& pending = st_.obj(ref);
  ports_.log(LogCode::SyncAttempt, pending.localId, attempt_value(pending.action == PendingAction::End, pending.retryCount));
  if (pending.action == PendingAction::Start) {
    const auto response = co_await apiClient_.startSession(pending.localId, pending.data);
    if (!response.ok()) co_return response.error;
    std::optional<Session> session = co_await storageManager_.getSession(pending.localId);
    if (session) {
      session->backendId = response.value.session_id;
      session->synced = true;
      co_await storageManager_.saveSession(*session);
    }
    pending.synced = true;
  } else if (pending.action == PendingAction::End) {
    // Handle missing backendId
    if (!pending.backendId) {
      const auto startResponse = co_await apiClient_.startSession(pending.localId, pending.data);
      if (!startResponse.ok()) co_return startResponse.error;
      pending.backendId = startResponse.value.session_id;
    }
    const auto ended = co_await apiClient_.endSession(pending.localId, pending.backendId, pending.data.duration_seconds.value_or(0));
    if (!ended.ok()) co_return ended.error;
    pending.synced = true;
  }
  ports_.log(LogCode::SyncOk, pending.localId, pending.backendId);
  co_return ApiError{};
}

Task<void> SyncManager::trySyncActivities() {
  if (st_.pendingActivities.empty()) co_return;
  constexpr std::size_t kBatch = 100;
  const std::size_t n = std::min(kBatch, st_.pendingActivities.size());
  const auto sent = co_await apiClient_.sendActivities(static_cast<std::uint32_t>(n));
  if (!sent.ok()) co_return;  // stays queued
  // pendingActivities.splice(0, n): clamps like JS when another sync already removed some (the
  // alarm's sync and the 'online' event's can overlap; the overlap drops unsent activities).
  const std::size_t removed = std::min(n, st_.pendingActivities.size());
  st_.pendingActivities.erase_front(removed);
  co_await saveActivities(ports_, st_);
  ports_.log(LogCode::ActivitiesSent, 0, static_cast<std::int64_t>(n));
}

Task<void> SyncManager::addToFailedQueue(const PendingSession& item) {
  std::vector<FailedItem> failedSyncItems = co_await ports_.get_failed_sync_items();
  failedSyncItems.push_back(FailedItem{item, ports_.now()});
  // Keep only last N items (circular buffer)
  keepLastFailedItems(ports_, failedSyncItems, cfg_.deadLetterCapacity);
  co_await ports_.set_failed_sync_items(std::move(failedSyncItems));
  ports_.log(LogCode::DeadLettered, item.localId, item.action == PendingAction::End ? 1 : 0);
}

}  // namespace syncsim::core::plan
