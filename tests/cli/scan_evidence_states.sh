#!/usr/bin/env bash
# One NT4 SP6a host (a ClusSvc 1024 for MSExchangeIS\ParametersSystem, which
# KB316772 names) scanned with inventories in every evidence state; the verdict, plan and
# exit code of `scan --format json` follow docs/inventory.md "Evidence ladder". Expected
# values are from the facts (SRP Winlogon.exe 192,272 bytes Intel / 275,216 Alpha,
# Services.exe 135,440 / 249,104, dated 2000-04-04 "or later"; SP5 Services.exe has the
# Intel size but is dated 1999-04-29). Also: a folder conflict is not used, a hostile
# Computer name never reaches a command.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
/usr/bin/python3 - "$tmp" <<'PY' || exit 1
import os, sys
tmp = sys.argv[1]
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
def event(host, rec, eid, qual, provider, data, msg):
    d = "".join(f"<Data>{x}</Data>" for x in data)
    return (f'<Event xmlns="{NS}"><System><Provider Name="{provider}"/>'
            f'<EventID Qualifiers="{qual}">{eid}</EventID><Level>{2 if eid == 1024 else 4}</Level><Task>0</Task>'
            f'<TimeCreated SystemTime="2002-05-02T08:0{rec % 10}:00.000Z"/><EventRecordID>{rec}</EventRecordID>'
            f'<Channel>System</Channel><Computer>{host}</Computer></System><EventData>{d}</EventData>'
            f'<RenderingInfo Culture="en-US"><Message>{msg}</Message></RenderingInfo></Event>')
def log(host, path):
    key = r"System\ControlSet001\Services\MSExchangeIS\ParametersSystem"
    evs = [event(host, 1, 6009, 32768, "EventLog", ["4.0", "1381", "Service Pack 6", "Multiprocessor Free"],
                 "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Multiprocessor Free."),
           event(host, 2, 1024, 49152, "ClusSvc", ["Microsoft Exchange Information Store", key],
                 "The registry checkpoint for cluster resource Microsoft Exchange Information Store could "
                 f"not be restored to registry key HKEY_LOCAL_MACHINE\\{key}. The resource may not function "
                 "correctly. Make sure that no other processes have open handles to registry keys in this "
                 "registry subtree.")]
    open(path, "w", encoding="utf-8").write("<Events>" + "".join(evs) + "</Events>\n")
def reg(path, ids):
    lines = ["REGEDIT4", "", r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix]", ""]
    for q in ids:
        lines += [rf"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\{q}]",
                  '"Installed"=dword:00000001', ""]
    open(path, "w", newline="\r\n").write("\n".join(lines) + "\n")
def files(path, host, rows):
    out = ['#TYPE Selected.System.IO.FileInfo', '"FullName","Length","LastWriteTime"']
    for name, size, date in rows:
        out.append(f'"\\\\{host}\\ADMIN$\\system32\\{name}","{size}","{date}"')
    open(path, "w", newline="\r\n").write("\n".join(out) + "\n")
FIX_I = [("winlogon.exe", 192272, "4/4/2000 12:46:00 AM"), ("services.exe", 135440, "4/4/2000 12:46:00 AM")]
FIX_A = [("winlogon.exe", 275216, "4/4/2000 12:45:00 AM"), ("services.exe", 249104, "4/4/2000 12:45:00 AM")]
OLD_I = [("winlogon.exe", 192272, "11/18/1999 7:19:00 PM"), ("services.exe", 135440, "4/29/1999 12:04:00 PM")]
SIZE_I = [("winlogon.exe", 192272, ""), ("services.exe", 135440, "")]
cases = {  # name: (hotfix ids or None, file rows or None)
    "files_only": (None, FIX_I),
    "files_list_lacks": (["Q246009"], FIX_I),
    "list_only": (["Q246009", "Q299444"], None),
    "both": (["Q246009", "Q299444"], FIX_I),
    "list_older": (["Q246009", "Q299444"], OLD_I),
    "size_only": (["Q246009"], SIZE_I),
    "size_only_nolist": (None, SIZE_I),
    "alpha": (["Q246009"], FIX_A),
}
for name, (ids, rows) in cases.items():
    inv = os.path.join(tmp, name, "inv"); os.makedirs(inv)
    log("EVID1", os.path.join(tmp, name, "EVID1-System.xml"))
    if ids is not None: reg(os.path.join(inv, "EVID1-hotfix.reg"), ids)
    if rows is not None: files(os.path.join(inv, "EVID1-files.csv"), "EVID1", rows)
