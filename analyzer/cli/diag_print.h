// The one stderr printer of the CLI: every diagnostic, error and note a command prints on
// stderr goes through here, so text from inputs, rules and the KB (file names, event
// fields, rule titles) never reaches the terminal raw.
//
//   PrintDiagnostic("logrx scan", d);          // "logrx scan: error: f.evtx @0x1000: ..."
//   PrintError("logrx merge", status.ToString());
//
// Escaping: report::TerminalSafe (report/escape.h), the one policy for text meant for a
// terminal: controls and bidi overrides as \xNN / \u{NNNN}, bytes that are not UTF-8 as
// \xNN. Thread-safe only in that each call is one write.
#ifndef LOGRX_CLI_DIAG_PRINT_H_
#define LOGRX_CLI_DIAG_PRINT_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace logrx::cli {

// "PREFIX: SEVERITY: TEXT\n" with TEXT = report::TerminalSafe(d.ToString()).
void PrintDiagnostic(std::string_view prefix, const Diagnostic& d);
// "PREFIX: TEXT\n" with TEXT escaped.
void PrintError(std::string_view prefix, std::string_view text);

// While alive, stdout is a stream that escapes as report::TerminalSafe does but keeps
// newlines and tabs: for commands whose stdout is text made of rule and KB content
// (explain, rules, kb). A UTF-8 sequence split between two writes is kept whole. Write
// errors reach stdout's error flag (FinishStdout). Restores the real stdout (flushed) when
// destroyed.
class SafeStdout {
 public:
  SafeStdout();
  ~SafeStdout();
  SafeStdout(const SafeStdout&) = delete;
  SafeStdout& operator=(const SafeStdout&) = delete;

 private:
  std::FILE* real_ = nullptr;
  std::FILE* safe_ = nullptr;
  std::string carry_;  // an incomplete UTF-8 sequence from the last write
  friend struct SafeStdoutIo;
};

}  // namespace logrx::cli

#endif  // LOGRX_CLI_DIAG_PRINT_H_
