// Service worker of the conformance probe. It reports every lifecycle fact to the local
// backend (../backend.mjs) with fetch, and runs the commands that the control page sends
// (see COMMANDS). Reporting uses fetch only, never an extension API, so that reporting
// itself is not counted as activity by the idle timer.
importScripts('config.js');

const BACKEND = self.PROBE_CONFIG.backend;
const START_ID = Math.random().toString(36).slice(2, 10);
const STARTED_AT = Date.now();
const unsent = [];
let flushing = false;

function report(type, data = {}) {
  unsent.push({ type, startId: START_ID, t: Date.now(), ...data });
  flush();
}

// Sends queued reports in order; while the backend is down they wait for the next report.
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (unsent.length) {
      const batch = unsent.slice();
      await fetch(`${BACKEND}/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      unsent.splice(0, batch.length);
    }
  } catch {
    // backend unreachable: keep the batch
  } finally {
    flushing = false;
  }
}

async function apiCall() {
  await chrome.runtime.getPlatformInfo();
  return Date.now();
}

async function timed(fn) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function probeFetch(path, timeoutMs) {
  const t = Date.now();
  try {
    const r = await fetch(`${BACKEND}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.text();
    return { ok: r.ok, status: r.status, elapsedMs: Date.now() - t };
  } catch (e) {
    return { ok: false, error: String(e), elapsedMs: Date.now() - t };
  }
}

const LATER_ACTIONS = {
  nothing: async () => ({}),
  api_call: async () => ({ tApi: await apiCall() }),
  fetch: async () => probeFetch('/ping', 5000),
};

const COMMANDS = {
  ping: async () => ({}),
  api_call: async () => ({ tApi: await apiCall() }),

  // Runs one action after delayMs via setTimeout (the timer itself is under test too).
  later: async ({ delayMs, action }) => {
    setTimeout(async () => {
      report('timer_fired', { action, delayMs });
      report('later_done', { action, ...(await LATER_ACTIONS[action]()) });
    }, delayMs);
    return { scheduled: true };
  },

  // An extension API call every periodMs for durationMs.
  keepalive: async ({ periodMs, durationMs }) => {
    let n = 0;
    const id = setInterval(async () => {
      n += 1;
      report('keepalive_tick', { n, tApi: await apiCall() });
      if (n >= Math.floor(durationMs / periodMs)) {
        clearInterval(id);
        report('keepalive_end', { n });
      }
    }, periodMs);
    return { ticks: Math.floor(durationMs / periodMs) };
  },

  // A fetch whose response the backend holds back for ms.
  long_fetch: async ({ ms }) => {
    report('long_fetch_started', { ms });
    probeFetch(`/delay?ms=${ms}`, ms + 60000).then((r) => report('long_fetch_done', r));
    return { started: true };
  },

  alarm_create: async ({ name, info }) => {
    await chrome.alarms.create(name, info);
    const alarm = await chrome.alarms.get(name);
    return { alarm, tApi: Date.now() };
  },
  alarm_clear_all: async () => ({ cleared: await chrome.alarms.clearAll(), tApi: Date.now() }),
  alarms_get: async () => ({ alarms: await chrome.alarms.getAll(), tApi: Date.now() }),

  storage_set: async ({ key, bytes }) => {
    const { ms } = await timed(() => chrome.storage.local.set({ [key]: 'x'.repeat(bytes) }));
    return { ms, bytes, tApi: Date.now() };
  },
  storage_get: async ({ key }) => {
    const { ms, value } = await timed(() => chrome.storage.local.get(key));
    return { ms, found: key in value, bytes: value[key]?.length ?? null, tApi: Date.now() };
  },
  // Takes (reads and deletes) the stored keys that start with prefix.
  storage_take: async ({ prefix }) => {
    const all = await chrome.storage.local.get(null);
    const keys = Object.keys(all).filter((k) => k.startsWith(prefix));
    await chrome.storage.local.remove(keys);
    return { entries: keys.map((k) => all[k]), tApi: Date.now() };
  },
  storage_clear: async () => {
    await chrome.storage.local.clear();
    return { tApi: Date.now() };
  },

  online: async () => ({ onLine: navigator.onLine, fetch: await probeFetch('/ping', 3000) }),
};

chrome.runtime.onInstalled.addListener((d) => {
  report('installed', { reason: d.reason, previousVersion: d.previousVersion ?? null });
});

chrome.runtime.onStartup.addListener(() => report('startup'));

chrome.alarms.onAlarm.addListener((a) => {
  const now = Date.now();
  report('alarm', {
    name: a.name,
    scheduledTime: a.scheduledTime,
    periodInMinutes: a.periodInMinutes ?? null,
    lateMs: now - a.scheduledTime,
    ageMs: now - STARTED_AT,
  });
});

// Also kept in storage (one key per event): during browser shutdown the report's fetch
// may never leave, and a relaunch can still read what the listener saw.
chrome.tabs.onRemoved.addListener(async (tabId, info) => {
  const t = Date.now();
  const fact = { tabId, windowId: info.windowId, isWindowClosing: info.isWindowClosing, startId: START_ID, t };
  report('tab_removed', { ...fact, ageMs: t - STARTED_AT });
  await chrome.storage.local.set({ [`removed:${tabId}:${t}`]: fact });
  report('tab_removed_stored', { tabId, tApi: Date.now() });
});

chrome.runtime.onMessageExternal.addListener((msg, _sender, sendResponse) => {
  const tRecv = Date.now();
  report('message', { cmd: msg.cmd, sentAt: msg.sentAt, ageMs: tRecv - STARTED_AT });
  const command = COMMANDS[msg.cmd] ?? (async () => ({ error: `unknown command ${msg.cmd}` }));
  command(msg)
    .catch((e) => ({ error: String(e) }))
    .then((result) => {
      const reply = { ...result, startId: START_ID, tRecv, tDone: Date.now(), ageMs: tRecv - STARTED_AT };
      report('reply', { cmd: msg.cmd, reply });
      sendResponse(reply);
    });
  return true;
});

report('start', { perfNowMs: performance.now(), onLine: navigator.onLine });
