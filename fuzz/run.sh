#!/usr/bin/env bash
# Runs the libFuzzer targets (README.md, "Hostile input and fuzzing"), one at a time, each for SECONDS.
#   fuzz/run.sh SECONDS [TARGET...]     TARGET: scenario, merge, duration (default: all three)
# Needs the fuzz preset built (cmake --preset fuzz && cmake --build --preset fuzz) and, for the
# merge target's seeds, a syncsim binary (SYNCSIM, default build/release/cli/syncsim). Inputs
# the fuzzer finds interesting are kept in build/fuzz/work/corpus/TARGET between runs; a crash
# is written to build/fuzz/work/crashes/ and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario merge duration)
bin=build/fuzz/fuzz
syncsim=${SYNCSIM:-build/release/cli/syncsim}
work=build/fuzz/work
mkdir -p "$work/crashes"

# Seed corpora, from scenarios/ each time (so they follow the format).
seeds=$work/seeds
rm -rf "$seeds" && mkdir -p "$seeds/scenario" "$seeds/duration" "$seeds/merge"
find scenarios -name '*.json' -exec cp {} "$seeds/scenario/" \;
n=0
for d in $(grep -rhoE '"[0-9]+(ms|s|m|h|d)"' scenarios | tr -d '"' | sort -u); do
  printf '%s' "$d" >"$seeds/duration/$n" && n=$((n + 1))
done
if [ -x "$syncsim" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && for i in 0 1; do
     "$OLDPWD/$syncsim" check --strategy approach2 --seeds 8 --shard $i/2 --out cp >/dev/null 2>&1
     "$OLDPWD/$syncsim" report --dir "$OLDPWD/scenarios" --profiles short-reviews --strategies hardened --seeds 2 --shard $i/2 --out rp >/dev/null 2>&1
   done)
  for kind in check report; do
    dir=$tmp/cp; [ $kind = report ] && dir=$tmp/rp
    { cat "$dir/partial-$kind-0-of-2.json"; printf '\n--8<--\n'; cat "$dir/partial-$kind-1-of-2.json"; } >"$seeds/merge/$kind-2-shards"
    cat "$dir/partial-$kind-0-of-2.json" >"$seeds/merge/$kind-1-of-2"
  done
else
  echo "fuzz/run.sh: no $syncsim: the merge target starts from an empty corpus" >&2
fi

status=0
for t in "${targets[@]}"; do
  case $t in
    scenario) max_len=16384 ;;
    merge) max_len=32768 ;;
    duration) max_len=64 ;;
    *) echo "fuzz/run.sh: unknown target $t (scenario, merge, duration)" >&2; exit 2 ;;
  esac
  mkdir -p "$work/corpus/$t"
  echo "fuzz/run.sh: fuzz_$t for ${seconds} s"
  if ! "$bin/fuzz_$t" "$work/corpus/$t" "$seeds/$t" -dict=fuzz/json.dict -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -max_len=$max_len -print_final_stats=1 -artifact_prefix="$work/crashes/$t-" \
       >"$work/$t.log" 2>&1; then
    status=1
    tail -50 "$work/$t.log"
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/$t.log" | sed "s/^/fuzz_$t: /"
done
exit $status
