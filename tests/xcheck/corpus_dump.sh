#!/usr/bin/env bash
# Corpus cross-check of `logrx dump` on every file of ../shared/corpus (evtx/, evtx-damaged/,
# ext/, evt/, python-evtx-xml/), with and without --recover:
#   - --jobs 1 and --jobs 2 give byte-identical JSON Lines and XML;
#   - every JSON line parses as strict JSON (tests/xcheck/check_jsonl.py);
#   - the XML document is well-formed (xmllint).
# Exit 0 pass, 77 skipped (../shared, logrx, python3 or xmllint missing), else fail.
set -u
here=$(cd "$(dirname "$0")" && pwd)
shared=${LOGRX_SHARED_DIR:-$here/../../../shared}
logrx=${LOGRX:-build/logrx}
if [ ! -d "$shared/corpus" ]; then echo "SKIPPED: $shared/corpus is absent"; exit 77; fi
if [ ! -x "$logrx" ]; then echo "SKIPPED: $logrx is not built"; exit 77; fi
for t in python3 xmllint; do
  command -v $t >/dev/null 2>&1 || { echo "SKIPPED: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0; files=0
for f in "$shared"/corpus/evtx/*.evtx "$shared"/corpus/evtx-damaged/*.evtx \
         "$shared"/corpus/ext/*.evtx "$shared"/corpus/evt/* "$shared"/corpus/python-evtx-xml/*.xml; do
  [ -f "$f" ] || continue
  files=$((files + 1))
  rel=${f#"$shared"/corpus/}
  for rec in "" "--recover"; do
    for fmt in jsonl xml; do
      "$logrx" dump --no-messages --format $fmt $rec --jobs 1 "$f" >"$tmp/1" 2>/dev/null
      "$logrx" dump --no-messages --format $fmt $rec --jobs 2 "$f" >"$tmp/2" 2>/dev/null
      if ! cmp -s "$tmp/1" "$tmp/2"; then
        echo "FAIL: $rel ($fmt $rec): --jobs 1 and --jobs 2 differ: $(cmp "$tmp/1" "$tmp/2" | head -1)"
        fail=1
      fi
      if [ $fmt = jsonl ]; then
        if ! out=$(python3 "$here/check_jsonl.py" <"$tmp/1" 2>&1); then
          echo "FAIL: $rel (jsonl $rec): $out"; fail=1
        fi
      elif ! xmllint --noout --huge "$tmp/1" 2>"$tmp/err"; then
        echo "FAIL: $rel (xml $rec): not well-formed: $(head -2 "$tmp/err")"; fail=1
      fi
    done
  done
done
[ $files -gt 0 ] || { echo "SKIPPED: no corpus files"; exit 77; }
echo "$files file(s) checked"
exit $fail
