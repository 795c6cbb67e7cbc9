#!/usr/bin/env bash
# Text from rules, the KB and events is hostile (STYLE.md §7): when a diagnostic quotes it on
# stderr (or a check command lists it on stdout), no ESC, C0/C1 control or bidi override
# reaches the terminal raw; they are shown as \xNN / \u{NNNN}, and bytes that are not UTF-8
# as \xNN (report::TerminalSafe, report/escape.h, used by cli/diag_print.h). Cases: a
# broken rule and a broken KB article whose ids and text carry escapes (rules check, kb check,
# and scan loading them), and events whose bad fields are quoted in read errors.
# (output_errors.sh covers hostile file names; the printer itself: tests/cli/diag_print_test.cc.)
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
esc=$(printf '\033') c1=$(printf '\302\233') bidi=$(printf '\342\200\256') bel=$(printf '\007')
# clean WHAT FILE...: no raw ESC, BEL, C1 CSI or RLO in the files.
clean() {
  local what=$1; shift
  if grep -q -e "$esc" -e "$c1" -e "$bidi" -e "$bel" "$@"; then
    bad "$what: raw control or bidi bytes reach the terminal:"; od -c "$@" | grep -m3 -E '033|302 233|342 200 256|\\a'
  fi
}
# shown WHAT PATTERN FILE...: the escaped form is there (the text is shown, not dropped).
shown() {
  local what=$1 pat=$2; shift 2
  grep -qF -- "$pat" "$@" || { bad "$what: '$pat' not shown"; head -5 "$@"; }
}
# hostile_data FLAG DIR SHOWN CHECK...: `logrx FLAG DIR CHECK...` and a scan loading FLAG DIR
# both exit 2, show SHOWN (the escaped id) and nothing raw.
hostile_data() {
  local flag=$1 dir=$2 text=$3; shift 3
  "$LOGRX" "$flag" "$dir" "$@" >"$tmp/c.out" 2>"$tmp/c.err"; local rc=$?
  [ "$rc" = 2 ] || bad "$*: exit $rc, want 2"
  clean "$*" "$tmp/c.out" "$tmp/c.err"
  shown "$*" "$text" "$tmp/c.out" "$tmp/c.err"
  "$LOGRX" "$flag" "$dir" scan samples/fleet/CLEAN1-System.xml >"$tmp/s.out" 2>"$tmp/s.err"; rc=$?
  [ "$rc" = 2 ] || bad "scan with a broken $flag: exit $rc, want 2"
  clean "scan with a broken $flag" "$tmp/s.out" "$tmp/s.err"
  shown "scan with a broken $flag" "$text" "$tmp/s.err"
}
ns=http://schemas.microsoft.com/win/2004/08/events/event

# 1. A rule whose id carries ESC and a bidi override (so it is not a valid id) and whose
#    event id is not a number, in `rules check` and when `scan` loads it.
mkdir -p "$tmp/rules"
cat >"$tmp/rules/evil.xml" <<XML
<rules version="1">
  <rule id="ev$(printf '\033')[2Jil&#x202e;" title="T&#x9b;2J" severity="low" kb="KB316772">
    <when><provider>ClusSvc</provider><event-id>not-a-number&#x9b;31m</event-id></when>
  </rule>
</rules>
XML
hostile_data --rules "$tmp/rules" "rule 'ev\\x1b[2Jil\\u{202e}'" rules check

# 2. A KB article whose id (so not KB<number>), title and cause carry C1 and ESC controls.
mkdir -p "$tmp/kb"
cat >"$tmp/kb/evil.xml" <<XML
<kb version="1">
  <article id="KB1&#x9b;2J" title="t$(printf '\033')]0;pwned$(printf '\007')">
    <applies-to><os version="4.0" name="Windows NT"/></applies-to>
    <summary>s&#x202e;</summary>
    <cause id="c$(printf '\033')[1m"><summary>x</summary></cause>
    <related article="KB9&#x9b;99"/>
  </article>
</kb>
XML
hostile_data --kb "$tmp/kb" "article id 'KB1\\u{009b}2J'" kb check --no-rules

# 3. Events whose bad fields are quoted in the read error: a record id and an event id with a
#    C1 CSI, a level with a bidi override.
printf '%s\n' \
  "<Event xmlns=\"$ns\"><System><Provider Name=\"P\"/><EventID>1</EventID><EventRecordID>1&#x9b;2J</EventRecordID><Computer>H</Computer></System></Event>" \
  "<Event xmlns=\"$ns\"><System><Provider Name=\"P\"/><EventID>7&#x9b;31m</EventID><EventRecordID>2</EventRecordID><Computer>H</Computer></System></Event>" \
  "<Event xmlns=\"$ns\"><System><Provider Name=\"P\"/><EventID>7</EventID><Level>2&#x202e;</Level><EventRecordID>3</EventRecordID><Computer>H</Computer></System></Event>" \
  >"$tmp/evil-events.xml"
for cmd in scan dump; do
  "$LOGRX" "$cmd" "$tmp/evil-events.xml" >"$tmp/ev.out" 2>"$tmp/ev.err"; rc=$?
  [ "$rc" = 3 ] || bad "$cmd of events with hostile bad fields: exit $rc, want 3"
  clean "$cmd: read errors quoting event fields" "$tmp/ev.err"
  shown "$cmd: read error of the record id" '\u{009b}2J' "$tmp/ev.err"
done
# 4. Bytes that are not UTF-8 (a Latin-1 file name) stay visible as \xNN, not replaced by
#    U+FFFD and not raw: the rule file's name is quoted in its load error, on stdout by
#    `rules check` and on stderr by a scan that loads it.
mkdir -p "$tmp/latin1"
printf '<rules version="1"><rule id="r1"' >"$tmp/latin1/caf$(printf '\351').xml"
"$LOGRX" rules check "$tmp/latin1" >"$tmp/l.out" 2>"$tmp/l.err"; rc=$?
[ "$rc" = 2 ] || bad "rules check of a Latin-1 file name: exit $rc, want 2"
"$LOGRX" --rules "$tmp/latin1" scan samples/fleet/CLEAN1-System.xml >"$tmp/ls.out" 2>"$tmp/ls.err"
rc=$?
[ "$rc" = 2 ] || bad "scan with a Latin-1 rule file name: exit $rc, want 2"
for f in "$tmp/l.out" "$tmp/ls.err"; do
  shown "a Latin-1 file name" 'caf\xe9.xml' "$f"
  if LC_ALL=C grep -q "$(printf '\351')" "$f"; then bad "$f: the raw byte 0xE9 reached the terminal"; fi
  if grep -q "$(printf '\357\277\275')" "$f"; then bad "$f: 0xE9 became U+FFFD (want \\xe9)"; fi
done
exit $fail
