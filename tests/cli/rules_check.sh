#!/usr/bin/env bash
# logrx rules check: shipped rules are clean (exit 0); each broken file is rejected with
# file:line: rule 'id': reason (exit 2). Expected lines counted by hand in tests/data/rules.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
cd "$LOGRX_SOURCE_DIR" || exit 1
expect_line() {  # output, wanted line
  if ! grep -qxF -- "$2" <<<"$1"; then echo "missing line: $2"; echo "--- got:"; echo "$1"; fail=1; fi
}

out=$("$LOGRX" rules check rules); rc=$?
[ $rc -eq 0 ] || { echo "shipped rules: exit $rc, want 0"; echo "$out"; fail=1; }
grep -qE '^rules check: [0-9]+ rules in [0-9]+ files, no errors$' <<<"$out" || { echo "no summary: $out"; fail=1; }

# Default path (no PATHS): rules/ beside the build folder.
"$LOGRX" rules check >/dev/null || { echo "default rules path failed"; fail=1; }

d=tests/data/rules/broken
out=$("$LOGRX" rules check "$d/bad-regex.xml"); rc=$?
[ $rc -eq 2 ] || { echo "bad-regex: exit $rc, want 2"; fail=1; }
expect_line "$out" "$d/bad-regex.xml:5: rule 'bad-regex': bad regex: missing ]: [a-z (at '[a-z')"

out=$("$LOGRX" rules check "$d/bad-structure.xml"); rc=$?
[ $rc -eq 2 ] || { echo "bad-structure: exit $rc, want 2"; fail=1; }
expect_line "$out" "$d/bad-structure.xml:2: rule 'no-condition': a rule needs a <when> or a <sequence>"
expect_line "$out" "$d/bad-structure.xml:6: rule 'bad-window': within='soon' is not a duration (want e.g. 1h, 30m, 90s, 1h30m or PT1H)"

out=$("$LOGRX" rules check "$d/not-xml.xml"); rc=$?
[ $rc -eq 2 ] || { echo "not-xml: exit $rc, want 2"; fail=1; }
grep -q "^$d/not-xml.xml:4: not well-formed XML: " <<<"$out" || { echo "not-xml: $out"; fail=1; }

# A whole folder: every file's errors, and the dangling suppression once the rest loads.
out=$("$LOGRX" rules check "$d/bad-regex.xml" tests/data/rules/failing); rc=$?
[ $rc -eq 2 ] || { echo "folder: exit $rc, want 2"; fail=1; }
printf '<rules version="1">\n  <rule id="d" title="t" severity="low" kb="KB1">\n    <when><event-id>1</event-id></when>\n    <suppress rule="gone"/>\n  </rule>\n</rules>\n' > "${TMPDIR:-/tmp}/logrx-dangling.xml"
out=$("$LOGRX" rules check "${TMPDIR:-/tmp}/logrx-dangling.xml"); rc=$?
[ $rc -eq 2 ] || { echo "dangling: exit $rc, want 2"; fail=1; }
expect_line "$out" "${TMPDIR:-/tmp}/logrx-dangling.xml:4: rule 'd': <suppress rule=\"gone\">: no rule has this id"
rm -f "${TMPDIR:-/tmp}/logrx-dangling.xml"

out=$("$LOGRX" rules check /nonexistent/rules); rc=$?
[ $rc -eq 2 ] || { echo "missing path: exit $rc, want 2"; fail=1; }
expect_line "$out" "/nonexistent/rules: no such file or folder"
exit $fail
