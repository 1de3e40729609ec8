#!/usr/bin/env bash
# syncsim as a team puts it in CI: the gate's exit codes, JUnit and summary, replay files that
# reproduce as printed (a planted defect's too), `scenarios record` that shows before it
# writes, the help, and an installed syncsim used from another directory.
# Usage: gate_test.sh SYNCSIM SCENARIO_DIR BUILD_DIR
set -u
bin="$(realpath "$1")"
dir="$(realpath "$2")"
build="$(realpath "$3")"
. "$(dirname "$0")/expect.sh"
junit_cases() {  # junit_cases FILE -> "tests failures" from the XML, parsed by a real XML parser
  python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); c = r.iter("testcase"); c = list(c); print(len(c), sum(1 for t in c if t.find("failure") is not None))' "$1"
}

# Help and version.
expect 0 "--version" -- "$bin" --version
check "--version names the commit" -- grep -Eq '^syncsim [0-9.]+ \(commit [0-9a-z-]+\)' "$tmp/out"
expect 0 "--help" -- "$bin" --help
for what in "Exit status: 0" "3 replay" "skips_end_request" "SYNCSIM_SCENARIOS" "gate"; do
  check "--help mentions '$what'" -- grep -q "$what" "$tmp/out"
done
"$bin" check --help >"$tmp/h" 2>&1
check "check --help shows the default seeds" -- grep -q -- '--seeds.*=1000' "$tmp/h"
"$bin" fleet --help >"$tmp/h" 2>&1
check "fleet --help shows the default browsers" -- grep -q -- '--browsers.*=10000' "$tmp/h"

