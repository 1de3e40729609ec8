// The behaviours the suite measures and the recorder that turns observations into
// conformance.json records. `model` quotes what /work/shared/facts/mv3.md (the model's
// source) says, for comparison; it is not used in any computation.

export const BEHAVIOURS = {
  extension_loads: { quick: true, unit: 'bool', model: 'n/a',
    description: 'The unpacked probe extension loads from --load-extension and its service worker starts.' },
  idle_timeout_ms: { quick: true, unit: 'ms', model: 30000,
    description: 'From the last event (listener reply) or extension API call to the worker\'s CDP targetDestroyed.' },
  'resets.event': { unit: 'bool', model: true,
    description: 'A runtime message 20 s into an idle period postpones termination to ~50 s.' },
  'resets.api_call': { unit: 'bool', model: true,
    description: 'An extension API call (runtime.getPlatformInfo) 20 s into an idle period postpones termination.' },
  'resets.fetch': { unit: 'bool', model: false,
    description: 'A fetch started and answered 20 s into an idle period postpones termination.' },
  'resets.set_timeout': { unit: 'bool', model: false,
    description: 'A pending 45 s setTimeout keeps the worker alive past the idle timeout (and fires).' },
  'resets.pending_fetch': { unit: 'bool', model: false,
    description: 'A fetch whose response is held back 60 s keeps the worker alive past the idle timeout.' },
  hard_limit: { unit: 'bool', model: 'killed at 300 s (5 min limit)',
    description: 'With an extension API call every 20 s for 340 s, the worker survives past 300 s.' },
  fetch_response_limit: { unit: 'enum', model: 'killed (30 s fetch-response limit)',
    description: 'A fetch answered after 45 s while API calls keep the worker active: completed or killed.' },
  cold_start_ms: { quick: true, unit: 'ms', model: 'n/a',
    description: 'From a runtime message sent (page Date.now()) to a stopped worker until its listener runs.' },
  alarm_min_period_ms: { unit: 'ms', model: 30000,
    description: 'Interval between fires of an alarm created with periodInMinutes: 0.1 (6 s), unpacked extension.' },
  alarm_lateness_running_ms: { unit: 'ms', model: '>= 0, unbounded',
    description: 'onAlarm listener Date.now() minus scheduledTime while the worker is running.' },
  alarm_lateness_cold_ms: { quick: true, unit: 'ms', model: '>= 0, unbounded',
    description: 'onAlarm listener Date.now() minus scheduledTime when the alarm has to start a stopped worker.' },
  alarm_wakes_stopped_worker: { quick: true, unit: 'bool', model: true,
    description: 'An alarm due after the worker stopped starts it and its onAlarm listener runs.' },
  alarm_persists_worker_termination: { quick: true, unit: 'bool', model: true,
    description: 'An alarm created by one worker life fires in a later life.' },
  alarm_persists_browser_restart: { unit: 'bool', model: 'not guaranteed (Chrome 150+: persistAcrossSessions default true)',
    description: 'An alarm created before a graceful browser close is present after relaunch (same profile).' },
  storage_persists_worker: { unit: 'bool', model: true,
    description: 'A storage.local value set in one worker life is read in a later life.' },
  storage_persists_browser_restart: { unit: 'bool', model: true,
    description: 'A storage.local value set before a browser close is read after relaunch (same profile).' },
  storage_set_100b_ms: { unit: 'ms', model: 'n/a', description: 'storage.local.set of a 100-byte string, timed in the worker.' },
  storage_get_100b_ms: { unit: 'ms', model: 'n/a', description: 'storage.local.get of a 100-byte string, timed in the worker.' },
  storage_set_1mib_ms: { unit: 'ms', model: 'n/a', description: 'storage.local.set of a 1 MiB string, timed in the worker.' },
  tab_removed_wakes_worker: { quick: true, unit: 'bool', model: true,
    description: 'Closing a tab while the worker is stopped starts it and tabs.onRemoved runs.' },
  tab_removed_wake_latency_ms: { quick: true, unit: 'ms', model: 'n/a',
    description: 'From the tab close request (CDP) to the onRemoved listener in the woken worker.' },
  pagehide_beacon_origin: { quick: true, unit: 'url', model: "the page's origin",
    description: 'Where a content script\'s sendBeacon(\'/api/sync/sessions\') on pagehide (tab close) arrives, and its Origin.' },
  graceful_close_delivers_on_removed: { unit: 'bool', model: 'no guarantee (async work gets no time)',
    description: 'Browser.close delivers tabs.onRemoved for the open tabs (worker stopped / running at close).' },
  is_window_closing: { unit: 'bool', model: 'n/a',
    description: 'isWindowClosing of the onRemoved events delivered during Browser.close.' },
  storage_set_during_close_persists: { unit: 'bool', model: "very probably (L: a set already sent completes)",
    description: 'A storage.local.set made by an onRemoved listener during Browser.close is there after relaunch.' },
  kill_delivers_on_removed: { unit: 'bool', model: false,
    description: 'SIGKILL of the browser process group delivers any tabs.onRemoved.' },
  relaunch_on_installed_reason: { unit: 'enum', model: 'none (onStartup instead)',
    description: 'runtime.onInstalled reason on relaunch with the same profile (after close / after kill).' },
  relaunch_on_startup_fires: { unit: 'bool', model: true,
    description: 'runtime.onStartup fires on relaunch with the same profile (after close / after kill).' },
  relaunch_alarms_kept: { unit: 'bool', model: 'not guaranteed',
    description: 'Alarms present on relaunch with the same profile (after close / after kill).' },
  online_when_backend_down: { unit: 'bool', model: true,
    description: 'navigator.onLine in the worker (and page) while the backend closes every connection.' },
};

function median(sorted) {
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

const round = (x) => Math.round(x * 10) / 10;

export class Recorder {
  constructor(meta) {
    this.meta = meta;
    this.obs = new Map();
    this.skipped = new Map();
    this.driverLog = [];
  }

  note(kind, data = {}) {
    this.driverLog.push({ at: Date.now(), kind, ...data });
  }

  // One repetition of a behaviour: its value and the raw events it was computed from.
  add(id, value, rawEvents = []) {
    if (!BEHAVIOURS[id]) throw new Error(`unknown behaviour ${id}`);
    if (!this.obs.has(id)) this.obs.set(id, []);
    this.obs.get(id).push({ value: typeof value === 'number' ? round(value) : value, rawEvents });
  }

  unmeasured(id, reason) {
    if (!this.obs.has(id)) this.skipped.set(id, reason);
  }

  has(id) {
    return this.obs.has(id);
  }

  record(id) {
    const { description, unit, model } = BEHAVIOURS[id];
    const base = { id, description, unit, model, chromium: this.meta.chromium, date: this.meta.date };
    const obs = this.obs.get(id);
    if (!obs) return { ...base, measured: false, reason: this.skipped.get(id) ?? 'not reached' };
    const values = obs.map((o) => o.value);
    const rec = { ...base, measured: true, repetitions: values.length, values };
    if (values.every((v) => typeof v === 'number')) {
      const sorted = [...values].sort((a, b) => a - b);
      Object.assign(rec, { min: sorted[0], median: round(median(sorted)), max: sorted.at(-1) });
    } else {
      const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
      rec.value = distinct.length === 1 ? values[0] : 'mixed';
    }
    rec.raw_events = obs.map((o) => o.rawEvents);
    return rec;
  }

  toJSON() {
    return { ...this.meta, behaviours: Object.keys(BEHAVIOURS).map((id) => this.record(id)) };
  }
}
