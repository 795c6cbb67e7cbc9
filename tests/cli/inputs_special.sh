#!/usr/bin/env bash
# Inputs: '-' is standard input for scan and dump; FIFOs are refused (never a
# hang) as logs, --inventory, --rules, --kb; a command-line path with no event log (empty
# file, text that is not an export, empty folder, missing path) is exit 3 with the reason;
# symlinks leaving the tree are not followed without --follow; names that are not UTF-8
# stay distinct; Ctrl-C mid-run names the files not read and marks every format partial.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
js() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
gen="$LOGRX_SOURCE_DIR/scripts/fleet-gen"
/usr/bin/python3 "$gen" "$tmp/fleet" --hosts 3 >/dev/null
one=$(find "$tmp/fleet" -type f -name '*.xml' | sort | head -1)

# 1. Standard input.
"$LOGRX" -q scan - --format json -o "$tmp/in.json" <"$one"; rc=$?
[ $rc -le 1 ] || bad "scan - : exit $rc"
[ "$(js "$tmp/in.json" 'd["files"][0]["path"]')" = "-" ] || bad "scan - : file not listed as '-'"
[ "$(js "$tmp/in.json" 'd["summary"]["events_read"]')" -gt 0 ] || bad "scan - : no events read"
"$LOGRX" dump - --format jsonl <"$one" >"$tmp/d.jsonl" || bad "dump - : exit $?"
grep -q '"file":"-"' "$tmp/d.jsonl" || bad "dump - : records not from '-'"
"$LOGRX" scan --help | grep -q "standard input" || bad "scan --help does not document '-'"
"$LOGRX" dump --help | grep -q "standard input" || bad "dump --help does not document '-'"

# 2. FIFOs: refused at once (timeout 124 would be a hang).
mkfifo "$tmp/p.xml"
for args in "scan $tmp/p.xml" "dump $tmp/p.xml" "scan $tmp/fleet --inventory $tmp/p.xml" \
            "--rules $tmp/p.xml scan $tmp/fleet" "--kb $tmp/p.xml scan $tmp/fleet" \
            "rules check $tmp/p.xml"; do
  # shellcheck disable=SC2086
  timeout 20 "$LOGRX" $args >/dev/null 2>"$tmp/err"; rc=$?
  [ $rc -ne 124 ] || { bad "$args: hung on a FIFO"; continue; }
  [ $rc -ge 2 ] || bad "$args: exit $rc, want 2 or 3"
done
timeout 20 "$LOGRX" scan "$tmp/p.xml" >/dev/null 2>"$tmp/err"
grep -q "FIFO" "$tmp/err" || bad "scan FIFO: reason not named"

