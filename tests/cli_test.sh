#!/usr/bin/env bash
# The syncsim program as a user meets it: exit codes, clear errors, nothing written on bad input.
set -u
bin="$1"
dir="$2"
. "$(dirname "$0")/expect.sh"
expect 0 "help" -- "$bin" --help
expect 0 "run --help" -- "$bin" run --help
expect 2 "no command" -- "$bin"
expect 2 "unknown option" -- "$bin" run "$dir/default-day.json" --bogus
expect 0 "scenarios list" -- "$bin" scenarios list --dir "$dir"
expect 0 "validate the library" -- "$bin" scenarios validate "$dir"/*.json
expect 0 "a clean run" -- "$bin" run "$dir/default-day.json" --strategy hardened
expect 1 "a violating run" -- "$bin" run "$dir/default-day.json" --strategy baseline
grep -q "^replay: syncsim run $dir/default-day.json --strategy baseline --seed 1$" "$tmp/out" || { echo "FAIL: no replay line"; fail=1; }
expect 0 "replay" -- "$bin" replay "$dir/default-day.json"
expect 0 "malformed reviews the backend rejected are counted apart, not lost" -- "$bin" run "$dir/backend-400-dead-letter.json" --strategy hardened
grep -q "rejected as invalid [1-9]" "$tmp/out" || { echo "FAIL: no 'rejected as invalid' count"; fail=1; }
expect 2 "unknown strategy" -- "$bin" run "$dir/default-day.json" --strategy approach3

printf '{"version": 1, "name": "x", "duration": "2h", "faults": [{"kind": "offline", "at": "3h", "duration": "1m"}]}' >"$tmp/bad.json"
expect 2 "a fault after the end" -- "$bin" run "$tmp/bad.json" --trace "$tmp/trace.json"
grep -q "bad.json: /faults/0/at: expected" "$tmp/err" || { echo "FAIL: error does not name the file and field"; fail=1; }
[ ! -e "$tmp/trace.json" ] && [ ! -e "$tmp/trace.json.tmp" ] || { echo "FAIL: output written on bad input"; fail=1; }
expect 2 "validate a bad file" -- "$bin" scenarios validate "$tmp/bad.json"
expect 2 "a missing file" -- "$bin" run "$tmp/none.json"

expect 0 "trace as JSON Lines" -- "$bin" run "$dir/session-end-triggers-immediate-sync.json" --strategy hardened --trace "$tmp/t.jsonl"
[ -s "$tmp/t.jsonl" ] || { echo "FAIL: no JSONL trace"; fail=1; }
expect 0 "trace as Perfetto JSON" -- "$bin" run "$dir/session-end-triggers-immediate-sync.json" --strategy hardened --trace "$tmp/t.json"
[ -s "$tmp/t.json" ] || { echo "FAIL: no Perfetto trace"; fail=1; }
expect 1 "--json on a violating run" -- "$bin" run "$dir/default-day.json" --strategy baseline --json
grep -q '"trace_hash"' "$tmp/out" || { echo "FAIL: --json output"; fail=1; }
# explain: the story of a violation (exit 1), bad input named (exit 2), nothing to tell (exit 0).
expect 1 "explain a found case" -- "$bin" explain "$dir/found/approach2-quick-close.json"
check "explain: its timeline and verdict" -- grep -q "^verdict: no_stuck_in_progress violated for session 1" "$tmp/out"
check "explain: the replay line" -- grep -q "^replay: syncsim run .*approach2-quick-close.json --strategy approach2 --seed 1" "$tmp/out"
expect 1 "explain --violation 2" -- "$bin" explain "$dir/found/approach2-quick-close.json" --violation 2
check "explain --violation 2 tells the second" -- grep -q "^violation 2 of 3: " "$tmp/out"
expect 2 "explain --violation past the last" -- "$bin" explain "$dir/found/approach2-quick-close.json" --violation 9
check "explain --violation: the range named" -- grep -q -- "--violation: expected a number in \[1, 3\], found 9" "$tmp/err"
expect 0 "explain a run that holds" -- "$bin" explain "$dir/found/approach2-quick-close.json" --strategy hardened
check "explain: nothing to explain" -- grep -q "nothing to explain" "$tmp/out"
expect 0 "report" -- "$bin" report --dir "$dir" --strategies approach2,hardened --seeds 2 --out "$tmp/rep"
[ -s "$tmp/rep/summary.md" ] && [ -s "$tmp/rep/report.json" ] || { echo "FAIL: report files"; fail=1; }
expect 2 "report with an unknown strategy writes nothing" -- "$bin" report --dir "$dir" --strategies nope --out "$tmp/rep2"
[ ! -e "$tmp/rep2" ] || { echo "FAIL: report wrote on bad input"; fail=1; }

# The TypeScript strategies (built with SYNCSIM_JS): the same history as the C++, any --jobs.
if [ "${3:-}" = js ]; then
  expect 0 "a run of the TypeScript" -- "$bin" run "$dir/default-day.json" --strategy ts:hardened
  ts_trace=$(grep -o 'trace [0-9a-f]*' "$tmp/out")
  "$bin" run "$dir/default-day.json" --strategy hardened >"$tmp/out"
  [ -n "$ts_trace" ] && [ "$ts_trace" = "$(grep -o 'trace [0-9a-f]*' "$tmp/out")" ] \
    || { echo "FAIL: ts:hardened and hardened differ on default-day"; fail=1; }
  mkdir -p "$tmp/t1" "$tmp/t2"
  (cd "$tmp/t1" && "$bin" check --strategy ts:hardened --swarm classic --seeds 6 --json --jobs 2 --out found >out.json 2>/dev/null)
  (cd "$tmp/t2" && "$bin" check --strategy ts:hardened --swarm classic --seeds 6 --json --jobs 1 --out found >out.json 2>/dev/null)
  if [ -s "$tmp/t1/out.json" ] && cmp -s "$tmp/t1/out.json" "$tmp/t2/out.json"; then
    echo "ok: check --strategy ts:hardened: --jobs 2 = --jobs 1"
  else
    echo "FAIL: check --strategy ts:hardened differs with --jobs"; fail=1
  fi
fi

# A team's own bundle, without syncsim's hooks (tests/foreign-extension): judged from its requests.
if [ "${3:-}" = js ]; then
  ext="$dir/../tests/foreign-extension"
  mkdir -p "$tmp/x"
  cp "$ext/buggy.js" "$ext/correct.js" "$tmp/x/"
  (cd "$tmp/x" && "$bin" check --extension buggy.js --swarm classic --seeds 10 --jobs 2 --out found >out.txt 2>/dev/null)
  [ $? = 1 ] && grep -q "backoff_bounds" "$tmp/x/out.txt" || { echo "FAIL: check --extension buggy.js finds no backoff_bounds"; fail=1; }
  replay=$(grep -o 'found/js:buggy.js-[^ ]*backoff_bounds[^ ]*\.json' "$tmp/x/out.txt" | head -1)
  (cd "$tmp/x" && "$bin" replay "$replay" >replay.txt 2>&1)
  if [ $? = 1 ] && grep -q "same trace hash as recorded" "$tmp/x/replay.txt" && grep -q "\[backoff_bounds\]" "$tmp/x/replay.txt" \
     && grep -q '"bundle": "buggy.js"' "$tmp/x/$replay"; then
    echo "ok: check --extension buggy.js: a violation, and its replay file reproduces it"
  else
    echo "FAIL: the replay of $replay"; cat "$tmp/x/replay.txt"; fail=1
  fi
  expect 0 "check --extension correct.js holds" -- "$bin" check --extension "$tmp/x/correct.js" --swarm classic --seeds 10 --jobs 2 --out "$tmp/x/c"
  expect 0 "check --extension correct.js --claims hardened holds" -- "$bin" check --extension "$tmp/x/correct.js" --claims hardened --swarm classic --seeds 10 --jobs 2 --out "$tmp/x/c"
  expect 0 "run --extension correct.js" -- "$bin" run "$dir/captive-portal.json" --extension "$tmp/x/correct.js"
  expect 1 "run --extension buggy.js" -- "$bin" run "$dir/backend-500-retry-with-backoff.json" --extension "$tmp/x/buggy.js"
  grep -q "^replay: syncsim run .* --extension $tmp/x/buggy.js --claims approach2 --seed" "$tmp/out" || { echo "FAIL: no --extension replay line"; fail=1; }
  expect 2 "--extension with no such file" -- "$bin" check --extension "$tmp/x/none.js" --seeds 2
  expect 2 "--extension a directory" -- "$bin" run "$dir/default-day.json" --extension "$tmp/x"
  echo 'this is not JavaScript (' >"$tmp/x/broken.js"
  expect 2 "--extension a bundle that does not compile" -- "$bin" check --extension "$tmp/x/broken.js" --seeds 2
  grep -q "broken.js.*SyntaxError" "$tmp/err" || { echo "FAIL: the compile error is not named"; fail=1; }
  expect 2 "--claims unknown" -- "$bin" run "$dir/default-day.json" --extension "$tmp/x/correct.js" --claims approach3
  expect 2 "both --strategy and --extension" -- "$bin" check --strategy hardened --extension "$tmp/x/correct.js" --seeds 2
  echo "// changed" >>"$tmp/x/buggy.js"
  (cd "$tmp/x" && "$bin" replay "$replay" >/dev/null 2>err.txt)
  [ $? = 2 ] && grep -q "/extension/hash" "$tmp/x/err.txt" || { echo "FAIL: replay of a changed bundle is not refused"; fail=1; }
  expect 0 "report --extension" -- "$bin" report --dir "$dir" --profiles default-day --strategies hardened --extension "$tmp/x/correct.js" --seeds 2 --out "$tmp/x/rep"
  grep -q "js:correct.js" "$tmp/x/rep/summary.md" || { echo "FAIL: report --extension has no js:correct.js column"; fail=1; }
fi

# Sharded runs merged write exactly what one run writes; so does any --jobs.
mkdir -p "$tmp/u" "$tmp/s" "$tmp/j"
(cd "$tmp/u" && "$bin" check --strategy approach2 --swarm classic --seeds 40 --json --jobs 2 --out found >out.json 2>/dev/null)
(cd "$tmp/j" && "$bin" check --strategy approach2 --swarm classic --seeds 40 --json --jobs 1 --out found >out.json 2>/dev/null)
(cd "$tmp/s" && for i in 0 1 2; do "$bin" check --strategy approach2 --swarm classic --seeds 40 --shard $i/3 --out parts >/dev/null 2>&1; done \
   && "$bin" merge parts/partial-check-*.json --json --out found >out.json)
if diff -r "$tmp/u/found" "$tmp/s/found" >/dev/null && cmp -s "$tmp/u/out.json" "$tmp/s/out.json" \
   && diff -r "$tmp/u/found" "$tmp/j/found" >/dev/null && cmp -s "$tmp/u/out.json" "$tmp/j/out.json"; then
  echo "ok: check: 3 shards merged = one run = --jobs 1"
else
  echo "FAIL: check shards or jobs differ"; fail=1
fi
(cd "$tmp/u" && "$bin" report --profiles default-day,captive-portal --seeds 2 --jobs 2 --out rep >/dev/null)
(cd "$tmp/j" && "$bin" report --profiles default-day,captive-portal --seeds 2 --jobs 1 --out rep >/dev/null)
(cd "$tmp/s" && for i in 0 1; do JOB_COMPLETION_INDEX=$i SYNCSIM_SHARDS=2 "$bin" report --profiles default-day,captive-portal \
   --seeds 2 --out rparts >/dev/null; done && "$bin" merge rparts/partial-report-*.json --out rep >/dev/null)
if diff -r "$tmp/u/rep" "$tmp/s/rep" >/dev/null && diff -r "$tmp/u/rep" "$tmp/j/rep" >/dev/null; then
  echo "ok: report: 2 shards (Kubernetes index) merged = one run = --jobs 1"
else
  echo "FAIL: report shards or jobs differ"; fail=1
fi
expect 2 "merge with a shard missing" -- "$bin" merge "$tmp/s/parts/partial-check-0-of-3.json" --out "$tmp/m"
expect 2 "a bad --shard" -- "$bin" check --strategy hardened --seeds 4 --shard 3/3
expect 2 "an unknown --swarm" -- "$bin" check --strategy hardened --seeds 4 --swarm gentle
expect 2 "an unknown --idempotency" -- "$bin" check --strategy hardened --seeds 4 --idempotency maybe
expect 2 "--idempotency all with --shard" -- "$bin" check --strategy hardened --seeds 4 --idempotency all --shard 0/2
expect 2 "an unknown --search" -- "$bin" check --strategy hardened --seeds 4 --search sideways
# A guided check's shards merge to the same result as one run (the partials say which search).
(cd "$tmp/u" && "$bin" check --strategy hardened --search guided --swarm classic --seeds 6 --jobs 2 --json --out g >g.json 2>/dev/null)
(cd "$tmp/s" && for i in 0 1; do "$bin" check --strategy hardened --search guided --swarm classic --seeds 6 --shard $i/2 --out gparts \
   >/dev/null 2>&1; done && "$bin" merge gparts/partial-check-*.json --json --out g >g.json 2>/dev/null)
if grep -q '"search": "guided"' "$tmp/u/g.json" && diff "$tmp/u/g.json" "$tmp/s/g.json" >/dev/null; then
  echo "ok: check --search guided: 2 shards merged = one run"
else
  echo "FAIL: check --search guided shards differ, or the search is not reported"; fail=1
fi
expect 0 "swarm prints a seed's world and writes it" -- "$bin" swarm --seed 85 --out "$tmp/seed85.json"
grep -q '"retry_after_max"\|"fault_rates"' "$tmp/seed85.json" || { echo "FAIL: syncsim swarm --out wrote no fault rates"; fail=1; }
expect 0 "the written swarm world runs as a scenario" -- "$bin" run "$tmp/seed85.json" --strategy hardened

if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
