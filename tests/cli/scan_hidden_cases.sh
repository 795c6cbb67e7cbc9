#!/usr/bin/env bash
# Inputs written the way another admin would, not in the shapes of the other tests.
# (1) ClusSvc 1024 for the keys KB316772 names, in a text export whose
# quoted Description wraps over lines and quotes the resource, and in "description cannot be
# found" placeholders whose resource name has commas: all must be KB316772 (the wrapped one
# used to match no rule at all, exit 0). (2) Evidence: only Winlogon.exe listed, dated after
# the fix (the MS00-040 build, which ships without Services.exe): not proven, exit 1, the
# plan collects Services.exe before any install (it used to be "fixed", exit 0). (3) A host
# with no evidence at all: the plan's first step is `collect`, the install is conditional.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
/usr/bin/python3 - "$tmp" <<'PY' || exit 1
import os, sys
tmp = sys.argv[1]
boot = "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Multiprocessor Free."
def tsv(path, host, desc):
    rows = [["6/3/2002", "7:00:00 AM", "EventLog", "Information", "None", "6009", "N/A", host, boot],
            ["6/3/2002", "9:41:07 AM", "ClusSvc", "Error", "(64)", "1024", "N/A", host, desc]]
    open(path, "w", newline="").write("".join("\t".join(r) + "\r\n" for r in rows))
tsv(f"{tmp}/wrap.txt", "WRAP1",
    '"The registry checkpoint for cluster resource ""Microsoft Exchange Information Store""  could not\r\n'
    'be restored to registry key HKLM\\System\\ControlSet002\\Services\\MSExchangeIS\\ParametersSystem\r\n'
    'The resource may not function correctly. Make sure that no other processes have open handles to registry keys in this registry subtree."')
tsv(f"{tmp}/comma4.txt", "COMMA4",
    '"The description for Event ID ( 1024 ) in Source ( ClusSvc ) cannot be found. The local computer may not '
    'have the necessary registry information or message DLL files to display messages from a remote computer. '
    'The following information is part of the event: IMC, Site 1, hkey_local_machine\\system\\currentcontrolset\\services\\msexchangeimc\\diagnostics."')
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
def ev(host, rec, prov, eid, qual, msg):
    return (f"<Event xmlns='{NS}'><System><Provider Name='{prov}'/><EventID Qualifiers='{qual}'>{eid}</EventID>"
            f"<Level>2</Level><Task>0</Task><TimeCreated SystemTime='2002-06-03T09:0{rec}:00.000Z'/>"
            f"<EventRecordID>{rec}</EventRecordID><Channel>System</Channel><Computer>{host}</Computer></System>"
            f"<RenderingInfo Culture='en-US'><Message>{msg}</Message></RenderingInfo></Event>\n")
def stream(path, host, msg1024):
    open(path, "w").write(ev(host, 1, "EventLog", 6009, 32768, boot) + ev(host, 2, "ClusSvc", 1024, 49152, msg1024))
stream(f"{tmp}/commav.xml", "COMMAV",
       "The description for Event ID 1024 from source ClusSvc cannot be found. Either the component that raises "
       "this event is not installed on your local computer or the installation is corrupted.\n\nThe following "
       "information was included with the event: \n\nIMC, node A\nSYSTEM\\ControlSet001\\Services\\MSExchangeIMC\\Parameters\n")
plain = ("The registry checkpoint for cluster resource Microsoft Exchange Internet Mail Service could not be restored "
         "to registry key HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC. The resource may not "
         "function correctly. Make sure that no other processes have open handles to registry keys in this registry subtree.")
stream(f"{tmp}/bare.xml", "BARE1", plain)
stream(f"{tmp}/partial.xml", "PART1", plain)
os.makedirs(f"{tmp}/inv/PART1")
open(f"{tmp}/inv/PART1/listing.csv", "w", newline="\r\n").write(
    '"FullName","Length","LastWriteTime"\n"C:\\WINNT\\system32\\winlogon.exe","192784","6/7/2000 9:20 PM"\n')
PY
for c in wrap.txt comma4.txt commav.xml bare.xml; do
  "$LOGRX" -q scan "$tmp/$c" --format json -o "$tmp/$c.json" 2>"$tmp/$c.err"; echo $? >"$tmp/$c.rc"
done
"$LOGRX" -q scan "$tmp/partial.xml" --inventory "$tmp/inv" --format json -o "$tmp/partial.xml.json" 2>"$tmp/p.err"
echo $? >"$tmp/partial.xml.rc"
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
bad = False
def fail(m):
    global bad; bad = True; print("FAIL: " + m)
def load(c):
    return json.load(open(f"{tmp}/{c}.json")), int(open(f"{tmp}/{c}.rc").read())
# (1) every variant is KB316772, with the resource and key the event names
for c, res, key in [("wrap.txt", "Microsoft Exchange Information Store", "System\\ControlSet002\\Services\\MSExchangeIS\\ParametersSystem"),
                    ("comma4.txt", "IMC, Site 1", "system\\currentcontrolset\\services\\msexchangeimc\\diagnostics"),
                    ("commav.xml", "IMC, node A", "SYSTEM\\ControlSet001\\Services\\MSExchangeIMC\\Parameters")]:
    d, rc = load(c)
    fs = [f for h in d["hosts"] for f in h["findings"]]
    if [f["article"] for f in fs] != ["KB316772"]: fail(f"{c}: articles {[f['article'] for f in fs]}, want KB316772"); continue
    caps = {x["name"]: x["value"] for x in fs[0]["matches"][0]["captures"]}
    if caps.get("resource") != res or caps.get("key") != key: fail(f"{c}: captures {caps}")
    if rc != 1: fail(f"{c}: exit {rc}, want 1")
# (2) one file proven, the other not listed: not proven, collect Services.exe first
d, rc = load("partial.xml")
h = d["hosts"][0]; f = h["findings"][0]
if rc != 1: fail(f"partial: exit {rc}, want 1")
if h["status"] != "unknown" or f["status"] != "unknown": fail(f"partial: status {h['status']}/{f['status']}, want unknown")
if "Partly verified" not in f["status_reason"]: fail(f"partial: reason {f['status_reason']}")
kinds = [s["kind"] for s in h["plan"]]
if not kinds or kinds[0] != "collect" or "services.exe" not in h["plan"][0]["why"]:
    fail(f"partial: plan {kinds}, first step must collect services.exe: {h['plan'][:1]}")
if d["summary"]["hosts_fixed"] != 0: fail("partial: counted as fixed")
# (3) no evidence at all: collect first, the install says it is conditional
d, rc = load("bare.xml")
h = d["hosts"][0]
kinds = [s["kind"] for s in h["plan"]]
if rc != 1: fail(f"bare: exit {rc}, want 1")
if not kinds or kinds[0] != "collect": fail(f"bare: plan {kinds}, want collect first")
inst = [s for s in h["plan"] if s["kind"] == "install"]
if not inst or "install only if" not in inst[0]["why"]: fail(f"bare: install step not conditional: {inst}")
if not bad: print("ok: 3 key variants, a partly verified host, a host with no evidence")
sys.exit(1 if bad else 0)
PY
