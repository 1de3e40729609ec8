// Wakes a stopped worker three ways in turn — a runtime message, an alarm, a tab close —
// each followed by an observed idle termination. One cycle yields cold start, alarm
// wake/lateness, tab-close wake/latency, beacon origin, storage persistence and up to
// three idle-timeout samples.
import {
  cdpEvent, derived, ensureStopped, recordIdle, startedAfter, waitReport, waitStop, workerEvent,
} from './common.mjs';

const ALARM_DELAY_MS = 33_000; // due shortly after the ~30 s idle termination
const PERSIST_KEY = 'persist-worker';

export async function wakeCycle(ctx, i, { waitFinalStop }) {
  // Opened first: opening a tab fires no event the worker listens to.
  const tab = await ctx.session.openPage(`close-me-${i}`);
  if (!(await ensureStopped(ctx))) throw new Error('worker did not stop before the cycle');
  const alarm = await messageWake(ctx, i);
  await alarmWake(ctx, alarm);
  await tabCloseWake(ctx, i, tab, waitFinalStop);
}

// A runtime message to the stopped worker; it creates the alarm for the next step.
async function messageWake(ctx, i) {
  const s = ctx.session;
  const name = `wake-${i}`;
  const reply = await s.send('alarm_create', { name, info: { when: Date.now() + ALARM_DELAY_MS } });
  if (reply.error) throw new Error(`alarm_create: ${reply.error}`);
  const start = await startedAfter(ctx, reply.startId, reply.sentAt);
  if (start) {
    ctx.rec.add('cold_start_ms', reply.tRecv - reply.sentAt, [
      derived({ sentAt: reply.sentAt }), cdpEvent(start.cdp), workerEvent(start.report), derived({ listenerAt: reply.tRecv }),
    ]);
  }
  await storagePersistence(ctx, i, reply.startId);
  const stop = await waitStop(ctx, reply.tDone);
  if (stop && stop.at < reply.alarm.scheduledTime) recordIdle(ctx, reply.startId, stop);
  return { name, createdBy: reply.startId, scheduledTime: reply.alarm.scheduledTime, stop };
}

// Cycle 0 writes a value; later cycles read it from a new worker life.
async function storagePersistence(ctx, i, startId) {
  if (i === 0) {
    const r = await ctx.session.send('storage_set', { key: PERSIST_KEY, bytes: 100 });
    ctx.persistWriter = r.startId;
    return;
  }
  const r = await ctx.session.send('storage_get', { key: PERSIST_KEY });
  if (ctx.persistWriter && ctx.persistWriter !== startId) {
    ctx.rec.add('storage_persists_worker', r.found && r.bytes === 100, [
      derived({ writtenByLife: ctx.persistWriter, readByLife: startId, found: r.found, bytes: r.bytes }),
    ]);
  }
}

async function alarmWake(ctx, alarm) {
  const wait = alarm.scheduledTime - Date.now() + 30_000;
  const fired = await waitReport(ctx, (r) => r.type === 'alarm' && r.name === alarm.name, wait);
  const stoppedBefore = alarm.stop !== null && alarm.stop.at < alarm.scheduledTime;
  const start = fired && stoppedBefore ? await startedAfter(ctx, fired.startId, alarm.stop.at) : null;
  const woke = Boolean(start && fired.startId !== alarm.createdBy);
  const events = [derived({ createdByLife: alarm.createdBy }), cdpEvent(alarm.stop),
    cdpEvent(start?.cdp), workerEvent(start?.report), workerEvent(fired)];
  if (!stoppedBefore) return; // the worker outlived the alarm's due time: not a stopped-worker case
  ctx.rec.add('alarm_wakes_stopped_worker', woke, events);
  ctx.rec.add('alarm_persists_worker_termination', Boolean(fired && fired.startId !== alarm.createdBy), events);
  if (!woke) return;
  ctx.rec.add('alarm_lateness_cold_ms', fired.lateMs, events);
  recordIdle(ctx, fired.startId, await waitStop(ctx, fired.t));
}

async function tabCloseWake(ctx, i, tab, waitFinalStop) {
  const s = ctx.session;
  const stoppedBefore = !s.workers.running();
  const closeAt = await s.closePage(tab);
  ctx.rec.note('tab_closed', { name: `close-me-${i}`, closeAt, workerRunning: !stoppedBefore });
  const removed = await waitReport(ctx, (r) => r.type === 'tab_removed' && r.t >= closeAt, 15_000);
  const start = removed ? await startedAfter(ctx, removed.startId, closeAt) : null;
  const events = [derived({ closeAt, workerStoppedBefore: stoppedBefore }),
    cdpEvent(start?.cdp), workerEvent(start?.report), workerEvent(removed)];
  if (stoppedBefore) {
    ctx.rec.add('tab_removed_wakes_worker', Boolean(removed && start), events);
    if (removed && start) ctx.rec.add('tab_removed_wake_latency_ms', removed.t - closeAt, events);
  }
  await beaconOrigin(ctx, i);
  if (waitFinalStop && removed) recordIdle(ctx, removed.startId, await waitStop(ctx, removed.t));
}

async function beaconOrigin(ctx, i) {
  const page = `close-me-${i}`;
  const beacon = await ctx.backend.waitFor('beacons', (b) => b.body.includes(`name=${page}`), 5_000);
  if (!beacon) {
    ctx.rec.note('beacon_missing', { page });
    return;
  }
  const url = new URL(beacon.url);
  ctx.rec.add('pagehide_beacon_origin', {
    reached: url.pathname,
    origin: beacon.origin,
    same_origin_as_page: url.origin === ctx.backend.url && beacon.origin === ctx.backend.url,
  }, [{ source: 'backend', ...beacon }]);
}
