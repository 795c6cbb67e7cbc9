#!/usr/bin/env bash
# Ctrl-C stops `logrx dump`: SIGINT during a long dump ends it with exit 3 and
# "interrupted ... output is partial" on stderr, what was written so far flushed. The input
# is made here (a large XML export and, from ../shared when present, an
# EVTX file given many times). A 20 s guard catches a dump deaf to SIGINT (no timing is
# asserted). Exit 0 pass, 77 skipped, 1 fail.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
logrx=$LOGRX

# About 60 MB of events: long enough that the dump is still running when SIGINT comes.
awk 'BEGIN { print "<Events>";
  for (i = 1; i <= 300000; i++)
    printf "<Event><System><Provider Name=\"P\"/><EventID>7036</EventID><EventRecordID>%d</EventRecordID><Channel>System</Channel><Computer>H</Computer></System><EventData><Data Name=\"param1\">value %d</Data></EventData></Event>\n", i, i;
  print "</Events>" }' > "$tmp/big.xml"

check() {  # name, then the dump arguments
  local name=$1; shift
  # Fresh files: the size check below must never see the previous case's output (the shell
  # may stat before the new process has truncated it, and signal a process that has not
  # started yet).
  rm -f "$tmp/out" "$tmp/err"
  "$logrx" dump --no-messages "$@" > "$tmp/out" 2> "$tmp/err" &
  local pid=$!
  # Signal once output is flowing (not after a fixed sleep: a fast build on an idle machine
  # could finish first); the inputs are large enough to keep dump busy for seconds.
  local spin=0
  while kill -0 $pid 2>/dev/null && [ "$(stat -c %s "$tmp/out" 2>/dev/null || echo 0)" -lt 200000 ] &&
        [ $spin -lt 200 ]; do sleep 0.05; spin=$((spin + 1)); done
  kill -INT $pid 2>/dev/null
  local waited=0
  while kill -0 $pid 2>/dev/null && [ $waited -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 $pid 2>/dev/null; then
    echo "FAIL: $name: dump still running 20 s after SIGINT"; kill -9 $pid; fail=1; return
  fi
  wait $pid; local rc=$?
  if [ $rc -ne 3 ]; then echo "FAIL: $name: exit $rc after SIGINT (want 3)"; cat "$tmp/err"; fail=1; return; fi
  if ! grep -q "interrupted" "$tmp/err"; then echo "FAIL: $name: no 'interrupted' on stderr"; fail=1; return; fi
  echo "ok: $name: stopped $(awk "BEGIN{print $waited/10}") s after SIGINT, $(wc -l < "$tmp/out") lines written"
}

check "xml export, jsonl" --format jsonl "$tmp/big.xml"
shared=${LOGRX_SHARED_DIR:-}/corpus
big=$shared/evtx/deepblue_Powershell-Invoke-Obfuscation-many.evtx
if [ -f "$big" ]; then
  args=(); for i in $(seq 1 400); do args+=("$big"); done
  check "evtx x400, xml, 2 jobs" --format xml --jobs 2 "${args[@]}"
else
  echo "note: EVTX case skipped (no ../shared corpus)"
fi
exit $fail
