#!/usr/bin/env bash
# Cross-check: logrx's EVT reader against libevt's evtexport on ../shared/corpus/evt/*,
# record by record (tests/readers/evt_xcheck_test.cc holds the comparison).
# Exit 0 pass, 77 skipped (evtexport, the test binary or ../shared missing), else fail.
set -u
shared=${LOGRX_SHARED_DIR:-$(dirname "$0")/../../../shared}
tests_bin=${LOGRX_BINARY_DIR:-build}/tests/logrx_tests
if ! command -v evtexport >/dev/null 2>&1; then
  echo "SKIPPED: evtexport (libevt-utils) is not installed"; exit 77
fi
if ! ls "$shared"/corpus/evt/* >/dev/null 2>&1; then
  echo "SKIPPED: no .evt files under $shared/corpus/evt"; exit 77
fi
if [ ! -x "$tests_bin" ]; then
  echo "SKIPPED: $tests_bin is not built"; exit 77
fi
out=$("$tests_bin" -ts=xcheck -tc='evt xcheck*' 2>&1); rc=$?
echo "$out"
# A filter that matches nothing passes in doctest: insist that the cross-check ran.
if ! grep -q 'test cases: *1 | *1 passed' <<<"$out"; then
  echo "FAIL: the evt xcheck test case did not run and pass"; exit 1
fi
exit $rc
