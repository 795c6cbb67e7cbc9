#!/usr/bin/env bash
# `logrx dump` of a .evt log renders the messages the records lack from kb/messages and says
# so (jsonl message_origin "template"; an XML comment), and --no-messages leaves them out.
# The .evt is written from samples/fleet/EXCLUS4-System.xml by tests/support/legacy_exports.py;
# the expected 1024 text is the RenderingInfo message Windows wrote into that XML export.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
src=$LOGRX_SOURCE_DIR
/usr/bin/python3 "$src/tests/support/legacy_exports.py" "$src/samples/fleet/EXCLUS4-System.xml" \
  --evt "$tmp/SysEvent.Evt" || exit 1
"$LOGRX" --kb "$src/kb" dump --format jsonl "$tmp/SysEvent.Evt" >"$tmp/with.jsonl" || { echo "FAIL: dump exit $?"; exit 1; }
"$LOGRX" --kb "$src/kb" dump --format xml "$tmp/SysEvent.Evt" >"$tmp/with.xml" || { echo "FAIL: dump xml exit $?"; exit 1; }
"$LOGRX" --kb "$src/kb" dump --no-messages --format jsonl "$tmp/SysEvent.Evt" >"$tmp/without.jsonl" || exit 1
/usr/bin/python3 - "$src/samples/fleet/EXCLUS4-System.xml" "$tmp" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
xml_path, tmp = sys.argv[1:]
ns = "{http://schemas.microsoft.com/win/2004/08/events/event}"
want = {}
for ev in ET.parse(xml_path).getroot().iter(ns + "Event"):
    rid = int(ev.find(f"{ns}System/{ns}EventRecordID").text)
    want[rid] = ev.findtext(f"{ns}RenderingInfo/{ns}Message")
fail = False
def check(cond, what):
    global fail
    if not cond:
        print("FAIL:", what); fail = True
with_ = [json.loads(l) for l in open(f"{tmp}/with.jsonl")]
without = [json.loads(l) for l in open(f"{tmp}/without.jsonl")]
check(len(with_) == len(want) == len(without), f"record counts {len(with_)}/{len(without)}, want {len(want)}")
for r in with_:
    w = want.get(r["record_id"])
    # kb/messages covers EventLog and ClusSvc (not ClusDisk): those must be rendered, and
    # whatever is rendered must be the text Windows wrote.
    if r["provider"] in ("EventLog", "ClusSvc") or "message" in r:
        check(r.get("message") == w, f"record {r['record_id']}: message {r.get('message')!r}, want {w!r}")
        check(r.get("message_origin") == "template", f"record {r['record_id']}: origin {r.get('message_origin')}")
one024 = [r for r in with_ if r["event_id"] == 1024]
check(len(one024) == 1 and "message" in one024[0], "the ClusSvc 1024 has no rendered message")
check(all("message" not in r for r in without), "--no-messages still rendered a message")
xml = open(f"{tmp}/with.xml").read()
check(xml.count("<!-- Message rendered by logrx from kb/messages -->") ==
      sum(1 for r in with_ if r.get("message_origin") == "template"), "XML does not mark rendered messages")
ET.fromstring(xml)  # still well-formed
print("ok" if not fail else "")
sys.exit(1 if fail else 0)
PY
