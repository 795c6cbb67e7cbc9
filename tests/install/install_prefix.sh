#!/usr/bin/env bash
# `cmake --install` to a temporary prefix, then, from an unrelated folder: the installed
# logrx finds its rules/ and kb/ in <prefix>/share/logrx and `logrx scan samples/` gives the
# same report and exit code as the build-tree program; the prefix still works after it is
# moved; --rules/--kb still win; a build folder outside the source tree (its
# logrx-source-dir marker) still reads the source tree's data. Also checks the installed files.
set -euo pipefail
: "${LOGRX:?} ${LOGRX_SOURCE_DIR:?} ${LOGRX_BINARY_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

prefix=$tmp/prefix
cmake --install "$LOGRX_BINARY_DIR" --prefix "$prefix" >"$tmp/install.log" || {
  cat "$tmp/install.log"; fail "cmake --install"; }
for f in bin/logrx share/bash-completion/completions/logrx share/doc/logrx/README.md \
         share/doc/logrx/docs/rules.md share/logrx/kb/messages; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
for d in rules kb; do
  want=$(cd "$LOGRX_SOURCE_DIR/$d" && find . -type f | sort)
  got=$(cd "$prefix/share/logrx/$d" && find . -type f | sort)
  [ "$want" = "$got" ] || fail "share/logrx/$d does not hold the files of $d/"
done
# The man page is built from --help by the plain build (not the sanitizer build).
if ! grep -q '^LOGRX_SANITIZE:BOOL=ON' "$LOGRX_BINARY_DIR/CMakeCache.txt"; then
  man=$prefix/share/man/man1/logrx.1
  [ -f "$man" ] || fail "no man page (is help2man installed? scripts/setup installs it)"
  for want in '\.SH FILES' '\.SS "logrx scan"' '\.SS "logrx rules check"' 'share/logrx'; do
    grep -q "$want" "$man" || fail "man page lacks $want"
  done
fi

elsewhere=$tmp/elsewhere  # no rules/ or kb/ here
mkdir -p "$elsewhere"
run() {  # run PROGRAM OUTPREFIX ARGS...: stdout, stderr and exit code of PROGRAM, from $elsewhere
  local prog=$1 out=$2; shift 2
  local rc=0
  (cd "$elsewhere" && "$prog" "$@" >"$out.out" 2>"$out.err") || rc=$?
  echo "$rc" >"$out.rc"
}
same() {  # same A B WHAT: A's stdout and exit code equal B's
  cmp -s "$1.out" "$2.out" || { diff "$1.out" "$2.out" | head -5; fail "$3: report differs"; }
  cmp -s "$1.rc" "$2.rc" || fail "$3: exit $(cat "$2.rc"), build tree exit $(cat "$1.rc")"
}
for fmt in text json; do
  run "$LOGRX" "$tmp/build-$fmt" scan "$LOGRX_SOURCE_DIR/samples/" --format "$fmt" --color never
  run "$prefix/bin/logrx" "$tmp/inst-$fmt" scan "$LOGRX_SOURCE_DIR/samples/" --format "$fmt" --color never
  same "$tmp/build-$fmt" "$tmp/inst-$fmt" "installed logrx scan samples/ --format $fmt"
done
grep -q 'EXCLUS4' "$tmp/inst-text.out" || fail "installed scan did not report the sample fleet"
[ "$(cat "$tmp/inst-text.rc")" != 2 ] || fail "installed scan exited 2: $(head -3 "$tmp/inst-text.err")"

# It read <prefix>/share/logrx, not the source tree: one rule file fewer there shows.
run "$prefix/bin/logrx" "$tmp/rc-before" rules check
first=$(cd "$prefix/share/logrx/rules" && ls | head -n1)
rm "$prefix/share/logrx/rules/$first"
run "$prefix/bin/logrx" "$tmp/rc-after" rules check
n_before=$(grep -o 'in [0-9]* files' "$tmp/rc-before.out" || true)
n_after=$(grep -o 'in [0-9]* files' "$tmp/rc-after.out" || true)
[ -n "$n_before" ] && [ "$n_before" != "$n_after" ] ||
  fail "installed rules check did not follow <prefix>/share/logrx/rules ($n_before / $n_after)"
cp "$LOGRX_SOURCE_DIR/rules/$first" "$prefix/share/logrx/rules/"

# A moved prefix (or an unpacked package) still finds its data.
mv "$prefix" "$tmp/moved"
run "$tmp/moved/bin/logrx" "$tmp/moved-text" scan "$LOGRX_SOURCE_DIR/samples/" --format text --color never
same "$tmp/build-text" "$tmp/moved-text" "moved prefix"

# --kb / --rules win over the installed data.
run "$tmp/moved/bin/logrx" "$tmp/flag" --kb "$tmp/no-such-kb" scan "$LOGRX_SOURCE_DIR/samples/"
[ "$(cat "$tmp/flag.rc")" = 2 ] || fail "--kb to a missing folder: exit $(cat "$tmp/flag.rc"), want 2"
grep -q 'no-such-kb' "$tmp/flag.err" "$tmp/flag.out" || fail "--kb to a missing folder: not named"
run "$tmp/moved/bin/logrx" "$tmp/flag-rules" --rules "$tmp/moved/share/logrx/rules/$first" rules check
grep -q 'in 1 files\|in 1 file' "$tmp/flag-rules.out" || fail "--rules FILE not used: $(cat "$tmp/flag-rules.out")"

# An out-of-tree build folder: the program beside a logrx-source-dir marker reads the
# source tree's rules/ and kb/ (this is what CMake writes beside build/logrx).
[ -f "$(dirname "$LOGRX")/logrx-source-dir" ] || fail "no logrx-source-dir beside $LOGRX"
mkdir -p "$tmp/outoftree"
cp "$LOGRX" "$tmp/outoftree/logrx"
printf '%s\n' "$LOGRX_SOURCE_DIR" >"$tmp/outoftree/logrx-source-dir"
run "$tmp/outoftree/logrx" "$tmp/oot-text" scan "$LOGRX_SOURCE_DIR/samples/" --format text --color never
same "$tmp/build-text" "$tmp/oot-text" "out-of-tree build folder"
echo "PASS"
