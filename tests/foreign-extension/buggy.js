// The same team's first try (tests/foreign-extension/correct.js is the fixed one), written for
// syncsim's foreign-extension test: plain JavaScript, no sim-hooks. Its bugs, on purpose:
// - a failed request is tried again at once, up to three times in a row (no backoff);
// - after three failures the item is dropped: not retried, not in the dead-letter queue;
// - no Idempotency-Key, no timeout, no token refresh.
'use strict';
(() => {
  const API = 'https://api.example.test';

  async function pendingSessions() {
    return (await chrome.storage.local.get(['pendingSessions'])).pendingSessions || [];
  }

  async function startSession(tabId, owner, name, pr) {
    const localId = String(tabId);
    const now = Date.now();
    await chrome.storage.local.set({
      ['session:' + localId]: {
        localId, tabId, repoOwner: owner, repoName: name, prNumber: pr, startTime: now, lastUpdate: now,
        active: true, synced: false,
      },
    });
    const pending = await pendingSessions();
    pending.push({ localId, action: 'start', data: { repo_owner: owner, repo_name: name, pr_number: pr },
      created_at: new Date().toISOString(), synced: false, retryCount: 0 });
    await chrome.storage.local.set({ pendingSessions: pending });
  }

  async function endSession(localId) {
    const key = 'session:' + localId;
    const s = (await chrome.storage.local.get(key))[key];
    if (!s || !s.active) return;
    s.active = false;
    s.endTime = Date.now();
    s.durationSeconds = Math.round((s.endTime - s.startTime) / 1000);
    await chrome.storage.local.set({ [key]: s });
    const pending = await pendingSessions();
    pending.push({ localId, action: 'end', backendId: s.backendId ? Number(s.backendId) : undefined,
      data: { repo_owner: s.repoOwner, repo_name: s.repoName, pr_number: s.prNumber, duration_seconds: s.durationSeconds },
      created_at: new Date().toISOString(), synced: false, retryCount: 0 });
    await chrome.storage.local.set({ pendingSessions: pending });
  }

  async function post(path, body) {
    const { auth } = await chrome.storage.local.get('auth');
    return fetch(API + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + (auth ? auth.accessToken : '') },
      body: JSON.stringify(body),
    });
  }

  async function once(item) {
    try {
      if (!item.backendId) {
        const r = await post('/api/sessions/start', item.data);
        if (!r.ok) return false;
        item.backendId = (await r.json()).session_id;
      }
      if (item.action === 'start') return true;
      const r = await post('/api/sessions/' + item.backendId + '/end', { duration_seconds: item.data.duration_seconds });
      return r.ok;
    } catch {
      return false;
    }
  }

  let syncing = false;
  async function sync() {
    if (syncing) return;
    syncing = true;
    try {
      const pending = await pendingSessions();
      const keep = [];
      for (const item of pending) {
        let ok = false;
        for (let i = 0; i < 3 && !ok; i++) ok = await once(item);  // BUG: no backoff between tries
        if (ok && item.action === 'start') {
          const key = 'session:' + item.localId;
          const s = (await chrome.storage.local.get(key))[key];
          if (s) {
            s.backendId = String(item.backendId);
            await chrome.storage.local.set({ [key]: s });
          }
        }
        // BUG: an item that failed three times is forgotten
      }
      await chrome.storage.local.set({ pendingSessions: keep });
    } finally {
      syncing = false;
    }
  }

  chrome.runtime.onInstalled.addListener(() => chrome.alarms.create('sync', { periodInMinutes: 1 }));
  chrome.runtime.onStartup.addListener(() => chrome.alarms.create('sync', { periodInMinutes: 1 }));
  chrome.alarms.onAlarm.addListener((alarm) => (alarm.name === 'sync' ? sync() : undefined));
  chrome.tabs.onRemoved.addListener((tabId) => endSession(String(tabId)));
  chrome.runtime.onMessage.addListener((message, sender) => {
    if (message && message.type === 'START_SESSION' && sender.tab) {
      void startSession(sender.tab.id, message.repo_owner, message.repo_name, message.pr_number);
    }
    return false;
  });
})();
