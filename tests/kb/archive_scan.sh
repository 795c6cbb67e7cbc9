#!/usr/bin/env bash
# The imported KB archive in a normal scan (docs/kb-import.md "The shipped archive"): rules/
# and kb/ are read with their archive/ subfolders, an imported match is reported as a
# "possible article" with the text its pattern matched (text, JSON, CSV, HTML), it stays
# informational on a host whose OS and products are not known, and --no-archive leaves it out.
# The event is written here: MSExchangeMTA 51 as KB152932 (imported, fixed by Q152932)
# states it, with its placeholders filled in and a sentence in front that the pattern does
# not cover.
set -u
: "${LOGRX:?}" "${LOGRX_SOURCE_DIR:?}"
cd "$LOGRX_SOURCE_DIR" || exit 1
[ -f rules/archive/q152.xml ] && [ -f kb/archive/q152.xml ] ||
  { echo "SKIPPED: rules/archive or kb/archive not in the tree"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIPPED: /usr/bin/python3 absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
matched='An unknown MTA has attempted to bind. The MTA name in bind is EXCH02. The MTA presentation address is /t:0x1A/n:0x2B, Association index: 17. [MTA XFER-IN 35 42] (14)'
cat >"$tmp/MTA1-Application.xml" <<EOF
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="MSExchangeMTA"/><EventID>51</EventID><Level>3</Level><TimeCreated SystemTime="2002-03-01T10:00:00.000Z"/><EventRecordID>41</EventRecordID><Channel>Application</Channel><Computer>MTA1</Computer></System><RenderingInfo Culture="en-US"><Message>Warning from the test. $matched</Message></RenderingInfo></Event>
EOF
fail=0
for fmt in text json csv html; do
  "$LOGRX" -q scan "$tmp/MTA1-Application.xml" --format "$fmt" --details --width 1000 -o "$tmp/out.$fmt"
  rc=$?
  [ "$rc" = 0 ] || { echo "FAIL: --format $fmt: exit $rc, want 0 (a possible article needs no action)"; fail=1; }
done
grep -q 'KB152932  informational  \[low\]  possible article: MSExchangeMTA 51, fixed by Q152932' "$tmp/out.text" ||
  { echo "FAIL: text: no 'possible article' finding line for KB152932"; fail=1; }
grep -qF "matched text: \"$matched\"" "$tmp/out.text" ||
  { echo "FAIL: text: the matched text is not quoted"; grep -n 'matched' "$tmp/out.text"; fail=1; }
grep -q 'possible article' "$tmp/out.html" || { echo "FAIL: html: no 'possible article'"; fail=1; }
grep -qF "matched text: &quot;$matched&quot;" "$tmp/out.html" || { echo "FAIL: html: no matched text"; fail=1; }
/usr/bin/python3 - "$tmp/out.json" "$tmp/out.csv" "$matched" <<'PY' || fail=1
import csv, json, sys
doc, rows, matched = json.load(open(sys.argv[1])), list(csv.DictReader(open(sys.argv[2], newline=""))), sys.argv[3]
bad = []
h = doc["hosts"][0]
f = [x for x in h["findings"] if x["article"] == "KB152932"]
if len(f) != 1: bad.append(f"{len(f)} KB152932 findings, want 1")
else:
    f = f[0]
    if f.get("imported") is not True or f.get("confidence") != "possible": bad.append("finding not marked possible")
    if f["status"] != "informational": bad.append(f"status {f['status']}, want informational (OS and products unknown)")
    m = f["matches"][0]
    if m.get("imported") is not True: bad.append("match not marked imported")
    if m.get("matched_text") != matched: bad.append(f"matched_text {m.get('matched_text')!r}")
    if m["evidence"][0].get("matched_text") != matched: bad.append("evidence matched_text")
    if "Warning from the test." not in m["evidence"][0]["message"]: bad.append("message not kept whole")
if h["plan"]: bad.append(f"plan {h['plan']}")
if h["status"] != "informational": bad.append(f"host status {h['status']}")
r = [x for x in rows if x["article"] == "KB152932"]
if len(r) != 1 or r[0]["confidence"] != "possible" or r[0]["matched_text"] != matched:
    bad.append(f"csv row {r}")
for b in bad: print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
# --no-archive: the hand-written rules and articles only; this host is then clean.
"$LOGRX" -q scan "$tmp/MTA1-Application.xml" --no-archive --format json -o "$tmp/none.json"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: --no-archive: exit $rc"; fail=1; }
/usr/bin/python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hosts"][0]; sys.exit(0 if h["status"]=="clean" and not h["findings"] else 1)' \
  "$tmp/none.json" || { echo "FAIL: --no-archive still reports a finding"; fail=1; }
# A hand-written rule's match keeps today's wording (no "possible article").
"$LOGRX" -q scan samples/ --format text --details -o "$tmp/samples.txt"
grep -q 'possible article\|matched text' "$tmp/samples.txt" &&
  { echo "FAIL: samples/ (hand-written articles only) mention a possible article"; fail=1; }
[ "$fail" = 0 ] && echo "ok: KB152932 is a possible article with its matched text; --no-archive leaves it out"
exit $fail
