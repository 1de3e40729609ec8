// hardened's sync-manager (core/hardened/sync_manager.cpp): the plan's loop made single-flight
// (the immediate path and the alarm share it; a second caller asks it to go round again), a
// stored per-item deadline that honours Retry-After, a start's id handed to its queued end,
// and one dead-letter entry per session. The alarm is created without the plan's clear() first
// and re-created at a start that finds it gone (F23); activity batching is the plan's.
import type { FailedItem, PendingSession } from '../types';
import { WorkTimeAPIError, apiClient } from '../background/api-client';
import { config } from '../background/config';
import { savePendingSessions, state } from '../background/pending-queue';
import { Log, attemptValue, failureValue, simLog } from '../background/sim-hooks';
import * as storageManager from '../background/storage-manager';
import { SYNC_ALARM_NAME, trySyncActivities } from '../background/sync-manager';
import * as tokenManager from '../background/token-manager';
import { loaded } from './loaded';
import { calculateBackoff, isTransient, retryAfterMsOf, shouldRetry } from './sync-retry';

// An hour-long Retry-After would keep the dashboard stale for the hour; one request per item
// every 5 minutes is still gentle on a rate limiter (F17).
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;
// Transient failures in a row that end a sync pass (F19): three before the pass's first success
// (the network, the server or the token is failing), six after one. A network that loses one
// round trip in seven runs three in a row once in about 350 attempts; ending the pass there and
// waiting for the next alarm drained a backlog at a sixth of the network's speed (F31).
const FAILURES_ENDING_PASS = 3;
const FAILURES_ENDING_PASS_AFTER_SUCCESS = 6;
// A pass that has run this long since its last save saves its progress after a success: a
// backlog pass outlives the worker (its hard limit), and one that saved only at its end sent
// the same first items again in every incarnation and never got through (F21).
const PROGRESS_SAVE_MS = 10_000;

const MAX_FAILED_ITEMS = config.deadLetterCapacity;

let syncInProgress = false;
let syncRequested = false; // a sync asked for while one ran runs again after it

// create() alone: it replaces an alarm of the same name. The plan's clear() first left no alarm
// when the worker died between the two (F23).
export async function registerSyncAlarm(): Promise<void> {
  const minutes = config.alarmPeriodMs / 60000;
  await chrome.alarms.create(SYNC_ALARM_NAME, { delayInMinutes: minutes, periodInMinutes: minutes });
}

// Re-creates the alarm if it is gone (a crash before onInstalled ran, a restart that cleared
// it): without it a failed sync is never retried (F23). Creating it unconditionally would push
// it back at every start and keep it from firing while the worker keeps waking.
export async function ensureSyncAlarm(): Promise<void> {
  if (!(await chrome.alarms.get(SYNC_ALARM_NAME))) await registerSyncAlarm();
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
      let failedInARow = 0; // transient failures of this pass since its last success
      let anySuccess = false; // this pass has had a success: the network worked in it
      let savedAt = Date.now(); // this pass's progress is in storage as of then
      // Ends first, in queue order, then starts (docs/findings.md F30): an end is what the
      // dashboard waits for, and a start of a review still open is not; a window reopened after
      // an outage queues dozens of starts at once.
      const queued = state.pendingSessions.filter(s => !s.synced);
      const unsyncedSessions = [...queued.filter(s => s.action === 'end'), ...queued.filter(s => s.action !== 'end')];
      const endsQueued = () => state.pendingSessions.filter(s => s.action === 'end').length;
      const endsAtStart = endsQueued();

      for (const pending of unsyncedSessions) {
        // The snapshot may hold a start that its end superseded meanwhile.
        if (!state.pendingSessions.includes(pending)) continue;
        // A review that ended during this pass goes before the starts still ahead in it: the
        // pass ends here, and the next one, ends first, begins (F30).
        if (pending.action !== 'end' && syncRequested && endsQueued() > endsAtStart) break;
        if (Date.now() < (pending.nextAttemptAt ?? 0)) {
          simLog(Log.BackoffSkip, pending.localId, pending.retryCount ?? 0);
          continue; // backoff / Retry-After
        }

        let succeeded = false;
        try {
          await syncItem(pending);
          failedInARow = 0;
          anySuccess = true;
          succeeded = true;
        } catch (error) {
          simLog(Log.SyncFailed, pending.localId, failureValue(pending.action === 'end', error));
          recordFailure(pending, error);
          if (!shouldRetry(pending.retryCount ?? 0, error)) {
            await addToFailedQueue(pending);
            pending.synced = true;
            await savePendingSessions(); // dead-lettered: never tried again, whatever dies next (F19)
          }
          // A deadline is saved before the next request is awaited: a worker killed during a
          // long pass left the next one a queue that said "retry now" to every item that had
          // failed in it (F19). A run of failures means the network, the server or the token is
          // failing: the rest of the queue would fail the same way, so the pass ends (an outage
          // costs a few saves per pass, not one per item; a lost request or a random 5xx does
          // not end it, F31).
          if (!(isTransient(error) || (error instanceof WorkTimeAPIError && error.statusCode === 401))) continue;
          if (++failedInARow === (anySuccess ? FAILURES_ENDING_PASS_AFTER_SUCCESS : FAILURES_ENDING_PASS)) break;
          await savePendingSessions();
          savedAt = Date.now();
        }
        if (succeeded && Date.now() - savedAt >= PROGRESS_SAVE_MS) {
          await savePendingSessions();
          savedAt = Date.now();
        }
      }

      // An end that is done (on the server, or dead-lettered with its data) leaves nothing to
      // read in its session record: removed, after the queue without it is saved, so months of
      // reviews do not fill the quota (F18).
      const done = state.pendingSessions.filter(s => s.synced && s.action === 'end').map(s => s.localId);
      state.pendingSessions = state.pendingSessions.filter(s => !s.synced);
      await savePendingSessions();
      for (const localId of done) await storageManager.removeSession(localId);
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
  // Retry-After honoured up to its cap (F17).
  const wait = Math.max(calculateBackoff(pending.retryCount), Math.min(retryAfterMsOf(error), MAX_RETRY_AFTER_MS));
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
