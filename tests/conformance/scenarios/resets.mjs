// What resets the idle timer. Each test starts from a stopped worker, wakes it with one
// command at t0 and watches when it stops: ~30 s after t0 means the thing under test did
// not count as activity, ~50 s means something 20 s in reset the timer.
import { cdpEvent, derived, ensureStopped, sleepUntil, waitStop, workerEvent } from './common.mjs';

const RESET_THRESHOLD_MS = 40_000; // between the ~30 s no-reset and ~50 s reset outcomes

export const RESET_TESTS = [
  { id: 'resets.event', cmd: 'ping', args: {}, at20: (s) => s.send('ping') },
  { id: 'resets.api_call', cmd: 'later', args: { delayMs: 20_000, action: 'api_call' } },
  { id: 'resets.fetch', cmd: 'later', args: { delayMs: 20_000, action: 'fetch' } },
  { id: 'resets.set_timeout', cmd: 'later', args: { delayMs: 45_000, action: 'nothing' } },
  { id: 'resets.pending_fetch', cmd: 'long_fetch', args: { ms: 60_000 } },
];

export async function resetTest(ctx, test) {
  const s = ctx.session;
  if (!(await ensureStopped(ctx))) throw new Error(`${test.id}: worker did not stop first`);
  const first = await s.send(test.cmd, test.args);
  const t0 = first.tDone;
  if (test.at20) {
    await sleepUntil(t0 + 20_000);
    await test.at20(s);
  }
  const stop = await waitStop(ctx, t0, 100_000);
  if (!stop) throw new Error(`${test.id}: no stop within 100 s`);
  const lifeReports = ctx.backend.log.reports.filter((r) => r.startId === first.startId && r.t > t0);
  ctx.rec.add(test.id, stop.at - t0 > RESET_THRESHOLD_MS, [
    derived({ t0, stoppedAfterMs: stop.at - t0, thresholdMs: RESET_THRESHOLD_MS }),
    ...lifeReports.filter((r) => r.type !== 'reply').map(workerEvent),
    ...pendingFetchEvidence(ctx, test, t0),
    cdpEvent(stop),
  ]);
}

// For the pending fetch: when the backend saw the client go away, versus answering it.
function pendingFetchEvidence(ctx, test, t0) {
  if (test.cmd !== 'long_fetch') return [];
  return ctx.backend.log.delays.filter((d) => d.recvAt >= t0 - 1000).map((d) => ({ source: 'backend', ...d }));
}
