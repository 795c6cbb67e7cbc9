#!/usr/bin/env bash
# Inventory exports passed to `scan` beside the logs (a file listing CSV, a .reg export of
# the Hotfix key, a Name/Directory file listing written here) are recognised by content and
# used as inventories: the host's status changes from unknown to fixed and a note names
# each file as an inventory.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$LOGRX_SOURCE_DIR" || exit 1
status() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(h["host"]+"="+h["status"] for h in d["hosts"]))' "$1"; }
"$LOGRX" scan samples/fleet/EXCLUS1-System.xml --format json -o "$tmp/alone.json" -q
"$LOGRX" scan samples/fleet/EXCLUS1-System.xml samples/inventory/EXCLUS1_files.csv \
  samples/inventory/EXCLUS1_hotfix.reg --format json -o "$tmp/with.json" -q
[ "$(status "$tmp/alone.json")" = "EXCLUS1=unknown" ] || { echo "FAIL: alone: $(status "$tmp/alone.json")"; fail=1; }
[ "$(status "$tmp/with.json")" = "EXCLUS1=fixed" ] || { echo "FAIL: with inventories: $(status "$tmp/with.json")"; fail=1; }
n=$(grep -c "used as inventory" "$tmp/with.json")
[ "$n" -ge 2 ] || { echo "FAIL: the inventory files are not named as such ($n)"; fail=1; }
# A listing with Name and Directory (no FullName), in the host's folder beside its log.
mkdir -p "$tmp/fleet/EXCLUS1"
cp samples/fleet/EXCLUS1-System.xml "$tmp/fleet/EXCLUS1/System.xml"
printf '"Name","Directory","Length","LastWriteTime","FileVersion"\r\n"winlogon.exe","C:\\WINNT\\system32","192784","11/14/2001 12:00:00 PM","4.0.1381.7103"\r\n' >"$tmp/fleet/EXCLUS1/files.csv"
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/dir.json" -q
/usr/bin/python3 - "$tmp/dir.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
h = d["hosts"][0]
files = [f["name"] for f in h["facts"]["files"]]
if files != ["winlogon.exe"]: print(f"FAIL: file facts {files}"); sys.exit(1)
if not any(f["path"].endswith("files.csv") and f["status"] == "skipped" for f in d["files"]):
    print("FAIL: files.csv not listed as skipped for events"); sys.exit(1)
PY
exit $fail
