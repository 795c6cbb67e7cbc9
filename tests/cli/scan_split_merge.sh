#!/usr/bin/env bash
# Split and merge: `--shard 1/2` + `--shard 2/2` then `logrx merge` equals the single run,
# byte for byte, in every format (and the shards hold disjoint hosts).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$tmp" || exit 1
/usr/bin/python3 "$LOGRX_SOURCE_DIR/scripts/fleet-gen" fleet --hosts 40 --bad >/dev/null
"$LOGRX" scan fleet --format json -o single.json; rc_single=$?
"$LOGRX" scan fleet --format json --shard 1/2 -o s1.json
"$LOGRX" scan fleet --format json --shard 2/2 -o s2.json
"$LOGRX" merge s2.json s1.json --format json -o merged.json; rc_merge=$?
cmp -s single.json merged.json || { echo "FAIL: merged json differs from the single run"; diff single.json merged.json | head; fail=1; }
[ $rc_single -eq $rc_merge ] || { echo "FAIL: exit codes differ: single $rc_single, merge $rc_merge"; fail=1; }
for fmt in text jsonl csv html; do
  "$LOGRX" scan fleet --format $fmt >single.$fmt 2>/dev/null
  "$LOGRX" merge s1.json s2.json --format $fmt >merged.$fmt 2>/dev/null
  cmp -s single.$fmt merged.$fmt || { echo "FAIL: merged $fmt differs"; diff single.$fmt merged.$fmt | head -5; fail=1; }
done
/usr/bin/python3 - s1.json s2.json <<'PY' || fail=1
import json, sys
a, b = (set(h["host"] for h in json.load(open(f))["hosts"]) for f in sys.argv[1:3])
if a & b or not a or not b:
    sys.exit(f"FAIL: shards not disjoint or one is empty: {len(a)} {len(b)} {sorted(a & b)}")
PY
exit $fail
