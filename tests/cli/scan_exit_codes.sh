#!/usr/bin/env bash
# Exit codes of `logrx scan` (documented in --help): 0 clean, 1 findings, 2 usage/rules,
# 3 unreadable input (wins over 1); a closed pipe exits quietly.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
expect() {  # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL: $what: exit $rc, want $want"; head -3 "$tmp/err"; fail=1; fi
}
gen="$LOGRX_SOURCE_DIR/scripts/fleet-gen"
/usr/bin/python3 "$gen" "$tmp/clean" --hosts 1 >/dev/null            # NODE0000: clean
/usr/bin/python3 "$gen" "$tmp/sick" --hosts 2 >/dev/null             # NODE0001: imc (1024)
/usr/bin/python3 "$gen" "$tmp/bad" --hosts 2 --bad >/dev/null        # + damaged files
expect 0 "clean host" -- "$LOGRX" scan "$tmp/clean"
expect 1 "host with a 1024" -- "$LOGRX" scan "$tmp/sick"
expect 3 "damaged input wins over findings" -- "$LOGRX" scan "$tmp/bad"
expect 2 "unknown flag" -- "$LOGRX" scan --no-such-flag "$tmp/clean"
expect 2 "bad shard" -- "$LOGRX" scan --shard 3/2 "$tmp/clean"
expect 2 "missing rules folder" -- "$LOGRX" --rules "$tmp/none" scan "$tmp/clean"
expect 2 "merge of a non-logrx file" -- "$LOGRX" merge "$gen"
expect 3 "nonexistent input" -- "$LOGRX" scan "$tmp/does-not-exist"
grep -q "does-not-exist" "$tmp/out" || { echo "FAIL: the missing input is not named in the report"; fail=1; }
# A closed pipe: quiet (nothing on stderr), and no crash by signal.
/usr/bin/python3 "$gen" "$tmp/big" --hosts 300 >/dev/null
"$LOGRX" scan "$tmp/big" --format jsonl 2>"$tmp/pipe_err" | head -c 100 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" -lt 128 ] || { echo "FAIL: killed by signal on a closed pipe ($rc)"; fail=1; }
[ ! -s "$tmp/pipe_err" ] || { echo "FAIL: stderr on a closed pipe:"; cat "$tmp/pipe_err"; fail=1; }
"$LOGRX" scan --help | grep -q "Exit codes" || { echo "FAIL: --help lacks exit codes"; fail=1; }
exit $fail
