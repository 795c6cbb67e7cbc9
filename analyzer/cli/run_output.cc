#include "cli/run_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "cli/diag_print.h"
#include "report/escape.h"
#include "report/sinks.h"

namespace logrx::cli {

bool ResolveColor(const std::string& mode, bool to_stdout) {
  if (mode == "always") return true;
  if (mode == "never" || !to_stdout) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

int RunExitCode(const report::RunStats& s) {
  if (s.files_failed > 0 || s.diagnostics_error > 0 || s.cancelled) return kExitInput;
  if (s.hosts_needing_action > 0 || s.hosts_unknown > 0) return kExitFindings;
  return kExitOk;
}

int OpenRunOutput(const OutputRequest& req, std::string_view command, ReportFile& out) {
  if (!report::ParseFormat(req.format)) {
    PrintError(command, fmt::format("unknown --format '{}' (text, json, jsonl, csv, html)",
                                    req.format));
    return kExitUsage;
  }
  if (Status s = out.Open(req.output); !s.ok()) {
    PrintError(command, s.message());
    return kExitUsage;
  }
  return -1;
}

int WriteRun(const OutputRequest& req, ReportFile& out_file, const report::RunInfo& info,
             const std::vector<advisor::HostReport>& hosts,
             const std::vector<Diagnostic>& diagnostics, const report::RunStats& stats) {
  const std::optional<report::Format> format = report::ParseFormat(req.format);
  if (!format) return kExitUsage;  // OpenRunOutput said why
  const bool to_stdout = out_file.to_stdout();
  if (!req.quiet) {
    for (const Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kNote && *format != report::Format::kCsv) continue;
      PrintDiagnostic("logrx", d);
    }
  }
  int err = 0;
  {
    report::Output out(out_file.file());
    std::unique_ptr<report::Sink> sink =
        report::MakeSink(*format, out, report::SinkOptions{ResolveColor(req.color, to_stdout)});
    report::Replay(*sink, info, hosts, diagnostics, stats);
    out.Flush();
    err = out.error();
  }
  Status s = out_file.Commit(err);
  if (s.ok() || IsBrokenPipe(s)) return -1;  // a closed pipe (| head): stop quietly
  PrintError("logrx", s.message());
  return kExitUsage;
}

}  // namespace logrx::cli
