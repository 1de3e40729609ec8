// hardened's service worker top level (core/hardened/background.cpp): the plan's listeners,
// plus a top level that opens the "loaded" gate every listener waits for (A1) and ends
// sessions whose tab is gone (F8). The client (idempotency key, 10 s timeout, refresh on 401,
// 409 on end means done) is config.ts's hardened options.
import type { BeaconPayloadResponse, ExtensionMessage } from '../types';
import { loadPendingSessions, saveActiveSessions, state } from '../background/pending-queue';
import * as storageManager from '../background/storage-manager';
import { Log, simLog } from '../background/sim-hooks';
import { SYNC_ALARM_NAME } from '../background/sync-manager';
import { loaded, openLoaded } from './loaded';
import {
  endSession,
  endSessionAt,
  getBeaconPayload,
  recordActivity,
  recordClosedReview,
  startSession,
} from './session-handler';
import { ensureSyncAlarm, forceSyncNow, registerSyncAlarm } from './sync-manager';

// chrome.tabs.get rejects when the tab is gone: one host call per session checked.
async function tabExists(tabId: number): Promise<boolean> {
  try {
    await chrome.tabs.get(tabId);
    return true;
  } catch {
    return false;
  }
}

// Sessions still marked active whose tab no longer exists ended while the worker could not
// hear it (browser closed, worker killed mid-endSession): end each at its last activity.
// `stored` is the index as the last incarnation left it: an id there with no session record was
// indexed and never recorded (killed between startSession's two writes); it leaves the index,
// so that its tab's next ACTIVITY ping starts it again.
async function endStaleSessions(stored: string[]): Promise<void> {
  const active = [...state.activeSessions];
  const orphans: string[] = [];
  for (const id of active) {
    const s = await storageManager.getSession(id);
    if (!s && stored.includes(id)) orphans.push(id);
    if (!s || !s.active) continue;
    if (await tabExists(s.tabId)) continue;
    simLog(Log.StaleSessionEnded, s.localId, s.lastUpdate);
    await endSessionAt(s.localId, s.lastUpdate);
  }
  // Each checked again as it is dropped: a ping may have started it since (F28).
  let dropped = false;
  for (const id of orphans) {
    if (await storageManager.getSession(id)) continue;
    state.activeSessions = state.activeSessions.filter((x) => x !== id);
    dropped = true;
  }
  if (dropped) await saveActiveSessions();
}

async function main(): Promise<void> {
  await loadPendingSessions();
  const stored = [...state.activeSessions];
  openLoaded();
  // core/gate.hpp resumes the waiting listeners inside open(), before the sweep below; awaiting
  // the gate here queues this continuation behind theirs, so their first host calls come first.
  await loaded;
  await endStaleSessions(stored);
  await ensureSyncAlarm();
}

void main();

chrome.runtime.onInstalled.addListener(() => registerSyncAlarm());
chrome.runtime.onStartup.addListener(() => registerSyncAlarm());

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM_NAME) return forceSyncNow();
  return undefined;
});

chrome.tabs.onRemoved.addListener((tabId) => endSession(String(tabId)));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const msg = message as ExtensionMessage;
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'START_SESSION':
      if (tabId !== undefined) void startSession(tabId, msg.repo_owner, msg.repo_name, msg.pr_number);
      return false;
    case 'ACTIVITY':
      if (tabId !== undefined) void recordActivity(tabId, msg.repo_owner, msg.repo_name, msg.pr_number, msg.seq ?? 0);
      return false;
    case 'PAGE_HIDE':
      if (tabId !== undefined) void recordClosedReview(tabId, msg.repo_owner, msg.repo_name, msg.pr_number, msg.seq, msg.opened_at);
      return false;
    case 'GET_BEACON_PAYLOAD': {
      const response: BeaconPayloadResponse = { payload: getBeaconPayload() };
      sendResponse(response);
      return false;
    }
    default:
      return false;
  }
});

self.addEventListener('online', () => {
  void forceSyncNow();
});
