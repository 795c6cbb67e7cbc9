#!/usr/bin/env bash
# A rule suppresses another only on hosts where its article may apply. ClusSvc
# 1024 for the MSExchangeIMC key matches clussvc-1024-exchange-imc (KB316772, Windows NT
# 4.0 only), which suppresses clussvc-1024-generic (KB174070, NT 4.0 and Windows 2000) for
# that record. On a Windows 2000 SP2 host (6009: 5.0) KB316772 does not apply, so the
# generic advice must still be given: KB174070 applies, exit 1 (it used to be suppressed,
# leaving only an informational KB316772, exit 0). On Windows Server 2003 (5.2) neither
# applies: both are reported as does-not-apply, exit 0. On NT 4.0 SP6, and on a host whose
# OS is unknown (no 6009), the suppression stands: KB316772 only, exit 1.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
/usr/bin/python3 - "$tmp" <<'PY' || exit 1
import sys
tmp = sys.argv[1]
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
def ev(host, rec, prov, eid, qual, level, msg, data=()):
    d = "".join(f"<Data>{x}</Data>" for x in data)
    return (f"<Event xmlns='{NS}'><System><Provider Name='{prov}'/><EventID Qualifiers='{qual}'>{eid}</EventID>"
            f"<Level>{level}</Level><Task>0</Task><TimeCreated SystemTime='2003-02-11T08:1{rec}:00.000Z'/>"
            f"<EventRecordID>{rec}</EventRecordID><Channel>System</Channel><Computer>{host}</Computer></System>"
            f"<EventData>{d}</EventData>"
            f"<RenderingInfo Culture='en-US'><Message>{msg}</Message></RenderingInfo></Event>\n")
key = "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC\\Parameters"
res = "Exchange Internet Mail Connector"
msg1024 = (f"The registry checkpoint for cluster resource {res} could not be restored to registry key "
           f"HKEY_LOCAL_MACHINE\\{key}. The resource may not function correctly. Make sure that no other "
           "processes have open handles to registry keys in this registry subtree.")
boots = {
    "W2K": "Microsoft (R) Windows 2000 (R) 5.0 2195 Service Pack 2 Uniprocessor Free.",
    "W2K3": "Microsoft (R) Windows (R) 5.2 3790 Service Pack 1 Multiprocessor Free.",
    "NT4": "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Multiprocessor Free.",
    "NOOS": None,
}
for host, boot in boots.items():
    s = ev(host, 1, "EventLog", 6009, 32768, 4, boot) if boot else ""
    s += ev(host, 2, "ClusSvc", 1024, 49152, 2, msg1024, (res, key))
    open(f"{tmp}/{host}.xml", "w").write(s)
PY
for h in W2K W2K3 NT4 NOOS; do
  "$LOGRX" -q scan "$tmp/$h.xml" --format json -o "$tmp/$h.json" 2>"$tmp/$h.err"; echo $? >"$tmp/$h.rc"
done
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
bad = False
def fail(m):
    global bad; bad = True; print("FAIL: " + m)
# host -> (exit code, {article: applies} expected exactly)
want = {
    "W2K": (1, {"KB174070": "applies", "KB316772": "does-not-apply"}),
    "W2K3": (0, {"KB174070": "does-not-apply", "KB316772": "does-not-apply"}),
    "NT4": (1, {"KB316772": "applies"}),
    "NOOS": (1, {"KB316772": "facts-missing"}),
}
for host, (rc_want, arts) in want.items():
    d = json.load(open(f"{tmp}/{host}.json"))
    rc = int(open(f"{tmp}/{host}.rc").read())
    if rc != rc_want: fail(f"{host}: exit {rc}, want {rc_want}")
    fs = [f for h in d["hosts"] for f in h["findings"]]
    got = {f["article"]: f["applies"] for f in fs}
    if got != arts: fail(f"{host}: findings {got}, want {arts}")
    for f in fs:
        if f["applies"] == "does-not-apply" and f["status"] != "informational":
            fail(f"{host}: {f['article']} does not apply but status {f['status']}")
        if f["applies"] == "applies" and f["status"] == "informational":
            fail(f"{host}: {f['article']} applies but is informational")
    if host == "W2K":
        g = [f for f in fs if f["article"] == "KB174070"]
        caps = {x["name"]: x["value"] for x in g[0]["matches"][0]["captures"]} if g else {}
        if caps.get("key") != "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC\\Parameters":
            fail(f"W2K: KB174070 captures {caps}")
        if not any(s.get("for_articles") and "KB174070" in s["for_articles"] for s in d["hosts"][0]["plan"]):
            fail(f"W2K: plan has no step for KB174070: {d['hosts'][0]['plan']}")
if not bad: print("ok: suppression by KB316772's rule counts only where KB316772 may apply")
sys.exit(1 if bad else 0)
PY
