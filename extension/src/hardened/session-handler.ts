// hardened's session-handler (core/hardened/session_handler.cpp). What it changes in the
// plan's, each tied to a finding in docs/findings.md: every handler waits for the loaded queue
// (A1); an index of open sessions for the startup sweep (F8); endSession supersedes a queued
// start (F1), queues one end per session and writes the queue before the session record; the
// immediate sync is the shared single-flight loop (F5); the work time counts only what the pings
// show the page was running (F16). The beacon payload is the plan's.
import type { PendingSession, Session } from '../types';
import { saveActiveSessions, saveActivities, savePendingSessions, state } from '../background/pending-queue';
import { durationSecondsBetween, getBeaconPayload as planGetBeaconPayload } from '../background/session-handler';
import { Log, simLog } from '../background/sim-hooks';
import * as storageManager from '../background/storage-manager';
import { loaded } from './loaded';
import { syncNowFor } from './sync-manager';

// The content script pings every ACTIVITY_INTERVAL_MS (../content/visibility-tracker.ts). A gap
// of up to two pings (one lost on the way) is time the page ran; a longer one means the page did
// not run (the device slept), and counts as one ping: the page ran at most about that much on
// either side of the sleep (F16).
const ACTIVITY_INTERVAL_MS = 10000;
const RUNNING_GAP_MS = 2 * ACTIVITY_INTERVAL_MS;

// The activity queue keeps the newest pings only: offline for hours, one open tab queues 360 an
// hour, and an unbounded queue fills the storage quota until the writes that record reviews
// fail (F18). 1,000 pings are 40 KB.
const MAX_PENDING_ACTIVITIES = 1000;

// The session's work time at `t` (a ping, or its end): its work up to the last ping plus the
// gap since, as the rule above counts it.
function workTimeAt(session: Session, t: number): number {
  const gap = t - session.lastUpdate;
  return (session.activeMs ?? 0) + (gap <= RUNNING_GAP_MS ? Math.max(gap, 0) : ACTIVITY_INTERVAL_MS);
}

export async function startSession(tabId: number, repoOwner: string, repoName: string, prNumber: number): Promise<void> {
  await loaded;
  await startLoaded(tabId, repoOwner, repoName, prNumber);
}

// startSession once the queues are loaded. `activeMs`: work the page already did (a start from a
// ping or a PAGE_HIDE); `startTime`, `lastUpdate`: when the page says (-1: now).
async function startLoaded(
  tabId: number,
  repoOwner: string,
  repoName: string,
  prNumber: number,
  activeMs = 0,
  startTime = -1,
  lastUpdate = -1,
): Promise<void> {
  const now = Date.now();
  const session: Session = {
    localId: String(tabId),
    tabId,
    repoOwner,
    repoName,
    prNumber,
    startTime: startTime >= 0 ? startTime : now,
    lastUpdate: lastUpdate >= 0 ? lastUpdate : now,
    active: true,
    synced: false,
    activeMs,
  };
  // The index of open sessions (the startup sweep reads these few ids), the record and the
  // queued start, in one chrome.storage.local.set: a kill cannot fall between its writes.
  // (already there when an orphan is started again, F28)
  if (!state.activeSessions.includes(session.localId)) state.activeSessions.push(session.localId);
  const pendingSession: PendingSession = {
    localId: session.localId,
    action: 'start',
    data: { repo_owner: repoOwner, repo_name: repoName, pr_number: prNumber },
    created_at: new Date(now).toISOString(),
    synced: false,
    retryCount: 0,
  };
  state.pendingSessions.push(pendingSession);
  await chrome.storage.local.set({
    activeSessions: state.activeSessions,
    [storageManager.sessionKey(session.localId)]: session,
    pendingSessions: state.pendingSessions,
  });
  simLog(Log.SessionStarted, session.localId);
}

