#!/usr/bin/env bash
# A cmd.exe `dir` listing of \\HOST\ADMIN$\system32 (what an NT 4.0 workstation can collect)
# is an inventory: in inventory/ or beside the logs it decides the file checks of the host its
# UNC folder names, and the "collect" step tells NT 4.0 admins to save exactly that listing.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$LOGRX_SOURCE_DIR" || exit 1
mkdir -p "$tmp/fleet/inventory"
for h in EXCLUS5 EXCLUS6; do
  sed "s/EXCLUS5/$h/g" samples/fleet/EXCLUS5-System.xml >"$tmp/fleet/$h-System.xml"
done
# EXCLUS5: the Intel fix build (NT 4.0 layout); EXCLUS6: older files (Windows 2000 layout),
# in a file whose name names no host: the UNC folder does.
printf ' Volume in drive \\\\EXCLUS5\\ADMIN$ has no label.\r\n Volume Serial Number is 1C2D-3E4F\r\n\r\n Directory of \\\\EXCLUS5\\ADMIN$\\system32\r\n\r\n04/04/00  12:46a               192,272 winlogon.exe\r\n04/04/00  12:46a               135,440 services.exe\r\n               2 File(s)        327,712 bytes\r\n' >"$tmp/fleet/inventory/EXCLUS5-files.txt"
printf ' Directory of \\\\EXCLUS6\\ADMIN$\\system32\r\n\r\n11/18/1999  07:19 PM           192,272 winlogon.exe\r\n04/29/1999  12:04 PM           135,440 services.exe\r\n' >"$tmp/fleet/inventory/listing.txt"
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/out.json" -q 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: exit $rc (want 1: EXCLUS6 needs action): $(cat "$tmp/err")"; fail=1; }
/usr/bin/python3 - "$tmp/out.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
got = {h["host"]: h["status"] for h in d["hosts"]}
want = {"EXCLUS5": "fixed", "EXCLUS6": "needs-action"}
if got != want:
    sys.exit(f"FAIL: statuses {got}, want {want}")
print("ok: dir listings decide EXCLUS5 fixed and EXCLUS6 needs action")
PY
# Without the listings EXCLUS5 is unknown, and its collect step names the dir command.
rm "$tmp/fleet/inventory/"*
"$LOGRX" scan "$tmp/fleet" -q --format json -o "$tmp/none.json"
/usr/bin/python3 - "$tmp/none.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
h = next(h for h in d["hosts"] if h["host"] == "EXCLUS5")
texts = []
def walk(x):
    if isinstance(x, str): texts.append(x)
    elif isinstance(x, dict): [walk(v) for v in x.values()]
    elif isinstance(x, list): [walk(v) for v in x]
walk(h)
want = 'dir "\\\\EXCLUS5\\ADMIN$\\system32\\winlogon.exe" > "EXCLUS5-files.txt", then --inventory "EXCLUS5-files.txt"'
if h["status"] != "unknown" or not any(want in t for t in texts):
    sys.exit(f"FAIL: EXCLUS5 {h['status']}; no collect step with {want}")
print("ok: without listings EXCLUS5 is unknown and the collect step names the dir listing")
PY
exit "${fail:-0}"
