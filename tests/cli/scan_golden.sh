#!/usr/bin/env bash
# Golden tests of `logrx scan samples/` in every format, and its exit code.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
for fmt in text json jsonl csv html; do
  "$LOGRX" scan samples/ --format "$fmt" --jobs 2 >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
  echo $? >"$tmp/rc.$fmt"
  golden "scan/samples.$fmt" "$tmp/out.$fmt" || fail=1
done
# The exit code is the same whatever the format, and is pinned too.
for fmt in json jsonl csv html; do
  cmp -s "$tmp/rc.text" "$tmp/rc.$fmt" || { echo "FAIL: exit code of $fmt differs from text"; fail=1; }
done
golden scan/samples.exit "$tmp/rc.text" || fail=1
# One thread or many: the same bytes.
"$LOGRX" scan samples/ --format json --jobs 1 >"$tmp/one.json" 2>/dev/null
cmp -s "$tmp/one.json" "$tmp/out.json" || { echo "FAIL: --jobs 1 and --jobs 2 differ"; fail=1; }
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json" ||
  { echo "FAIL: json output is not valid JSON"; fail=1; }
exit $fail
