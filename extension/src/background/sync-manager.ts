// sync-manager.ts: the alarm, forceSyncNow, trySyncSessionsWithRetry (plan, Phases 2 and 3),
// trySyncActivities and the dead-letter queue (Phase 5), as the plan writes them; C++:
// core/plan/sync_manager.cpp. Kept as written: lastRetryTime is the loop's start, not the
// attempt's; syncInProgress guards only this loop (the immediate path ignores it).
import type { FailedItem, PendingSession } from '../types';
import { apiClient } from './api-client';
import { config } from './config';
import { saveActivities, savePendingSessions, state } from './pending-queue';
import { Log, attemptValue, failureValue, simLog } from './sim-hooks';
import * as storageManager from './storage-manager';
import { calculateBackoff, shouldRetry } from './sync-retry';
import * as tokenManager from './token-manager';

export const SYNC_ALARM_NAME = 'sync';
const SYNC_INTERVAL_MINUTES = config.alarmPeriodMs / 60000; // 5, 0.5 or 1 by strategy
const MAX_FAILED_ITEMS = config.deadLetterCapacity; // 0 only where retry is off: never reached
const ACTIVITY_BATCH = 100; // core/README.md A5

let syncInProgress = false;

export async function registerSyncAlarm(): Promise<void> {
  await chrome.alarms.clear(SYNC_ALARM_NAME);
  await chrome.alarms.create(SYNC_ALARM_NAME, {
    delayInMinutes: SYNC_INTERVAL_MINUTES,
    periodInMinutes: SYNC_INTERVAL_MINUTES,
  });
}

export async function forceSyncNow(): Promise<void> {
  const isAuthenticated = await tokenManager.isAuthenticated();
  if (!isAuthenticated) return;
  if (!navigator.onLine) return;

  // Process sessions with retry logic
  await trySyncSessionsWithRetry();
  // Batch activities
  await trySyncActivities();
}

export async function trySyncSessionsWithRetry(): Promise<void> {
  if (syncInProgress) return;
  syncInProgress = true;

  try {
    const now = Date.now();
    const unsyncedSessions = state.pendingSessions.filter(s => !s.synced);

    for (const pending of unsyncedSessions) {
      // Check if we should retry based on backoff (the code before the plan retries every alarm)
      if (config.retry.enabled && pending.lastRetryTime) {
        const backoffMs = calculateBackoff(pending.retryCount || 0);
        if (now - pending.lastRetryTime < backoffMs) {
          simLog(Log.BackoffSkip, pending.localId, pending.retryCount || 0);
          continue; // Skip, not time to retry yet
        }
      }

      simLog(Log.SyncAttempt, pending.localId, attemptValue(pending.action === 'end', pending.retryCount || 0));
      try {
        if (pending.action === 'start') {
          const response = await apiClient.startSession(pending.data, pending.localId);
          const session = await storageManager.getSession(pending.localId);
          if (session) {
            session.backendId = String(response.session_id);
            session.synced = true;
            await storageManager.saveSession(session);
          }
          pending.synced = true;
        } else if (pending.action === 'end') {
          // Handle missing backendId
          if (!pending.backendId) {
            const startResponse = await apiClient.startSession({
              repo_owner: pending.data.repo_owner,
              repo_name: pending.data.repo_name,
              pr_number: pending.data.pr_number,
            }, pending.localId);
            pending.backendId = startResponse.session_id;
          }

          await apiClient.endSession(
            String(pending.backendId),
            pending.data.duration_seconds || 0,
            pending.localId,
          );
          pending.synced = true;
        }
        simLog(Log.SyncOk, pending.localId, pending.backendId || 0);
      } catch (error) {
        simLog(Log.SyncFailed, pending.localId, failureValue(pending.action === 'end', error));
        // baseline and approach1 ("keep existing queue architecture"): no bookkeeping, the item
        // stays queued for the next alarm (core/strategy.cpp, retry.enabled = false).
        if (!config.retry.enabled) continue;
        pending.retryCount = (pending.retryCount || 0) + 1;
        pending.lastRetryTime = now;
        pending.lastError = error instanceof Error ? error.message : 'Unknown error';

        if (!shouldRetry(pending.retryCount, error as Error)) {
          // Move to dead letter queue
          await addToFailedQueue(pending);
          pending.synced = true; // Remove from active queue
        }
      }
    }

    state.pendingSessions = state.pendingSessions.filter(s => !s.synced);
    await savePendingSessions();
  } finally {
    syncInProgress = false;
  }
}

// Batch activities (A5): up to 100 in one request, removed with splice(0, n) once sent. If
// the alarm's sync and the 'online' event's overlap, the second splice drops unsent pings, as
// in core/plan/sync_manager.cpp.
export async function trySyncActivities(): Promise<void> {
  if (state.pendingActivities.length === 0) return;
  const n = Math.min(ACTIVITY_BATCH, state.pendingActivities.length);
  try {
    await apiClient.sendActivities(state.pendingActivities.slice(0, n));
  } catch {
    return; // stays queued
  }
  state.pendingActivities.splice(0, n);
  await saveActivities();
  simLog(Log.ActivitiesSent, 0, n);
}

export async function addToFailedQueue(item: PendingSession): Promise<void> {
  const { failedSyncItems = [] } = (await chrome.storage.local.get('failedSyncItems')) as {
    failedSyncItems?: FailedItem[];
  };
  failedSyncItems.push({
    ...item,
    failedAt: new Date().toISOString(),
  });

  // Keep only last N items (circular buffer)
  const trimmed = failedSyncItems.slice(-MAX_FAILED_ITEMS);
  for (const f of failedSyncItems.slice(0, failedSyncItems.length - trimmed.length)) simLog(Log.DeadLetterEvicted, f.localId);
  await chrome.storage.local.set({ failedSyncItems: trimmed });

  console.warn('[SyncManager] Item moved to dead letter queue:', item.localId);
  simLog(Log.DeadLettered, item.localId, item.action === 'end' ? 1 : 0);
}
