#!/usr/bin/env bash
# Event Viewer (Vista and later) "Save All Events As" exports: CSV (UTF-8 with BOM) and
# text (tab-separated, UTF-16LE with BOM) with five named columns (Level, Date and Time,
# Source, Event ID, Task Category) and the description as an unnamed sixth. No Computer
# column: the host comes from the path (a note says so; "WEB-NODE2-System.txt" is host
# WEB-NODE2: the name up to the log word, "-" included). Inputs are written here.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
/usr/bin/python3 - "$tmp" <<'PY'
import os, sys
tmp = sys.argv[1]
rows = [
 ("Information", "6/7/2023 1:05:40 PM", "Service Control Manager", "7036", "None",
  "The Cluster Service service entered the running state."),
 ("Error", "6/7/2023 1:05:44 PM", "Microsoft-Windows-FailoverClustering", "1024", "Checkpoint Manager",
  "The registry checkpoint for cluster resource 'Web, \"A\"' could not be restored to registry key "
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\W3SVC\\Parameters. The resource may not "
  "function correctly. Make sure that no other processes have open handles to registry keys in this "
  "registry subtree."),
 ("Critical", "6/7/2023 1:05:45 PM", "Microsoft-Windows-FailoverClustering", "1069", "Resource Control Manager",
  "Cluster resource 'Web' in clustered role 'WebRole' failed."),
]
def q(x): return '"' + x.replace('"', '""') + '"' if any(c in x for c in ',"\n') else x
csv = "Level,Date and Time,Source,Event ID,Task Category\r\n" + "".join(",".join(q(c) for c in r) + "\r\n" for r in rows)
txt = "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n" + "".join("\t".join(r) + "\r\n" for r in rows)
os.makedirs(f"{tmp}/fleet/WEBNODE1")
open(f"{tmp}/fleet/WEBNODE1/System.csv", "wb").write(b"\xef\xbb\xbf" + csv.encode("utf-8"))
open(f"{tmp}/fleet/WEB-NODE2-System.txt", "wb").write(b"\xff\xfe" + txt.encode("utf-16-le"))
PY
fail=0
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/r.json" -q; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, want 1 (hosts need action)"; fail=1; }
/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import json, sys
tmp = sys.argv[1]
d = json.load(open(f"{tmp}/r.json"))
errors = []
files = {f["path"].rsplit("/", 1)[-1]: f for f in d["files"]}
for name in ("System.csv", "WEB-NODE2-System.txt"):
    f = files.get(name)
    if not f: errors.append(f"{name} not listed"); continue
    if f["status"] != "read" or f["format"] != "text" or f["events"] != 3:
        errors.append(f"{name}: {f['status']} {f['format']} {f['events']} events, want read text 3")
hosts = {h["host"]: h for h in d["hosts"]}
if sorted(hosts) != ["WEB-NODE2", "WEBNODE1"]: errors.append(f"hosts {sorted(hosts)}")
for name, h in hosts.items():
    arts = sorted(f["article"] for f in h["findings"])
    if arts != ["FC-CP_REG_CKPT_RESTORE_FAILED", "FC-RCM_RESOURCE_FAILURE"]: errors.append(f"{name}: {arts}")
    ev = [e for f in h["findings"] for m in f["matches"] for e in m["evidence"]]
    times = sorted(e["time"] for e in ev)
    if times and times[0] != "2023-06-07T13:05:44.0000000Z": errors.append(f"{name}: first time {times[0]}")
    msgs = " ".join(e["message"] for e in ev)
    if "'Web, \"A\"'" not in msgs and name == "WEBNODE1": errors.append("quoted CSV description lost")
bad = [x["text"] for x in d["diagnostics"] if x["severity"] != "note"]
if bad: errors.append(f"diagnostics: {bad}")
notes = [x["text"] for x in d["diagnostics"] if "taken from the path" in x["text"]]
if len(notes) != 2: errors.append(f"want 2 host-from-path notes, got {notes}")
if errors:
    print("FAIL:\n  " + "\n  ".join(errors)); sys.exit(1)
PY
exit $fail
