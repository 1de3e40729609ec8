// Prints the shell commands of a CI example's gate, exactly as the YAML holds them, for
// tests/ci_examples_test.sh to run.
//   node tests/ci-lint/gate-commands.mjs github docs/ci/github-actions.yml [gate|summary]
//   node tests/ci-lint/gate-commands.mjs gitlab docs/ci/gitlab-ci.yml [gate|summary]
// github gate: the `run` of the one step that calls `syncsim gate`; github summary: the `run` of
// the step that appends summary.md to $GITHUB_STEP_SUMMARY. gitlab gate: the `script` of the one
// job that calls `syncsim gate`, one line per item; gitlab summary: that job's after_script.
// Exit 2 if the file does not parse or there is not exactly one such step or job.
import { commandsOf, readYaml } from "./ci-files.mjs";

const [kind, file, which = "gate"] = process.argv.slice(2);
if (!kind || !file || !["gate", "summary"].includes(which)) {
  console.error("usage: node gate-commands.mjs github|gitlab FILE [gate|summary]");
  process.exit(2);
}
try {
  const { data, problems } = readYaml(file);
  if (!data) throw new Error(problems.join("; "));
  process.stdout.write(commandsOf(kind, data, which));
} catch (e) {
  console.error(`gate-commands: ${file}: ${e.message}`);
  process.exit(2);
}
