#pragma once
// The JavaScript half of the shim (sim/js/shim.cpp is the C++ half): the browser API surface a
// bundle sees, built in every realm before the bundle runs, over a small `host` object of
// native functions. Every chrome.* / fetch call that is a Promise in the browser is one native
// host call returning a promise the C++ side settles from the simulator's event queue, with no
// extra microtask in between. What the script can observe of time and chance comes from the
// simulator: Date, Math.random, crypto, timers. The script takes the native functions from
// globalThis.__syncsimHost and leaves the dispatch table the C++ side calls to deliver events in
// globalThis.__syncsimDispatch (the C++ side takes it and deletes it). Its declarations live
// in one block, so none of them becomes a global.
#include <string_view>

namespace syncsim::sim::js {

inline constexpr std::string_view kPrelude = R"JS('use strict';
{
  const g = globalThis;
  const host = g.__syncsimHost;
  delete g.__syncsimHost;

  // GC must not be observable; nothing else may read the wall clock or the OS's randomness.
  delete g.WeakRef;
  delete g.FinalizationRegistry;
  const RealDate = g.Date;
  class Date extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(host.now());
      else super(...args);
    }
    static now() { return host.now(); }
  }
  g.Date = Date;
  Math.random = function random() { return host.random(); };
  const uint32 = () => Math.floor(host.random() * 4294967296) >>> 0;
  g.crypto = {
    getRandomValues(array) {
      for (let i = 0; i < array.length; i++) array[i] = uint32();
      return array;
    },
    randomUUID() {
      const hex = (n, w) => n.toString(16).padStart(w, '0');
      const a = uint32(), b = uint32(), c = uint32(), d = uint32();
      return hex(a, 8) + '-' + hex(b >>> 16, 4) + '-' + hex(0x4000 | (b & 0x0fff), 4) + '-' +
        hex(0x8000 | ((c >>> 16) & 0x3fff), 4) + '-' + hex(c & 0xffff, 4) + hex(d, 8);
    },
  };
  const noop = () => undefined;
  g.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop, assert: noop };
  g.queueMicrotask = (fn) => { Promise.resolve().then(fn); };
  // The extension's instrumentation hook (extension/src/background/sim-hooks.ts).
  Object.defineProperty(g, '__syncsim', { value: Object.freeze({ log: host.log }) });

  class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message);
      this.name = name;
    }
  }
  g.DOMException = DOMException;

  // Timers run on the simulator's clock (host.setTimer); a cleared timer fires as a no-op.
  let nextTimer = 1;
  let timers = new Map();
  function addTimer(fn, ms, args, repeat) {
    const id = nextTimer++;
    const delay = Math.max(repeat ? 1 : 0, Math.floor(Number(ms) || 0));
    timers.set(id, { fn, args, repeat: repeat ? delay : 0 });
    host.setTimer(id, delay);
    return id;
  }
  g.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  g.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  g.clearTimeout = g.clearInterval = (id) => { timers.delete(id); };
  function fireTimer(id) {
    const t = timers.get(id);
    if (!t) return;
    if (t.repeat) host.setTimer(id, t.repeat);
    else timers.delete(id);
    if (typeof t.fn === 'function') t.fn(...t.args);
  }

  // chrome.events.Event
  function makeEvent() {
    const listeners = [];
    return {
      listeners,
      addListener(f) { listeners.push(f); },
      removeListener(f) { const i = listeners.indexOf(f); if (i >= 0) listeners.splice(i, 1); },
      hasListener(f) { return listeners.includes(f); },
      hasListeners() { return listeners.length > 0; },
    };
  }
  // self.addEventListener (the worker's global is also `self`)
  let globalListeners = new Map();
  g.self = g;
  g.addEventListener = (type, f) => {
    if (!globalListeners.has(type)) globalListeners.set(type, []);
    globalListeners.get(type).push(f);
  };
  g.removeEventListener = (type, f) => {
    const ls = globalListeners.get(type);
    const i = ls ? ls.indexOf(f) : -1;
    if (i >= 0) ls.splice(i, 1);
  };
  g.navigator = {
    get onLine() { return host.online(); },
    userAgent: 'syncsim',
  };

  // fetch, Response, Headers, AbortController
  class Headers {
    constructor(init) {
      this._map = new Map();
      if (init instanceof Headers) init.forEach((v, k) => this._map.set(k, v));
      else if (Array.isArray(init)) for (const [k, v] of init) this.set(k, v);
      else if (init) for (const k of Object.keys(init)) this.set(k, init[k]);
    }
    get(name) { const v = this._map.get(String(name).toLowerCase()); return v === undefined ? null : v; }
    has(name) { return this._map.has(String(name).toLowerCase()); }
    set(name, value) { this._map.set(String(name).toLowerCase(), String(value)); }
    append(name, value) { this.set(name, value); }
    delete(name) { this._map.delete(String(name).toLowerCase()); }
    forEach(f) { for (const [k, v] of this._map) f(v, k, this); }
  }
  g.Headers = Headers;
  class Response {
    constructor(body, init = {}) {
      this._body = body === undefined || body === null ? '' : String(body);
      this.status = init.status === undefined ? 200 : init.status;
      this.headers = new Headers(init.headers);
      this.bodyUsed = false;
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    json() { this.bodyUsed = true; return Promise.resolve(JSON.parse(this._body)); }
    text() { this.bodyUsed = true; return Promise.resolve(this._body); }
  }
  g.Response = Response;
  class AbortSignal {
    constructor() { this.aborted = false; this.reason = undefined; this.onabort = null; this._listeners = []; }
    addEventListener(type, f) { if (type === 'abort') this._listeners.push(f); }
    removeEventListener(type, f) { const i = this._listeners.indexOf(f); if (i >= 0) this._listeners.splice(i, 1); }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    _abort(reason) {
      if (this.aborted) return;
      this.aborted = true;
      this.reason = reason;
      const ev = { type: 'abort', target: this };
      if (typeof this.onabort === 'function') this.onabort(ev);
      for (const f of this._listeners.slice()) f(ev);
    }
    // The browser times the request itself: a fetch given this signal passes the timeout to the
    // simulated network (core/ports.hpp), which aborts it (TimeoutError) at that time.
    static timeout(ms) { const s = new AbortSignal(); s._timeoutMs = Math.max(0, Math.floor(Number(ms) || 0)); return s; }
    static abort(reason) {
      const s = new AbortSignal();
      s._abort(reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason);
      return s;
    }
  }
  g.AbortSignal = AbortSignal;
  class AbortController {
    constructor() { this.signal = new AbortSignal(); }
    abort(reason) {
      this.signal._abort(reason === undefined ? new DOMException('The operation was aborted.', 'AbortError') : reason);
    }
  }
  g.AbortController = AbortController;

  g.fetch = function fetch(input, init = {}) {
    const url = String(input !== null && typeof input === 'object' && 'url' in input ? input.url : input);
    const method = String(init.method === undefined ? 'GET' : init.method).toUpperCase();
    const headers = {};
    new Headers(init.headers).forEach((v, k) => { headers[k] = v; });
    const body = init.body === undefined || init.body === null ? '' : String(init.body);
    const signal = init.signal;
    if (signal && signal.aborted) return Promise.reject(signal.reason);
    const timeoutMs = signal && signal._timeoutMs !== undefined ? signal._timeoutMs : 0;
    const about = init.syncsimLocalId === undefined ? '' : String(init.syncsimLocalId);
    const p = host.fetch(url, method, headers, body, timeoutMs, about, signal || null);
    if (!signal || signal._timeoutMs !== undefined) return p;
    // A caller's own abort: the promise rejects at once; the request itself still runs its
    // course in the simulated network, which was not told.
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      p.then(resolve, reject);
    });
  };
  // What a settled host fetch resolves with (status > 0) or rejects with (0: network, -1: timeout).
  function fetchOutcome(status, body, retryAfter, signal) {
    if (status === 0) return new TypeError('Failed to fetch');
    if (status < 0) {
      const e = new DOMException('signal timed out', 'TimeoutError');
      if (signal) signal._abort(e);
      return e;
    }
    const headers = { 'content-type': 'application/json' };
    if (retryAfter !== '') headers['retry-after'] = retryAfter;
    return new Response(body, { status, headers });
  }

  // chrome.*
  const withCallback = (p, cb) => { if (typeof cb === 'function') { p.then(cb); return undefined; } return p; };
  const keyList = (keys) => keys === undefined || keys === null ? null
    : Array.isArray(keys) ? keys.map(String) : typeof keys === 'string' ? [keys] : Object.keys(keys);
  let onInstalled, onStartup, onMessage, onAlarm, onRemoved;
  const makeChrome = () => ({
    storage: {
      local: {
        get(keys, cb) {
          let p = host.storageGet(keyList(keys));
          if (keys !== null && typeof keys === 'object' && !Array.isArray(keys)) p = p.then((r) => ({ ...keys, ...r }));
          return withCallback(p, cb);
        },
        set(items, cb) { return withCallback(host.storageSet(items), cb); },
        remove(keys, cb) { return withCallback(host.storageRemove(keyList(keys)), cb); },
      },
    },
    alarms: {
      create(nameOrInfo, maybeInfo) {
        const name = typeof nameOrInfo === 'string' ? nameOrInfo : '';
        const info = (typeof nameOrInfo === 'string' ? maybeInfo : nameOrInfo) || {};
        const period = info.periodInMinutes === undefined ? 0 : Math.round(info.periodInMinutes * 60000);
        const delay = info.when !== undefined ? Math.max(0, Math.round(info.when - host.now()))
          : info.delayInMinutes !== undefined ? Math.round(info.delayInMinutes * 60000) : period;
        return host.alarmsCreate(name, delay, period);
      },
      clear(name, cb) { return withCallback(host.alarmsClear(name === undefined ? '' : String(name)), cb); },
      get(name, cb) { return withCallback(host.alarmsGet(name === undefined ? '' : String(name)), cb); },
      onAlarm,
    },
    tabs: {
      get(tabId, cb) { return withCallback(host.tabGet(Number(tabId)), cb); },
      onRemoved,
    },
    runtime: {
      id: 'syncsim',
      lastError: undefined,
      onInstalled,
      onStartup,
      onMessage,
      // The worker has no receiver of its own messages.
      sendMessage() { return Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')); },
      getURL(path) { return 'chrome-extension://syncsim/' + String(path).replace(/^\//, ''); },
    },
  });
  function newEvents() {
    onInstalled = makeEvent(); onStartup = makeEvent(); onMessage = makeEvent();
    onAlarm = makeEvent(); onRemoved = makeEvent();
  }
  newEvents();
  g.chrome = makeChrome();

  // Delivering an event: every listener is called; what the C++ side waits for is the promise
  // a listener returned (all of them when several did), or nothing.
  function fire(listeners, args) {
    let pending;
    for (const f of listeners.slice()) {
      let r;
      try {
        r = f(...args);
      } catch (e) {
        host.uncaught(e);
        continue;
      }
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') (pending || (pending = [])).push(r);
    }
    if (!pending) return undefined;
    return pending.length === 1 ? pending[0] : Promise.allSettled(pending);
  }
  // false: nothing to wait for; true: host.settled(waiter) will be called.
  function watch(r, waiter) {
    if (r === undefined) return false;
    Promise.resolve(r).then(() => host.settled(waiter), (e) => { host.uncaught(e); host.settled(waiter); });
    return true;
  }
  const sender = (tabId) => ({ id: 'syncsim', tab: { id: tabId } });

  // A realm serves every incarnation of one world's worker (sim/js/shim.hpp says why). Each
  // incarnation starts from the globals as they are here: what the previous one added is
  // deleted, what it replaced is put back, and chrome.*, listeners and timers are new.
  const baseNames = Object.getOwnPropertyNames(g);
  const baseSet = new Set(baseNames);
  const baseDesc = baseNames.map((n) => Object.getOwnPropertyDescriptor(g, n));
  const baseIsData = baseDesc.map((d) => 'value' in d);
  const baseValue = baseDesc.map((d) => ('value' in d ? d.value : d.get));
  function reset() {
    for (let i = 0; i < baseNames.length; i++) {
      const n = baseNames[i];
      const now = baseIsData[i] ? g[n] : (Object.getOwnPropertyDescriptor(g, n) || {}).get;
      if (!Object.is(now, baseValue[i])) Object.defineProperty(g, n, baseDesc[i]);
    }
    if (host.globalsAdded()) {
      const names = Object.getOwnPropertyNames(g);
      if (names.length !== baseNames.length) for (const n of names) if (!baseSet.has(n)) Reflect.deleteProperty(g, n);
    }
    timers = new Map();
    nextTimer = 1;
    globalListeners = new Map();
    newEvents();
    g.chrome = makeChrome();
  }

  g.__syncsimDispatch = {
    reset,
    installed: (w) => watch(fire(onInstalled.listeners, [{ reason: 'install' }]), w),
    startup: (w) => watch(fire(onStartup.listeners, []), w),
    alarm: (w, name, period) => watch(fire(onAlarm.listeners,
      [{ name, scheduledTime: host.now(), periodInMinutes: period / 60000 }]), w),
    tabRemoved: (w, tabId) => watch(fire(onRemoved.listeners, [tabId, { windowId: 1, isWindowClosing: false }]), w),
    message: (w, message, tabId) => watch(fire(onMessage.listeners, [message, sender(tabId), noop]), w),
    // GET_BEACON_PAYLOAD, answered synchronously through sendResponse: the response, or undefined.
    beaconPayload: () => {
      let response;
      fire(onMessage.listeners, [{ type: 'GET_BEACON_PAYLOAD' }, sender(undefined), (r) => { response = r; }]);
      return response;
    },
    online: (w) => watch(fire(globalListeners.get('online') || [], [{ type: 'online' }]), w),
    timer: fireTimer,
    fetchOutcome,
  };
}
)JS";

}  // namespace syncsim::sim::js
