#!/usr/bin/env bash
# The layout of each report format, on one small host (EXCLUS4: one finding with file checks
# and a one-step plan), compared byte for byte with tests/golden/format/EXCLUS4.* so that a
# change of layout shows as a short, reviewable diff (LOGRX_UPDATE_GOLDEN=1 rewrites them).
# What the reports say per host is checked against hand-made tables in
# scan_samples_expected.sh; this test is about how it is laid out. For review, the JSON is
# re-indented (2 spaces, key order kept) and the HTML gets a line break between tags, its
# inline style sheet and script replaced by their line counts (they are the text of
# report/html_sink.cc, reviewed there); the text and CSV reports are compared as written.
# Also: the exit code is the same in every format.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
need_python3
cd "$LOGRX_SOURCE_DIR" || exit 1
inputs=(samples/fleet/EXCLUS4-System.xml --inventory samples/inventory)
for fmt in text json csv html; do
  "$LOGRX" scan "${inputs[@]}" --format "$fmt" --color never --width 100 >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
  rc=$?
  [ "$rc" = 1 ] || bad "$fmt: exit $rc, want 1 (EXCLUS4 needs Q299444)"
done
/usr/bin/python3 - "$tmp/out.json" >"$tmp/EXCLUS4.json" <<'PY' || bad "json output is not valid JSON"
import json, sys
print(json.dumps(json.load(open(sys.argv[1], encoding="utf-8")), indent=2, ensure_ascii=False))
PY
sed 's/></>\n</g' "$tmp/out.html" | awk '
  /^<\/(style|script)>/ { print "  (" n " lines of " tag ")"; skip = 0 }
  !skip { print }
  /^<(style|script)>/ { skip = 1; n = 0; tag = substr($0, 2, length($0) - 2); next }
  skip { n++ }' >"$tmp/EXCLUS4.html"
cp "$tmp/out.text" "$tmp/EXCLUS4.txt"
cp "$tmp/out.csv" "$tmp/EXCLUS4.csv"
for ext in txt json csv html; do
  golden "format/EXCLUS4.$ext" "$tmp/EXCLUS4.$ext" || fail=1
done
exit $fail
