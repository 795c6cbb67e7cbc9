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
  samples/inventory/EXCLUS1_hotfix.reg --format json -o "$tmp/with.json" -q 2>"$tmp/with.err"
rc=$?
# An inventory named beside a log is not an input that "gave no events": EXCLUS1 is fixed, so 0.
[ "$rc" = 0 ] || { echo "FAIL: log + inventories exit $rc (want 0): $(cat "$tmp/with.err")"; fail=1; }
# Inventories alone read no event at all: that is still an error (exit 3).
"$LOGRX" scan samples/inventory/EXCLUS1_files.csv -q >/dev/null 2>&1
rc=$?
[ "$rc" = 3 ] || { echo "FAIL: an inventory alone exits $rc (want 3: no events read)"; fail=1; }
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
# Host names with '-': the .reg export (no host column) of FC-NODE1 belongs to FC-NODE1 (the
# file name up to its kind word "hotfix"), not to a host "FC" that would also swallow
# FC-NODE2's; FC-NODE2 gets nothing from it.
mkdir -p "$tmp/dash"
sed 's/EXCLUS1/FC-NODE1/g' samples/fleet/EXCLUS1-System.xml >"$tmp/dash/FC-NODE1-System.xml"
sed 's/EXCLUS1/FC-NODE2/g' samples/fleet/EXCLUS1-System.xml >"$tmp/dash/FC-NODE2-System.xml"
cp samples/inventory/EXCLUS1_hotfix.reg "$tmp/dash/FC-NODE1_hotfix.reg"
"$LOGRX" scan "$tmp/dash" --format json -o "$tmp/dash.json" -q
/usr/bin/python3 - "$tmp/dash.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
hot = {h["host"]: sorted(x["id"] for x in h["facts"]["hotfixes"]) for h in d["hosts"]}
if hot != {"FC-NODE1": ["Q246009", "Q299444"], "FC-NODE2": []}:
    print(f"FAIL: hotfixes per host {hot}"); sys.exit(1)
plan = {h["host"]: [s.get("package", "") for s in h["plan"]] for h in d["hosts"]}
if any("Q246009" in p for p in plan["FC-NODE1"]):
    print(f"FAIL: FC-NODE1 is told to install Q246009, which its hotfix list has: {plan}"); sys.exit(1)
PY
exit $fail
