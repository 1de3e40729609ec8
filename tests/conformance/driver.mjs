// Drives Debian's Chromium with puppeteer-core: launches it with the probe extension,
// watches the extension's service worker from outside through CDP target events (never
// attaching to it: an attached DevTools session keeps a worker alive), sends commands to
// the worker from a control page, and stops the browser gracefully or by SIGKILL.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function chromiumVersion() {
  const { stdout } = await promisify(execFile)(CHROMIUM, ['--version']);
  return stdout.trim();
}

// Copies probe-extension/ to dir and points its config.js at the backend.
export async function prepareExtension(dir, backendUrl) {
  await cp(path.join(HERE, 'probe-extension'), dir, { recursive: true });
  await writeFile(
    path.join(dir, 'config.js'),
    `self.PROBE_CONFIG = { backend: ${JSON.stringify(backendUrl)} };\n`,
  );
  return dir;
}

// Chromium's id for an unpacked extension: SHA-256 of its path, hex digits mapped to a-p.
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

// Start/stop times of the extension's service worker from CDP target discovery.
class WorkerWatch {
  constructor(extId) {
    this.prefix = `chrome-extension://${extId}/`;
    this.log = [];
    this.live = new Set();
    this.waiters = [];
  }

  async attach(cdp) {
    cdp.on('Target.targetCreated', ({ targetInfo }) => this.#on('start', targetInfo));
    cdp.on('Target.targetDestroyed', ({ targetId }) => this.#on('stop', { targetId }));
    await cdp.send('Target.setDiscoverTargets', { discover: true, filter: [{ type: 'service_worker' }] });
  }

  // Evidence that nothing attached to the worker: every DevTools attach to it is logged.
  watchAttaches(connection) {
    connection.on('Target.attachedToTarget', ({ targetInfo }) => {
      if (!targetInfo.url.startsWith(this.prefix)) return;
      this.log.push({ kind: 'devtools_attached', at: Date.now(), targetId: targetInfo.targetId });
    });
  }

  #on(kind, info) {
    const at = Date.now();
    if (kind === 'start' && !info.url.startsWith(this.prefix)) return;
    if (kind === 'stop' && !this.live.has(info.targetId)) return;
    if (kind === 'start') this.live.add(info.targetId);
    else this.live.delete(info.targetId);
    const entry = { kind, at, targetId: info.targetId };
    this.log.push(entry);
    this.waiters = this.waiters.filter((w) => !w(entry));
  }

  running() {
    return this.live.size > 0;
  }

  // The first start or stop at or after `since` (ms epoch), or null after timeoutMs.
  next(kind, since, timeoutMs) {
    const found = this.log.find((e) => e.kind === kind && e.at >= since);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.waiters.push((e) => {
        if (e.kind !== kind || e.at < since) return false;
        clearTimeout(timer);
        resolve(e);
        return true;
      });
    });
  }
}

export class BrowserSession {
  static async launch({ userDataDir, extensionDir, backend }) {
    const s = new BrowserSession();
    s.backend = backend;
    s.extId = unpackedExtensionId(extensionDir);
    s.workers = new WorkerWatch(s.extId);
    s.launchedAt = Date.now();
    s.browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      ignoreDefaultArgs: true,
      pipe: true,
      defaultViewport: null,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: 120_000,
      args: [
        ...FLAGS,
        `--user-data-dir=${userDataDir}`,
        `--load-extension=${extensionDir}`,
        `--disable-extensions-except=${extensionDir}`,
        'about:blank',
      ],
    });
    s.pid = s.browser.process().pid;
    try {
      await s.#watchWorkersFromOutside();
      s.control = await s.openPage('control', '/control.html');
    } catch (e) {
      s.kill();
      throw e;
    }
    return s;
  }

  // puppeteer auto-attaches to every new target and detaches from service workers right
  // away; even that brief attach is a DevTools session, so the root session is told to
  // leave service workers alone, and a separate session only discovers them.
  async #watchWorkersFromOutside() {
    const cdp = await this.browser.target().createCDPSession();
    this.workers.watchAttaches(cdp.connection());
    await cdp.connection().send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
      filter: [{ type: 'service_worker', exclude: true }, { type: 'page', exclude: true }, {}],
    });
    await this.workers.attach(cdp);
  }

  async commandLine() {
    const raw = await readFile(`/proc/${this.pid}/cmdline`, 'utf8').catch(() => '');
    return raw.split('\0').filter(Boolean);
  }

  async openPage(name, route = `/page.html?name=${name}`) {
    const page = await this.browser.newPage();
    await page.goto(`${this.backend.url}${route}`, { waitUntil: 'load' });
    return page;
  }

  // Closes a tab; returns the time just before the close was requested.
  async closePage(page) {
    const at = Date.now();
    await page.close();
    return at;
  }

  // Sends {cmd, ...args} to the worker as runtime.onMessageExternal from the control page.
  async send(cmd, args = {}, timeoutMs = 20_000) {
    const call = this.control.evaluate(
      (id, msg) =>
        new Promise((resolve) => {
          msg.sentAt = Date.now();
          chrome.runtime.sendMessage(id, msg, (reply) => {
            const error = chrome.runtime.lastError?.message;
            resolve({ ...(reply ?? { error: error ?? 'no reply' }), sentAt: msg.sentAt });
          });
        }),
      this.extId,
      { cmd, ...args },
    );
    return withTimeout(call, timeoutMs, `command ${cmd}`);
  }

  async pageOnLine() {
    return this.control.evaluate(() => navigator.onLine);
  }

  // Browser.close: Chromium shuts down normally (windows and tabs closed).
  async closeGracefully(timeoutMs = 30_000) {
    const at = Date.now();
    await withTimeout(this.browser.close(), timeoutMs, 'Browser.close').catch(() => this.kill());
    return at;
  }

  // SIGKILL to the browser's process group (puppeteer starts it as a group leader).
  kill() {
    const at = Date.now();
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    return at;
  }

  async waitForExit(timeoutMs = 15_000) {
    const proc = this.browser.process();
    if (proc.exitCode !== null || proc.signalCode !== null) return true;
    const exited = new Promise((resolve) => proc.once('exit', () => resolve(true)));
    return withTimeout(exited, timeoutMs, 'browser exit').catch(() => false);
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
