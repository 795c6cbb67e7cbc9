#!/usr/bin/env bash
# Where logrx finds rules/ (and kb/, the same lookup) without --rules/--kb, in the order
# analyzer/cli/data_dir.h and docs give, <dir> being the program's folder:
#   1. the flag; 2. <dir>/logrx-source-dir (a build tree's marker) -> SOURCE/rules;
#   3. an installed prefix: <dir>/../share/logrx/rules; 4. <dir>/../rules, then <dir>/rules;
#   5. the compiled-in install folder; 6. ./rules.
# A copy of the program is put in a layout that has a candidate at every place, and the
# candidates are removed one by one from the top; each is told apart by how many rule files
# it holds ("rules check: N rules in M files").
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
src_rules=$LOGRX_SOURCE_DIR/rules
mapfile -t rule_files < <(cd "$src_rules" && ls -- *.xml | sort)
((${#rule_files[@]} >= 3)) || { bad "fewer than 3 rule files in rules/"; exit 1; }
# rules_dir DIR N: a rules folder holding the first N rule files.
rules_dir() {
  mkdir -p "$1"
  for ((i = 0; i < $2; i++)); do cp "$src_rules/${rule_files[$i]}" "$1/"; done
}
p=$tmp/prefix
mkdir -p "$p/bin" "$tmp/cwd"
cp "$LOGRX" "$p/bin/logrx"
rules_dir "$tmp/source/rules" 3      # named by the marker
rules_dir "$p/share/logrx/rules" 2   # the installed prefix
rules_dir "$p/rules" 1               # beside: <dir>/../rules
rules_dir "$p/bin/rules" 3           # beside: <dir>/rules
rules_dir "$tmp/cwd/rules" 2         # ./rules
cp -r "$tmp/cwd/rules" "$tmp/cwd/rules.flag" && rm "$tmp/cwd/rules.flag/${rule_files[1]}"
printf '%s\n' "$tmp/source" >"$p/bin/logrx-source-dir"

# used WANT_FILES WHAT [ARGS...]: `logrx [ARGS] rules check` from cwd/ read WANT_FILES files.
used() {
  local want=$1 what=$2; shift 2
  local out
  out=$(cd "$tmp/cwd" && "$p/bin/logrx" "$@" rules check 2>&1)
  grep -qE "^rules check: [0-9]+ rules in $want files?, no errors$" <<<"$out" ||
    bad "$what: want the folder with $want rule files; got: $(tail -1 <<<"$out")"
}
# Tell each folder by its count (marker 3, prefix 2, ../rules 1, bin/rules 3, ./rules 2):
# where two share a count, the other one is removed before.
used 1 "--rules wins over everything" --rules "$tmp/cwd/rules.flag"
used 3 "the build tree's marker wins over the prefix"
rm "$p/bin/logrx-source-dir"
used 2 "the installed prefix (<dir>/../share/logrx/rules) wins over the folders beside"
rm -r "$p/share"
used 1 "<dir>/../rules wins over <dir>/rules"
rm -r "$p/rules"
used 3 "<dir>/rules wins over ./rules"
rm -r "$p/bin/rules"
installed=$(grep -aoE -m1 '/[[:alnum:]/._+-]*/share/logrx' "$p/bin/logrx" | head -1 || true)
if [ -n "$installed" ] && [ -d "$installed/rules" ]; then
  echo "note: $installed/rules exists on this machine: ./rules (the last resort) not checked"
else
  used 2 "./rules, the last resort"
  rm -r "$tmp/cwd/rules"
  out=$(cd "$tmp/cwd" && "$p/bin/logrx" rules check 2>&1); rc=$?
  [ "$rc" = 2 ] || bad "no rules anywhere: exit $rc, want 2"
  grep -q "rules" <<<"$out" || bad "no rules anywhere: the message does not name rules: $out"
fi
# A marker naming a source tree without rules/ is passed over, not an error.
mkdir -p "$tmp/empty-source" "$p/share/logrx" && rules_dir "$p/share/logrx/rules" 2
printf '%s\n' "$tmp/empty-source" >"$p/bin/logrx-source-dir"
used 2 "a marker whose source tree has no rules/ falls through to the prefix"
exit $fail
