#!/usr/bin/env bash
# merge: parts must be the shards 1..N of one run (same N, inputs, rules, KB);
# a missing or repeated shard, a mismatched part, a deep JSON, a bare {"schema_version":1}
# and negative counts are exit 2 with the part named; no FIFO makes it hang.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
expect() {  # expect CODE PATTERN DESCRIPTION -- command...
  local want=$1 pat=$2 what=$3; shift 4
  timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ $rc -eq "$want" ] || { bad "$what: exit $rc, want $want"; head -3 "$tmp/err"; return; }
  [ -z "$pat" ] || grep -q -- "$pat" "$tmp/err" || { bad "$what: stderr lacks '$pat'"; head -3 "$tmp/err"; }
}
/usr/bin/python3 "$LOGRX_SOURCE_DIR/scripts/fleet-gen" "$tmp/fleet" --hosts 30 >/dev/null
for k in 1 2 3; do "$LOGRX" -q scan "$tmp/fleet" --shard $k/3 --format json -o "$tmp/s$k.json"; done
"$LOGRX" -q scan "$tmp/fleet" --format json -o "$tmp/all.json"
"$LOGRX" -q scan "$tmp/fleet" --shard 1/2 --format json -o "$tmp/h1.json"

# The complete set merges to the single run's report.
"$LOGRX" -q merge "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json" --format json -o "$tmp/m.json"
cmp -s "$tmp/m.json" "$tmp/all.json" || bad "merge of 3/3 shards differs from the single run"
expect 2 "shard 3/3 is missing" "a missing shard" -- "$LOGRX" merge "$tmp/s1.json" "$tmp/s2.json"
expect 2 "s1.json" "a repeated shard" -- "$LOGRX" merge "$tmp/s1.json" "$tmp/s2.json" "$tmp/s1.json"
expect 2 "h1.json" "shards of two splits" -- "$LOGRX" merge "$tmp/s1.json" "$tmp/h1.json"
expect 2 "not a shard" "a full run beside a shard" -- "$LOGRX" merge "$tmp/all.json" "$tmp/s1.json"
# Another rule set: same shards, different provenance.
cp -r "$LOGRX_SOURCE_DIR/rules" "$tmp/rules2"
sed -i '0,/title="/s/title="/title="changed /' "$tmp/rules2/clussvc-1024.xml"
"$LOGRX" -q --rules "$tmp/rules2" scan "$tmp/fleet" --shard 2/3 --format json -o "$tmp/r2.json"
expect 2 "rules differ" "shards made with other rules" -- "$LOGRX" merge "$tmp/s1.json" "$tmp/r2.json" "$tmp/s3.json"
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
d = json.load(open(f"{t}/s2.json"))
d["run"]["inputs"] = ["elsewhere/"]
json.dump(d, open(f"{t}/in2.json", "w"))
d = json.load(open(f"{t}/s2.json"))
d["files"][0]["events"] = -5
json.dump(d, open(f"{t}/neg.json", "w"))
open(f"{t}/deep.json", "w").write('{"schema_version":1,"run":' + "[" * 200000 + "]" * 200000 + "}")
open(f"{t}/bare.json", "w").write('{"schema_version":1}')
PY
expect 2 "inputs differ" "shards of other inputs" -- "$LOGRX" merge "$tmp/s1.json" "$tmp/in2.json" "$tmp/s3.json"
expect 2 "non-negative" "a negative count" -- "$LOGRX" merge "$tmp/neg.json"
expect 2 "nested deeper" "a 200000-deep JSON (no stack overflow)" -- "$LOGRX" merge "$tmp/deep.json"
expect 2 "not a logrx report" '{"schema_version":1} alone' -- "$LOGRX" merge "$tmp/bare.json"
mkfifo "$tmp/fifo.json"
expect 2 "FIFO" "a FIFO as a part (no hang)" -- "$LOGRX" merge "$tmp/fifo.json"
"$LOGRX" merge --help | grep -q "exactly once" || bad "merge --help does not state the shard rule"
exit $fail
