// session-handler.ts: the session lifecycle in the worker, the immediate sync on end (plan,
// Phase 1) and the beacon payload (Approach 1), as the plan writes them; C++:
// core/plan/session_handler.cpp. baseline and approach1 run this same code with their
// settings (config.ts). Where the plan is silent: startSession (core/README.md A2),
// recordActivity (A5), localId = String(tabId) (A3).
import type { PendingSession, Session } from '../types';
import { apiClient } from './api-client';
import { config } from './config';
import { saveActivities, savePendingSessions, state } from './pending-queue';
import { Log, attemptValue, errorStatus, failureValue, simLog } from './sim-hooks';
import * as storageManager from './storage-manager';
import * as tokenManager from './token-manager';

// Math.round((now - startTime) / 1000), as endSession computes it.
export function durationSecondsBetween(startTime: number, now: number): number {
  return Math.round((now - startTime) / 1000);
}

// START_SESSION from a PR page: save the session and queue a 'start' for the alarm loop (A2).
export async function startSession(tabId: number, repoOwner: string, repoName: string, prNumber: number): Promise<void> {
  const now = Date.now();
  const session: Session = {
    localId: String(tabId),
    tabId,
    repoOwner,
    repoName,
    prNumber,
    startTime: now,
    lastUpdate: now,
    active: true,
    synced: false,
  };
  await storageManager.saveSession(session);

  const pendingSession: PendingSession = {
    localId: session.localId,
    action: 'start',
    data: { repo_owner: repoOwner, repo_name: repoName, pr_number: prNumber },
    created_at: new Date(now).toISOString(),
    synced: false,
    retryCount: 0,
  };
  state.pendingSessions.push(pendingSession);
  await savePendingSessions();
  simLog(Log.SessionStarted, session.localId);
}

// An ACTIVITY ping: lastUpdate, and an activity for trySyncActivities (A5).
export async function recordActivity(tabId: number): Promise<void> {
  const localId = String(tabId);
  const now = Date.now();
  const session = await storageManager.getSession(localId);
  if (!session || !session.active) return;
  session.lastUpdate = now;
  await storageManager.saveSession(session);
  state.pendingActivities.push({ localId, at: now });
  await saveActivities();
}

// Change endSession to attempt sync before returning
export async function endSession(localId: string): Promise<void> {
  const session = await storageManager.getSession(localId);
  if (!session) return;

  const now = Date.now();
  const durationSeconds = Math.round((now - session.startTime) / 1000);

  // 1. Update local session
  session.active = false;
  session.endTime = now;
  session.durationSeconds = durationSeconds;
  session.lastUpdate = now;
  await storageManager.saveSession(session);

  // baseline, the code before the plan: `if (session.backendId) { pendingSessions.push(...) }`
  if (!config.endQueuesWithoutBackendId && !session.backendId) {
    simLog(Log.EndNotQueued, localId);
    return;
  }

  // 2. Create pending action
  const pendingSession: PendingSession = {
    localId,
    backendId: session.backendId ? parseInt(session.backendId) : undefined,
    action: 'end',
    data: {
      repo_owner: session.repoOwner,
      repo_name: session.repoName,
      pr_number: session.prNumber,
      duration_seconds: durationSeconds,
    },
    created_at: new Date().toISOString(),
    synced: false,
    retryCount: 0, // NEW: track retries
  };
  state.pendingSessions.push(pendingSession);
  await savePendingSessions();
  simLog(Log.SessionEnded, localId, durationSeconds);

  // 3. IMMEDIATE sync attempt (blocking)
  if (config.immediateSyncOnEnd) await trySyncSessionsImmediate(localId);
}

// New function: immediate sync for specific session. As written, it takes the FIRST unsynced
// item of the session: while the 'start' is still queued that is the start, which is not an
// end and has no backendId, so nothing is sent (core/README.md, "Faithfulness details"). It
// ignores syncInProgress, and sets no lastRetryTime (F5).
export async function trySyncSessionsImmediate(targetLocalId: string): Promise<boolean> {
  const isAuthenticated = await tokenManager.isAuthenticated();
  if (!isAuthenticated) return false;

  const pending = state.pendingSessions.find(s => s.localId === targetLocalId && !s.synced);
  if (!pending) return true; // Already synced

  const isEnd = pending.action === 'end';
  if (pending.backendId || isEnd) simLog(Log.SyncAttempt, targetLocalId, attemptValue(isEnd, pending.retryCount || 0));
  try {
    // If no backendId, create session first
    if (!pending.backendId && pending.action === 'end') {
      const startResponse = await apiClient.startSession({
        repo_owner: pending.data.repo_owner,
        repo_name: pending.data.repo_name,
        pr_number: pending.data.pr_number,
      }, pending.localId);
      pending.backendId = startResponse.session_id;

      // Update local session with backendId
      const session = await storageManager.getSession(targetLocalId);
      if (session) {
        session.backendId = String(startResponse.session_id);
        await storageManager.saveSession(session);
      }
    }

    // Now end the session
    if (pending.backendId) {
      await apiClient.endSession(
        String(pending.backendId),
        pending.data.duration_seconds || 0,
        pending.localId,
      );
      pending.synced = true;
      state.pendingSessions = state.pendingSessions.filter(s => s.localId !== targetLocalId || !s.synced);
      await savePendingSessions();
      simLog(Log.ImmediateSyncOk, targetLocalId);
      return true;
    }
  } catch (error) {
    console.error('[SessionHandler] Immediate sync failed:', error);
    simLog(Log.ImmediateSyncFailed, targetLocalId, errorStatus(error).status);
    simLog(Log.SyncFailed, targetLocalId, failureValue(isEnd, error));
    pending.retryCount = (pending.retryCount || 0) + 1;
    await savePendingSessions();
    // Will retry on next alarm
  }
  return false;
}

// Approach 1: the unsynced 'end' items, answered synchronously from memory.
export function getBeaconPayload(): string | null {
  const unsynced = state.pendingSessions.filter(s => !s.synced && s.action === 'end');
  simLog(Log.BeaconPayload, 0, unsynced.length);
  if (unsynced.length === 0) return null;
  return JSON.stringify({ sessions: unsynced });
}
