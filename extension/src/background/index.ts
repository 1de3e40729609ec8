// The service worker's top level for baseline, approach1 and approach2 (core/plan/background.cpp).
// Listeners are registered synchronously (MV3); they do not wait for the queue load (A1).
// Each listener returns its handler's promise: Chrome ignores it, the syncsim shim may await it
// to time the handler (onRemoved's is the plan's "tab close latency", A4).
import type { BeaconPayloadResponse, ExtensionMessage } from '../types';
import { config } from './config';
import { loadPendingSessions } from './pending-queue';
import { endSession, getBeaconPayload, recordActivity, startSession } from './session-handler';
import { SYNC_ALARM_NAME, forceSyncNow, registerSyncAlarm } from './sync-manager';

// A1: on every worker start, not awaited by any listener.
void loadPendingSessions();

// A7: the alarm is registered on install and on browser start.
chrome.runtime.onInstalled.addListener(() => registerSyncAlarm());
chrome.runtime.onStartup.addListener(() => registerSyncAlarm());

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM_NAME) return forceSyncNow();
  return undefined;
});

// A4: closing the PR's tab ends its session (A3: localId = String(tabId)).
chrome.tabs.onRemoved.addListener((tabId) => endSession(String(tabId)));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const msg = message as ExtensionMessage;
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'START_SESSION':
      if (tabId !== undefined) void startSession(tabId, msg.repo_owner, msg.repo_name, msg.pr_number);
      return false;
    case 'ACTIVITY':
      if (tabId !== undefined) void recordActivity(tabId);
      return false;
    case 'GET_BEACON_PAYLOAD': {
      // Answered synchronously from memory.
      const response: BeaconPayloadResponse = { payload: getBeaconPayload() };
      sendResponse(response);
      return false;
    }
    default:
      return false;
  }
});

// A12: "Online event triggers queued sync" (approach2); reaches a running worker only.
self.addEventListener('online', () => {
  if (config.syncOnOnlineEvent) void forceSyncNow();
});
