# Shared by tests/cli/scan_*.sh (sourced; .bash so CTest does not run it as a test).
# Golden compare: golden NAME FILE compares FILE with tests/golden/scan/NAME byte for byte,
# printing the first differing line; LOGRX_UPDATE_GOLDEN=1 rewrites the golden file.
golden() {
  local want="$LOGRX_SOURCE_DIR/tests/golden/scan/$1" got="$2"
  if [ "${LOGRX_UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$(dirname "$want")"; cp "$got" "$want"; echo "rewrote $want"; return 0
  fi
  if [ ! -f "$want" ]; then echo "FAIL: missing golden $want (LOGRX_UPDATE_GOLDEN=1)"; return 1; fi
  if ! cmp -s "$want" "$got"; then
    echo "FAIL: $1 differs; first differing line:"
    diff "$want" "$got" | head -5
    return 1
  fi
}
need_stages() {
  if [ ! -d "$LOGRX_SOURCE_DIR/rules" ] || [ ! -d "$LOGRX_SOURCE_DIR/kb" ]; then
    echo "SKIPPED: rules/ or kb/ not in the tree yet"; exit 77
  fi
}