# The gate passes on the library, with a small swarm.
mkdir -p "$tmp/w" && cd "$tmp/w" || exit 1
expect 0 "gate: library, 300 hardened classic seeds, self-test" -- "$bin" gate --swarm classic --seeds 300 --block 100 --out out/gate
read -r n f < <(junit_cases out/gate/junit.xml)
nlib=$(( $(ls "$dir"/*.json "$dir"/found/*.json | wc -l) * 4 ))
ndefects=$("$bin" --help | sed -n 's/^Planted defects (--mutant): //p' | tr ',' '\n' | wc -l)
check "junit.xml: one case per scenario x strategy, 3 swarm blocks, one per planted defect ($n cases, $f failed)" -- [ "$n" = $((nlib + 3 + ndefects)) ] && [ "$f" = 0 ]
check "summary.md says passed" -- grep -q "^# syncsim gate: passed" out/gate/summary.md
check "no failures directory when nothing failed" -- [ ! -e out/gate/failures ]

# A swarm violation: exit 1, replay files that reproduce as printed.
expect 1 "gate: approach2 over 60 seeds violates" -- "$bin" gate --strategies approach2 --swarm classic --seeds 60 --block 30 --no-library --out out/gate
read -r n f < <(junit_cases out/gate/junit.xml)
check "junit.xml: the two failing blocks ($n cases, $f failed)" -- [ "$n" = $((2 + ndefects)) ] && [ "$f" = 2 ]
check "summary.md says FAILED" -- grep -q "^# syncsim gate: FAILED" out/gate/summary.md
line=$(grep -m1 -o 'syncsim replay out/gate/failures/[^ ]*\.json' "$tmp/out")
check "a replay line is printed" -- [ -n "$line" ]
expect 1 "the printed replay reproduces the violation" -- "$bin" ${line#syncsim }
check "  with the same trace hash" -- grep -q "same trace hash as recorded" "$tmp/out"
check "--out refuses a directory syncsim did not write" -- bash -c "mkdir -p '$tmp/mine' && touch '$tmp/mine/x' && ! '$bin' gate --seeds 0 --out '$tmp/mine' 2>/dev/null && [ -e '$tmp/mine/x' ]"

# The library against changed expectations: exit 4; a changed trace hash: exit 3.
mkdir -p lib
python3 - "$dir/default-day.json" lib/default-day.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["expect"]["hardened"]["violated"] = ["nothing_lost"]; json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
expect 4 "gate: a result that differs from its expectation" -- "$bin" gate --dir lib --seeds 0 --no-mutants --out out/gate4
check "  named in the summary" -- grep -q "expected violated: nothing_lost; got: none" out/gate4/summary.md
expect 4 "run --expect: the same" -- "$bin" run lib/default-day.json --strategy hardened --expect
expect 0 "run --expect on the library file" -- "$bin" run "$dir/default-day.json" --strategy baseline --expect
expect 4 "report: a result that differs from its expectation fails the report" -- "$bin" report --dir lib --strategies hardened --seeds 2 --out out/rep4
check "  the report is written all the same, the cell marked" -- grep -q "!" out/rep4/summary.md
python3 - "$dir/default-day.json" lib/default-day.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["trace_hash"] = "0123456789abcdef"; json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
expect 3 "gate: a trace hash that differs" -- "$bin" gate --dir lib --seeds 0 --no-mutants --out out/gate3
expect 3 "replay: a trace hash that differs" -- "$bin" replay lib/default-day.json
check "  says why" -- grep -q "did not reproduce: trace hash differs: recorded 0123456789abcdef" "$tmp/out"

mkdir -p badlib && printf '{"version": 1, "name": "x", "duration": "2h", "sead": 1}' >badlib/x.json
expect 2 "gate: a malformed library file is bad input, named" -- "$bin" gate --dir badlib --seeds 0 --out out/gate2
check "  the file and the field are named" -- grep -q "badlib/x.json: /sead" "$tmp/err"
check "  and nothing is written" -- [ ! -e out/gate2 ]

# A planted defect's replay file reproduces it (it records the defect).
expect 1 "check --mutant skips_end_request" -- "$bin" check --strategy hardened --seeds 3 --mutant skips_end_request --out found
line=$(grep -m1 -o 'syncsim replay found/[^ ]*\.json' "$tmp/out")
check "  the replay file records the defect" -- grep -q '"mutant": "skips_end_request"' "${line#syncsim replay }"
expect 1 "  and its printed replay reproduces the violation" -- "$bin" ${line#syncsim }
check "  with the same trace hash" -- grep -q "same trace hash as recorded" "$tmp/out"
expect 3 "  replayed without the defect it does not" -- "$bin" ${line#syncsim } --mutant none
expect 1 "run --mutant" -- "$bin" run "$dir/default-day.json" --strategy hardened --mutant skips_end_request
check "  prints a replay line with the defect" -- grep -q -- "--mutant skips_end_request$" "$tmp/out"
expect 2 "an unknown --mutant" -- "$bin" run "$dir/default-day.json" --mutant nope

# replay and run write traces, creating the directory.
expect 0 "replay --trace into a new directory" -- "$bin" replay "$dir/default-day.json" --trace traces/a/day.jsonl
check "  the trace is there" -- [ -s traces/a/day.jsonl ]

# scenarios record: a diff, written only with --update.
cp lib/default-day.json rec.json
expect 4 "scenarios record shows what would change" -- "$bin" scenarios record rec.json
check "  the hash change is shown" -- grep -q "trace_hash (approach2): 0123456789abcdef ->" "$tmp/out"
check "  and nothing is written" -- cmp -s rec.json lib/default-day.json
expect 0 "scenarios record --update writes" -- "$bin" scenarios record --update rec.json
expect 0 "  after which nothing would change" -- "$bin" scenarios record rec.json
check "  it says unchanged" -- grep -q "rec.json: unchanged" "$tmp/out"

# Installed: the binary and its data under a prefix, used from another directory.
if cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
  echo "ok: cmake --install"
  mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
  cp "$tmp/w/${line#syncsim replay }" case.json
  expect 1 "installed: a replay file reproduces from another directory" -- "$tmp/prefix/bin/syncsim" replay case.json
  expect 0 "installed: the library is found" -- "$tmp/prefix/bin/syncsim" scenarios list
  check "  under the prefix" -- [ "$(grep -c default-day "$tmp/out")" -ge 1 ] && [ -f "$tmp/prefix/share/syncsim/scenarios/default-day.json" ]
  expect 0 "installed: the gate" -- "$tmp/prefix/bin/syncsim" gate --seeds 50 --out gate
  if [ -f "$tmp/prefix/share/syncsim/web/vega/build/vega.min.js" ]; then
    expect 0 "installed: the report with its charts" -- "$tmp/prefix/bin/syncsim" report --profiles default-day --strategies hardened --out rep
    check "  report.html written" -- [ -s rep/report.html ]
  fi
else
  echo "FAIL: cmake --install"; cat "$tmp/install.log"; fail=1
fi

[ $fail = 0 ] && echo "all passed"
exit $fail
