// Smoke test of the bundles in a tiny fake browser (plain Node, no framework). Each host call
// (chrome.* promise, fetch) resolves on a later macrotask, as syncsim's shim will; between
// dispatches the test lets everything settle, so each host-call list below is exact and is the
// C++ port's order for the same events (core/plan/*.cpp, core/hardened/*.cpp).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const API = 'https://api.worktime.example';

const later = (value) => new Promise((resolve) => setImmediate(() => resolve(value)));
const laterReject = (error) => new Promise((_, reject) => setImmediate(() => reject(error)));
async function settle() {
  for (let i = 0; i < 200; i++) await later();
}

function event() {
  const listeners = [];
  return { listeners, addListener: (f) => listeners.push(f), removeListener() {}, hasListener: () => false };
}

// A service worker context: chrome.*, fetch, navigator, self. `respond(url, init)` answers
// fetches with {status, body?, headers?}.
function loadWorker(bundle, { respond, openTabs = new Set(), seed = {} }) {
  const store = new Map(Object.entries(seed).map(([k, v]) => [k, JSON.stringify(v)]));
  const calls = [];
  const requests = [];
  const ev = {
    installed: event(),
    startup: event(),
    alarm: event(),
    removed: event(),
    message: event(),
  };
  const windowListeners = {};
  const chrome = {
    storage: {
      local: {
        get(keys) {
          calls.push(`get ${[].concat(keys).join(',')}`);
          const out = {};
          for (const k of [].concat(keys)) if (store.has(k)) out[k] = JSON.parse(store.get(k));
          return later(out);
        },
        set(items) {
          // Serialised at call time, as Chrome does: later mutation of the objects is not stored.
          calls.push(`set ${Object.keys(items).join(',')}`);
          for (const [k, v] of Object.entries(items)) store.set(k, JSON.stringify(v));
          return later();
        },
      },
    },
    alarms: {
      created: [],
      create(name, info) {
        calls.push(`alarms.create ${name}`);
        chrome.alarms.created.push({ name, ...info });
        return later();
      },
      clear(name) {
        calls.push(`alarms.clear ${name}`);
        return later(true);
      },
      onAlarm: ev.alarm,
    },
    tabs: {
      get(tabId) {
        calls.push(`tabs.get ${tabId}`);
        return openTabs.has(tabId) ? later({ id: tabId }) : laterReject(new Error(`No tab with id: ${tabId}.`));
      },
      onRemoved: ev.removed,
    },
    runtime: {
      onInstalled: ev.installed,
      onStartup: ev.startup,
      onMessage: ev.message,
      sendMessage: () => later(undefined),
    },
  };
  async function fetch(url, init = {}) {
    const body = init.body === undefined ? undefined : JSON.parse(init.body);
    const request = { url, method: init.method, headers: { ...(init.headers ?? {}) }, body };
    requests.push(request);
    calls.push(`fetch ${url.replace(API, '')}`);
    await later();
    const answer = respond(request);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.headers ?? {},
    });
  }
  const sandbox = {
    chrome,
    fetch,
    navigator: { onLine: true, sendBeacon: () => true },
    console: { log() {}, warn() {}, error() {} },
    setTimeout,
    clearTimeout,
    AbortController,
    AbortSignal,
    addEventListener: (type, f) => (windowListeners[type] ??= []).push(f),
  };
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(path.join(DIST, bundle), 'utf8'), sandbox, { filename: bundle });

  const dispatch = async (e, ...args) => {
    for (const f of e.listeners) await f(...args);
    await settle();
  };
  return {
    calls,
    requests,
    chrome,
    stored: (key) => (store.has(key) ? JSON.parse(store.get(key)) : undefined),
    installed: () => dispatch(ev.installed, { reason: 'install' }),
    alarm: () => dispatch(ev.alarm, { name: 'sync', scheduledTime: 0 }),
    removed: (tabId) => dispatch(ev.removed, tabId, { windowId: 1, isWindowClosing: false }),
    message: async (msg, tabId) => {
      for (const f of ev.message.listeners) f(msg, { tab: { id: tabId } }, () => {});
      await settle();
    },
  };
}

// The backend's happy path (sim/backend.cpp): start 201 {session_id}, end 200, activities 200.
function happyBackend() {
  let nextId = 100;
  return ({ url }) => {
    if (url === `${API}/api/sessions/start`) return { status: 201, body: { session_id: ++nextId } };
    if (/\/api\/sessions\/\d+\/end$/.test(url)) return { status: 200, body: {} };
    if (url === `${API}/api/activities`) return { status: 200, body: {} };
    return { status: 404 };
  };
}

