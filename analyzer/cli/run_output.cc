#include "cli/run_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "cli/diag_print.h"
#include "core/numbers.h"
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

size_t ResolveWidth(size_t requested, bool to_stdout) {
  if (requested != 0) return requested;
  if (!to_stdout || ::isatty(STDOUT_FILENO) != 1) return 100;
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  const char* cols = std::getenv("COLUMNS");
  size_t n = 0;
  if (cols != nullptr && ParseUnsigned(std::string_view(cols), n) && n >= 20 && n <= 1000) return n;
  return 100;
}

int RunExitCode(const report::RunStats& s) {
  if (s.files_failed > 0 || s.diagnostics_error > 0 || s.cancelled) return kExitInput;
  if (s.hosts_needing_action > 0 || s.hosts_unknown > 0) return kExitFindings;
  return kExitOk;
}

CLI::App* AddRunCommand(CLI::App& app, const std::string& name, const std::string& description,
                        std::string& format, std::string& output) {
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->fallthrough();  // --rules, --kb, --color, -q may follow the command
  cmd->add_option("--format", format, "output: text (default), json, jsonl, csv, html")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv", "html"}));
  cmd->add_option("-o,--output", output, "write the report to FILE instead of stdout");
  return cmd;
}

Status OpenRunOutput(const OutputRequest& req, std::string_view command, ReportFile& out) {
  if (!report::ParseFormat(req.format)) {
    Status bad = Status::InvalidArgument(
        fmt::format("unknown --format '{}' (text, json, jsonl, csv, html)", req.format));
    PrintError(command, bad.message());
    return bad;
  }
  if (Status s = out.Open(req.output); !s.ok()) {
    PrintError(command, s.message());
    return s;
  }
  return Status::Ok();
}

OutputRequest MakeOutputRequest(const std::string& format, const std::string& output,
                                const GlobalOptions& g) {
  OutputRequest req{format, output, g.color, g.quiet};
  req.details = g.details;
  req.width = g.width;
  return req;
}

Status WriteRun(const OutputRequest& req, ReportFile& out_file, const report::RunDocument& run) {
  const report::RunStats& stats = run.stats;
  const std::optional<report::Format> format = report::ParseFormat(req.format);
  if (!format) {  // OpenRunOutput said why
    return Status::InvalidArgument(fmt::format("unknown --format '{}'", req.format));
  }
  const bool to_stdout = out_file.to_stdout();
  if (!req.quiet) {
    for (const Diagnostic& d : run.diagnostics) {
      if (d.severity == Severity::kNote && *format != report::Format::kCsv) continue;
      PrintDiagnostic("logrx", d);
    }
  }
  int err = 0;
  {
    report::Output out(out_file.file());
    report::SinkOptions options;
    options.color = ResolveColor(req.color, to_stdout);
    options.width = ResolveWidth(req.width, to_stdout);
    options.detail = req.details ? report::TextDetail::kAll
                     : req.quiet ? report::TextDetail::kSummary
                                 : report::TextDetail::kDefault;
    std::unique_ptr<report::Sink> sink = report::MakeSink(*format, out, options);
    report::Replay(*sink, run.info, run.hosts, run.diagnostics, stats);
    out.Flush();
    err = out.error();
  }
  Status s = out_file.Commit(err);
  if (IsBrokenPipe(s)) return Status::Ok();  // a closed pipe (| head): stop quietly
  if (!s.ok()) {
    PrintError("logrx", s.message());
    return s;
  }
  // One line saying what went where, so a person running `-o` sees the outcome.
  if (!to_stdout && !req.quiet) {
    std::fprintf(stderr, "logrx: wrote %s: %llu host%s, %llu need%s action, %llu to verify\n",
                 report::TerminalSafe(req.output).c_str(),
                 static_cast<unsigned long long>(stats.hosts), stats.hosts == 1 ? "" : "s",
                 static_cast<unsigned long long>(stats.hosts_needing_action),
                 stats.hosts_needing_action == 1 ? "s" : "",
                 static_cast<unsigned long long>(stats.hosts_unknown));
  }
  return Status::Ok();
}

int WriteRunExitCode(const OutputRequest& req, ReportFile& out, const report::RunDocument& run) {
  if (!WriteRun(req, out, run).ok()) return kExitUsage;
  return RunExitCode(run.stats);
}

}  // namespace logrx::cli
