// Real-browser conformance suite for the MV3 service-worker model.
//   node run.mjs --quick [--out FILE]   ~2 min: load, idle timeout, alarm wake, tab-close wake
//   node run.mjs --full  [--out FILE]   ~15 min: every behaviour in results.mjs, then the story (~2.5 min)
//   --only STEP runs only the steps whose name starts with STEP (e.g. --full --only restart)
//   --story-out FILE writes the scripted story (scenarios/story.mjs) there, when it ran whole:
//     node run.mjs --full --only story --story-out results/story.json   (~2.5 min)
// Writes conformance.json (default ./conformance.json). Exit status 1 when the extension
// did not load or a measurement the mode requires is missing. See README.md.
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBackend } from './backend.mjs';
import { BrowserSession, chromiumVersion, prepareExtension } from './driver.mjs';
import { BEHAVIOURS, Recorder } from './results.mjs';
import { activeSession } from './scenarios/active.mjs';
import { cdpEvent, derived, waitReport, workerEvent } from './scenarios/common.mjs';
import { RESET_TESTS, resetTest } from './scenarios/resets.mjs';
import { restartScenario } from './scenarios/restart.mjs';
import { storyScenario } from './scenarios/story.mjs';
import { wakeCycle } from './scenarios/wake_cycles.mjs';

const REQUIRED_QUICK = [
  'extension_loads', 'idle_timeout_ms', 'alarm_wakes_stopped_worker',
  'tab_removed_wakes_worker', 'tab_removed_wake_latency_ms',
];

const requiredFor = (mode) => (mode === 'quick' ? REQUIRED_QUICK : ['extension_loads']);

const PLANS = {
  quick: [
    ['wake cycle', (ctx) => wakeCycle(ctx, 0, { waitFinalStop: false })],
  ],
  full: [
    ...[0, 1, 2].map((i) => [`wake cycle ${i}`, (ctx) => wakeCycle(ctx, i, { waitFinalStop: true })]),
    ...RESET_TESTS.map((t) => [t.id, (ctx) => resetTest(ctx, t)]),
    ['active session', activeSession],
    ['restart', restartScenario],
    // Last: it replaces the suite's browser with one on a fresh profile of its own.
    ['story', storyScenario],
  ],
};

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, out: { type: 'string' }, only: { type: 'string' },
      'story-out': { type: 'string' },
    },
  });
  if (values.quick === values.full) {
    throw new Error('usage: node run.mjs --quick|--full [--only STEP] [--out FILE] [--story-out FILE]');
  }
  const mode = values.quick ? 'quick' : 'full';
  const plan = PLANS[mode].filter(([name]) => !values.only || name.startsWith(values.only));
  const storyOut = values['story-out'] && path.resolve(values['story-out']);
  return { mode, plan, out: path.resolve(values.out ?? 'conformance.json'), storyOut };
}

async function metadata(mode) {
  const pkg = JSON.parse(await readFile(new URL('./node_modules/puppeteer-core/package.json', import.meta.url)));
  return {
    suite: 'syncsim real-browser conformance (tests/conformance)',
    mode,
    chromium: await chromiumVersion(),
    date: new Date().toISOString(),
    node: process.version,
    puppeteer_core: pkg.version,
  };
}

// The extension loaded if its worker started (CDP) and reported onInstalled.
async function checkLoaded(ctx) {
  const s = ctx.session;
  const installed = await waitReport(ctx, (r) => r.type === 'installed', 15_000);
  const start = s.workers.log.find((e) => e.kind === 'start');
  ctx.rec.add('extension_loads', Boolean(installed && start), [
    derived({ extensionId: s.extId, commandLine: await s.commandLine() }), cdpEvent(start), workerEvent(installed),
  ]);
  if (!installed || !start) throw new Error('the probe extension did not load');
}

async function runPlan(ctx, plan) {
  for (const [name, step] of plan) {
    const t = Date.now();
    console.log(`[conformance] ${name} ...`);
    try {
      await step(ctx);
    } catch (e) {
      console.log(`[conformance] ${name} failed: ${e.message}`);
      ctx.rec.note('step_failed', { step: name, error: String(e.stack ?? e) });
    }
    ctx.rec.note('step_done', { step: name, ms: Date.now() - t });
  }
}

