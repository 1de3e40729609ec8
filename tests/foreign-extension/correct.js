// A team's own background script, written for syncsim's foreign-extension test (not the
// reference extension: no sim-hooks, no syncsim globals; plain JavaScript, one file, as esbuild
// would emit it). It keeps the plan's storage records (docs/your-extension.md, "Storage") and
// calls the backend's HTTP API (docs/backend-api.md). It is meant to hold every property under
// the plan's claims (`--claims approach2`) and hardened's: one queue, each change made under a
// lock with the queue re-read; Idempotency-Key on start and end; a 10 s timeout; one token
// refresh on 401; a failed item waits min(30 s, 1 s * 2^retries) or Retry-After (up to 5 min), whichever is
// longer; 400/404/422 go to the dead-letter queue; an end replaces its session's queued start;
// a start says when its session began (`started_at`);
// every worker start ends the sessions whose tabs are gone, at their last ping; an ACTIVITY ping
// from a tab with no open session starts the review it names; the work time counts the gaps
// between pings of up to 20 s, and one ping's 10 s for a longer gap (the device slept). tests/foreign-extension/buggy.js
// is the same team's first try.
'use strict';
(() => {
  const API = 'https://api.example.test';
  const BASE_MS = 1000;
  const MAX_DELAY_MS = 30000;
  const TIMEOUT_MS = 10000;
  // The dead-letter queue keeps rejected reviews where the user sees them: months of a few
  // malformed reviews a day outgrow 50 (a bundle without syncsim's hooks cannot say it evicted one).
  const MAX_FAILED = 1000;
  const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;  // an hour-long Retry-After would leave the dashboard stale
  const PING_MS = 10000;

  // One change of the stored state at a time within this worker incarnation.
  let chain = Promise.resolve();
  function locked(fn) {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  }

  const nowIso = () => new Date().toISOString();
  async function queues() {
    const r = await chrome.storage.local.get(['pendingSessions', 'activeSessions']);
    return { pending: r.pendingSessions || [], active: r.activeSessions || [] };
  }
  async function session(localId) {
    const key = 'session:' + localId;
    return (await chrome.storage.local.get(key))[key];
  }

  function startSession(tabId, owner, name, pr) {
    return locked(() => startLocked(tabId, owner, name, pr)).then(() => {
      void sync();
    });
  }

  const workAt = (s, t) => {
    const gap = t - s.lastUpdate;
    return (s.activeMs || 0) + (gap <= 2 * PING_MS ? Math.max(gap, 0) : PING_MS);
  };

  // An ACTIVITY ping: the work time so far. From a tab with no open session: its START_SESSION
  // was lost (a worker killed in its cold start), so the review it names starts now rather than never.
  function recordActivity(tabId, owner, name, pr) {
    return locked(async () => {
      const { active } = await queues();
      if (active.includes(String(tabId))) {
        const s = await session(String(tabId));
        if (!s || !s.active) return false;
        const now = Date.now();
        s.activeMs = workAt(s, now);
        s.lastUpdate = now;
        await chrome.storage.local.set({ ['session:' + s.localId]: s });
        return false;
      }
      if (typeof owner !== 'string') return false;
      await startLocked(tabId, owner, name, pr);
      return true;
    }).then((started) => {
      if (started) void sync();
    });
  }

  async function startLocked(tabId, owner, name, pr) {
      const localId = String(tabId);
      const now = Date.now();
      const { pending, active } = await queues();
      pending.push({
        localId, action: 'start', data: { repo_owner: owner, repo_name: name, pr_number: pr },
        created_at: nowIso(), synced: false, retryCount: 0,
      });
      active.push(localId);
      await chrome.storage.local.set({
        pendingSessions: pending,
        activeSessions: active,
        ['session:' + localId]: {
          localId, tabId, repoOwner: owner, repoName: name, prNumber: pr, startTime: now, lastUpdate: now,
          active: true, synced: false,
        },
      });
  }

  // at: when the review ended (a stale one: its last ping), else now.
  function endSession(localId, at) {
    return locked(async () => {
      const s = await session(localId);
      if (!s || !s.active) return false;
      const now = at || Date.now();
      s.active = false;
      s.endTime = now;
      s.durationSeconds = Math.round(workAt(s, now) / 1000);
      s.lastUpdate = now;
      const { pending, active } = await queues();
      const rest = pending.filter((p) => !(p.localId === localId && p.action === 'start'));
      if (!rest.some((p) => p.localId === localId && p.action === 'end')) {
        const end = {
          localId, action: 'end',
          data: { repo_owner: s.repoOwner, repo_name: s.repoName, pr_number: s.prNumber, duration_seconds: s.durationSeconds },
          created_at: nowIso(), synced: false, retryCount: 0,
        };
        if (s.backendId) end.backendId = Number(s.backendId);
        rest.push(end);
      }
      await chrome.storage.local.set({
        pendingSessions: rest,
        activeSessions: active.filter((id) => id !== localId),
        ['session:' + localId]: s,
      });
      return true;
    }).then(() => {
      void sync();
    });
  }

  // Sessions whose tab is gone (closed while no worker ran, or by a browser shutdown).
  async function endStaleSessions() {
    const { active } = await queues();
    for (const localId of active) {
      let open = true;
      try {
        await chrome.tabs.get(Number(localId));
      } catch {
        open = false;
      }
      if (!open) {
        const s = await session(localId);
        await endSession(localId, s ? s.lastUpdate : 0);
      }
    }
  }

  async function post(path, body, key) {
    const send = async () => {
      const { auth } = await chrome.storage.local.get('auth');
      const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': key };
      if (auth && auth.accessToken) headers.Authorization = 'Bearer ' + auth.accessToken;
      return fetch(API + path, {
        method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    };
    let response = await send();
    if (response.status === 401 && (await refresh())) response = await send();
    return response;
  }

  async function refresh() {
    const { auth } = await chrome.storage.local.get('auth');
    try {
      const r = await fetch(API + '/api/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: auth && auth.refreshToken }),
      });
      if (!r.ok) return false;
      const b = await r.json();
      await chrome.storage.local.set({
        auth: { accessToken: b.access_token, refreshToken: b.refresh_token, expiresAt: b.expires_at },
      });
      return true;
    } catch {
      return false;
    }
  }

  // One attempt of one item: { ok, backendId } or { status, retryAfterMs, backendId }.
  async function attempt(item) {
    let backendId = item.backendId;
    try {
      if (item.action === 'start' || !backendId) {
        // started_at tells the backend (and syncsim's checker) which review of the PR this is.
        const s = await session(item.localId);
        const body = s ? { ...item.data, started_at: s.startTime } : item.data;
        const r = await post('/api/sessions/start', body, item.localId);
        if (!r.ok) return failure(r, backendId);
        backendId = (await r.json()).session_id;
        if (item.action === 'start') return { ok: true, backendId };
      }
      const r = await post('/api/sessions/' + backendId + '/end', { duration_seconds: item.data.duration_seconds },
        item.localId);
      if (r.ok || r.status === 409) return { ok: true, backendId };
      return failure(r, backendId);
    } catch {
      return { status: 0, retryAfterMs: 0, backendId };  // network error or timeout
    }
  }
  function failure(r, backendId) {
    const seconds = Number(r.headers.get('Retry-After'));
    return { status: r.status, retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : 0, backendId };
  }

  function record(item, result) {
    return locked(async () => {
      const { pending } = await queues();
      const same = (p) => p.localId === item.localId && p.action === item.action;
      // A start its session's end replaced while it was in flight: the end inherits its wait
      // (the server saw the failed start; the end's own start must not follow it at once).
      const mine = pending.find(same) || (item.action === 'start' && !result.ok
        ? pending.find((p) => p.localId === item.localId && p.action === 'end' && !p.retryCount) : undefined);
      let rest = pending;
      if (result.backendId) {
        for (const p of pending) if (p.localId === item.localId && !p.backendId) p.backendId = Number(result.backendId);
        const s = await session(item.localId);
        if (s && !s.backendId) {
          s.backendId = String(result.backendId);
          s.synced = true;
          await chrome.storage.local.set({ ['session:' + item.localId]: s });
        }
      }
      if (result.ok) {
        rest = pending.filter((p) => !same(p));
      } else if (mine && mine.action === item.action && [400, 404, 422].includes(result.status)) {
        const { failedSyncItems } = await chrome.storage.local.get('failedSyncItems');
        const failed = (failedSyncItems || []).concat([{ ...mine, failedAt: nowIso() }]).slice(-MAX_FAILED);
        await chrome.storage.local.set({ failedSyncItems: failed });
        rest = pending.filter((p) => !same(p));
      } else if (mine) {
        mine.retryCount = (mine.retryCount || 0) + 1;
        const wait = Math.max(Math.min(MAX_DELAY_MS, BASE_MS * 2 ** mine.retryCount), Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS));
        mine.nextAttemptAt = Date.now() + wait;
        mine.lastError = 'status ' + result.status;
      }
      await chrome.storage.local.set({ pendingSessions: rest });
    });
  }

  let syncing = false;
  let again = false;
  async function sync() {
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    try {
      do {
        again = false;
        const { pending } = await queues();
        for (const item of pending) {
          if (item.nextAttemptAt && Date.now() < item.nextAttemptAt) continue;
          const { pending: current } = await queues();
          const still = current.find((p) => p.localId === item.localId && p.action === item.action);
          if (!still) continue;
          await record(still, await attempt(still));
        }
      } while (again);
    } finally {
      syncing = false;
    }
  }

  chrome.runtime.onInstalled.addListener(() => chrome.alarms.create('sync', { periodInMinutes: 1 }));
  chrome.runtime.onStartup.addListener(() => chrome.alarms.create('sync', { periodInMinutes: 1 }));
  // A crash at a cold start can cost the event that creates the alarm: re-create a missing one
  // at every start (creating it every time would push it back whenever the worker wakes).
  chrome.alarms.get('sync').then((a) => (a ? undefined : chrome.alarms.create('sync', { periodInMinutes: 1 })));
  chrome.alarms.onAlarm.addListener((alarm) => (alarm.name === 'sync' ? sync() : undefined));
  chrome.tabs.onRemoved.addListener((tabId) => endSession(String(tabId)));
  chrome.runtime.onMessage.addListener((message, sender) => {
    if (message && message.type === 'START_SESSION' && sender.tab) {
      void startSession(sender.tab.id, message.repo_owner, message.repo_name, message.pr_number);
    } else if (message && message.type === 'ACTIVITY' && sender.tab) {
      void recordActivity(sender.tab.id, message.repo_owner, message.repo_name, message.pr_number);
    }
    return false;
  });
  self.addEventListener('online', () => void sync());

  void endStaleSessions();
})();