# 3. Paths with no event log: exit 3 and the reason.
: >"$tmp/empty.xml"; echo "just some notes" >"$tmp/notes.txt"; mkdir "$tmp/emptydir"
for case in "empty.xml:file is empty" "notes.txt:no events read" "emptydir:folder holds no files" \
            "missing:No such file"; do
  p=${case%%:*}; why=${case#*:}
  "$LOGRX" scan "$tmp/$p" >/dev/null 2>"$tmp/err"; rc=$?
  [ $rc -eq 3 ] || bad "scan $p: exit $rc, want 3"
  grep -q "$why" "$tmp/err" || { bad "scan $p: stderr lacks '$why'"; cat "$tmp/err"; }
done

# 4. A symlink out of the tree: noted, not followed; --follow follows it.
mkdir -p "$tmp/tree" "$tmp/outside"
cp "$one" "$tmp/tree/"
cp "$one" "$tmp/outside/secret.xml"
ln -s "$tmp/outside" "$tmp/tree/etc"
ln -s "$(basename "$one")" "$tmp/tree/alias.xml"   # inside the tree: followed
"$LOGRX" -q scan "$tmp/tree" --format json -o "$tmp/t.json"
js "$tmp/t.json" '[f["path"] for f in d["files"]]' | grep -q secret && bad "symlink out of the tree was followed"
js "$tmp/t.json" '[x["text"] for x in d["diagnostics"]]' | grep -q "not followed" || bad "no note for the symlink out of the tree"
"$LOGRX" -q scan "$tmp/tree" --follow --format json -o "$tmp/t2.json"
js "$tmp/t2.json" '[f["path"] for f in d["files"]]' | grep -q secret || bad "--follow did not follow the symlink"
"$LOGRX" scan --help | grep -q -- "--follow" || bad "--follow not in --help"

# 5. Four names that differ only in invalid UTF-8 stay four, in shards and merge too.
mkdir "$tmp/names"
for b in ff fe c3 80; do cp "$one" "$tmp/names/n$(printf "\\x$b").xml"; done
"$LOGRX" -q scan "$tmp/names" --format json -o "$tmp/n.json"
[ "$(js "$tmp/n.json" 'len(set(f["path"] for f in d["files"]))')" = 4 ] || bad "invalid UTF-8 names collapsed"
js "$tmp/n.json" '[f["path"] for f in d["files"]]' | grep -q 'n\\\\xff.xml' || bad "name not escaped as \\xff"
"$LOGRX" -q scan "$tmp/names" --shard 1/2 --format json -o "$tmp/n1.json"
"$LOGRX" -q scan "$tmp/names" --shard 2/2 --format json -o "$tmp/n2.json"
"$LOGRX" -q merge "$tmp/n1.json" "$tmp/n2.json" --format json -o "$tmp/nm.json"
[ "$(js "$tmp/nm.json" 'len(d["files"])')" = 4 ] || bad "merge of shards lost invalid-UTF-8 names"

# 6. Ctrl-C mid-run: exit 3; not-read files named and counted; every format says partial.
/usr/bin/python3 "$gen" "$tmp/big" --hosts 400 --filler 400 >/dev/null
for fmt in json csv text; do
  "$LOGRX" -q scan "$tmp/big" -j 1 --format $fmt -o "$tmp/int.$fmt" 2>/dev/null &
  pid=$!
  # Interrupt once it has read some of the 68 MB (rules and KB are a few MB), so the
  # signal lands mid-run on any machine speed.
  for _ in $(seq 200); do
    r=$(awk '/^rchar/ {print $2}' /proc/$pid/io 2>/dev/null || echo 0)
    [ "${r:-0}" -gt 12000000 ] && break
    sleep 0.05
  done
  kill -INT $pid 2>/dev/null
  wait $pid; rc=$?
  [ $rc -eq 3 ] || { bad "SIGINT ($fmt): exit $rc, want 3 (run finished before the signal?)"; continue; }
  case $fmt in
    json)
      [ "$(js "$tmp/int.json" 'd["summary"]["cancelled"]')" = True ] || bad "SIGINT json: not marked cancelled"
      nr=$(js "$tmp/int.json" 'sum(1 for f in d["files"] if f["status"]=="not-read")')
      [ "$nr" -gt 0 ] || bad "SIGINT json: no file has status not-read"
      [ "$(js "$tmp/int.json" 'd["summary"]["files_not_read"]')" = "$nr" ] || bad "SIGINT json: files_not_read is not the count of not-read files"
      [ "$(js "$tmp/int.json" 'sum(f["events"] for f in d["files"] if f["status"]=="not-read")')" = 0 ] || bad "SIGINT json: a not-read file has events"
      js "$tmp/int.json" '[x["text"] for x in d["diagnostics"]]' | grep -q "not read: the run was interrupted" || bad "SIGINT json: not-read files not named" ;;
    csv) tail -1 "$tmp/int.csv" | grep -q "^(interrupted),partial," || bad "SIGINT csv: no partial marker row" ;;
    text) grep -q "Interrupted" "$tmp/int.text" || bad "SIGINT text: not marked partial" ;;
  esac
done
exit $fail
