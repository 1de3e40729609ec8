#!/usr/bin/env bash
# Hostile input (issue "Hostile input never crashes it"): malformed and absurd scenario files,
# command lines and merge partials. Each must end in exit 2 with the file and the JSON pointer
# named, never a crash (exit >= 128), a hang (bounded by `timeout`) or a silent acceptance.
# Usage: hostile_input_test.sh SYNCSIM SCENARIO_DIR
set -u
bin=$(realpath "$1")
dir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# expect CODE DESCRIPTION NEEDLE -- command...: exit CODE within 60 s, and NEEDLE in stderr.
expect() {
  local want=$1 what=$2 needle=$3; shift 4
  timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    bad "$what: exit $got, expected $want"; head -c 600 "$tmp/err"
  elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/err"; then
    bad "$what: stderr lacks '$needle'"; head -c 600 "$tmp/err"
  else
    echo "ok: $what"
  fi
}
scenario() {  # scenario NAME JSON-TAIL: a valid head plus the given fields
  printf '{"version": 1, "name": "x", %s}' "$2" >"$tmp/$1.json"
}

# --- scenario files ----------------------------------------------------------------------
scenario big-number '"duration": "2h", "world": {"network": {"latency_sigma": 1e400}}'
expect 2 "a number too large for a double" "big-number.json: /world/network/latency_sigma: expected a number a double can hold" \
  -- "$bin" scenarios validate "$tmp/big-number.json"
mkdir -p "$tmp/lib"
cp "$dir/default-day.json" "$tmp/lib/a-good.json"
cp "$tmp/big-number.json" "$tmp/lib/b-bad.json"
cp "$dir/captive-portal.json" "$tmp/lib/c-good.json"
expect 2 "scenarios list: one bad file among good ones" "" -- "$bin" scenarios list --dir "$tmp/lib"
grep -q "^a-good.json" "$tmp/out" && grep -q "^b-bad.json *INVALID" "$tmp/out" && grep -q "^c-good.json" "$tmp/out" \
  || bad "scenarios list does not show the good files and the bad one"
