# The preamble of every shell test (tests/<group>/*.sh), sourced first:
#   . "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
# CTest runs each script with LOGRX (the program), LOGRX_SOURCE_DIR, LOGRX_BINARY_DIR and
# LOGRX_SHARED_DIR set (tests/CMakeLists.txt). A script exits 0 (pass), 77 (skipped, after
# saying why on a line starting "SKIPPED:") or anything else (fail).
# Gives the script: `set -u`; $tmp, a fresh folder removed at exit (scratch files go there
# or under the build folder, never into the source tree); fail=0 and bad MESSAGE (prints
# "FAIL: MESSAGE", sets fail=1, so the script goes on and ends with `exit $fail`);
# need_python3; golden. It is .bash, not .sh, so CTest does not run it as a test.
set -u
: "${LOGRX:?LOGRX must name the logrx program}" "${LOGRX_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The tests' helpers and generators (tests/support/*.py, scripts/fleet-gen) run on the
# system Python; without it the script reports SKIPPED.
need_python3() {
  [ -x /usr/bin/python3 ] || { echo "SKIPPED: /usr/bin/python3 absent"; exit 77; }
}

# golden NAME FILE: compares FILE with tests/golden/NAME byte for byte and prints the first
# differing lines; LOGRX_UPDATE_GOLDEN=1 rewrites the golden file instead (read the diff
# before committing it). Returns 1 on a difference.
golden() {
  local want="$LOGRX_SOURCE_DIR/tests/golden/$1" got="$2"
  if [ "${LOGRX_UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$(dirname "$want")"; cp "$got" "$want"; echo "rewrote $want"; return 0
  fi
  if [ ! -f "$want" ]; then echo "FAIL: missing golden $want (LOGRX_UPDATE_GOLDEN=1)"; return 1; fi
  if ! cmp -s "$want" "$got"; then
    echo "FAIL: $1 differs; first differing lines:"
    diff "$want" "$got" | head -5
    return 1
  fi
}
