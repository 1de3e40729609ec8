// Helpers shared by the scenarios: waiting for worker stops and reports, and turning
// them into raw-event records. ctx = { session, backend, rec, ... } (see ../run.mjs).

// Events that reset the idle timer: a finished listener or an extension API call.
const ACTIVITY = new Set(['reply', 'alarm', 'tab_removed_stored', 'installed', 'startup', 'keepalive_tick']);

export const cdpEvent = (e) => e && { source: 'cdp', kind: e.kind, at: e.at, targetId: e.targetId };
export const workerEvent = (r) => r && { source: 'worker', ...r };
export const derived = (data) => ({ source: 'derived', ...data });

export function waitReport(ctx, pred, timeoutMs) {
  return ctx.backend.waitFor('reports', pred, timeoutMs);
}

export function waitStop(ctx, since, timeoutMs = 75_000) {
  return ctx.session.workers.next('stop', since, timeoutMs);
}

// Whether the worker life `startId` began at or after `since`, judged by its own top-level
// start report (the CDP event can reach node a millisecond after the first listener ran).
// Returns the start report and the matching CDP start, or null.
export async function startedAfter(ctx, startId, since) {
  const report = await waitReport(ctx, (r) => r.type === 'start' && r.startId === startId, 5_000);
  if (!report || report.t < since) return null;
  const cdp = ctx.session.workers.log.find((e) => e.kind === 'start' && e.at >= since) ?? null;
  return { report, cdp };
}

// Waits until the worker is not running (it stops by itself after its idle timeout).
export async function ensureStopped(ctx, timeoutMs = 60_000) {
  if (!ctx.session.workers.running()) return true;
  return (await waitStop(ctx, Date.now(), timeoutMs)) !== null;
}

// The last idle-timer activity of one worker life, from its reports.
export function lastActivity(ctx, startId) {
  const mine = ctx.backend.log.reports.filter(
    (r) => r.startId === startId &&
      (ACTIVITY.has(r.type) || (r.type === 'later_done' && r.action === 'api_call')),
  );
  return mine.reduce((a, b) => (activityTime(b) > activityTime(a) ? b : a), mine[0]) ?? null;
}

function activityTime(r) {
  if (r.type === 'reply') return r.reply.tDone;
  return r.tApi ?? r.t;
}

// Records one idle-timeout sample: the worker's stop minus its last activity.
export function recordIdle(ctx, startId, stop) {
  const last = lastActivity(ctx, startId);
  if (!last || !stop) return null;
  const idle = stop.at - activityTime(last);
  ctx.rec.add('idle_timeout_ms', idle, [workerEvent(last), cdpEvent(stop)]);
  return idle;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const sleepUntil = (at) => sleep(Math.max(0, at - Date.now()));
