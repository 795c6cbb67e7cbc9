// Shared by `logrx scan` and `logrx merge`: resolving --color, writing a finished run to
// stdout or -o FILE in the chosen format, and the exit code of a run.
#ifndef LOGRX_CLI_RUN_OUTPUT_H_
#define LOGRX_CLI_RUN_OUTPUT_H_

#include <string>
#include <vector>

#include "advisor/host_report.h"
#include "cli/commands.h"
#include "core/diagnostic.h"
#include "report/sink.h"

namespace logrx::cli {

// Written into every report ("tool": {"version": ...}); keep in step with CMake's project().
inline constexpr const char* kToolVersion = "0.1.0";

// --color auto: stdout (or the -o file: never) is a terminal, NO_COLOR unset, TERM != dumb.
bool ResolveColor(const std::string& mode, bool to_stdout);

// Exit code of a finished run. Precedence (documented in --help): 3 (an input file could
// not be read, an error diagnostic, or Ctrl-C) wins over 1 (a host needs action or its
// fix status is unknown), which wins over 0.
int RunExitCode(const report::RunStats& stats);

struct OutputRequest {
  std::string format = "text";  // text|json|jsonl|csv|html
  std::string output;           // -o FILE; "" or "-" for stdout
  std::string color = "auto";
  bool quiet = false;    // text: the fleet summary only (and nothing on stderr but errors)
  bool details = false;  // text: every host in full (wins over quiet for the report)
  size_t width = 0;      // text: columns; 0 = the terminal's width, or 100 when not a terminal
};

// Columns of the text report: `requested` when not 0, else the width of stdout when it is
// a terminal (TIOCGWINSZ, then $COLUMNS), else 100.
size_t ResolveWidth(size_t requested, bool to_stdout);

// Writes the run. Returns -1 when all went well (or stdout was a closed pipe: quiet),
// else the exit code to use (kExitUsage for an unwritable -o file). Diagnostics that the
// chosen format does not carry on stdout are also printed on stderr (unless quiet).
int WriteRun(const OutputRequest& req, const report::RunInfo& info,
             const std::vector<advisor::HostReport>& hosts,
             const std::vector<Diagnostic>& diagnostics, const report::RunStats& stats);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_RUN_OUTPUT_H_
