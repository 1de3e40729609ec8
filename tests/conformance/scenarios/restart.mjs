// Browser close versus kill, and what a relaunch with the same profile keeps. Three
// endings, each followed by a relaunch: Browser.close with the worker stopped,
// Browser.close with it running, and SIGKILL of the browser's process group.
import { derived, ensureStopped, sleep, waitReport, workerEvent } from './common.mjs';

const ENDINGS = [
  { label: 'close_worker_stopped', how: 'close', workerRunning: false },
  { label: 'close_worker_running', how: 'close', workerRunning: true },
  { label: 'kill', how: 'kill', workerRunning: true },
];

export async function restartScenario(ctx) {
  for (const ending of ENDINGS) {
    const marks = await prepareEnding(ctx, ending);
    const end = await endBrowser(ctx, ending);
    await ctx.relaunch();
    await observeRelaunch(ctx, ending, marks);
    await recordOnRemoved(ctx, ending, end);
  }
}

// Leaves a storage value, two alarms and two extra tabs for the relaunch to find.
async function prepareEnding(ctx, ending) {
  const s = ctx.session;
  const key = `persist-${ending.label}`;
  await s.send('storage_take', { prefix: 'removed:' }); // onRemoved facts of earlier tab closes
  await s.send('storage_set', { key, bytes: 100 });
  await s.send('alarm_create', { name: `once-${ending.label}`, info: { when: Date.now() + 3_600_000 } });
  await s.send('alarm_create', { name: `periodic-${ending.label}`, info: { delayInMinutes: 60, periodInMinutes: 60 } });
  await s.openPage(`${ending.label}-a`);
  await s.openPage(`${ending.label}-b`);
  if (!ending.workerRunning) await ensureStopped(ctx);
  else await s.send('ping');
  return { key, alarms: [`once-${ending.label}`, `periodic-${ending.label}`] };
}

async function endBrowser(ctx, ending) {
  const s = ctx.session;
  const openTabs = (await s.browser.pages()).length;
  const running = s.workers.running();
  const at = ending.how === 'close' ? await s.closeGracefully() : s.kill();
  await s.waitForExit();
  await sleep(2_000); // reports sent during shutdown
  const workerStarts = s.workers.log.filter((e) => e.kind === 'start' && e.at >= at);
  const end = { ...ending, endedAt: at, openTabs, workerRunningAtEnd: running, workerStartsAfterEnd: workerStarts.length };
  ctx.rec.note('browser_ended', end);
  return end;
}

// onRemoved during the ending, as reported by fetch or, failing that, left in storage.
async function recordOnRemoved(ctx, ending, end) {
  const reported = ctx.backend.log.reports.filter((r) => r.type === 'tab_removed' && r.recvAt >= end.endedAt);
  const taken = await ctx.session.send('storage_take', { prefix: 'removed:' });
  const stored = taken.entries.filter((e) => e.t >= end.endedAt);
  const byTab = new Map([...stored, ...reported].map((r) => [r.tabId, r]));
  const events = [derived({ ...end, reportedByFetch: reported.length, foundInStorage: stored.length }),
    ...reported.map(workerEvent), ...stored.map((e) => ({ source: 'storage', ...e }))];
  const id = ending.how === 'close' ? 'graceful_close_delivers_on_removed' : 'kill_delivers_on_removed';
  ctx.rec.add(id, byTab.size > 0, events);
  for (const r of byTab.values()) ctx.rec.add('is_window_closing', r.isWindowClosing, [derived(r)]);
  if (ending.how === 'close' && reported.length > 0) {
    ctx.rec.add('storage_set_during_close_persists', stored.length > 0, events);
  }
}

async function observeRelaunch(ctx, ending, marks) {
  const s = ctx.session;
  const started = await waitReport(ctx, (r) => r.type === 'start' && r.recvAt >= s.launchedAt, 20_000);
  if (!started) throw new Error(`no worker start after relaunch (${ending.label})`);
  await sleep(3_000); // onInstalled / onStartup
  const mine = ctx.backend.log.reports.filter((r) => r.recvAt >= s.launchedAt);
  const installed = mine.find((r) => r.type === 'installed');
  const startup = mine.find((r) => r.type === 'startup');
  const alarms = (await s.send('alarms_get')).alarms.map((a) => a.name);
  const stored = await s.send('storage_get', { key: marks.key });
  const kept = marks.alarms.every((n) => alarms.includes(n));
  const events = [derived({ after: ending.label, alarmsAfterRelaunch: alarms, storageFound: stored.found }),
    workerEvent(installed), workerEvent(startup)];
  ctx.rec.add('relaunch_on_installed_reason', installed?.reason ?? 'none', events);
  ctx.rec.add('relaunch_on_startup_fires', Boolean(startup), events);
  ctx.rec.add('relaunch_alarms_kept', kept, events);
  ctx.rec.add('storage_persists_browser_restart', stored.found, events);
  if (ending.how === 'close') ctx.rec.add('alarm_persists_browser_restart', kept, events);
}
