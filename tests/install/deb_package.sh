#!/usr/bin/env bash
# `cpack -G DEB` makes logrx_<version>_<arch>.deb; its contents (program, rules, KB with
# messages, man page, bash completion, docs) and its Depends (a package for every shared
# library the program links, found with dpkg -S, not a list written here) are checked, and
# the package unpacked with dpkg-deb -x runs `logrx scan samples/` from another folder with
# the build-tree program's report and exit code. Plain build only (the sanitizer build's
# program is not one to ship).
set -euo pipefail
: "${LOGRX:?} ${LOGRX_SOURCE_DIR:?} ${LOGRX_BINARY_DIR:?}"
if grep -q '^LOGRX_SANITIZE:BOOL=ON' "$LOGRX_BINARY_DIR/CMakeCache.txt"; then
  echo "SKIPPED: sanitizer build (packages are made from the plain build)"; exit 77
fi
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (scripts/setup installs dpkg-dev)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$LOGRX_BINARY_DIR/CMakeCache.txt")
arch=$(dpkg --print-architecture)
(cd "$LOGRX_BINARY_DIR" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || {
  tail -20 "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$tmp/out/logrx_${version}_${arch}.deb
[ -f "$deb" ] || fail "no $(basename "$deb"); made: $(ls "$tmp/out")"

dpkg-deb -I "$deb" >"$tmp/info"
grep -q '^ Package: logrx$' "$tmp/info" || fail "Package is not logrx"
grep -q "^ Version: ${version}$" "$tmp/info" || fail "Version is not $version"
depends=$(sed -n 's/^ Depends: //p' "$tmp/info")
[ -n "$depends" ] || fail "no Depends"
# Package names alone, one a line ("libc6 (>= 2.34), zlib1g (>= 1:1.1.4)" -> libc6, zlib1g).
sed 's/, /\n/g' <<<"$depends" | sed 's/ .*//' >"$tmp/depends"
depends_on() { grep -qxF -- "$1" "$tmp/depends"; }
# Every library the program needs must come from a package named in Depends.
objdump -p "$LOGRX_BINARY_DIR/logrx" | awk '/NEEDED/ {print $2}' >"$tmp/needed"
[ -s "$tmp/needed" ] || fail "objdump found no NEEDED libraries"
# The package of the file the loader resolves (ldd), not any file of that name: a machine
# with multilib packages has /lib32/libm.so.6 too (libc6-i386).
# The dynamic loader itself is listed by path alone ("/lib64/ld-linux-x86-64.so.2 (0x...)"):
# a program that links libstdc++ statically names it as NEEDED.
ldd "$LOGRX_BINARY_DIR/logrx" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}
  $1 ~ /^\// && $2 != "=>" {n = split($1, p, "/"); print p[n], $1}' >"$tmp/resolved"
while read -r so; do
  path=$(awk -v so="$so" '$1 == so {print $2}' "$tmp/resolved")
  [ -n "$path" ] || fail "ldd does not resolve $so"
  # /lib is a link to /usr/lib: dpkg knows a file under one of the two names.
  pkg=$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -n "$pkg" ] || fail "no package owns $so ($path)"
  depends_on "$pkg" || fail "Depends lacks $pkg (for $so): $depends"
done <"$tmp/needed"
# The runtime libraries named in the issue, by their Debian 12 package names; a build with
# LOGRX_STATIC_RUNTIME links all but libc and libm into the program and must not depend on them.
if grep -q '^LOGRX_STATIC_RUNTIME:BOOL=ON' "$LOGRX_BINARY_DIR/CMakeCache.txt"; then
  for pkg in libre2-9 libpugixml1v5 libfmt9 zlib1g libstdc++6 libgcc-s1; do
    depends_on "$pkg" && fail "Depends names $pkg, linked statically: $depends"
  done
  depends_on libc6 || fail "Depends lacks libc6: $depends"
else
  for pkg in libre2-9 libpugixml1v5 libfmt9 zlib1g libstdc++6 libc6; do
    depends_on "$pkg" || fail "Depends lacks $pkg: $depends"
  done
fi

dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/contents"
for f in ./usr/bin/logrx ./usr/share/logrx/rules/ ./usr/share/logrx/kb/ ./usr/share/logrx/kb/messages/ \
         ./usr/share/man/man1/logrx.1 ./usr/share/bash-completion/completions/logrx \
         ./usr/share/doc/logrx/README.md ./usr/share/doc/logrx/docs/rules.md; do
  grep -qxF "$f" "$tmp/contents" || fail "the package lacks $f"
done
for d in rules kb; do
  n_src=$(find "$LOGRX_SOURCE_DIR/$d" -type f | wc -l)
  n_deb=$(grep -c "^\./usr/share/logrx/$d/.*[^/]$" "$tmp/contents" || true)
  [ "$n_src" = "$n_deb" ] || fail "the package holds $n_deb files of $d/, the tree $n_src"
done

dpkg-deb -x "$deb" "$tmp/root"
mkdir -p "$tmp/elsewhere"
rc=0
(cd "$tmp/elsewhere" && "$LOGRX" scan "$LOGRX_SOURCE_DIR/samples/" --color never >"$tmp/build.out" 2>/dev/null) || rc=$?
echo "$rc" >"$tmp/build.rc"
rc=0
(cd "$tmp/elsewhere" && "$tmp/root/usr/bin/logrx" scan "$LOGRX_SOURCE_DIR/samples/" --color never \
   >"$tmp/deb.out" 2>"$tmp/deb.err") || rc=$?
echo "$rc" >"$tmp/deb.rc"
cmp -s "$tmp/build.out" "$tmp/deb.out" || { diff "$tmp/build.out" "$tmp/deb.out" | head -5
  head -3 "$tmp/deb.err"; fail "the packaged logrx reports differently"; }
cmp -s "$tmp/build.rc" "$tmp/deb.rc" || fail "the packaged logrx exits $(cat "$tmp/deb.rc")"
grep -q EXCLUS4 "$tmp/deb.out" || fail "the packaged logrx did not report the sample fleet"
"$tmp/root/usr/bin/logrx" --version | grep -q "^logrx ${version}" || fail "--version does not say $version"
echo "PASS: $(basename "$deb"), Depends: $depends"
