#!/usr/bin/env bash
# Articles apply only to hosts whose OS facts fit their <applies-to>. The
# Windows 7 SP1 System log of ../shared/corpus (EventLog 6009: 6.1 build 7601, Service
# Pack 1) has a 6008 that the NT4 article KB236949 explains on SP4/SP5 only: the scan must
# say "does not apply (host is 6.1 SP1)", plan nothing and exit 0.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
log=${LOGRX_SHARED_DIR:-}/corpus/ext/pye__tests__data__system.evtx
[ -f "$log" ] || { echo "SKIPPED: $log absent"; exit 77; }
"$LOGRX" -q scan "$log" --format json -o "$tmp/w7.json"
rc=$?
/usr/bin/python3 - "$tmp/w7.json" "$rc" <<'PY'
import json, sys
doc, rc = json.load(open(sys.argv[1])), int(sys.argv[2])
bad = []
if rc != 0: bad.append(f"exit {rc}, want 0")
hosts = doc["hosts"]
if len(hosts) != 1: bad.append(f"{len(hosts)} hosts, want 1")
h = hosts[0]
os_ = h["facts"]["os"]
if (os_["version"], os_["build"], os_["sp"]) != ("6.1", "7601", 1): bad.append(f"OS facts {os_}")
if h["plan"]: bad.append(f"plan {h['plan']}")
if h["status"] != "informational": bad.append(f"status {h['status']}")
kb = [f for f in h["findings"] if f["article"] == "KB236949"]
if not kb: bad.append("no KB236949 finding")
for f in kb:
    if f["applies"] != "does-not-apply": bad.append(f"applies {f['applies']}")
    if not f["status_reason"].startswith("Does not apply (host is 6.1 SP1)"): bad.append(f["status_reason"])
if doc["summary"]["hosts_informational"] != 1 or doc["summary"]["hosts_fixed"] != 0:
    bad.append(f"summary {doc['summary']}")
for b in bad: print("FAIL: " + b)
if not bad: print("ok: Windows 7 SP1 log: KB236949 does not apply, nothing to act on, exit 0")
sys.exit(1 if bad else 0)
PY
