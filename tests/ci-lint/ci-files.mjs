// Reading the CI examples of docs/ci/: parse with `yaml` and find the gate's commands, the very
// text a runner would execute. Shared by lint.mjs and gate-commands.mjs.
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";

// A line that starts with the command `syncsim gate` (not a mention of it in an echo).
export const GATE = /^\s*syncsim\s+gate\b/m;

// { text, data (null if the YAML does not parse), problems: ["FILE:LINE:COL: YAML: ..."] }
export function readYaml(file) {
  const text = readFileSync(file, "utf8");
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...new Set([...doc.errors, ...doc.warnings].map((e) => {
    const at = e.linePos?.[0];
    return `${file}:${at ? `${at.line}:${at.col}` : "?"}: YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`;
  }))];
  return { text, data: doc.errors.length ? null : doc.toJS(), problems };
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// ---- GitHub Actions ----------------------------------------------------------------------

// Every step of every job: [{ job, index, step }].
export function githubSteps(wf) {
  const out = [];
  if (!isObject(wf) || !isObject(wf.jobs)) return out;
  for (const [job, body] of Object.entries(wf.jobs)) {
    if (!isObject(body) || !Array.isArray(body.steps)) continue;
    body.steps.forEach((step, index) => isObject(step) && out.push({ job, index, step }));
  }
  return out;
}

export const githubGateSteps = (wf) =>
  githubSteps(wf).filter(({ step }) => typeof step.run === "string" && GATE.test(step.run));

// The step that appends the gate's summary.md to the job summary.
export const githubSummarySteps = (wf) =>
  githubSteps(wf).filter(
    ({ step }) => typeof step.run === "string" && /GITHUB_STEP_SUMMARY/.test(step.run) && /summary\.md/.test(step.run),
  );

// ---- GitLab CI ---------------------------------------------------------------------------

const GITLAB_GLOBAL_KEYS = new Set([
  "stages", "variables", "default", "include", "workflow", "spec",
  "image", "services", "cache", "before_script", "after_script",
]);

// Jobs: top-level mappings that are not global keywords nor hidden (.template) keys.
export function gitlabJobs(ci) {
  if (!isObject(ci)) return [];
  return Object.entries(ci)
    .filter(([name, body]) => !GITLAB_GLOBAL_KEYS.has(name) && !name.startsWith(".") && isObject(body))
    .map(([name, body]) => ({ name, body }));
}

// A script keyword (a string, or an array of strings and arrays of strings) as its lines.
export function scriptLines(value) {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? v : [v])).map(String);
  return [String(value)];
}

export const gitlabGateJobs = (ci) =>
  gitlabJobs(ci).filter(({ body }) => scriptLines(body.script).some((l) => GATE.test(l)));

// ---- the commands a runner would run -----------------------------------------------------

// which: "gate" (the step / the job's script that runs `syncsim gate`) or "summary" (GitHub: the
// step that appends summary.md to $GITHUB_STEP_SUMMARY; GitLab: the gate job's after_script).
// Returns the shell text, or throws with a message saying why there is not exactly one.
export function commandsOf(kind, data, which = "gate") {
  if (kind === "github") {
    const found = which === "gate" ? githubGateSteps(data) : githubSummarySteps(data);
    if (found.length !== 1)
      throw new Error(`expected exactly one ${which} step (a step whose run ${which === "gate" ? "calls `syncsim gate`" : "appends summary.md to $GITHUB_STEP_SUMMARY"}), found ${found.length}`);
    return found[0].step.run;
  }
  if (kind === "gitlab") {
    const jobs = gitlabGateJobs(data);
    if (jobs.length !== 1)
      throw new Error(`expected exactly one job whose script calls \`syncsim gate\`, found ${jobs.length}`);
    const lines = scriptLines(which === "gate" ? jobs[0].body.script : jobs[0].body.after_script);
    if (lines.length === 0) throw new Error(`job ${jobs[0].name} has no ${which === "gate" ? "script" : "after_script"}`);
    return lines.join("\n") + "\n";
  }
  throw new Error(`unknown kind ${kind} (github or gitlab)`);
}
