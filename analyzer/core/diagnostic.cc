#include "core/diagnostic.h"

#include <fmt/format.h>

namespace logrx {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line != 0) {
    fmt::format_to(std::back_inserter(out), ":{}", line);
  } else if (offset != kNoOffset) {
    fmt::format_to(std::back_inserter(out), " @0x{:x}", offset);
  }
  if (!structure.empty()) fmt::format_to(std::back_inserter(out), " ({})", structure);
  fmt::format_to(std::back_inserter(out), ": {}", what);
  return out;
}

void ReportProblem(DiagnosticSink& sink, Severity severity, std::string file,
                   std::string structure, std::string what, uint32_t line) {
  Diagnostic d;
  d.severity = severity;
  d.file = std::move(file);
  d.line = line;
  d.structure = std::move(structure);
  d.what = std::move(what);
  sink.Report(d);
}

}  // namespace logrx
