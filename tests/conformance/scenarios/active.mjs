// One long worker life kept active by an extension API call every 20 s for 340 s
// (hard_limit). While it runs, the measurements that need a running worker are taken:
// the 45 s fetch, running-alarm lateness, the alarm period, storage timings, onLine.
import { cdpEvent, derived, sleep, waitReport, waitStop, workerEvent } from './common.mjs';

const KEEPALIVE = { periodMs: 20_000, durationMs: 340_000 };
const HARD_LIMIT_MS = 300_000;

export async function activeSession(ctx) {
  const k = await ctx.session.send('keepalive', KEEPALIVE);
  const life = { startId: k.startId, t0: k.tDone };
  ctx.rec.note('keepalive_started', life);
  for (const step of [fetchResponseLimit, alarmLatenessRunning, alarmMinPeriod, storageTimings, onlineWhenDown]) {
    await runStep(ctx, step, life);
  }
  await hardLimit(ctx, life);
}

async function runStep(ctx, step, life) {
  try {
    await step(ctx, life);
  } catch (e) {
    ctx.rec.note('step_failed', { step: step.name, error: String(e) });
  }
}

async function hardLimit(ctx, { startId, t0 }) {
  const stop = await waitStop(ctx, t0, t0 + KEEPALIVE.durationMs + 90_000 - Date.now());
  const ticks = ctx.backend.log.reports.filter((r) => r.startId === startId && r.type === 'keepalive_tick');
  const lastTick = ticks.at(-1);
  const survived = Boolean(stop && stop.at > t0 + HARD_LIMIT_MS && lastTick && lastTick.tApi > t0 + HARD_LIMIT_MS);
  ctx.rec.add('hard_limit', survived, [
    derived({ t0, ticks: ticks.length, lastTickAfterMs: lastTick ? lastTick.tApi - t0 : null,
      stoppedAfterMs: stop ? stop.at - t0 : null, idleAfterLastTickMs: stop && lastTick ? stop.at - lastTick.tApi : null }),
    cdpEvent(stop),
  ]);
}

async function fetchResponseLimit(ctx, { startId }) {
  const r = await ctx.session.send('long_fetch', { ms: 45_000 });
  const done = await waitReport(ctx, (x) => x.type === 'long_fetch_done' && x.startId === startId, 75_000);
  const delay = ctx.backend.log.delays.find((d) => d.ms === 45_000 && d.recvAt >= r.sentAt);
  const stopped = ctx.session.workers.log.find((e) => e.kind === 'stop' && e.at >= r.sentAt);
  const outcome = done?.ok ? 'completed' : stopped ? 'killed' : 'failed';
  ctx.rec.add('fetch_response_limit', outcome, [workerEvent(done), { source: 'backend', ...delay }, cdpEvent(stopped)]);
}

async function alarmLatenessRunning(ctx, { startId }) {
  for (let n = 0; n < 3; n += 1) {
    const name = `running-${n}`;
    await ctx.session.send('alarm_create', { name, info: { when: Date.now() + 3_000 } });
    const fired = await waitReport(ctx, (r) => r.type === 'alarm' && r.name === name, 30_000);
    if (fired?.startId === startId) ctx.rec.add('alarm_lateness_running_ms', fired.lateMs, [workerEvent(fired)]);
  }
}

// Asks for a 0.1 min (6 s) period and measures the scheduled intervals between fires.
async function alarmMinPeriod(ctx) {
  const name = 'period-0.1min';
  const created = await ctx.session.send('alarm_create', { name, info: { delayInMinutes: 0.1, periodInMinutes: 0.1 } });
  const fires = await collectFires(ctx, name, created.tDone);
  await ctx.session.send('alarm_clear_all');
  const info = derived({ requestedMs: 6_000, stored: created.alarm, firstDueAfterMs: created.alarm.scheduledTime - created.tApi });
  for (let n = 1; n < fires.length; n += 1) {
    ctx.rec.add('alarm_min_period_ms', fires[n].scheduledTime - fires[n - 1].scheduledTime,
      [info, workerEvent(fires[n - 1]), workerEvent(fires[n])]);
  }
}

// Four fires, or whatever came within 75 s (enough to see a 30 s clamp twice).
async function collectFires(ctx, name, since) {
  const fires = () => ctx.backend.log.reports.filter((r) => r.type === 'alarm' && r.name === name && r.t >= since);
  const deadline = since + 75_000;
  while (fires().length < 4 && Date.now() < deadline) await sleep(500);
  return fires();
}

async function storageTimings(ctx) {
  const s = ctx.session;
  for (let n = 0; n < 5; n += 1) {
    const set = await s.send('storage_set', { key: 'timing-100b', bytes: 100 });
    ctx.rec.add('storage_set_100b_ms', set.ms, [derived({ reply: set })]);
    const get = await s.send('storage_get', { key: 'timing-100b' });
    if (get.found) ctx.rec.add('storage_get_100b_ms', get.ms, [derived({ reply: get })]);
  }
  for (let n = 0; n < 3; n += 1) {
    const set = await s.send('storage_set', { key: 'timing-1mib', bytes: 1 << 20 }, 60_000);
    ctx.rec.add('storage_set_1mib_ms', set.ms, [derived({ reply: set })]);
  }
  await s.send('storage_set', { key: 'timing-1mib', bytes: 0 });
}

async function onlineWhenDown(ctx) {
  const s = ctx.session;
  ctx.backend.setDown(true);
  ctx.rec.note('backend_down');
  let reply;
  let pageOnLine;
  try {
    reply = await s.send('online');
    pageOnLine = await s.pageOnLine();
  } finally {
    ctx.backend.setDown(false);
    ctx.rec.note('backend_up');
  }
  await s.send('ping'); // lets the worker send the reports it queued while the backend was down
  ctx.rec.add('online_when_backend_down', reply.onLine, [derived({ worker: reply, pageOnLine })]);
}
