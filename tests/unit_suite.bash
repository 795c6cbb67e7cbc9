#!/usr/bin/env bash
# Runs one doctest suite of logrx_tests for CTest (tests/CMakeLists.txt: unit.<stage>):
#   bash unit_suite.bash LOGRX_TESTS SUITE
# doctest passes on a filter that selects nothing, so a suite with no test case fails here
# instead of passing. Test cases skipped in this build (doctest::skip(true), e.g. the
# allocation count under a sanitizer) are named on the output; when every test case of the
# suite is skipped, the suite reports SKIPPED (exit 77) instead of passing.
set -u
tests=${1:?usage: unit_suite.bash LOGRX_TESTS SUITE}
suite=${2:?usage: unit_suite.bash LOGRX_TESTS SUITE}

# `-ltc` prints one test case name a line between two "[doctest] ====" rulers.
list() {
  "$tests" -ltc -ts="$suite" "$@" --no-version | sed -n '/^====/,/^====/p' | sed '1d;$d'
}
all=$(list --no-skip) || { echo "FAIL: $tests -ltc failed"; exit 1; }
run=$(list) || exit 1
n_all=$(grep -c . <<<"$all")
n_run=$(grep -c . <<<"$run")
if [ "$n_all" -eq 0 ]; then
  echo "FAIL: test suite '$suite' has no test cases (TEST_SUITE(\"$suite\") in tests/)"
  exit 1
fi
if [ "$n_run" -lt "$n_all" ]; then
  echo "skipped in this build ($((n_all - n_run)) of $n_all test cases of '$suite'):"
  comm -23 <(sort <<<"$all") <(sort <<<"$run") | sed 's/^/  /'
fi
if [ "$n_run" -eq 0 ]; then
  echo "SKIPPED: every test case of '$suite' is skipped in this build"
  exit 77
fi
exec "$tests" -ts="$suite" --no-skipped-summary
