#!/usr/bin/env bash
# logrx rules test: every shipped example passes (exit 0); a wrong example and a rule
# without a negative example fail (exit 1); a broken file is a rule error (exit 2).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
out=$("$LOGRX" rules test rules); rc=$?
[ $rc -eq 0 ] || { echo "shipped: exit $rc, want 0"; grep -v '^PASS' <<<"$out"; fail=1; }
grep -q '^FAIL' <<<"$out" && { echo "shipped rules have failing examples"; fail=1; }
grep -qE '^rules test: [1-9][0-9]* passed, 0 failed, [0-9]+ rules$' <<<"$out" || { echo "summary: $(tail -1 <<<"$out")"; fail=1; }

f=tests/data/rules/failing/wrong-example.xml
out=$("$LOGRX" rules test "$f"); rc=$?
[ $rc -eq 1 ] || { echo "failing: exit $rc, want 1"; fail=1; }
for want in \
  "FAIL wrong-example: an Autochk event ($f:5): want a match, got none" \
  "PASS wrong-example: another id ($f:8)" \
  "PASS no-negative: example 1 ($f:16)" \
  "FAIL no-negative: (examples) ($f:13): no expect=\"no-match\" example" \
  "rules test: 2 passed, 2 failed, 2 rules"; do
  grep -qxF -- "$want" <<<"$out" || { echo "missing: $want"; echo "$out"; fail=1; }
done

out=$("$LOGRX" rules test tests/data/rules/broken/bad-regex.xml); rc=$?
[ $rc -eq 2 ] || { echo "broken: exit $rc, want 2"; fail=1; }
exit $fail
