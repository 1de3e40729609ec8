# Sourced by the command-line tests (cli_test.sh, gate_test.sh): a scratch directory $tmp,
# removed on exit, and the two checks they are written in. Each prints ok/FAIL; $fail is 1
# after any FAIL.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect CODE DESCRIPTION -- command...: the command exits CODE (its output in $tmp/out, $tmp/err)
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err" | head -20; fail=1
  else
    echo "ok: $what"
  fi
}
check() {  # check DESCRIPTION -- command...: the command succeeds (a condition)
  local what=$1; shift 2
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
