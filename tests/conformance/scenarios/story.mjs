// One scripted story, recorded event by event for the simulator to replay
// (tests/test_story.cpp): a fresh profile is launched (install), a tab opens and its page
// sends the worker a message that creates an alarm due 35 s later, the worker idles out,
// the alarm wakes it, it idles out, the tab is closed (onRemoved wakes it), it idles out,
// the browser is killed (SIGKILL) and relaunched on the same profile, and the worker idles
// out once more. Every time is in ms from the story's start (the first launch request).
import os from 'node:os';
import { ensureStopped, sleep, waitReport } from './common.mjs';

export const STORY_ALARM_DELAY_MS = 35_000;
const LISTENERS = new Set(['installed', 'startup', 'message', 'alarm', 'tab_removed']);
const PAUSE_MS = 2_000; // between an idle stop and the next action

export async function storyScenario(ctx) {
  // The story needs a first launch of its own (an install): the suite's browser goes.
  await endSession(ctx.session);
  const actions = [];
  const t0 = Date.now();
  const loadBefore = os.loadavg();
  const act = (kind, at, data = {}) => actions.push({ kind, at, ...data });
  act('launch', t0);
  await ctx.launch('story-profile');
  act('launched', Date.now());
  const first = ctx.session;
  if (!(await waitReport(ctx, (r) => r.type === 'installed' && r.recvAt >= t0, 20_000))) {
    throw new Error('story: no onInstalled after launch');
  }

  // The tab's page announces itself to the worker, as the plan's content script does.
  const tab = await first.openPage('story');
  act('tab_open', Date.now());
  const reply = await pageSend(first, tab, { cmd: 'alarm_create', name: 'story',
    info: { delayInMinutes: STORY_ALARM_DELAY_MS / 60_000 } });
  if (reply.error) throw new Error(`story: alarm_create: ${reply.error}`);
  act('message_sent', reply.sentAt, { cmd: 'alarm_create', alarm_delay_ms: STORY_ALARM_DELAY_MS });
  await stopAfter(ctx, reply.tDone, 'message');

  const alarm = await waitReport(ctx, (r) => r.type === 'alarm' && r.name === 'story' && r.recvAt >= t0,
    reply.alarm.scheduledTime - Date.now() + 20_000);
  if (!alarm) throw new Error('story: the alarm did not fire');
  await stopAfter(ctx, alarm.t, 'alarm');

  await sleep(PAUSE_MS);
  act('tab_close', await first.closePage(tab));
  const removed = await waitReport(ctx, (r) => r.type === 'tab_removed' && r.recvAt >= t0, 15_000);
  if (!removed) throw new Error('story: onRemoved did not run');
  await stopAfter(ctx, removed.t, 'tab_removed');

  await sleep(PAUSE_MS);
  act('browser_kill', first.kill(), { worker_running: first.workers.running() });
  await first.waitForExit();
  await sleep(PAUSE_MS);
  const relaunchAt = Date.now();
  act('relaunch', relaunchAt);
  await ctx.launch('story-profile');
  act('relaunched', Date.now());
  const started = await waitReport(ctx, (r) => r.type === 'start' && r.recvAt >= relaunchAt, 20_000);
  if (!started) throw new Error('story: no worker start after the relaunch');
  await stopAfter(ctx, started.t, 'relaunch');
  await sleep(1_000); // late reports

  ctx.story = storyRecord(ctx, t0, actions);
  // Latencies grow on a busy machine (tests/conformance/README.md, "The story"): the 1-minute
  // load average before and after, and the number of cores.
  ctx.story.machine = { cores: os.cpus().length, loadavg_1min_before: loadBefore[0], loadavg_1min_after: os.loadavg()[0] };
}

async function endSession(s) {
  s.kill();
  await s.waitForExit();
}

// Sends {cmd, ...} to the worker from a tab's page (runtime.onMessageExternal).
function pageSend(session, page, msg) {
  return page.evaluate(
    (id, m) => new Promise((resolve) => {
      m.sentAt = Date.now();
      chrome.runtime.sendMessage(id, m, (reply) => {
        const error = chrome.runtime.lastError?.message;
        resolve({ ...(reply ?? { error: error ?? 'no reply' }), sentAt: m.sentAt });
      });
    }),
    session.extId, msg,
  );
}

async function stopAfter(ctx, since, what) {
  const stop = await ctx.session.workers.next('stop', since, 75_000);
  if (!stop) throw new Error(`story: the worker did not stop after ${what}`);
  if (!(await ensureStopped(ctx))) throw new Error(`story: the worker is still running after ${what}`);
  return stop;
}

// The worker's life from outside: starts (the life's own first report, its top level),
// stops (CDP targetDestroyed) and listener calls (the listener's Date.now()), in time order.
function storyRecord(ctx, t0, actions) {
  const rel = (at) => at - t0;
  const sessions = ctx.sessions.filter((s) => s.launchedAt >= t0);
  const killAt = actions.find((a) => a.kind === 'browser_kill').at;
  const reports = ctx.backend.log.reports.filter((r) => r.recvAt >= t0);
  const lives = [...new Set(reports.map((r) => r.startId))];
  const events = [];
  for (const r of reports) {
    const life = lives.indexOf(r.startId);
    if (r.type === 'start') events.push({ kind: 'worker_start', at: rel(r.t), life });
    if (LISTENERS.has(r.type)) {
      const e = { kind: 'listener', listener: r.type, at: rel(r.t), life };
      if (r.type === 'installed') e.reason = r.reason;
      if (r.type === 'message') e.cmd = r.cmd;
      if (r.type === 'alarm') e.late_ms = r.lateMs;
      events.push(e);
    }
  }
  const cdp = sessions.flatMap((s) => s.workers.log.map((e) => ({ ...e, session: sessions.indexOf(s) })));
  for (const e of cdp.filter((x) => x.kind === 'stop')) {
    events.push({ kind: 'worker_stop', at: rel(e.at), reason: e.at < killAt || e.session > 0 ? 'idle' : 'browser_kill' });
  }
  // Listeners run after their life's start; a stop closes the life before it.
  events.sort((a, b) => a.at - b.at || order(a) - order(b));
  return {
    story: 'launch (fresh profile) -> tab opens, its page messages the worker (alarm due 35 s) -> idle stop -> '
      + 'alarm wakes the worker -> idle stop -> tab closed (onRemoved wakes it) -> idle stop -> SIGKILL -> '
      + 'relaunch (same profile) -> idle stop',
    time_origin: 'the first launch request (node Date.now(); browser, pages, worker and node share one clock)',
    actions: actions.map((a) => ({ ...a, at: rel(a.at) })),
    events,
    devtools_attaches_to_worker: cdp.filter((e) => e.kind === 'devtools_attached').length,
    wall_ms: Date.now() - t0,
    // As observed (ms since the epoch): the CDP target log of both browsers, the reports.
    raw: { t0_epoch_ms: t0, cdp, reports },
  };
}

function order(e) {
  return e.kind === 'worker_stop' ? 0 : e.kind === 'worker_start' ? 1 : 2;
}
