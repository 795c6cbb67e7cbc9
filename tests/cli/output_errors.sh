#!/usr/bin/env bash
# Outputs: every command exits 2 on a write error (/dev/full, a full tmpfs, a
# file-size limit); `-o` is checked before the scan and a failed run leaves the previous
# report untouched (temporary file + rename); a FIFO as -o never hangs; each diagnostic
# is printed once on stderr, escaped (no raw ESC / C1 from file names, events or rules).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
[ -w /dev/full ] || { echo "SKIPPED: no /dev/full"; exit 77; }
trap 'umount "$tmp/small" 2>/dev/null; rm -rf "$tmp"' EXIT
gen="$LOGRX_SOURCE_DIR/scripts/fleet-gen"
/usr/bin/python3 "$gen" "$tmp/fleet" --hosts 3 >/dev/null
/usr/bin/python3 "$gen" "$tmp/damaged" --hosts 2 --bad >/dev/null
one=$(ls "$tmp"/fleet/*/* 2>/dev/null | grep -m1 -E '\.(xml|evtx)$' || find "$tmp/fleet" -type f -name '*.xml' | head -1)
[ -n "$one" ] || { echo "FAIL: fleet-gen made no XML file"; exit 1; }

# 1. /dev/full: every command, exit 2 and the reason on stderr.
full() {  # full DESCRIPTION -- command...
  local what=$1; shift 2
  timeout 60 "$@" >/dev/full 2>"$tmp/err"; local rc=$?
  [ $rc -eq 2 ] || bad "$what >/dev/full: exit $rc, want 2"
  grep -q "No space left on device" "$tmp/err" || { bad "$what >/dev/full: reason not named"; head -3 "$tmp/err"; }
}
full "scan" -- "$LOGRX" scan "$tmp/fleet"
full "scan --format json" -- "$LOGRX" scan "$tmp/fleet" --format json
full "scan -o /dev/full" -- "$LOGRX" scan "$tmp/fleet" -o /dev/full
full "dump" -- "$LOGRX" dump "$one"
full "explain" -- "$LOGRX" explain KB316772
full "rules test" -- "$LOGRX" rules test
full "rules check" -- "$LOGRX" rules check
full "kb check" -- "$LOGRX" kb check
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/p.json"
full "merge" -- "$LOGRX" merge "$tmp/p.json"

# 2. -o in a missing folder: refused before the scan (no report, exit 2, path named).
"$LOGRX" scan "$tmp/fleet" -o "$tmp/missing/r.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || bad "-o in a missing folder: exit $rc, want 2"
grep -q "missing" "$tmp/err" || bad "-o in a missing folder: path not named"
[ ! -s "$tmp/out" ] || bad "-o in a missing folder: something on stdout"
"$LOGRX" scan "$tmp/fleet" -o "$tmp" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || bad "-o naming a folder: exit $rc, want 2"

# 3. A failed write never replaces a good report, and leaves no temporary behind.
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/good.json" 2>/dev/null
cp "$tmp/good.json" "$tmp/good.copy"
size=$(stat -c %s "$tmp/good.json")
[ "$size" -gt 4096 ] || bad "report too small to test a size limit ($size bytes)"
( trap '' XFSZ; ulimit -f 2; exec "$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/good.json" ) 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || bad "ulimit -f: exit $rc, want 2"
cmp -s "$tmp/good.json" "$tmp/good.copy" || bad "ulimit -f: the previous report was replaced"
ls -a "$tmp" | grep -q "logrx-" && bad "a temporary file was left behind: $(ls -a "$tmp" | grep logrx-)"
# A too-small tmpfs, when this machine lets us mount one.
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=8k tmpfs "$tmp/small" 2>/dev/null; then
  "$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/small/r.json" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] || bad "full tmpfs: exit $rc, want 2"
  grep -q "No space left on device" "$tmp/err" || bad "full tmpfs: reason not named"
  [ -z "$(ls -A "$tmp/small")" ] || bad "full tmpfs: left $(ls -A "$tmp/small")"
  umount "$tmp/small"
else
  echo "note: cannot mount a tmpfs here; the file-size limit stands in for a full disk"
fi

# 4. A FIFO with no reader as -o: refused at once, not a hang.
mkfifo "$tmp/fifo"
timeout 20 "$LOGRX" scan "$tmp/fleet" -o "$tmp/fifo" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || bad "-o FIFO without reader: exit $rc, want 2 (124 = hung)"
grep -q "FIFO" "$tmp/err" || bad "-o FIFO: reason not named"

# 5. Each diagnostic once on stderr, with -o and with a non-text format.
for args in "-o $tmp/d.txt" "--format json" "--format csv"; do
  # shellcheck disable=SC2086
  "$LOGRX" scan "$tmp/damaged" $args >/dev/null 2>"$tmp/err"
  n=$(grep -c "no </Event> before the next <Event>" "$tmp/err")
  [ "$n" -eq 1 ] || { bad "$args: the damaged event's diagnostic is on stderr $n times, want 1"; cat "$tmp/err"; }
done

# 6. Escape sequences from a file name and an event field never reach stderr raw.
esc=$(printf '\033')
mkdir -p "$tmp/evil"
name="$tmp/evil/x$(printf '\033]0;pwned\007\033[2J')y.xml"
printf '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="ClusSvc"/><EventID>1024</EventID><EventRecordID>1&#x9b;2J</EventRecordID><Computer>H</Computer></System></Event></Events>\n' >"$name"
"$LOGRX" scan "$tmp/evil" -o "$tmp/e.txt" >/dev/null 2>"$tmp/err"
grep -q "$esc" "$tmp/err" && bad "raw ESC on stderr: $(od -c "$tmp/err" | head -3)"
grep -q "$(printf '\302\233')" "$tmp/err" && bad "raw C1 CSI on stderr"
grep -q 'x\\x1b\]0;pwned' "$tmp/err" || { bad "file name not shown escaped on stderr"; cat "$tmp/err"; }
# ... nor from rule text in explain / rules test.
mkdir -p "$tmp/rules"
cat >"$tmp/rules/r.xml" <<'XML'
<rules version="1">
  <rule id="evil" title="T&#x9b;2J&#x202e;x" severity="low" kb="KB316772">
    <description>D&#x9b;31m</description>
    <when><provider>ClusSvc</provider><event-id>1024</event-id></when>
    <examples>
      <example expect="match"><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="ClusSvc"/><EventID>1024</EventID><TimeCreated SystemTime="2002-03-14T10:05:00.000Z"/><EventRecordID>1</EventRecordID><Computer>H</Computer></System></Event></example>
      <example expect="no-match"><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="ClusSvc"/><EventID>1025</EventID><TimeCreated SystemTime="2002-03-14T10:05:00.000Z"/><EventRecordID>1</EventRecordID><Computer>H</Computer></System></Event></example>
    </examples>
  </rule>
</rules>
XML
"$LOGRX" --rules "$tmp/rules" explain evil >"$tmp/out" 2>&1
grep -q "evil" "$tmp/out" || { bad "explain of a custom rule printed nothing useful"; cat "$tmp/out"; }
grep -q "$(printf '\302\233')" "$tmp/out" && bad "explain: raw C1 CSI from a rule on stdout"
grep -q "$(printf '\342\200\256')" "$tmp/out" && bad "explain: raw bidi override from a rule on stdout"
exit $fail