// An ACTIVITY ping; from a tab no open session knows, it starts the review it names: its
// START_SESSION never ran to the index (it fell on a worker killed in its cold start, or the
// worker died before the write), and a late start beats a lost review.
// `seq`: the page's ping count (0 from a page that does not count); seq pings are at least seq
// intervals of work (F24).
export async function recordActivity(
  tabId: number,
  repoOwner: string,
  repoName: string,
  prNumber: number,
  seq: number,
): Promise<void> {
  const counted = seq * ACTIVITY_INTERVAL_MS;
  await loaded;
  if (!state.activeSessions.includes(String(tabId))) {
    await startLoaded(tabId, repoOwner, repoName, prNumber, counted);
    return;
  }
  // The plan's recordActivity, with the work time (F16).
  const localId = String(tabId);
  const now = Date.now();
  const session = await storageManager.getSession(localId);
  if (!session) {
    // Indexed, never recorded: a start's index write landed and its record write was lost with
    // its worker. Until the startup sweep drops the id (it may be minutes behind a slow sync),
    // the review is started from its pings as if unknown (F28).
    await startLoaded(tabId, repoOwner, repoName, prNumber, counted);
    return;
  }
  if (!session.active) return;
  session.activeMs = Math.max(workTimeAt(session, now), counted);
  session.lastUpdate = now;
  await storageManager.saveSession(session);
  state.pendingActivities.push({ localId, at: now });
  if (state.pendingActivities.length > MAX_PENDING_ACTIVITIES)
    state.pendingActivities = state.pendingActivities.slice(-MAX_PENDING_ACTIVITIES);
  await saveActivities();
}

// PAGE_HIDE: a review this worker never recorded (its START_SESSION fell on a dying worker and
// the tab closed before a ping, F26) is recorded and ended now, from what the page says. One it
// recorded is ended by tabs.onRemoved.
export async function recordClosedReview(
  tabId: number,
  repoOwner: string,
  repoName: string,
  prNumber: number,
  seq: number,
  openedAt: number,
): Promise<void> {
  await loaded;
  // A review this worker recorded is ended by tabs.onRemoved, which comes after this message (an
  // indexed id with no record is not recorded, F28).
  const recorded = await storageManager.getSession(String(tabId));
  if (recorded) return;
  const now = Date.now();
  const start = openedAt >= 0 && openedAt <= now ? openedAt : now;
  const counted = seq * ACTIVITY_INTERVAL_MS;
  // Its last ping came about `counted` after the page loaded (less if the device slept): the end
  // adds the gap since then by F16's rule.
  await startLoaded(tabId, repoOwner, repoName, prNumber, counted, start, Math.min(now, start + counted));
  simLog(Log.ClosedReviewRecorded, String(tabId), counted);
  await endSession(String(tabId));
}

export function endSession(localId: string): Promise<void> {
  return endSessionAt(localId, 0);
}

// endTime 0: now. The startup sweep ends a stale session at its last recorded activity.
export async function endSessionAt(localId: string, endTime: number): Promise<void> {
  await loaded;
  const session = await storageManager.getSession(localId);
  if (!session || !session.active) return; // unknown, or ended already

  const now = endTime ? endTime : Date.now();
  // The work time, not the wall time since the start: a device sleep is not work (F16).
  const durationSeconds = durationSecondsBetween(0, workTimeAt(session, now));
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
    retryCount: 0,
  };
  session.active = false;
  session.endTime = now;
  session.durationSeconds = durationSeconds;
  session.activeMs = workTimeAt(session, now);
  session.lastUpdate = now;

  // The end supersedes a start still queued for this session: the end path creates the server
  // session itself (with the idempotency key), so one request fewer and no orphan row (F1).
  const before = state.pendingSessions.length;
  state.pendingSessions = state.pendingSessions.filter(
    q => !(q.localId === localId && q.action === 'start' && !q.synced),
  );
  if (state.pendingSessions.length !== before) simLog(Log.StartMerged, localId);
  // Two paths can end one session at once (the startup sweep and tabs.onRemoved after a wake);
  // both read it active before either saved it. The second must not queue another end. Nothing
  // awaits between this check and the push, so it is atomic.
  if (state.pendingSessions.some(q => q.localId === localId && q.action === 'end')) return;
  // The queue first, then the record: a kill between the two writes leaves a queued end, never
  // an ended session with nothing queued (F8).
  state.pendingSessions.push(pendingSession);
  await savePendingSessions();
  await storageManager.saveSession(session);
  state.activeSessions = state.activeSessions.filter(id => id !== localId);
  await saveActiveSessions();
  simLog(Log.SessionEnded, localId, durationSeconds);

  // The immediate sync, through the one loop the alarm also uses (no double send, F5).
  await syncNowFor(localId);
}

export function getBeaconPayload(): string | null {
  return planGetBeaconPayload();
}
