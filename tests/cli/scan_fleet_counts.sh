#!/usr/bin/env bash
# A generated fleet (scripts/fleet-gen: clean hosts, each 1024 cause, Autochk, damaged
# files) gives the expected counts in every format. Expected numbers come from the
# generator's manifest (what it wrote), not from logrx.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
/usr/bin/python3 "$LOGRX_SOURCE_DIR/scripts/fleet-gen" "$tmp/fleet" --hosts 24 --bad >"$tmp/expect.json"
for fmt in text json jsonl csv html; do
  "$LOGRX" scan "$tmp/fleet" --format $fmt -o "$tmp/out.$fmt" 2>/dev/null; rc=$?
  [ $rc -eq 3 ] || { echo "FAIL: $fmt: exit $rc, want 3 (damaged files)"; fail=1; }
done
/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import collections, csv, json, re, sys
tmp = sys.argv[1]
exp = json.load(open(f"{tmp}/expect.json"))
errors = []
def check(fmt, what, got, want):
    if got != want: errors.append(f"{fmt}: {what}: got {got}, want {want}")
# json
doc = json.load(open(f"{tmp}/out.json"))
check("json", "hosts", len(doc["hosts"]), exp["hosts"])
per = collections.Counter(a for h in doc["hosts"] for a in {f["article"] for f in h["findings"]})
for art, n in exp["articles"].items(): check("json", art, per[art], n)
check("json", "clean hosts", sum(1 for h in doc["hosts"] if not h["findings"]), exp["clean"])
check("json", "summary.hosts_clean", doc["summary"]["hosts_clean"], exp["clean"])
check("json", "files_skipped", doc["summary"]["files_skipped"], exp["files_skipped"])
named = {d["file"].rsplit("/", 1)[-1] for d in doc["diagnostics"] if d["severity"] == "error"}
for f in exp["error_files"]:
    if f not in named: errors.append(f"json: no error diagnostic names {f}")
fleet = {a["article"]: a for a in doc["fleet"]["articles"]}
for art, n in exp["articles"].items():
    a = fleet.get(art, {})
    check("json", f"fleet {art}", sum(a.get(k, 0) for k in ("hosts_affected", "hosts_unknown", "hosts_fixed", "hosts_informational")), n)
# jsonl
lines = [json.loads(l) for l in open(f"{tmp}/out.jsonl")]
check("jsonl", "host lines", sum(1 for l in lines if l["type"] == "host"), exp["hosts"])
per = collections.Counter(a for a in {(l["data"]["host"], l["data"]["article"]) for l in lines if l["type"] == "finding"})
per = collections.Counter(a for _, a in {(l["data"]["host"], l["data"]["article"]) for l in lines if l["type"] == "finding"})
for art, n in exp["articles"].items(): check("jsonl", art, per[art], n)
check("jsonl", "first/last", (lines[0]["type"], lines[-1]["type"]), ("begin", "end"))
# csv
rows = list(csv.DictReader(open(f"{tmp}/out.csv", newline="")))
check("csv", "hosts", len({r["host"] for r in rows}), exp["hosts"])
per = collections.Counter(a for _, a in {(r["host"], r["article"]) for r in rows if r["article"]})
for art, n in exp["articles"].items(): check("csv", art, per[art], n)
check("csv", "clean rows", sum(1 for r in rows if r["host_status"] == "clean"), exp["clean"])
# html
html = open(f"{tmp}/out.html", encoding="utf-8").read()
check("html", "n-hosts", re.search(r'id="n-hosts">(\d+)<', html).group(1), str(exp["hosts"]))
check("html", "n-clean", re.search(r'id="n-clean">(\d+)<', html).group(1), str(exp["clean"]))
check("html", "host rows", html.split('<table id="hosts"')[1].split("</tbody>")[0].count("<tr><td><a href"), exp["hosts"])
# text
text = open(f"{tmp}/out.text", encoding="utf-8").read()
m = re.search(r"Summary: (\d+) hosts?: (\d+) need action, (\d+) unknown, (\d+) fixed, (\d+) informational, (\d+) clean", text)
check("text", "summary hosts", int(m.group(1)) if m else None, exp["hosts"])
check("text", "summary clean", int(m.group(6)) if m else None, exp["clean"])
m2 = re.search(r"^clean +(\d+) hosts?: ", text, re.M)
check("text", "clean group line", int(m2.group(1)) if m2 else None, exp["clean"])
if errors:
    print("FAIL:\n  " + "\n  ".join(errors)); sys.exit(1)
PY
exit $fail
