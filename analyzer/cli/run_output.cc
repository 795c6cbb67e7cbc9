#include "cli/run_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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
  if (cols != nullptr) {
    const long n = std::strtol(cols, nullptr, 10);
    if (n >= 20 && n <= 1000) return static_cast<size_t>(n);
  }
  return 100;
}

int RunExitCode(const report::RunStats& s) {
  if (s.files_failed > 0 || s.diagnostics_error > 0 || s.cancelled) return kExitInput;
  if (s.hosts_needing_action > 0 || s.hosts_unknown > 0) return kExitFindings;
  return kExitOk;
}

int WriteRun(const OutputRequest& req, const report::RunInfo& info,
             const std::vector<advisor::HostReport>& hosts,
             const std::vector<Diagnostic>& diagnostics, const report::RunStats& stats) {
  const std::optional<report::Format> format = report::ParseFormat(req.format);
  if (!format) {
    std::fprintf(stderr, "logrx: unknown --format '%s' (text, json, jsonl, csv, html)\n",
                 req.format.c_str());
    return kExitUsage;
  }
  const bool to_stdout = req.output.empty() || req.output == "-";
  std::FILE* file = stdout;
  if (!to_stdout) {
    file = std::fopen(req.output.c_str(), "wb");
    if (file == nullptr) {
      std::fprintf(stderr, "logrx: cannot write %s: %s\n", req.output.c_str(),
                   std::strerror(errno));
      return kExitUsage;
    }
  }
  // Diagnostics go to stderr when stdout will not show them to a person.
  const bool in_report = *format == report::Format::kText && to_stdout;
  if (!req.quiet && !in_report) {
    for (const Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kNote && *format != report::Format::kCsv) continue;
      std::fprintf(stderr, "logrx: %s: %s\n",
                   d.severity == Severity::kError     ? "error"
                   : d.severity == Severity::kWarning ? "warning"
                                                      : "note",
                   report::TerminalSafe(d.ToString()).c_str());
    }
  }
  int err = 0;
  {
    report::Output out(file);
    report::SinkOptions options;
    options.color = ResolveColor(req.color, to_stdout);
    options.width = ResolveWidth(req.width, to_stdout);
    options.detail = req.details ? report::TextDetail::kAll
                     : req.quiet ? report::TextDetail::kSummary
                                 : report::TextDetail::kDefault;
    std::unique_ptr<report::Sink> sink = report::MakeSink(*format, out, options);
    report::Replay(*sink, info, hosts, diagnostics, stats);
    out.Flush();
    err = out.error();
  }
  if (!to_stdout && std::fclose(file) != 0 && err == 0) err = errno != 0 ? errno : EIO;
  if (err == EPIPE) return -1;  // the reader went away (| head): stop quietly
  if (err != 0) {
    std::fprintf(stderr, "logrx: writing %s: %s\n", to_stdout ? "output" : req.output.c_str(),
                 std::strerror(err));
    return kExitUsage;
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
  return -1;
}

}  // namespace logrx::cli
