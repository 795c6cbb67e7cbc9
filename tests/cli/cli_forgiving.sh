#!/usr/bin/env bash
# The command line forgives: global options before or after the subcommand, "did you mean"
# for a mistyped subcommand or option, the three spellings of an article number, kb/rules
# list, per-subcommand --help with its options and exit codes, "logrx" in the usage line,
# -q silencing PASS lines, and the one line -o prints on stderr.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
ok() { echo "ok: $1"; }
expect() {  # expect NAME WANT_RC PATTERN (grep -E on stdout+stderr) -- command...
  local name=$1 want=$2 pat=$3; shift 3
  "$@" >"$tmp/out" 2>&1; local rc=$?
  if [ "$rc" != "$want" ]; then bad "$name: exit $rc, want $want"; head -3 "$tmp/out"; return; fi
  if [ -n "$pat" ] && ! grep -Eq -- "$pat" "$tmp/out"; then bad "$name: no /$pat/"; head -3 "$tmp/out"; return; fi
  ok "$name"
}
# Global options before or after the subcommand, on every subcommand.
expect "--kb after explain" 0 "^Article KB316772" "$LOGRX" explain KB316772 --kb kb
expect "--kb before explain" 0 "^Article KB316772" "$LOGRX" --kb kb explain KB316772
expect "--kb after kb check" 0 "^kb ok" "$LOGRX" kb check --kb kb --rules rules
expect "--rules after rules test" 0 "passed, 0 failed" "$LOGRX" rules test --rules rules -q
expect "--color after scan" 1 "" "$LOGRX" scan samples/fleet/EXCLUS4-System.xml --color never --kb kb --rules rules
expect "bad --kb after explain is used" 2 "" "$LOGRX" explain KB316772 --kb "$tmp/nokb"
# Did you mean.
expect "mistyped subcommand" 2 "unknown command 'scna'; did you mean 'scan'\?" "$LOGRX" scna samples/
expect "mistyped option" 2 "unknown option '--formt' .*did you mean '--format'\?" "$LOGRX" scan --formt json samples/
expect "mistyped nested subcommand" 2 "did you mean 'list'\?" "$LOGRX" kb lsit
expect "mistyped global option" 2 "did you mean '--color'\?" "$LOGRX" explain KB316772 --colour never
# Article number spellings.
"$LOGRX" explain KB316772 >"$tmp/want" 2>&1
for id in 316772 Q316772 q316772 kb316772; do
  "$LOGRX" explain "$id" >"$tmp/got" 2>&1 && cmp -s "$tmp/want" "$tmp/got" && ok "explain $id" || bad "explain $id differs from KB316772"
done
expect "explain unknown id" 2 "no article, package or rule named '999999999'" "$LOGRX" explain 999999999
# Lists.
expect "kb list" 0 "^article  KB316772  .*\[events: ClusSvc 1024; causes: winlogon-holds-keys; fix: .*Q299444" "$LOGRX" kb list
expect "kb list packages" 0 "^package  Q299444  " "$LOGRX" kb list
expect "rules list" 0 "^clussvc-1024-exchange-imc  .*\[KB316772 cause winlogon-holds-keys; severity high" "$LOGRX" rules list
n_rules=$("$LOGRX" rules list | head -1 | cut -d' ' -f1)
n_lines=$("$LOGRX" rules list | tail -n +2 | wc -l)
[ "$n_rules" = "$n_lines" ] && ok "rules list: one line per rule" || bad "rules list: header says $n_rules, $n_lines lines"
# The lists load through the same loader as scan and check: a load warning reaches stderr
# (stdout keeps the list), and -q hides it.
mkdir -p "$tmp/ekb" "$tmp/erules"
echo '<kb></kb>' >"$tmp/ekb/a.xml"
echo '<rules></rules>' >"$tmp/erules/empty.xml"
"$LOGRX" --kb "$tmp/ekb" kb list >"$tmp/out" 2>"$tmp/err"
grep -qx "0 articles, 0 packages" "$tmp/out" && grep -qx "logrx kb list: warning: $tmp/ekb/a.xml: knowledge base holds no articles or packages" "$tmp/err" \
  && ok "kb list: load warning on stderr" || { bad "kb list: load warning"; cat "$tmp/out" "$tmp/err"; }
"$LOGRX" rules list "$tmp/erules" >"$tmp/out" 2>"$tmp/err"
grep -qx "0 rules" "$tmp/out" && grep -q "^logrx rules list: warning: $tmp/erules/empty.xml.*file holds no <rule>" "$tmp/err" \
  && ok "rules list: load warning on stderr" || { bad "rules list: load warning"; cat "$tmp/out" "$tmp/err"; }
"$LOGRX" -q --kb "$tmp/ekb" kb list 2>"$tmp/err" >/dev/null
"$LOGRX" -q rules list "$tmp/erules" 2>>"$tmp/err" >/dev/null
[ -s "$tmp/err" ] && { bad "-q: list warnings still printed"; cat "$tmp/err"; } || ok "-q hides list warnings"
# Help: usage says logrx; each subcommand lists the options it honours and its exit codes.
for sub in "scan" "explain" "kb check" "kb list" "rules check" "rules test" "rules list" "merge" "dump"; do
  # shellcheck disable=SC2086
  "$LOGRX" $sub --help >"$tmp/help" 2>&1
  grep -q "^Usage: logrx $sub" "$tmp/help" || bad "$sub --help: usage line is not 'logrx $sub'"
  grep -q "Exit codes" "$tmp/help" || bad "$sub --help: no exit codes"
  for opt in --color --quiet --kb --rules; do
    grep -q -- "$opt" "$tmp/help" || bad "$sub --help does not list $opt"
  done
done
grep -q -- "--details" <("$LOGRX" scan --help) || bad "scan --help does not list --details"
ok "help texts checked"
# -q silences PASS lines in rules test (but not the total).
"$LOGRX" rules test >"$tmp/loud" 2>&1
"$LOGRX" rules test -q >"$tmp/quiet" 2>&1
grep -q "^PASS " "$tmp/loud" || bad "rules test prints no PASS lines"
grep -q "^PASS " "$tmp/quiet" && bad "rules test -q prints PASS lines"
grep -q "^rules test: .* passed" "$tmp/quiet" || bad "rules test -q lost its total"
# -o: one line on stderr saying what was written where.
"$LOGRX" scan samples/ --format html -o "$tmp/r.html" 2>"$tmp/err"
grep -Eq "^logrx: wrote $tmp/r.html: 13 hosts, 4 need action, 6 to verify$" "$tmp/err" && ok "-o line" || { bad "-o line"; cat "$tmp/err"; }
"$LOGRX" scan samples/ --format html -o "$tmp/r.html" -q 2>"$tmp/err"
grep -q "wrote" "$tmp/err" && bad "-q still prints the -o line"
exit $fail
