#!/usr/bin/env bash
# The text report puts the fleet summary first: every host that needs action or cannot be
# proven fixed is named in the first 25 lines (hosts taken from the JSON report, not from
# the text), no line is wider than 100 columns when stdout is not a terminal (or --width),
# -q prints only the summary (<= 25 lines for samples/), --details prints every host, and
# each article's cause is printed once. Goldens: the first screen of samples/ and of a
# generated 1,000-host fleet.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$LOGRX_SOURCE_DIR" || exit 1
"$LOGRX" scan samples/ --jobs 2 >"$tmp/text" 2>/dev/null
"$LOGRX" scan samples/ --jobs 2 --format json >"$tmp/json" 2>/dev/null
"$LOGRX" scan samples/ --jobs 2 -q >"$tmp/quiet" 2>/dev/null
"$LOGRX" -q scan samples/ --jobs 2 >"$tmp/quiet2" 2>/dev/null
"$LOGRX" scan samples/ --jobs 2 --details >"$tmp/details" 2>/dev/null
"$LOGRX" scan samples/ --jobs 2 --width 60 >"$tmp/narrow" 2>/dev/null
head -25 "$tmp/text" >"$tmp/first"
golden scan/samples.first-screen "$tmp/first" || fail=1
/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import json, sys
tmp = sys.argv[1]
doc = json.load(open(f"{tmp}/json"))
text = open(f"{tmp}/text", encoding="utf-8").read().split("\n")
first = "\n".join(text[:25])
errors = []
attention = [h["host"] for h in doc["hosts"] if h["status"] in ("needs-action", "unknown")]
if not attention: errors.append("samples/ should have hosts needing attention")
for h in attention:
    if h not in first: errors.append(f"{h} ({'needs action'}) not named in the first 25 lines")
# Needs-action hosts come before unknown ones.
na = [h["host"] for h in doc["hosts"] if h["status"] == "needs-action"]
un = [h["host"] for h in doc["hosts"] if h["status"] == "unknown"]
pos = lambda h: next(i for i, l in enumerate(text) if l.startswith(h + " "))
if na and un and max(map(pos, na)) > min(map(pos, un)): errors.append("a needs-action host after an unknown one")
for name, limit in (("text", 100), ("details", 100), ("narrow", 60)):
    for i, l in enumerate(open(f"{tmp}/{name}", encoding="utf-8").read().split("\n")):
        if len(l) > limit: errors.append(f"{name}:{i+1}: {len(l)} columns > {limit}")
quiet = open(f"{tmp}/quiet", encoding="utf-8").read().split("\n")
if len(quiet) - 1 > 25: errors.append(f"-q printed {len(quiet)-1} lines, want <= 25")
if open(f"{tmp}/quiet2").read() != open(f"{tmp}/quiet").read(): errors.append("-q before the subcommand differs")
if "\n".join(quiet[2:20]) != "\n".join(text[2:20]): errors.append("-q does not start like the full report")
if any(l.startswith("Details") for l in quiet): errors.append("-q printed details")
# Details: attention hosts only by default; every host with --details.
full = open(f"{tmp}/details", encoding="utf-8").read()
for h in doc["hosts"]:
    st = h["status"]
    in_default = any(l.startswith(h["host"] + "  ") for l in text[25:])
    in_details = any(l.startswith(h["host"] + "  ") for l in full.split("\n")[25:])
    if st in ("needs-action", "unknown") and not in_default: errors.append(f"{h['host']}: no details by default")
    if st not in ("needs-action", "unknown") and in_default: errors.append(f"{h['host']}: details by default though {st}")
    if not in_details: errors.append(f"{h['host']}: no details with --details")
# Each article's cause once (KB316772's cause is on 6 hosts).
cause = "winlogon-holds-keys: After the Exchange Administrator"
n = "\n".join(text).count(cause)
if n != 1: errors.append(f"KB316772 cause printed {n} times, want 1")
if errors:
    print("FAIL:\n  " + "\n  ".join(errors)); sys.exit(1)
PY
# A generated 1,000-host fleet: its first screen is pinned.
/usr/bin/python3 scripts/fleet-gen "$tmp/fleet" --hosts 1000 >/dev/null
"$LOGRX" scan "$tmp/fleet" --jobs 2 2>/dev/null | head -25 | sed "s#$tmp/##g" >"$tmp/fleet.first"
golden scan/fleet1000.first-screen "$tmp/fleet.first" || fail=1
exit $fail
