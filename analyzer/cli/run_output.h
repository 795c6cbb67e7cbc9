// Shared by `logrx scan` and `logrx merge`: resolving --color, writing a finished run to
// stdout or -o FILE in the chosen format, and the exit code of a run.
#ifndef LOGRX_CLI_RUN_OUTPUT_H_
#define LOGRX_CLI_RUN_OUTPUT_H_

#include <string>
#include <vector>

#include "advisor/host_report.h"
#include "cli/commands.h"
#include "cli/report_file.h"
#include "core/diagnostic.h"
#include "core/status.h"
#include "logrx_version.h"
#include "report/sink.h"

namespace logrx::cli {

// Written into every report ("tool": {"version": ...}): CMake's project() version
// (generated logrx_version.h), without the git revision (see cli/version.h).
inline constexpr const char* kToolVersion = LOGRX_VERSION;

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

// The request of a command's --format and -o with the global --color, -q, --details and
// --width.
OutputRequest MakeOutputRequest(const std::string& format, const std::string& output,
                                const GlobalOptions& g);

// Columns of the text report: `requested` when not 0, else the width of stdout when it is
// a terminal (TIOCGWINSZ, then $COLUMNS), else 100.
size_t ResolveWidth(size_t requested, bool to_stdout);

// Writes the run to `out` (opened with OpenRunOutput before the work) and commits it.
// OK when the report was written, or stdout was a closed pipe (quiet); otherwise a write,
// flush, close or rename failed, the Status says which (already printed on stderr; exit
// with kExitUsage) and the previous -o FILE is left as it was. Errors and warnings of the
// run are printed on stderr once each, escaped (cli/diag_print.h); notes too when the
// format does not carry diagnostics (csv). Nothing on stderr when quiet.
[[nodiscard]] Status WriteRun(const OutputRequest& req, ReportFile& out,
                              const report::RunDocument& run);

// WriteRun, then the command's exit code: kExitUsage when the report could not be
// written, else RunExitCode(run.stats).
int WriteRunExitCode(const OutputRequest& req, ReportFile& out, const report::RunDocument& run);

// Adds a command that writes a run report (scan, merge): global options may follow its
// name, and it takes --format (text, json, jsonl, csv, html) and -o,--output FILE.
CLI::App* AddRunCommand(CLI::App& app, const std::string& name, const std::string& description,
                        std::string& format, std::string& output);

// Checks req.format and opens req.output (ReportFile::Open). Call before the work. On
// failure the Status says why (already printed on stderr; exit with kExitUsage).
[[nodiscard]] Status OpenRunOutput(const OutputRequest& req, std::string_view command,
                                   ReportFile& out);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_RUN_OUTPUT_H_
