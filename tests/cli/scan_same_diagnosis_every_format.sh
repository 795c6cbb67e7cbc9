#!/usr/bin/env bash
# A ClusSvc 1024 read from a binary .evtx or .evt log, an NT4 tab-separated text export or
# a 2003 CSV text export gives the same diagnosis as the same events in an XML export
# (and the .evtx path end to end). For each XML sample host that covers a
# 1024 cause, tests/support/xml_to_evtx.py and legacy_exports.py write the other forms
# (independently of logrx's readers), logrx scans them all
# with the sample inventories, and the JSON reports must agree on everything except where
# the events came from (file, offset, line, record number: text exports have none).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
src=$LOGRX_SOURCE_DIR
# host:article its 1024 must be explained by (samples/README.md):forms. Text exports are
# made only from Event Viewer XML (with RenderingInfo): their Description is the rendered
# message, which a wevtutil stream does not carry.
for spec in EXCLUS4:KB316772:evt,txt EXCLUS6:KB316772:evt,txt EXCLUS2:KB192493:evt,txt \
            EXCLUS1:KB316772:evt EXCLUS3:KB188674:evt; do
  IFS=: read -r host article forms <<<"$spec"
  xml=$src/samples/fleet/$host-System.xml
  # SysEvent.Evt: the standard name tells the reader the channel (System), as on a real server.
  args=(--evt "$tmp/$host-SysEvent.Evt"); inputs=("$xml" "$tmp/$host-SysEvent.Evt")
  if [ "$forms" = evt,txt ]; then
    args+=(--tsv "$tmp/$host-nt4.txt" --csv "$tmp/$host-2003.csv")
    inputs+=("$tmp/$host-nt4.txt" "$tmp/$host-2003.csv")
  fi
  /usr/bin/python3 "$src/tests/support/legacy_exports.py" "$xml" "${args[@]}" ||
    { echo "FAIL: $host: converter"; fail=1; continue; }
  /usr/bin/python3 "$src/tests/support/xml_to_evtx.py" "$xml" "$tmp/$host-System.evtx" ||
    { echo "FAIL: $host: xml_to_evtx"; fail=1; continue; }
  inputs+=("$tmp/$host-System.evtx")
  for f in "${inputs[@]}"; do
    "$LOGRX" -q scan "$f" --inventory "$src/samples/inventory" --format json -o "$tmp/$(basename "$f").json"
    rc=$?
    [ $rc -eq 1 ] || [ $rc -eq 0 ] || { echo "FAIL: $host: scan $(basename "$f") exit $rc"; fail=1; }
  done
  jsons=(); for f in "${inputs[@]}"; do jsons+=("$tmp/$(basename "$f").json"); done
  /usr/bin/python3 - "$host" "$article" "${jsons[@]}" <<'PY' || fail=1
import json, re, sys
host, article, ref_path, *others = sys.argv[1:]
# Where an event came from differs by format by design; everything else must not.
PLACE = {"file", "files", "offset", "line", "record_id", "channel", "inventory_sources"}
def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if k not in PLACE}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str):
        return re.sub(r" \(record \d+\)| record \d+", "", v)
    return v
def hosts(path):
    return norm(json.load(open(path))["hosts"])
ref = hosts(ref_path)
articles = [f["article"] for h in ref for f in h["findings"]]
if article not in articles:
    print(f"FAIL: {host}: the XML export is not explained by {article} (got {articles})")
    sys.exit(1)
bad = False
for path in others:
    got = hosts(path)
    if got != ref:
        bad = True
        a, b = json.dumps(ref, indent=1).splitlines(), json.dumps(got, indent=1).splitlines()
        first = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        print(f"FAIL: {host}: {path.rsplit('/', 1)[-1]} differs from the XML diagnosis at line {first + 1}:")
        print("  xml:   " + (a[first] if first < len(a) else "<end>"))
        print("  other: " + (b[first] if first < len(b) else "<end>"))
if not bad:
    forms = ", ".join(p.rsplit("/", 1)[-1][:-5] for p in others)
    print(f"ok: {host}: {forms} give the XML's diagnosis ({', '.join(sorted(set(articles)))})")
sys.exit(1 if bad else 0)
PY
done
exit $fail
