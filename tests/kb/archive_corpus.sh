#!/usr/bin/env bash
# Precision of the imported KB archive on real logs: scanning the modern logs of
# ../shared/corpus with the whole archive loaded (the default) must give no needs-action or
# unknown finding from an imported article, the same host verdicts and exit code as
# --no-archive (a clean host may only become informational), and some possible articles at all
# (else the archive was not loaded and this test would prove nothing).
set -u
: "${LOGRX:?}" "${LOGRX_SOURCE_DIR:?}"
corpus=${LOGRX_SHARED_DIR:-$LOGRX_SOURCE_DIR/../shared}/corpus
[ -d "$corpus" ] || { echo "SKIPPED: $corpus absent"; exit 77; }
[ -d "$LOGRX_SOURCE_DIR/rules/archive" ] || { echo "SKIPPED: rules/archive not in the tree"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIPPED: /usr/bin/python3 absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inputs=()
for d in evtx evt ext python-evtx-xml evtx-damaged; do [ -d "$corpus/$d" ] && inputs+=("$corpus/$d"); done
[ ${#inputs[@]} -gt 0 ] || { echo "SKIPPED: no log folders in $corpus"; exit 77; }
"$LOGRX" -q scan "${inputs[@]}" --format json -o "$tmp/with.json" 2>"$tmp/with.err"
with_rc=$?
"$LOGRX" -q scan "${inputs[@]}" --no-archive --format json -o "$tmp/without.json" 2>"$tmp/without.err"
without_rc=$?
/usr/bin/python3 - "$tmp/with.json" "$tmp/without.json" "$with_rc" "$without_rc" <<'PY'
import json, sys
with_doc, without_doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
with_rc, without_rc = int(sys.argv[3]), int(sys.argv[4])
bad = []
if with_rc != without_rc:
    bad.append(f"exit code {with_rc} with the archive, {without_rc} without")
before = {h["host"]: h["status"] for h in without_doc["hosts"]}
possible = 0
for h in with_doc["hosts"]:
    for f in h["findings"]:
        if not f.get("imported"):
            continue
        possible += 1
        if f["status"] in ("needs-action", "unknown"):
            bad.append(f"{h['host']}: possible article {f['article']} is {f['status']}: {f['status_reason']}")
    was, now = before.get(h["host"], "clean"), h["status"]
    if now != was and not (was == "clean" and now == "informational"):
        bad.append(f"{h['host']}: {was} without the archive, {now} with it")
if possible == 0:
    bad.append("no possible article at all: was the archive loaded?")
for b in bad: print("FAIL: " + b)
if not bad:
    print(f"ok: {len(with_doc['hosts'])} hosts, {possible} possible-article findings, none needs action; exit {with_rc} either way")
sys.exit(1 if bad else 0)
PY