const AUTH = { auth: { accessToken: 't0', refreshToken: 'r0', expiresAt: 4102444800000 } };
const START = { type: 'START_SESSION', repo_owner: 'acme', repo_name: 'widgets', pr_number: 42 };
const QUEUES = 'get pendingSessions,pendingActivities,activeSessions';
const paths = (w) => w.requests.map((r) => r.url.replace(API, ''));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n${e.stack}`);
  }
}

await check('approach2: start then end, in the C++ order of host calls', async () => {
  const w = loadWorker('approach2.js', { respond: happyBackend(), seed: AUTH });
  await settle();
  await w.installed();
  assert.deepEqual(w.chrome.alarms.created, [{ name: 'sync', delayInMinutes: 1, periodInMinutes: 1 }]);
  await w.message(START, 7);
  await w.removed(7);
  // The immediate sync finds the still-queued start first and sends nothing (core/README.md).
  assert.deepEqual(w.requests, []);
  await w.alarm();
  // The start item, then the end item without a backendId starts the session again (F1).
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/sessions/start', '/api/sessions/102/end']);
  assert.equal(w.requests[0].headers['Authorization'], 'Bearer t0');
  assert.deepEqual(w.requests[0].body, { repo_owner: 'acme', repo_name: 'widgets', pr_number: 42 });
  assert.ok(w.requests.every((r) => !('Idempotency-Key' in r.headers)));
  assert.deepEqual(w.stored('pendingSessions'), []);
  assert.deepEqual(w.calls, [
    QUEUES,
    'alarms.clear sync', 'alarms.create sync',
    // START_SESSION
    'set session:7', 'set pendingSessions',
    // tabs.onRemoved: endSession, then trySyncSessionsImmediate
    'get session:7', 'set session:7', 'set pendingSessions', 'get auth',
    // alarm: forceSyncNow -> trySyncSessionsWithRetry
    'get auth',
    'get auth', 'fetch /api/sessions/start', 'get session:7', 'set session:7',
    'get auth', 'fetch /api/sessions/start', 'get auth', 'fetch /api/sessions/102/end',
    'set pendingSessions',
  ]);
});

await check('approach2: a 401 dead-letters both items at once (F3, F11)', async () => {
  const w = loadWorker('approach2.js', { respond: () => ({ status: 401 }), seed: AUTH });
  await settle();
  await w.message(START, 7);
  await w.removed(7);
  await w.alarm();
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/sessions/start']);
  const dead = w.stored('failedSyncItems');
  assert.deepEqual(dead.map((d) => [d.localId, d.action, d.retryCount, d.lastError]), [
    ['7', 'start', 1, 'WorkTime API error 401'],
    ['7', 'end', 1, 'WorkTime API error 401'],
  ]);
  assert.deepEqual(w.stored('pendingSessions'), []);
});

await check('baseline: an end without backendId is never queued (F12)', async () => {
  const w = loadWorker('baseline.js', { respond: happyBackend(), seed: AUTH });
  await settle();
  await w.installed();
  assert.deepEqual(w.chrome.alarms.created, [{ name: 'sync', delayInMinutes: 5, periodInMinutes: 5 }]);
  await w.message(START, 7);
  await w.removed(7);
  await w.alarm();
  assert.deepEqual(paths(w), ['/api/sessions/start']);
  assert.equal(w.stored('session:7').active, false);
});

await check('hardened: start then end at tab close, with Idempotency-Key, in the C++ order', async () => {
  const w = loadWorker('hardened.js', { respond: happyBackend(), seed: AUTH });
  await settle();
  await w.installed();
  await w.message(START, 7);
  assert.deepEqual(w.stored('activeSessions'), ['7']);
  await w.removed(7);
  // The end superseded the queued start and synced at once (F1, F5).
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/sessions/101/end']);
  assert.ok(w.requests.every((r) => r.headers['Idempotency-Key'] === '7'));
  await w.alarm();
  assert.equal(w.requests.length, 2);
  assert.deepEqual(w.stored('pendingSessions'), []);
  assert.deepEqual(w.stored('activeSessions'), []);
  assert.deepEqual(w.calls, [
    QUEUES,
    'alarms.clear sync', 'alarms.create sync',
    'set session:7', 'set activeSessions', 'set pendingSessions',
    // endSessionAt: the queue before the record, then the shared loop (syncNowFor)
    'get session:7', 'set pendingSessions', 'set session:7', 'set activeSessions', 'get auth',
    'get auth', 'fetch /api/sessions/start', 'get auth', 'fetch /api/sessions/101/end',
    'set pendingSessions',
    // alarm: nothing left to send
    'get auth', 'set pendingSessions',
  ]);
});

await check('hardened: a 401 refreshes the token and retries once (F3)', async () => {
  const happy = happyBackend();
  const respond = (r) => {
    if (r.url === `${API}/api/auth/refresh`) return { status: 200, body: { access_token: 't1', expires_at: 4102444800000 } };
    if (r.headers['Authorization'] !== 'Bearer t1') return { status: 401 };
    return happy(r);
  };
  const w = loadWorker('hardened.js', { respond, seed: AUTH });
  await settle();
  await w.message(START, 7);
  await w.removed(7);
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/auth/refresh', '/api/sessions/start', '/api/sessions/101/end']);
  assert.deepEqual(w.requests[1].body, { refresh_token: 'r0' });
  assert.equal(w.stored('auth').accessToken, 't1');
  assert.deepEqual(w.stored('pendingSessions'), []);
});

await check('hardened: the startup sweep ends a session whose tab is gone (F8)', async () => {
  const seed = {
    ...AUTH,
    activeSessions: ['7', '8'],
    'session:7': { localId: '7', tabId: 7, repoOwner: 'acme', repoName: 'widgets', prNumber: 42,
      startTime: 1000, lastUpdate: 61000, active: true, synced: false },
    'session:8': { localId: '8', tabId: 8, repoOwner: 'acme', repoName: 'widgets', prNumber: 43,
      startTime: 1000, lastUpdate: 61000, active: true, synced: false },
  };
  const w = loadWorker('hardened.js', { respond: happyBackend(), seed, openTabs: new Set([8]) });
  await settle();
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/sessions/101/end']);
  assert.deepEqual(w.requests[1].body, { duration_seconds: 60 });
  assert.deepEqual(w.stored('activeSessions'), ['8']);
  assert.equal(w.stored('session:7').endTime, 61000);
});

await check('hardened: listeners waiting on the gate issue their first call before the sweep (core/gate.hpp)', async () => {
  const seed = {
    ...AUTH,
    activeSessions: ['7'],
    'session:7': { localId: '7', tabId: 7, repoOwner: 'acme', repoName: 'widgets', prNumber: 42,
      startTime: 1000, lastUpdate: 61000, active: true, synced: false },
  };
  const w = loadWorker('hardened.js', { respond: happyBackend(), seed });
  await w.alarm(); // dispatched while the queues are still loading
  assert.deepEqual(w.calls.slice(0, 3), [QUEUES, 'get auth', 'get session:7']);
  assert.deepEqual(paths(w), ['/api/sessions/start', '/api/sessions/101/end']);
  assert.deepEqual(w.stored('pendingSessions'), []);
});

await check('approach1 content script: START_SESSION, pings, and the relative beacon on pagehide', async () => {
  const messages = [];
  const beacons = [];
  const intervals = [];
  const windowListeners = {};
  const payload = JSON.stringify({ sessions: [{ localId: '3', action: 'end' }] });
  const sandbox = {
    chrome: {
      runtime: {
        sendMessage: (m) => {
          messages.push(m);
          return later(m.type === 'GET_BEACON_PAYLOAD' ? { payload } : undefined);
        },
      },
    },
    location: { pathname: '/acme/widgets/pull/42/files' },
    navigator: { sendBeacon: (url, data) => beacons.push([url, data]) },
    setInterval: (f, ms) => intervals.push([f, ms]),
  };
  sandbox.window = { addEventListener: (type, f) => (windowListeners[type] ??= []).push(f) };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(path.join(DIST, 'approach1.content.js'), 'utf8'), sandbox);
  const plain = (v) => JSON.parse(JSON.stringify(v)); // objects made in the bundle's realm
  assert.deepEqual(plain(messages), [START]);
  assert.deepEqual(intervals.map(([, ms]) => ms), [10000]);
  intervals[0][0]();
  assert.deepEqual(plain(messages[1]), { type: 'ACTIVITY' });
  for (const f of windowListeners.pagehide) await f();
  await settle();
  assert.deepEqual(beacons, [['/api/sync/sessions', payload]]);
});

await check('approach2 content script: no pagehide listener', async () => {
  const windowListeners = {};
  const sandbox = {
    chrome: { runtime: { sendMessage: () => later(undefined) } },
    location: { pathname: '/acme/widgets/pull/42' },
    navigator: {},
    setInterval: () => 0,
    window: { addEventListener: (type, f) => (windowListeners[type] ??= []).push(f) },
  };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(path.join(DIST, 'approach2.content.js'), 'utf8'), sandbox);
  assert.equal(windowListeners.pagehide, undefined);
});

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
