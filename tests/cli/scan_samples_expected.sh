#!/usr/bin/env bash
# `logrx scan samples/` against hand-checked expectations: tests/expect/samples/<HOST>.tsv
# holds, per sample host, its status, each finding (article, cause, status, applicability),
# the plan steps in order and the exit code of a scan of that host's files alone, worked out
# from the sample inputs and the KB (each file says how). Wording is not compared (the
# per-format goldens in tests/golden/format/ pin the layout), so a reworded report does not
# touch these tables. Checked: every host of the fleet run and of each run alone, the fleet
# run's exit code (3 over 1 over 0, from the hosts' codes), its error diagnostics (file and
# line), and --jobs 1 giving the same JSON as --jobs 2.
# Table lines (tab-separated): files LOG...; host NAME STATUS EXIT;
# finding ARTICLE CAUSE STATUS APPLIES; plan KIND PACKAGE-or-ARTICLE; error FILE LINE.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$LOGRX_SOURCE_DIR" || exit 1
expect=tests/expect/samples
"$LOGRX" scan samples/ --format json --jobs 2 -o "$tmp/fleet.json" 2>"$tmp/fleet.err"
echo $? >"$tmp/fleet.rc"
"$LOGRX" scan samples/ --format json --jobs 1 -o "$tmp/one.json" 2>/dev/null
cmp -s "$tmp/one.json" "$tmp/fleet.json" || bad "--jobs 1 and --jobs 2 give different reports"
# Each host alone: the logs its table names, with the sample inventories (--inventory: the
# folder holds every host's; each file names its host).
for t in "$expect"/*.tsv; do
  host=$(basename "$t" .tsv)
  mapfile -t files < <(awk -F'\t' '$1 == "files" { for (i = 2; i <= NF; i++) print $i }' "$t")
  ((${#files[@]})) || { bad "$t: no files line"; continue; }
  "$LOGRX" scan "${files[@]}" --inventory samples/inventory --format json \
    -o "$tmp/alone-$host.json" 2>/dev/null
  echo $? >"$tmp/alone-$host.rc"
done
/usr/bin/python3 - "$expect" "$tmp" <<'PY' || fail=1
import glob, json, os, sys
expect_dir, tmp = sys.argv[1:]
failed = []

def table(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows

def host_rows(h, exit_code):
    """The table rows (except files and error) that a JSON host report gives."""
    rows = [("host", h["host"], h["status"], str(exit_code))]
    for f in h["findings"]:
        rows.append(("finding", f["article"], f["cause_id"], f["status"], f["applies"]))
    for p in sorted(h["plan"], key=lambda p: p["order"]):
        what = p["package"] or ",".join(p["for_articles"])
        rows.append(("plan", p["kind"], what))
    return rows

def compare(name, want, got):
    if want != got:
        failed.append(f"{name}:\n  want: " + "\n        ".join("\t".join(r) for r in want) +
                      "\n  got:  " + "\n        ".join("\t".join(r) for r in got))

tables = {os.path.basename(p)[:-4]: table(p) for p in sorted(glob.glob(expect_dir + "/*.tsv"))}
fleet = json.load(open(tmp + "/fleet.json"))
fleet_rc = int(open(tmp + "/fleet.rc").read())
hosts = {h["host"]: h for h in fleet["hosts"]}
if sorted(hosts) != sorted(tables):
    failed.append(f"hosts of `scan samples/`: {sorted(hosts)}; tables: {sorted(tables)}")
want_rc = {}
for name, rows in tables.items():
    want = [r for r in rows if r[0] in ("host", "finding", "plan")]
    want_rc[name] = int(want[0][3])
    if name in hosts:
        compare(f"{name} in `scan samples/`", want, host_rows(hosts[name], want_rc[name]))
    alone = json.load(open(f"{tmp}/alone-{name}.json"))
    rc = int(open(f"{tmp}/alone-{name}.rc").read())
    got = [r for h in alone["hosts"] for r in host_rows(h, rc)]
    compare(f"{name} scanned alone", want, got)
# The fleet's exit code follows from the hosts' (3 wins over 1, which wins over 0).
codes = set(want_rc.values())
expected_rc = 3 if 3 in codes else 1 if 1 in codes else 0
if fleet_rc != expected_rc:
    failed.append(f"`scan samples/` exit {fleet_rc}, want {expected_rc}")
want_errors = sorted(r[1:] for rows in tables.values() for r in rows if r[0] == "error")
got_errors = sorted((d["file"], str(d["line"])) for d in fleet["diagnostics"]
                    if d["severity"] == "error")
if want_errors != got_errors:
    failed.append(f"error diagnostics: want {want_errors}, got {got_errors}")
for f in failed:
    print("FAIL:", f)
print(f"checked {len(tables)} hosts, fleet exit {fleet_rc}")
sys.exit(1 if failed else 0)
PY
exit $fail