# Conflict: EVID1's fix-build files and list inside host OTHER's folder.
inv = os.path.join(tmp, "conflict", "inv", "OTHER"); os.makedirs(inv)
log("EVID1", os.path.join(tmp, "conflict", "EVID1-System.xml"))
files(os.path.join(inv, "files.csv"), "EVID1", FIX_I)
# Hostile Computer name.
os.makedirs(os.path.join(tmp, "hostile", "inv"))
log("x.csv; Start-Process calc.exe; #", os.path.join(tmp, "hostile", "EVID1-System.xml"))
PY
fail=0
for c in files_only files_list_lacks list_only both list_older size_only size_only_nolist alpha conflict hostile; do
  "$LOGRX" -q scan "$tmp/$c/EVID1-System.xml" --inventory "$tmp/$c/inv" --format json -o "$tmp/$c.json" 2>"$tmp/$c.err"
  echo $? >"$tmp/$c.rc"
done
/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import json, sys
tmp = sys.argv[1]
# case: (host status, exit code, plan kinds, platform, reason must contain, file rows "name/platform/verdict")
want = {
    "files_only": ("fixed", 0, [], "Intel", "Every file check passed",
                   ["Winlogon.exe/Intel/fixed", "Services.exe/Intel/fixed"]),
    "files_list_lacks": ("fixed", 0, [], "Intel", "installed by a later package or by hand?", None),
    "list_only": ("unknown", 1, ["collect"], "", "Listed, not verified",
                  ["Winlogon.exe/Intel or Alpha/unknown", "Services.exe/Intel or Alpha/unknown"]),
    "both": ("fixed", 0, [], "Intel", "Every file check passed", None),
    "list_older": ("needs-action", 1, ["install"], "Intel", "service pack is re-applied",
                   ["Winlogon.exe/Intel/not-fixed", "Services.exe/Intel/not-fixed"]),
    "size_only": ("needs-action", 1, ["install"], "Intel", "size alone does not prove",
                  ["Winlogon.exe/Intel/weak", "Services.exe/Intel/weak"]),
    "size_only_nolist": ("unknown", 1, ["collect", "check-prerequisite", "install"], "Intel", "Only the size matches", None),
    "alpha": ("fixed", 0, [], "Alpha", "Every file check passed",
              ["Winlogon.exe/Alpha/fixed", "Services.exe/Alpha/fixed"]),
    "conflict": ("unknown", 1, None, "", "No file inventory", None),
}
bad = False
def fail(msg):
    global bad
    bad = True
    print("FAIL: " + msg)
for case, (status, rc, kinds, platform, reason, rows) in want.items():
    doc = json.load(open(f"{tmp}/{case}.json"))
    got_rc = int(open(f"{tmp}/{case}.rc").read())
    hosts = doc["hosts"]
    if len(hosts) != 1: fail(f"{case}: {len(hosts)} hosts"); continue
    h = hosts[0]
    f = h["findings"][0] if h["findings"] else {}
    if f.get("article") != "KB316772": fail(f"{case}: article {f.get('article')}")
    if h["status"] != status: fail(f"{case}: status {h['status']}, want {status}")
    if got_rc != rc: fail(f"{case}: exit {got_rc}, want {rc}")
    if kinds is not None and [s["kind"] for s in h["plan"]] != kinds:
        fail(f"{case}: plan {[s['kind'] + ':' + s['package'] for s in h['plan']]}, want {kinds}")
    if h["platform"] != platform: fail(f"{case}: platform '{h['platform']}', want '{platform}'")
    if reason not in f.get("status_reason", ""): fail(f"{case}: reason lacks '{reason}': {f.get('status_reason')}")
    got_rows = [f"{c['target']}/{c['platform']}/{c['verdict']}" for c in f.get("checks", []) if c["kind"] == "file"]
    if rows is not None and got_rows != rows: fail(f"{case}: file rows {got_rows}, want {rows}")
conflict = json.load(open(f"{tmp}/conflict.json"))
if not any("sits in the folder of host 'OTHER'" in d["what"] for d in conflict["diagnostics"]):
    fail("conflict: no warning naming the folder conflict")
hostile = json.load(open(f"{tmp}/hostile.json"))
texts = json.dumps(hostile["hosts"][0]["findings"][0]["checks"]) + json.dumps(hostile["hosts"][0]["plan"])
collect = [c["to_collect"] for c in hostile["hosts"][0]["findings"][0]["checks"] if c["to_collect"]]
if not collect or any("calc.exe" in t or "<HOST>" not in t for t in collect):
    fail(f"hostile: a command carries the Computer name: {collect}")
if not bad: print(f"ok: {len(want)} evidence states, the folder conflict and a hostile name")
sys.exit(1 if bad else 0)
PY
exit $fail
