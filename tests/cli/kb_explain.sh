#!/usr/bin/env bash
# logrx explain: golden output for an article, a package and a rule; facts checked
# independently (sizes and install order from the articles); unknown ids exit 2.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
golden=tests/golden/explain
check() {  # check <case> <args...>
  local name=$1; shift
  local out
  out=$("$LOGRX" --kb kb "$@"); local rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: explain $*: exit $rc"; fail=1; return; }
  if [ "${LOGRX_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s\n' "$out" >"$golden/$name.txt"; return; fi
  if ! diff <(printf '%s\n' "$out") "$golden/$name.txt" >"$tmp/explain_diff"; then
    echo "FAIL: explain $name differs from $golden/$name.txt; first difference:"
    grep -m2 '^[<>]' "$tmp/explain_diff"; fail=1
  fi
  rm -f "$tmp/explain_diff"
}
check KB316772 explain KB316772 --rules tests/data/kb/rules
check Q299444 explain Q299444
check rule explain clussvc-1024-imc --rules tests/data/kb/rules
# Independent facts (KB 316772 / 299444 / 246009), whatever the layout.
out=$("$LOGRX" --kb kb explain Q299444)
grep -qF 'Install order: NT4-SP6 -> Q246009 -> Q299444' <<<"$out" || { echo "FAIL: install order"; fail=1; }
grep -qE 'Winlogon.exe +Intel +dated 2000-04-04 or later, 192,272 bytes' <<<"$out" || { echo "FAIL: Intel Winlogon"; fail=1; }
grep -qE 'Services.exe +Alpha +dated 2000-04-04 or later, 249,104 bytes' <<<"$out" || { echo "FAIL: Alpha Services"; fail=1; }
out=$("$LOGRX" --kb kb explain Q316772 --rules tests/data/kb/rules)
grep -qF 'rule clussvc-1024-imc -> cause winlogon-holds-keys' <<<"$out" || { echo "FAIL: Q316772 alias / rule link"; fail=1; }
"$LOGRX" --kb kb explain NO-SUCH-THING >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || { echo "FAIL: unknown id exit $rc, want 2"; fail=1; }
exit $fail
