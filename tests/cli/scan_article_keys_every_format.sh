#!/usr/bin/env bash
# Every key KB316772 names (MSExchangeIMC, \Diagnostics, \Parameters,
# MSExchangeIS\ParametersSystem) and its siblings' keys (MSExchangeES: KB192493,
# MSExchangeDS: KB188674), under any control set, with or without HKEY_LOCAL_MACHINE\ or
# HKLM\, in any case, in rendered messages, insertion strings and the NT4 "description
# cannot be found" placeholder, give the article's diagnosis in every input form: Event
# Viewer XML, the wevtutil stream (insertion strings only), .evtx, .evt, NT4 tab-separated and 2003 CSV text exports.
# MSExchangeIS itself, whose subtree holds ParametersSystem, is KB316772 too; MSExchangeIMC\Performance,
# which holds no locked key, is not. One host per variant;
# the other forms are written by tests/support/{legacy_exports,xml_to_evtx}.py,
# independently of logrx's readers. A key the articles do not name stays generic (KB174070).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
src=$LOGRX_SOURCE_DIR
/usr/bin/python3 - "$tmp/keys.xml" <<'PY' || exit 1
import sys
from xml.sax.saxutils import escape
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
RENDER = ("The registry checkpoint for cluster resource {res} could not be restored to registry key "
          "HKEY_LOCAL_MACHINE\\{key}. The resource may not function correctly. Make sure that no other "
          "processes have open handles to registry keys in this registry subtree.")
NT4 = ("The description for Event ID ( 1024 ) in Source ( ClusSvc ) cannot be found. The local computer "
       "may not have the necessary registry information or message DLL files to display messages from a "
       "remote computer. The following information is part of the event: {res}, {key}.")
IS, IMC = "Microsoft Exchange Information Store", "Microsoft Exchange Internet Mail Service"
# host, resource, key, message shape
variants = [
    ("KIMC", IMC, r"SYSTEM\CurrentControlSet\Services\MSExchangeIMC", RENDER),
    ("KDIAG", IMC, r"System\ControlSet001\Services\MSExchangeIMC\Diagnostics", RENDER),
    ("KPARAM", IMC, r"System\ControlSet001\Services\MSExchangeIMC\Parameters", RENDER),
    ("KISPS", IS, r"System\ControlSet001\Services\MSExchangeIS\ParametersSystem", RENDER),
    ("KHKLM", IS, r"HKLM\SYSTEM\ControlSet002\Services\MSExchangeIS\ParametersSystem", RENDER),
    ("KLOWER", IMC, r"system\controlset003\services\msexchangeimc\diagnostics", RENDER),
    ("KPLACE", IS, r"HKEY_LOCAL_MACHINE\System\ControlSet001\Services\MSExchangeIS\ParametersSystem", NT4),
    ("KPLIMC", IMC, r"SYSTEM\ControlSet001\Services\MSExchangeIMC\Parameters", NT4),
    ("KES", "Microsoft Exchange Event Service", r"HKLM\SYSTEM\ControlSet001\Services\MSExchangeES", RENDER),
    ("KDS", "Microsoft Exchange Directory", r"SYSTEM\ControlSet002\Services\MSExchangeDS", NT4),
    ("KGEN", IS, r"SYSTEM\ControlSet001\Services\MSExchangeIS\Parameters", RENDER),
    # The Information Store's checkpoint root holds ParametersSystem (as MSExchangeIMC holds
    # Diagnostics and Parameters); an IMC subkey outside the locked ones holds none.
    ("KISROOT", IS, r"SYSTEM\CurrentControlSet\Services\MSExchangeIS", RENDER),
    ("KISPL", IS, r"HKLM\SYSTEM\ControlSet001\Services\MSExchangeIS", NT4),
    ("KIMCPERF", IMC, r"SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Performance", RENDER),
]
evs, rec = [], 100
for host, res, key, shape in variants:
    rec += 1
    msg = shape.format(res=res, key=key)
    evs.append(f'<Event xmlns="{NS}"><System><Provider Name="ClusSvc"/><EventID Qualifiers="49152">1024</EventID>'
               f'<Level>2</Level><Task>64</Task><TimeCreated SystemTime="2002-03-14T10:{rec % 60:02d}:00.000Z"/>'
               f'<EventRecordID>{rec}</EventRecordID><Channel>System</Channel><Computer>{host}</Computer></System>'
               f'<EventData><Data>{escape(res)}</Data><Data>{escape(key)}</Data></EventData>'
               f'<RenderingInfo Culture="en-US"><Message>{escape(msg)}</Message></RenderingInfo></Event>')
open(sys.argv[1], "w", encoding="utf-8").write('<?xml version="1.0" encoding="utf-8"?>\n<Events>' + "".join(evs) + "</Events>\n")
# The wevtutil qe /f:xml stream: no root, no RenderingInfo (insertion strings only).
import re
stream = "".join(re.sub(r"<RenderingInfo.*?</RenderingInfo>", "", e) for e in evs)
open(sys.argv[1].replace(".xml", "-stream.xml"), "w", encoding="utf-8").write(stream + "\n")
PY
/usr/bin/python3 "$src/tests/support/legacy_exports.py" "$tmp/keys.xml" --evt "$tmp/SysEvent.Evt" \
  --tsv "$tmp/keys-nt4.txt" --csv "$tmp/keys-2003.csv" || { echo "FAIL: legacy_exports"; exit 1; }
/usr/bin/python3 "$src/tests/support/xml_to_evtx.py" "$tmp/keys.xml" "$tmp/keys.evtx" ||
  { echo "FAIL: xml_to_evtx"; exit 1; }
for f in keys.xml keys-stream.xml SysEvent.Evt keys-nt4.txt keys-2003.csv keys.evtx; do
  "$LOGRX" -q scan "$tmp/$f" --format json -o "$tmp/$f.json"
  rc=$?; [ $rc -le 1 ] || { echo "FAIL: scan $f exit $rc"; exit 1; }
done
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
want = {"KIMC": "KB316772", "KDIAG": "KB316772", "KPARAM": "KB316772", "KISPS": "KB316772",
        "KHKLM": "KB316772", "KLOWER": "KB316772", "KPLACE": "KB316772", "KPLIMC": "KB316772",
        "KES": "KB192493", "KDS": "KB188674", "KGEN": "KB174070", "KISROOT": "KB316772",
        "KISPL": "KB316772", "KIMCPERF": "KB174070"}
bad = False
for f in ["keys.xml", "keys-stream.xml", "SysEvent.Evt", "keys-nt4.txt", "keys-2003.csv", "keys.evtx"]:
    doc = json.load(open(f"{tmp}/{f}.json"))
    got = {h["host"]: sorted(x["article"] for x in h["findings"]) for h in doc["hosts"]}
    for host, article in want.items():
        if got.get(host) != [article]:
            bad = True
            print(f"FAIL: {f}: {host}: {got.get(host)}, want [{article}]")
if not bad:
    print(f"ok: {len(want)} key variants give their article in Event Viewer xml, wevtutil stream, "
          "evt, nt4 text, 2003 csv and evtx")
sys.exit(1 if bad else 0)
PY
