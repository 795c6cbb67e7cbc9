#!/usr/bin/env bash
# logrx kb check: the shipped KB passes; broken KB files and rules fail with exit 2 and
# file:line (expected lines counted by hand in tests/data/kb/).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
expect() {  # expect <want-rc> <stderr-substring> <args...>
  local want=$1 text=$2; shift 2
  local err rc
  err=$("$LOGRX" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL: logrx $*: exit $rc, want $want"; echo "$err"; fail=1; fi
  if [ -n "$text" ] && ! grep -qF -- "$text" <<<"$err"; then
    echo "FAIL: logrx $*: stderr lacks: $text"; echo "$err"; fail=1
  fi
}
out=$("$LOGRX" --kb kb kb check --no-rules); rc=$?
[ $rc -eq 0 ] || { echo "FAIL: shipped kb: exit $rc"; fail=1; }
grep -q '^kb ok: [0-9]* articles, [0-9]* packages' <<<"$out" || { echo "FAIL: summary: $out"; fail=1; }
d=tests/data/kb
expect 2 "$d/missing_prereq.xml:4: package 'Q299444': requires missing package 'Q246008'" --kb $d/missing_prereq.xml kb check --no-rules
expect 2 "$d/cycle.xml:7: package 'B2': supersedence cycle: A1 -> B2 -> A1" --kb $d/cycle.xml kb check --no-rules
expect 2 "$d/file_no_platform.xml:4: package 'Q1': file check 'Winlogon.exe' has no platform" --kb $d/file_no_platform.xml kb check --no-rules
expect 2 "$d/file_no_platform.xml:5: package 'Q1': file check 'Services.exe' has neither size nor version" --kb $d/file_no_platform.xml kb check --no-rules
expect 2 "$d/bad_attribute.xml:4: <file>: unknown attribute 'platfrom'" --kb $d/bad_attribute.xml kb check
expect 2 "$d/rules/refs.xml:4: rule 'points-nowhere': points to missing article 'KB999999'" --kb kb kb check --rules $d/rules
expect 2 "$d/rules/refs.xml:5: rule 'wrong-cause': article 'KB316772' has no cause 'no-such-cause'" --kb kb kb check --rules $d/rules
expect 2 "no such knowledge-base file or folder" --kb $d/absent kb check
exit $fail
