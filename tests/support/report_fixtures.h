// Hand-built HostReports for report/ and cli tests: a small fleet (one host needing
// action, one unknown, one fixed, one clean) and a hostile host whose every string
// carries markup, formulas, ANSI escapes, NUL and invalid UTF-8.
#ifndef LOGRX_TESTS_SUPPORT_REPORT_FIXTURES_H_
#define LOGRX_TESTS_SUPPORT_REPORT_FIXTURES_H_

#include <string>
#include <vector>

#include "advisor/host_report.h"
#include "core/diagnostic.h"
#include "report/sink.h"

namespace logrx::testing {

struct FixtureRun {
  report::RunInfo info;
  std::vector<advisor::HostReport> hosts;
  std::vector<Diagnostic> diagnostics;
  report::RunStats stats;
};

// EXCLUS1 needs-action (KB316772; plan Q246009 then Q299444), EXCLUS2 unknown (KB316772),
// EXCLUS3 fixed (KB316772, checks pass), WEB1 clean. Two files, one error diagnostic.
FixtureRun SmallFleet();

// One host "EVIL" whose strings are hostile; see kHostile* below.
FixtureRun HostileRun();

inline constexpr char kHostileMarkup[] = "<script>alert(1)</script><img src=x onerror=alert(2)>";
inline constexpr char kHostileFormula[] = "=HYPERLINK(\"http://x\",\"y\")";
inline constexpr char kHostileAnsi[] = "\x1b[2J\x1b]0;owned\x07red\x1b[31m";
// A NUL, an invalid byte, and the UTF-8 encoding of a lone surrogate (ED A0 80).
inline const std::string kHostileBytes = std::string("a\0b\xff" "c\xed\xa0\x80" "d", 9);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_REPORT_FIXTURES_H_
