#!/usr/bin/env bash
# `logrx --version`: the release version from project(), then "built <type> with <compiler>",
# both checked against what CMake recorded for this build folder (CMakeCache.txt and the
# compiler it detected), not against logrx's own output.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
: "${LOGRX_BINARY_DIR:?}"
"$LOGRX" --version >"$tmp/v.out" 2>"$tmp/v.err"; rc=$?
[ "$rc" = 0 ] || bad "--version: exit $rc, want 0"
[ -s "$tmp/v.err" ] && bad "--version wrote on stderr: $(head -1 "$tmp/v.err")"
version=$(sed -n 's/^project(logrx VERSION \([0-9.]*\).*/\1/p' "$LOGRX_SOURCE_DIR/CMakeLists.txt")
[ -n "$version" ] || bad "no project(logrx VERSION ...) in CMakeLists.txt"
head -1 "$tmp/v.out" | grep -qE "^logrx $version( \(git [^)]+\))?\$" ||
  bad "first line '$(head -1 "$tmp/v.out")', want 'logrx $version [(git ...)]'"
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$LOGRX_BINARY_DIR/CMakeCache.txt")
compiler_file=$(ls "$LOGRX_BINARY_DIR"/CMakeFiles/*/CMakeCXXCompiler.cmake | head -1)
id=$(sed -n 's/^set(CMAKE_CXX_COMPILER_ID "\(.*\)")/\1/p' "$compiler_file")
ver=$(sed -n 's/^set(CMAKE_CXX_COMPILER_VERSION "\(.*\)")/\1/p' "$compiler_file")
case $id in
  GNU) name=gcc ;;
  Clang) name=clang ;;
  *) name=$id ;;
esac
[ -n "$type" ] || type="without a CMake build type"
want="built $type with $name $ver"
got=$(sed -n 2p "$tmp/v.out")
[ "$got" = "$want" ] || bad "second line '$got', want '$want'"
[ "$(wc -l <"$tmp/v.out")" = 2 ] || bad "--version printed $(wc -l <"$tmp/v.out") lines, want 2"
exit $fail