expect 2 "scenarios validate: one bad file among good ones" "b-bad.json: /world" -- "$bin" scenarios validate "$tmp"/lib/*.json
[ "$(grep -c ': ok$' "$tmp/out")" = 2 ] || bad "scenarios validate does not report the two good files"

python3 -c 'print("[" * 200000 + "]" * 200000)' >"$tmp/deep.json"
expect 2 "200,000 nested arrays" "deep.json: /0/0/0" -- "$bin" scenarios validate "$tmp/deep.json"
grep -qF "nesting at most 32 deep" "$tmp/err" || bad "deep nesting: no limit named"
python3 -c 'print("{\"version\": 1, \"name\": \"x\", \"duration\": \"2h\", \"description\": " + "{\"a\": " * 100000 + "1" + "}" * 100001)' >"$tmp/deep2.json"
expect 2 "100,000 nested objects" "deep2.json: /description/a/a" -- "$bin" scenarios validate "$tmp/deep2.json"

scenario wrap '"duration": "213503982335d"'
expect 2 "a duration that wraps to 9.6 h" "wrap.json: /duration: expected a duration" -- "$bin" run "$tmp/wrap.json"
scenario overflow '"duration": "999999999999d"'
expect 2 "a duration past 2^63 ms" "overflow.json: /duration: expected a duration: digits then ms, s, m, h or d (\"30s\"), at most 3660d" \
  -- "$bin" scenarios validate "$tmp/overflow.json"
scenario drain '"duration": "2h", "drain": "99999999999d"'
expect 2 "a drain of 99999999999d (a hang)" "drain.json: /drain" -- "$bin" run "$tmp/drain.json"
scenario drain2 '"duration": "2h", "drain": "8d"'
expect 2 "a drain above the limit" "drain2.json: /drain: expected at most 7d" -- "$bin" run "$tmp/drain2.json"
scenario long '"duration": "367d"'
expect 2 "a run above the limit" "long.json: /duration: expected at most 366d" -- "$bin" run "$tmp/long.json"
scenario fault '"duration": "2h", "faults": [{"kind": "offline", "at": "1h", "duration": "99999999999d"}]'
expect 2 "a fault lasting 99999999999d (scheduler overflow)" "fault.json: /faults/0/duration" -- "$bin" run "$tmp/fault.json"
scenario at '"duration": "2h", "faults": [{"kind": "worker_crash", "at": "213503982335d"}]'
expect 2 "a fault at 213503982335d" "at.json: /faults/0/at" -- "$bin" run "$tmp/at.json"
scenario server '"duration": "2h", "world": {"network": {"server_time": "213503982335d"}}'
expect 2 "server_time 213503982335d" "server.json: /world/network/server_time" -- "$bin" run "$tmp/server.json"
scenario retry '"duration": "2h", "faults": [{"kind": "rate_limit", "at": "1h", "duration": "10m", "retry_after": "99999999999999d"}]'
expect 2 "retry_after past 2^63 ms" "retry.json: /faults/0/retry_after" -- "$bin" run "$tmp/retry.json"
scenario tick '"duration": "366d", "world": {"user": {"activity_interval": "1ms"}}'
expect 2 "activity_interval 1ms (a hang)" "tick.json: /world/user/activity_interval: expected a duration >= 1s" -- "$bin" run "$tmp/tick.json"
scenario alarm '"duration": "2h", "world": {"browser": {"alarm_min_period": "10ms"}}'
expect 2 "alarm_min_period 10ms" "alarm.json: /world/browser/alarm_min_period: expected a duration >= 1s" -- "$bin" run "$tmp/alarm.json"
scenario budget '"duration": "366d", "world": {"user": {"sessions_per_day": 100000, "activity_interval": "1s"}}'
expect 2 "a year of 100,000 reviews a day (event budget)" "budget.json: /: expected a run of at most 50000000 events" -- "$bin" run "$tmp/budget.json"
python3 -c '
import json
s = [{"open": "1s", "close": "2s"}] * 10001
print(json.dumps({"version": 1, "name": "x", "duration": "2h", "world": {"user": {"sessions": s}}}))' >"$tmp/sessions.json"
expect 2 "10,001 explicit sessions" "sessions.json: /world/user/sessions: expected at most 10000 reviews" -- "$bin" run "$tmp/sessions.json"
python3 -c '
import json
s = [{"open": "1s", "close": "2s"}] * 1000000
print(json.dumps({"version": 1, "name": "x", "duration": "2h", "world": {"user": {"sessions": s}}}))' >"$tmp/million.json"
expect 2 "a million explicit sessions (a 40 MB file)" "million.json: /: expected a file of at most 4194304 bytes" -- "$bin" run "$tmp/million.json"
printf '{"version": 1, "name": "a", "name": "b", "duration": "2h"}' >"$tmp/dup.json"
expect 2 "a duplicate key" "dup.json: /name: expected each key once in an object" -- "$bin" run "$tmp/dup.json"
printf '{"version": 1, "name": "x", "duration": "2h", "world": {"user": {"repos": 3, "repos": 4}}}' >"$tmp/dup2.json"
expect 2 "a duplicate nested key" "dup2.json: /world/user/repos: expected each key once" -- "$bin" run "$tmp/dup2.json"
printf '{"version": 1, "name": "", "duration": "2h"}' >"$tmp/empty.json"
expect 2 "an empty name" "empty.json: /name: expected a name of 1 to 200 bytes" -- "$bin" run "$tmp/empty.json"
scenario no-review '"duration": "8h"'
expect 2 "a workload in which no review can open (midnight to 8:00)" "no-review.json: /duration: expected a workload with at least one review" \
  -- "$bin" run "$tmp/no-review.json" --strategy hardened
mkdir -p "$tmp/adir.json"
expect 2 "a directory as a scenario file" "adir.json: /: expected a file, found a directory" -- "$bin" run "$tmp/adir.json"
expect 2 "a directory given to validate" "adir.json: /: expected a file, found a directory" -- "$bin" scenarios validate "$tmp/adir.json"
python3 -c 'print("{\"version\": 1, \"name\": \"x\", \"duration\": \"2h\", \"description\": \"" + "y" * (5 << 20) + "\"}")' >"$tmp/huge.json"
expect 2 "a 5 MB scenario file" "huge.json: /: expected a file of at most 4194304 bytes, found" -- "$bin" run "$tmp/huge.json"

# --- command lines ----------------------------------------------------------------------
expect 2 "run --seed -1" "--seed" -- "$bin" run "$dir/default-day.json" --seed -1
expect 2 "run --seed past 2^64 (was clamped to 2^64-1)" "--seed: expected a whole number in [0, 18446744073709551615]" -- "$bin" run "$dir/default-day.json" --seed 99999999999999999999
expect 2 "check --from -1" "--from" -- "$bin" check --strategy hardened --seeds 2 --from -1 --out "$tmp/c0"
expect 2 "check --from past 2^64" "--from" -- "$bin" check --strategy hardened --seeds 2 --from 18446744073709551615 --out "$tmp/c0"
expect 2 "check --seeds -5" "--seeds" -- "$bin" check --strategy hardened --seeds -5 --out "$tmp/c0"
expect 2 "fleet --seed -1" "--seed" -- "$bin" fleet --seed -1 --out "$tmp/f0"
# 100 of 100,000,000 seeds: memory is sized by the shard (under 1 GB of address space here;
# sizing by the total needs 2.4 GB). An ASan build reserves terabytes of address space for its
# shadow memory, so there the limit cannot be set and the run is only checked to finish.
if [ -z "${ASAN_OPTIONS:-}" ]; then limit="ulimit -v 1000000"; else limit=true; fi
($limit; expect 0 "check --seeds 100000000 --shard 0/1000000 in 1 GB" "" \
  -- "$bin" check --strategy hardened --swarm classic --seeds 100000000 --shard 0/1000000 --jobs 1 --out "$tmp/huge-shard")
[ -s "$tmp/huge-shard/partial-check-0-of-1000000.json" ] || bad "no partial for the huge shard"

# --- output ----------------------------------------------------------------------------
touch "$tmp/a-file"
expect 2 "check --out an existing file, nothing failing" "--out: expected a directory, found a file" \
  -- "$bin" check --strategy hardened --seeds 2 --out "$tmp/a-file"
expect 2 "check --out an existing file is refused before any run" "--out" \
  -- "$bin" check --strategy approach2 --seeds 100000000 --out "$tmp/a-file"
mkdir -p "$tmp/theirs" && touch "$tmp/theirs/notes.txt"
expect 2 "report --out a directory of other files" "--out: expected a new or empty directory" \
  -- "$bin" report --dir "$dir" --strategies hardened --out "$tmp/theirs"
[ -e "$tmp/theirs/notes.txt" ] || bad "report removed a user's file"
expect 2 "fleet --out an existing file is refused before any fleet runs" "--out: expected a directory, found a file" \
  -- "$bin" fleet --browsers 100000 --hours 24 --out "$tmp/a-file"
expect 2 "fleet --out a directory of other files" "--out: expected a new or empty directory" \
  -- "$bin" fleet --browsers 10 --hours 2 --outage-at 0.5 --out "$tmp/theirs"
expect 0 "fleet writes its directory whole, with the manifest" "" -- "$bin" fleet --browsers 10 --hours 2 --outage-at 0.5 --out "$tmp/fleet"
[ -s "$tmp/fleet/fleet.json" ] && [ -s "$tmp/fleet/syncsim-output.json" ] || bad "fleet left no manifest"
expect 1 "check writes its replay files" "" -- "$bin" check --strategy approach2 --swarm classic --seeds 12 --out "$tmp/found"
echo '{}' >"$tmp/found/approach2-stale-seed999.json"  # a file from an earlier run
expect 1 "check again into the same directory" "" -- "$bin" check --strategy approach2 --swarm classic --seeds 6 --out "$tmp/found"
[ ! -e "$tmp/found/approach2-stale-seed999.json" ] || bad "a stale replay file sits beside the new ones"
[ -s "$tmp/found/syncsim-output.json" ] || bad "no manifest in the check output"
n_listed=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["files"]))' "$tmp/found/syncsim-output.json")
n_files=$(ls "$tmp/found" | grep -vc '^syncsim-output.json$')
[ "$n_listed" = "$n_files" ] || bad "the manifest lists $n_listed files, the directory has $n_files"
ls -a "$tmp" | grep -q '\.tmp-' && bad "a staging directory was left behind"
expect 0 "--trace into a missing directory" "" -- "$bin" run "$dir/default-day.json" --strategy hardened --trace "$tmp/new/sub/t.json"
[ -s "$tmp/new/sub/t.json" ] || bad "--trace did not create its directory"
expect 2 "--trace under a file" "--trace" -- "$bin" run "$dir/default-day.json" --strategy hardened --trace "$tmp/a-file/t.json"

# --- merge ------------------------------------------------------------------------------
(cd "$tmp" && for i in 0 1; do "$bin" check --strategy approach2 --swarm classic --seeds 20 --shard $i/2 --out cp >/dev/null 2>&1; done)
(cd "$tmp" && for i in 0 1; do "$bin" report --profiles default-day --strategies hardened --seeds 2 --shard $i/2 --out rp >/dev/null 2>&1; done)
expect 1 "a good check merge" "" -- "$bin" merge "$tmp"/cp/partial-check-*.json --out "$tmp/m-ok"
expect 0 "a good report merge" "" -- "$bin" merge "$tmp"/rp/partial-report-*.json --out "$tmp/r-ok"
# mutate KIND N PYTHON: partial N of KIND, changed by PYTHON (on `d`), then merged with the others.
mutate() {
  local kind=$1 n=$2 code=$3 what=$4 needle=$5 src
  if [ "$kind" = check ]; then src="$tmp/cp"; else src="$tmp/rp"; fi
  rm -rf "$tmp/mut" "$tmp/m" && mkdir -p "$tmp/mut" && cp "$src"/partial-*.json "$tmp/mut/"
  python3 -c "
import json, sys
p = sys.argv[1]
d = json.load(open(p))
$code
open(p, 'w').write(json.dumps(d) if not isinstance(d, str) else d)" "$tmp/mut/partial-$kind-$n-of-2.json"
  expect 2 "merge: $what" "partial-$kind-$n-of-2.json: $needle" -- "$bin" merge "$tmp"/mut/partial-*.json --out "$tmp/m"
  [ ! -e "$tmp/m" ] || bad "merge wrote output on bad input ($what)"
}
first_failing='k = sorted(d["failing"], key=int)[0]'
mutate check 0 "$first_failing; d['failing'][k] = [1]" "a failing list holding a number" "/failing/"
mutate check 0 "d['failing']['x'] = ['nothing_lost']; d['failing_runs'] += 1" "a non-numeric run index" "/failing/x"
mutate check 0 "d['strategy'] = 5" "a numeric strategy" "/strategy"
mutate check 0 "d['shards'] = 10**18" "shards 10^18" "/shards"
mutate check 1 "d['seeds'] = 10**18" "seeds 10^18" "/seeds"
mutate check 1 "del d['failing']" "the failing list deleted" "/failing"
mutate check 0 "$first_failing; del d['failing'][k]" "a failing run deleted" "/failing_runs"
mutate check 0 "$first_failing; d['failing'][k] = ['no_bugs']" "an unknown property name" "/failing/"
mutate check 0 "d['failing']['100000'] = ['nothing_lost']; d['failing_runs'] += 1" "a run index out of range" "/failing/100000"
mutate check 1 "d['failing']['2'] = ['nothing_lost']; d['failing_runs'] += 1" "a run index of another shard" "/failing/2"
mutate check 1 "d['version'] = 'other'" "a second file of another version" "/version"
mutate check 1 "d['from'] = 7" "a second file of another check" "/from"
mutate check 0 "d['bogus'] = 1" "an unknown field" "/bogus"
mutate check 1 "d['shard'] = 0" "a shard given twice" "/shard"
mutate check 0 "d = '{\"syncsim_partial\": 1, \"kind\": \"check\", \"a\": ' + '[' * 100000 + ']' * 100000 + '}'" "deep nesting" "/a/0/0"
mutate check 0 "d = '{\"syncsim_partial\": 1, \"kind\": \"check\", \"seeds\": 1e400}'" "1e400" "/seeds"
mutate report 0 "del d['rows']" "report rows missing" "/rows"
mutate report 0 "d['rows'][0]['row'] = {}" "an empty report row" "/rows/0/row"
mutate report 0 "d['rows'][0]['index'] = '0'" "a string row index" "/rows/0/index"
mutate report 0 "d['rows'][0]['row']['seed'] = 'x'" "a row field of the wrong type" "/rows/0/row/seed"
mutate report 0 "d['rows'][0]['row']['samples'] = [[1, 2]]" "a short sample" "/rows/0/row/samples/0"
mutate report 0 "d['rows'][0]['row']['violated'] = [99]" "an unknown property index" "/rows/0/row/violated/0"
mutate report 1 "d['version'] = 'other'" "a second report of another version" "/version"
mutate report 0 "d['runs'] = 10**15" "runs 10^15" "/runs"
mutate report 0 "d['rows'] = []" "a report shard with its rows gone" "/rows"
mutate report 0 "d['rows'][0]['row']['scenario'] = 'other'" "a row of another scenario" "/rows/0/row/scenario"
expect 2 "merge into an existing file" "--out: expected a directory, found a file" -- "$bin" merge "$tmp"/cp/partial-check-*.json --out "$tmp/a-file"
expect 2 "merge a directory" "expected a file" -- "$bin" merge "$tmp/cp" --out "$tmp/m"

if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