function rawLog(ctx) {
  return {
    worker_targets: ctx.sessions.map((s) => ({ launchedAt: s.launchedAt, pid: s.pid, events: s.workers.log })),
    worker_reports: ctx.backend.log.reports,
    beacons: ctx.backend.log.beacons,
    delayed_responses: ctx.backend.log.delays,
    driver: ctx.rec.driverLog,
  };
}

function stopAllBrowsers(ctx) {
  for (const s of ctx.sessions) s.kill();
}

function finish(ctx, mode) {
  for (const id of Object.keys(BEHAVIOURS)) {
    ctx.rec.unmeasured(id, mode === 'quick' && !BEHAVIOURS[id].quick ? 'not run in --quick' : 'not reached: see raw_log.driver');
  }
  const doc = ctx.rec.toJSON();
  const loaded = ctx.rec.record('extension_loads').value === true;
  const missing = requiredFor(mode).filter((id) => !ctx.rec.has(id) || (id === 'extension_loads' && !loaded));
  const attaches = ctx.sessions.flatMap((s) => s.workers.log).filter((e) => e.kind === 'devtools_attached');
  const story = ctx.story ? { story: ctx.story } : {};
  return {
    doc: { ...doc, wall_ms: Date.now() - ctx.startedAt, devtools_attaches_to_worker: attaches.length,
      missing_required: missing, ...story, raw_log: rawLog(ctx) },
    ok: loaded && missing.length === 0,
  };
}

async function main() {
  const { mode, plan, out, storyOut } = options();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'syncsim-conformance-'));
  const backend = await startBackend();
  const ctx = { backend, sessions: [], startedAt: Date.now(), rec: new Recorder(await metadata(mode)) };
  const onSignal = () => {
    stopAllBrowsers(ctx);
    setTimeout(() => {
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    }, 500);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const extensionDir = await prepareExtension(path.join(tmp, 'extension'), backend.url);
  ctx.launch = async (profile) => {
    ctx.session = await BrowserSession.launch({ userDataDir: path.join(tmp, profile), extensionDir, backend });
    ctx.sessions.push(ctx.session);
  };
  ctx.relaunch = () => ctx.launch('profile');
  let result;
  try {
    await ctx.relaunch();
    await checkLoaded(ctx);
    await runPlan(ctx, plan);
    await ctx.session.closeGracefully();
  } catch (e) {
    console.log(`[conformance] aborted: ${e.message}`);
    ctx.rec.note('aborted', { error: String(e.stack ?? e) });
  } finally {
    stopAllBrowsers(ctx);
    await Promise.all(ctx.sessions.map((s) => s.waitForExit()));
    await backend.close();
    await rm(tmp, { recursive: true, force: true });
    result = finish(ctx, mode);
    await writeFile(out, `${JSON.stringify(result.doc, null, 1)}\n`);
  }
  let storyMissing = false;
  if (storyOut) {
    // Only a story that ran whole is written: a partial one would look like a measurement.
    if (ctx.story) {
      const meta = { chromium: result.doc.chromium, date: result.doc.date, node: result.doc.node,
        puppeteer_core: result.doc.puppeteer_core };
      await writeFile(storyOut, `${JSON.stringify({ ...meta, ...ctx.story }, null, 1)}\n`);
      console.log(`[conformance] wrote the story to ${storyOut} (${Math.round(ctx.story.wall_ms / 1000)} s)`);
    } else {
      storyMissing = true;
      console.log('[conformance] the story did not run whole: no story written');
    }
  }
  const { wall_ms: wall, missing_required: missing } = result.doc;
  console.log(`[conformance] wrote ${out} in ${Math.round(wall / 1000)} s; missing: ${missing.join(', ') || 'none'}`);
  console.log(`conformance: ${requiredFor(mode).length - missing.length} passed, ${missing.length} failed`);
  process.exit(result.ok && !storyMissing ? 0 : 1);
}

main();
