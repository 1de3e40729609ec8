// hardened's sync-manager (core/hardened/sync_manager.cpp): the plan's loop made single-flight
// (the immediate path and the alarm share it; a second caller asks it to go round again), a
// stored per-item deadline that honours Retry-After, a start's id handed to its queued end,
// and one dead-letter entry per session. Alarm registration and activity batching are the
// plan's, unchanged.
import type { FailedItem, PendingSession } from '../types';
import { apiClient } from '../background/api-client';
import { config } from '../background/config';
import { savePendingSessions, state } from '../background/pending-queue';
import { Log, attemptValue, failureValue, simLog } from '../background/sim-hooks';
import * as storageManager from '../background/storage-manager';
import { registerSyncAlarm as planRegisterSyncAlarm, trySyncActivities } from '../background/sync-manager';
import * as tokenManager from '../background/token-manager';
import { loaded } from './loaded';
import { calculateBackoff, retryAfterMsOf, shouldRetry } from './sync-retry';

const MAX_FAILED_ITEMS = config.deadLetterCapacity;

let syncInProgress = false;
let syncRequested = false; // a sync asked for while one ran runs again after it

export function registerSyncAlarm(): Promise<void> {
  return planRegisterSyncAlarm();
}

export async function forceSyncNow(): Promise<void> {
  await loaded; // never sync (or save) a queue not yet loaded (core/README.md A1)
  const isAuthenticated = await tokenManager.isAuthenticated();
  if (!isAuthenticated) return;
  if (!navigator.onLine) return;
  await trySyncSessionsWithRetry();
  await trySyncActivities();
}

// Runs the loop now, or asks the running loop to go round once more (single flight, F5).
export async function trySyncSessionsWithRetry(): Promise<void> {
  if (syncInProgress) {
    syncRequested = true; // the running loop goes round again for this caller
    return;
  }
  syncInProgress = true;
  try {
    do {
      syncRequested = false;
      const unsyncedSessions = state.pendingSessions.filter(s => !s.synced);

      for (const pending of unsyncedSessions) {
        // The snapshot may hold a start that its end superseded meanwhile.
        if (!state.pendingSessions.includes(pending)) continue;
        if (Date.now() < (pending.nextAttemptAt ?? 0)) {
          simLog(Log.BackoffSkip, pending.localId, pending.retryCount ?? 0);
          continue; // backoff / Retry-After
        }

        try {
          await syncItem(pending);
        } catch (error) {
          simLog(Log.SyncFailed, pending.localId, failureValue(pending.action === 'end', error));
          recordFailure(pending, error);
          if (!shouldRetry(pending.retryCount ?? 0, error)) {
            await addToFailedQueue(pending);
            pending.synced = true;
          }
        }
      }

      state.pendingSessions = state.pendingSessions.filter(s => !s.synced);
      await savePendingSessions();
    } while (syncRequested);
  } finally {
    syncInProgress = false;
  }
}

// The wait starts when the attempt failed, and is at least Retry-After (F5, F7).
function recordFailure(pending: PendingSession, error: unknown): void {
  pending.retryCount = (pending.retryCount ?? 0) + 1;
  pending.lastError = error instanceof Error ? error.message : 'Unknown error';
  const now = Date.now();
  const wait = Math.max(calculateBackoff(pending.retryCount), retryAfterMsOf(error));
  pending.lastRetryTime = now;
  pending.nextAttemptAt = now + wait;
}

// One item's requests; throws what the request threw.
async function syncItem(pending: PendingSession): Promise<void> {
  simLog(Log.SyncAttempt, pending.localId, attemptValue(pending.action === 'end', pending.retryCount ?? 0));
  if (pending.action === 'start') {
    const response = await apiClient.startSession(pending.data, pending.localId);
    const session = await storageManager.getSession(pending.localId);
    if (session) {
      session.backendId = String(response.session_id);
      session.synced = true;
      await storageManager.saveSession(session);
    }
    // A queued end of the same session learns the id instead of starting the session again.
    for (const q of state.pendingSessions) {
      if (q.localId === pending.localId && q.action === 'end' && !q.backendId) q.backendId = response.session_id;
    }
    pending.synced = true;
  } else {
    if (!pending.backendId) {
      const startResponse = await apiClient.startSession(
        {
          repo_owner: pending.data.repo_owner,
          repo_name: pending.data.repo_name,
          pr_number: pending.data.pr_number,
        },
        pending.localId,
      );
      pending.backendId = startResponse.session_id;
    }
    await apiClient.endSession(String(pending.backendId), pending.data.duration_seconds || 0, pending.localId);
    pending.synced = true;
  }
  simLog(Log.SyncOk, pending.localId, pending.backendId ?? 0);
}

// The immediate path: the same loop, then whether localId's items all synced.
export async function syncNowFor(localId: string): Promise<boolean> {
  if (!(await tokenManager.isAuthenticated())) return false;
  await trySyncSessionsWithRetry(); // runs now, or is queued behind the running sync
  return !state.pendingSessions.some(s => s.localId === localId && !s.synced);
}

// One entry per session, its newest failure (F11: a session's start and end took two entries
// and the bound evicted other sessions').
export async function addToFailedQueue(item: PendingSession): Promise<void> {
  const { failedSyncItems = [] } = (await chrome.storage.local.get('failedSyncItems')) as {
    failedSyncItems?: FailedItem[];
  };
  const others = failedSyncItems.filter(f => f.localId !== item.localId);
  others.push({ ...item, failedAt: new Date().toISOString() });
  const trimmed = others.slice(-MAX_FAILED_ITEMS);
  for (const f of others.slice(0, others.length - trimmed.length)) simLog(Log.DeadLetterEvicted, f.localId);
  await chrome.storage.local.set({ failedSyncItems: trimmed });

  console.warn('[SyncManager] Item moved to dead letter queue:', item.localId);
  simLog(Log.DeadLettered, item.localId, item.action === 'end' ? 1 : 0);
}
